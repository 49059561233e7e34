package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mockinterview/mockinterview/prompts"
)

// fakeModel is an OpenAI-compatible server that judges every answer 4/5,
// quoting "I profiled it", and counts the calls.
func fakeModel(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		io.Copy(io.Discard, r.Body)
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		crit, _ := prompts.Rubric("behavioral")
		rubric := map[string]any{}
		for _, c := range crit {
			rubric[c.ID] = map[string]any{"reasoning": "ok", "evidence": []string{"I profiled it"}, "score": 4}
		}
		content, _ := json.Marshal(map[string]any{
			"injection_detected": false,
			"feedback":           map[string]any{"summary": "You profiled before fixing.", "strengths": []string{}, "improvements": []string{}},
			"talking_points":     []any{},
			"rubric":             rubric,
			"followup":           "",
		})
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "1", "object": "chat.completion", "created": 1, "model": "fake-model-0001",
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": string(content)}, "finish_reason": "stop"}},
			"usage":   map[string]any{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
		})
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

const scoreLine = `{"question": "Describe a time you identified and resolved a significant performance bottleneck.", "category": "behavioral", "answer": "Our API p99 hit 2.4 s. I profiled it with pprof, found a slow JSON encoder and replaced it; p99 fell to 310 ms."}`

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func runScoreLLM(t *testing.T, mode string, env map[string]string) (map[string]any, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"mockinterview", "score", "--llm", mode}, envOf(env),
		strings.NewReader(scoreLine+"\n"), &stdout, &stderr)
	var res map[string]any
	if line := strings.TrimSpace(stdout.String()); line != "" {
		if jerr := json.Unmarshal([]byte(strings.SplitN(line, "\n", 2)[0]), &res); jerr != nil {
			t.Fatalf("score output is not JSON: %v\n%s", jerr, line)
		}
	}
	return res, stderr.String(), err
}

func TestScoreThroughFakeModel(t *testing.T) {
	srv, calls := fakeModel(t)
	env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_API_KEY": "sk-test", "MOCKINTERVIEW_MODEL": "fake-model"}
	res, stderr, err := runScoreLLM(t, "on", env)
	if err != nil {
		t.Fatalf("score --llm on: %v\n%s", err, stderr)
	}
	engine, _ := res["engine"].(map[string]any)
	if engine["prompt_version"] != prompts.Version || engine["model"] != "fake-model-0001" {
		t.Errorf("engine = %v; want prompt_version %s and model fake-model-0001", engine, prompts.Version)
	}
	if rubric, _ := res["rubric"].([]any); len(rubric) == 0 || calls.Load() != 1 {
		t.Errorf("rubric %v after %d model calls; want a rubric from 1 call", res["rubric"], calls.Load())
	}
}

func TestScoreLLMAutoWithoutConfigIsHeuristic(t *testing.T) {
	res, stderr, err := runScoreLLM(t, "auto", nil)
	if err != nil {
		t.Fatalf("score --llm auto: %v\n%s", err, stderr)
	}
	engine, _ := res["engine"].(map[string]any)
	if engine["model"] != "" || engine["prompt_version"] != "" || res["rubric"] != nil {
		t.Errorf("engine %v, rubric %v; want a heuristic result (no model, no rubric)", engine, res["rubric"])
	}
	if flags := fmt.Sprint(res["flags"]); strings.Contains(flags, "degraded") {
		t.Errorf("flags %s; auto without a model is not degraded", flags)
	}
}

func TestScoreLLMOnWithoutConfigFails(t *testing.T) {
	_, _, err := runScoreLLM(t, "on", nil)
	if err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("score --llm on without configuration: err = %v; want a message naming OPENAI_API_KEY", err)
	}
}

func TestNewScorerModes(t *testing.T) {
	srv, _ := fakeModel(t)
	configured := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "MOCKINTERVIEW_MODEL": "m"}
	cases := []struct {
		mode     string
		env      map[string]string
		wantLLM  bool
		wantErr  string
		wantWarn string
	}{
		{"off", configured, false, "", ""},
		{"auto", configured, true, "", ""},
		{"auto", nil, false, "", ""},
		{"auto", map[string]string{"OPENAI_BASE_URL": srv.URL}, false, "", "MOCKINTERVIEW_MODEL is required"},
		{"on", configured, true, "", ""},
		{"on", map[string]string{"OPENAI_API_KEY": "sk"}, true, "", ""},
		{"on", nil, false, "OPENAI_API_KEY", ""},
		{"on", map[string]string{"OPENAI_BASE_URL": srv.URL}, false, "MOCKINTERVIEW_MODEL is required", ""},
		{"on", map[string]string{"OPENAI_API_KEY": "sk", "MOCKINTERVIEW_LLM_TIMEOUT": "soon"}, false, "MOCKINTERVIEW_LLM_TIMEOUT", ""},
		{"maybe", nil, false, "--llm must be off, auto or on", ""},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %v", c.mode, c.env), func(t *testing.T) {
			var stderr bytes.Buffer
			s, err := newScorer(nil, c.mode, env{getenv: envOf(c.env), stderr: &stderr})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("newScorer: err = %v; want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("newScorer: %v", err)
			}
			if got := s.JudgeStats().Enabled; got != c.wantLLM {
				t.Errorf("LLM judge enabled = %v; want %v", got, c.wantLLM)
			}
			if !strings.Contains(stderr.String(), c.wantWarn) {
				t.Errorf("stderr %q; want it to say %q", stderr.String(), c.wantWarn)
			}
		})
	}
}
