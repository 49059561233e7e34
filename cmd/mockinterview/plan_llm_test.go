package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mockinterview/mockinterview/prompts"
)

// fakePlanModel is an OpenAI-compatible server that answers every chat
// completion with content (or with status when it is not 200) and keeps
// the request bodies it received.
type fakePlanModel struct {
	srv     *httptest.Server
	mu      sync.Mutex
	bodies  []map[string]any
	status  int
	content string
}

func newFakePlanModel(t *testing.T, status int, content string) *fakePlanModel {
	t.Helper()
	f := &fakePlanModel{status: status, content: content}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		json.Unmarshal(raw, &body)
		f.mu.Lock()
		f.bodies = append(f.bodies, body)
		f.mu.Unlock()
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		if f.status != http.StatusOK {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(f.status)
			io.WriteString(w, `{"error": {"message": "overloaded", "type": "server_error"}}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "1", "object": "chat.completion", "created": 1, "model": "fake-planner-0001",
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": f.content}, "finish_reason": "stop"}},
			"usage":   map[string]any{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
		})
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakePlanModel) env() func(string) string {
	return envOf(map[string]string{"OPENAI_BASE_URL": f.srv.URL + "/v1", "OPENAI_API_KEY": "sk-test", "MOCKINTERVIEW_MODEL": "fake-planner"})
}

func (f *fakePlanModel) requests() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.bodies...)
}

// plannerReply writes two good technical questions and one about a
// résumé claim that is not in the résumé.
func plannerReply(t *testing.T) string {
	t.Helper()
	reply := prompts.TailorReply{Questions: []prompts.TailorQuestion{
		{Category: "technical", Question: "How would you define SLOs for card authorization latency, and what would you alert on?",
			Tips:          "Look for user-facing SLIs, percentiles rather than averages, error budgets and burn-rate alerts.",
			TalkingPoints: []prompts.TailorPoint{{Label: "SLIs and percentiles", Phrases: []string{"p99", "percentile"}}, {Label: "Error budgets", Phrases: []string{"error budget", "burn rate"}}},
			Targets:       []string{"SLOs for card authorization latency"}, ResumeQuote: ""},
		{Category: "technical", Question: "Explain how you would make retries of payment requests safe.",
			Tips:          "A strong answer covers idempotency keys, deduplication on the server, and backoff with jitter.",
			TalkingPoints: []prompts.TailorPoint{{Label: "Idempotency keys", Phrases: []string{"idempotency key", "deduplicate"}}, {Label: "Backoff", Phrases: []string{"exponential backoff", "jitter"}}},
			Targets:       []string{"idempotent retries"}, ResumeQuote: ""},
		{Category: "behavioral", Question: "Tell me about when you built the fraud model for the payments platform.",
			Tips:          "Look for how the model was built and evaluated, and the result measured.",
			TalkingPoints: []prompts.TailorPoint{{Label: "Model", Phrases: []string{"features", "training"}}, {Label: "Evaluation", Phrases: []string{"precision", "recall"}}},
			Targets:       []string{}, ResumeQuote: "Built the fraud model"},
	}}
	b, err := json.Marshal(reply)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type planJSON struct {
	Questions []struct {
		ID       string   `json:"id"`
		Question string   `json:"question"`
		Category string   `json:"category"`
		Targets  []string `json:"targets"`
		Source   string   `json:"source"`
	} `json:"questions"`
	LLM *struct {
		Used          bool   `json:"used"`
		Model         string `json:"model"`
		PromptVersion string `json:"prompt_version"`
		Fallback      string `json:"fallback"`
		Rejected      []struct {
			Reason string `json:"reason"`
		} `json:"rejected"`
	} `json:"llm"`
}

func runPlanEnv(t *testing.T, getenv func(string) string, args ...string) (planJSON, string, error) {
	t.Helper()
	var out, errOut strings.Builder
	err := run(t.Context(), append([]string{"mockinterview", "plan"}, args...), getenv, strings.NewReader(""), &out, &errOut)
	var p planJSON
	if err == nil && strings.Contains(strings.Join(args, " "), "--json") {
		if jerr := json.Unmarshal([]byte(out.String()), &p); jerr != nil {
			t.Fatalf("plan output is not JSON: %v\n%s", jerr, out.String())
		}
	}
	return p, out.String() + errOut.String(), err
}

func writePosting(t *testing.T) (jd, cv string) {
	t.Helper()
	dir := t.TempDir()
	jd, cv = filepath.Join(dir, "jd.txt"), filepath.Join(dir, "cv.txt")
	os.WriteFile(jd, []byte(planJD), 0o644)
	os.WriteFile(cv, []byte(planResume), 0o644)
	return jd, cv
}

func TestPlanWrittenByModel(t *testing.T) {
	model := newFakePlanModel(t, http.StatusOK, plannerReply(t))
	jd, cv := writePosting(t)
	p, out, err := runPlanEnv(t, model.env(), "--jd", jd, "--resume", cv, "--seed", "3", "--llm", "on", "--json")
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	reqs := model.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests to the model; want 1", len(reqs))
	}
	body := reqs[0]
	if body["model"] != "fake-planner" {
		t.Errorf("model %v", body["model"])
	}
	if temp, ok := body["temperature"]; !ok || temp != float64(0) {
		t.Errorf("temperature %v (present %v); want 0 sent", temp, ok)
	}
	rf, _ := body["response_format"].(map[string]any)
	js, _ := rf["json_schema"].(map[string]any)
	if rf["type"] != "json_schema" || js["name"] != "interview_plan" || js["strict"] != true || js["schema"] == nil {
		t.Errorf("response_format %v", rf)
	}
	msgs, _ := body["messages"].([]any)
	if len(msgs) != 2 {
		t.Fatalf("messages %v", msgs)
	}
	user, _ := msgs[1].(map[string]any)["content"].(string)
	for _, want := range []string{"<<<POSTING-", "<<<END-POSTING-", "PCI compliance", "<<<RESUME-", "Ran the on-call rotation", "2 behavioral, 4 technical, 2 situational"} {
		if !strings.Contains(user, want) {
			t.Errorf("user message lacks %q:\n%s", want, user)
		}
	}

	if p.LLM == nil || !p.LLM.Used || p.LLM.Model != "fake-planner" || p.LLM.PromptVersion != prompts.TailorVersion {
		t.Fatalf("llm %+v", p.LLM)
	}
	if len(p.LLM.Rejected) != 1 || p.LLM.Rejected[0].Reason != "its résumé quote is not in the résumé" {
		t.Errorf("rejected %+v; want the invented résumé claim", p.LLM.Rejected)
	}
	if len(p.Questions) != 8 {
		t.Fatalf("%d questions", len(p.Questions))
	}
	llm := 0
	for _, q := range p.Questions {
		if q.Source == "llm" {
			llm++
			if q.Category != "technical" || !strings.HasPrefix(q.ID, "gen-llm-") || len(q.Targets) == 0 {
				t.Errorf("model question %+v", q)
			}
		}
		if strings.Contains(q.Question, "fraud") {
			t.Errorf("the invented résumé question is in the plan")
		}
	}
	if llm != 2 {
		t.Errorf("%d model questions; want 2", llm)
	}

	// Text output says who wrote the plan.
	_, text, err := runPlanEnv(t, model.env(), "--jd", jd, "--resume", cv, "--seed", "3")
	if err != nil || !strings.Contains(text, "Written by fake-planner") || !strings.Contains(text, "[technical, llm]") {
		t.Errorf("text plan (%v):\n%s", err, text)
	}
}

func TestPlanModelFailureFallsBack(t *testing.T) {
	jd, cv := writePosting(t)
	offline, _, err := runPlanEnv(t, envOf(nil), "--jd", jd, "--resume", cv, "--seed", "3", "--llm", "off", "--json")
	if err != nil || offline.LLM != nil {
		t.Fatalf("offline plan: %v, llm %+v", err, offline.LLM)
	}
	for _, tt := range []struct {
		name    string
		status  int
		content string
		want    string
	}{
		{"server error", http.StatusServiceUnavailable, "", "upstream_error"},
		{"bad key", http.StatusUnauthorized, "", "rejected"},
		{"not JSON", http.StatusOK, "Here are eight great questions!", "malformed_reply"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			model := newFakePlanModel(t, tt.status, tt.content)
			p, out, err := runPlanEnv(t, model.env(), "--jd", jd, "--resume", cv, "--seed", "3", "--llm", "on", "--json")
			if err != nil {
				t.Fatalf("plan: %v\n%s", err, out)
			}
			if len(model.requests()) == 0 {
				t.Fatalf("the model was not asked")
			}
			if p.LLM == nil || p.LLM.Used || p.LLM.Fallback != tt.want {
				t.Fatalf("llm %+v; want fallback %q", p.LLM, tt.want)
			}
			if len(p.Questions) != len(offline.Questions) {
				t.Fatalf("%d questions; want the offline %d", len(p.Questions), len(offline.Questions))
			}
			for i := range p.Questions {
				if p.Questions[i].ID != offline.Questions[i].ID {
					t.Errorf("question %d is %s; the offline plan has %s", i, p.Questions[i].ID, offline.Questions[i].ID)
				}
			}
		})
	}
	// --llm on without a model configured fails; auto plans offline.
	if _, _, err := runPlanEnv(t, envOf(nil), "--jd", jd, "--llm", "on", "--json"); err == nil {
		t.Errorf("--llm on without a model: want an error")
	}
}

// The same over HTTP: serve with a model configured, POST /api/v1/sessions
// with a posting answers 201 with the model's questions in the plan.
func TestServeSessionPlannedByModel(t *testing.T) {
	model := newFakePlanModel(t, http.StatusOK, plannerReply(t))
	db := filepath.Join(t.TempDir(), "serve.db")
	base, stop, done, stderr := startServe(t, model.env(), "--addr", "127.0.0.1:0", "--db", db, "--llm", "on")
	reqBody, _ := json.Marshal(map[string]any{"job_description": planJD, "resume": planResume, "seed": 3})
	res, err := http.Post(base+"/api/v1/sessions", "application/json", strings.NewReader(string(reqBody)))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/sessions = %d %s", res.StatusCode, raw)
	}
	var created struct {
		Plan planJSON `json:"plan"`
	}
	if err := json.Unmarshal(raw, &created); err != nil {
		t.Fatal(err)
	}
	if l := created.Plan.LLM; l == nil || !l.Used {
		t.Fatalf("plan.llm %+v; want used\n%s", l, raw)
	}
	n := 0
	for _, q := range created.Plan.Questions {
		if q.Source == "llm" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d model questions in the created plan; want 2", n)
	}
	if strings.Contains(stderr.String(), "Ran the on-call rotation") {
		t.Errorf("the server log holds the résumé")
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}
