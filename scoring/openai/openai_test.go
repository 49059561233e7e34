package openai_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/prompts"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/scoring/openai"
)

// fakeOpenAI is an OpenAI-compatible chat completions server on httptest,
// as go-openai tests itself: it records every request and answers with
// respond(n, req), n counting from 1.
type fakeOpenAI struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recordedRequest
	respond  func(n int, req recordedRequest, w http.ResponseWriter, r *http.Request)
}

type recordedRequest struct {
	At     time.Time
	Path   string
	Header http.Header
	Body   map[string]any
	Raw    string
}

func newFakeOpenAI(t *testing.T, respond func(n int, req recordedRequest, w http.ResponseWriter, r *http.Request)) *fakeOpenAI {
	t.Helper()
	f := &fakeOpenAI{respond: respond}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		rec := recordedRequest{At: time.Now(), Path: r.URL.Path, Header: r.Header.Clone(), Raw: string(raw)}
		if err := json.Unmarshal(raw, &rec.Body); err != nil {
			t.Errorf("fake server: request body is not JSON: %v", err)
		}
		f.mu.Lock()
		f.requests = append(f.requests, rec)
		n := len(f.requests)
		f.mu.Unlock()
		f.respond(n, rec, w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeOpenAI) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func (f *fakeOpenAI) request(i int) recordedRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[i]
}

// The answer and question every test scores: the seed guide's question.
const (
	question = "Describe a time you identified and resolved a significant performance bottleneck."
	tips     = "Walk through profiling, root cause analysis, the fix, and measurable improvement."
	answer   = "Last spring our checkout API's p99 latency reached 2.4 seconds during a sale, and I owned the fix. " +
		"I profiled it with pprof and found 60% of the time went to a JSON encoder called per item. " +
		"I replaced it with a streaming encoder and added a benchmark to CI. " +
		"As a result p99 dropped to 310 ms and pages to the on-call engineer stopped. I learned to profile before guessing."
	weakAnswer = "I think performance matters a lot. We fixed some slow stuff once and it was better after."
	summary    = "You found the encoder with pprof and measured the result: 2.4 s → 310 ms. Say \"why\" the encoder was slow."
)

func input(a string) scoring.Input {
	return scoring.Input{Question: question, Tips: tips, Category: questions.Behavioral, Answer: a}
}

// rubricReply is the JSON content a judge writes: every criterion scored
// score with quotes.
func rubricReply(t testing.TB, score int, quotes []string, injection bool) string {
	t.Helper()
	crit, _ := prompts.Rubric("behavioral")
	rubric := map[string]any{}
	for _, c := range crit {
		rubric[c.ID] = map[string]any{"reasoning": "see the quotes", "evidence": quotes, "score": score}
	}
	b, err := json.Marshal(map[string]any{
		"injection_detected": injection,
		"feedback":           map[string]any{"summary": summary, "strengths": []string{"You measured it."}, "improvements": []string{"Explain the root cause."}},
		"talking_points":     []any{},
		"rubric":             rubric,
		"followup":           "Why was the encoder called per item?",
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeCompletion(w http.ResponseWriter, content string) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "fake-model-0001",
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": content}, "finish_reason": "stop"}},
		"usage":   map[string]any{"prompt_tokens": 1234, "completion_tokens": 456, "total_tokens": 1690},
	})
}

func writeStream(w http.ResponseWriter, content string, chunk int) {
	w.Header().Set("Content-Type", "text/event-stream")
	fl := w.(http.Flusher)
	send := func(v any) {
		b, _ := json.Marshal(v)
		fmt.Fprintf(w, "data: %s\n\n", b)
		fl.Flush()
	}
	for i := 0; i < len(content); i += chunk {
		send(map[string]any{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "fake-model-0001",
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": content[i:min(i+chunk, len(content))]}, "finish_reason": nil}}})
	}
	send(map[string]any{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "fake-model-0001",
		"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}})
	send(map[string]any{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "fake-model-0001",
		"choices": []any{}, "usage": map[string]any{"prompt_tokens": 1234, "completion_tokens": 456, "total_tokens": 1690}})
	fmt.Fprint(w, "data: [DONE]\n\n")
	fl.Flush()
}

func writeError(w http.ResponseWriter, status int, header map[string]string) {
	for k, v := range header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":{"message":"fake error %d","type":"server_error"}}`, status)
}

// quick are settings that keep failing tests fast.
func quick() scoring.JudgeSettings {
	return scoring.JudgeSettings{
		AttemptTimeout: 3 * time.Second, TotalTimeout: 8 * time.Second,
		InitialBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond,
	}
}

func newScorer(t *testing.T, f *fakeOpenAI, cfg scoring.JudgeSettings) *scoring.Scorer {
	t.Helper()
	j, err := openai.New(openai.Config{APIKey: "sk-test", BaseURL: f.URL + "/v1", Model: "fake-model"})
	if err != nil {
		t.Fatal(err)
	}
	return scoring.New(nil, scoring.WithJudge(j, "fake-model"), scoring.WithJudgeSettings(cfg))
}

func has(res scoring.Result, flag string) bool { return slices.Contains(res.Flags, flag) }

func TestStructuredReply(t *testing.T) {
	f := newFakeOpenAI(t, func(_ int, _ recordedRequest, w http.ResponseWriter, _ *http.Request) {
		writeCompletion(w, rubricReply(t, 4, []string{"I profiled it with pprof", "p99 dropped to 310 ms", "I hired a team of ten"}, false))
	})
	s := newScorer(t, f, quick())
	res, followUp, err := s.ScoreWithFollowUp(context.Background(), input(answer), nil)
	if err != nil {
		t.Fatalf("Score: %v", err)
	}
	if has(res, scoring.FlagDegraded) {
		t.Fatalf("degraded (%s); want the judge used", res.DegradedReason)
	}

	req := f.request(0)
	if req.Path != "/v1/chat/completions" || req.Header.Get("Authorization") != "Bearer sk-test" {
		t.Errorf("request to %s with auth %q; want /v1/chat/completions, Bearer sk-test", req.Path, req.Header.Get("Authorization"))
	}
	if req.Body["model"] != "fake-model" {
		t.Errorf("model = %v; want fake-model", req.Body["model"])
	}
	if temp, ok := req.Body["temperature"]; !ok || temp != 0.0 {
		t.Errorf("temperature = %v (present %v); want 0 sent explicitly", temp, ok)
	}
	if req.Body["max_tokens"] != float64(scoring.DefaultJudgeMaxTokens) {
		t.Errorf("max_tokens = %v; want %d", req.Body["max_tokens"], scoring.DefaultJudgeMaxTokens)
	}
	rf, _ := req.Body["response_format"].(map[string]any)
	js, _ := rf["json_schema"].(map[string]any)
	if rf["type"] != "json_schema" || js["strict"] != true || js["name"] != "interview_rubric_behavioral" || js["schema"] == nil {
		t.Errorf("response_format = %v; want json_schema, strict, interview_rubric_behavioral, with the schema", rf)
	}
	msgs, _ := req.Body["messages"].([]any)
	if len(msgs) != 2 {
		t.Fatalf("%d messages; want system and user", len(msgs))
	}
	system := msgs[0].(map[string]any)["content"].(string)
	user := msgs[1].(map[string]any)["content"].(string)
	m := regexp.MustCompile(`(?s)<<<ANSWER-([0-9a-f]{16})>>>\n(.*)\n<<<END-ANSWER-([0-9a-f]{16})>>>`).FindStringSubmatch(user)
	if m == nil || m[1] != m[3] || m[2] != answer {
		t.Fatalf("user message does not hold the answer between matching delimiters:\n%s", user)
	}
	if strings.Count(req.Raw, "I profiled it with pprof") != 1 || strings.Contains(system, "pprof") {
		t.Errorf("answer text appears outside its delimiters")
	}
	if strings.Contains(system, m[1]) || !strings.HasPrefix(user, "The candidate's answer is between the line <<<ANSWER-"+m[1]+">>>") {
		t.Errorf("the user message must name this call's delimiter first, and the system message must not vary per call")
	}

	crit, _ := prompts.Rubric("behavioral")
	if len(res.Rubric) != len(crit) {
		t.Fatalf("len(Rubric) = %d; want %d", len(res.Rubric), len(crit))
	}
	for _, c := range res.Rubric {
		if len(c.Evidence) != 2 {
			t.Errorf("%s: evidence %+v; want the 2 real quotes, the invented one dropped", c.Criterion, c.Evidence)
		}
		for _, ev := range c.Evidence {
			if answer[ev.Start:ev.End] != ev.Text {
				t.Errorf("%s: span [%d,%d) is %q, Text %q", c.Criterion, ev.Start, ev.End, answer[ev.Start:ev.End], ev.Text)
			}
		}
	}
	if res.Engine.Model != "fake-model-0001" || res.Engine.PromptVersion != prompts.Version {
		t.Errorf("Engine = %+v; want model fake-model-0001, prompt %s", res.Engine, prompts.Version)
	}
	if followUp != "Why was the encoder called per item?" || res.Feedback.Summary != summary {
		t.Errorf("follow-up %q, summary %q; want the judge's", followUp, res.Feedback.Summary)
	}
	if st := s.JudgeStats(); st.PromptTokens != 1234 || st.CompletionTokens != 456 {
		t.Errorf("tokens %d/%d; want 1234/456", st.PromptTokens, st.CompletionTokens)
	}
}

func TestStreamedReply(t *testing.T) {
	f := newFakeOpenAI(t, func(_ int, req recordedRequest, w http.ResponseWriter, _ *http.Request) {
		if req.Body["stream"] != true {
			t.Errorf("stream = %v; want true", req.Body["stream"])
		}
		writeStream(w, rubricReply(t, 4, []string{"I profiled it with pprof"}, false), 7)
	})
	s := newScorer(t, f, quick())
	var deltas []string
	res, err := s.ScoreStream(context.Background(), input(answer), func(d string) { deltas = append(deltas, d) })
	if err != nil || has(res, scoring.FlagDegraded) {
		t.Fatalf("ScoreStream: %v, reason %q", err, res.DegradedReason)
	}
	if len(deltas) < 5 || strings.Join(deltas, "") != summary {
		t.Errorf("streamed %d pieces %q; want the summary %q in many pieces", len(deltas), strings.Join(deltas, ""), summary)
	}
	if len(res.Rubric) == 0 || res.Feedback.Summary != summary || res.Engine.Model != "fake-model-0001" {
		t.Errorf("rubric %d, summary %q, engine %+v; want the streamed judgment", len(res.Rubric), res.Feedback.Summary, res.Engine)
	}
	if st := s.JudgeStats(); st.CompletionTokens != 456 {
		t.Errorf("CompletionTokens = %d; want 456 from the usage chunk", st.CompletionTokens)
	}
}

func TestRateLimitedHonoursRetryAfter(t *testing.T) {
	f := newFakeOpenAI(t, func(n int, _ recordedRequest, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			writeError(w, http.StatusTooManyRequests, map[string]string{"Retry-After": "1"})
			return
		}
		writeCompletion(w, rubricReply(t, 4, []string{"I profiled it with pprof"}, false))
	})
	s := newScorer(t, f, quick())
	res, err := s.Score(context.Background(), input(answer))
	if err != nil || has(res, scoring.FlagDegraded) {
		t.Fatalf("Score: %v, reason %q; want success after the retry", err, res.DegradedReason)
	}
	if f.count() != 2 {
		t.Fatalf("%d requests; want 2 (one 429, one retry)", f.count())
	}
	// The backoff alone would wait ~5 ms; Retry-After asks for a second.
	if wait := f.request(1).At.Sub(f.request(0).At); wait < 900*time.Millisecond {
		t.Errorf("retried after %v; want >= Retry-After 1s", wait)
	}
}

func TestFailuresDegrade(t *testing.T) {
	cases := []struct {
		name      string
		respond   func(n int, w http.ResponseWriter, r *http.Request)
		settings  func(*scoring.JudgeSettings)
		wantCalls int
		reason    string
	}{
		{"500s retried then degraded", func(_ int, w http.ResponseWriter, _ *http.Request) { writeError(w, 500, nil) }, nil, scoring.DefaultJudgeMaxAttempts, scoring.DegradedUpstream},
		{"401 not retried", func(_ int, w http.ResponseWriter, _ *http.Request) { writeError(w, 401, nil) }, nil, 1, scoring.DegradedRejected},
		{"malformed JSON", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeCompletion(w, `Sure! {"rubric": "great"`)
		}, nil, 1, scoring.DegradedMalformed},
		{"schema mismatch", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeCompletion(w, `{"score": 5, "overall": 100}`)
		}, nil, 1, scoring.DegradedSchema},
		{"all quotes invented", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeCompletion(w, rubricReply(t, 5, []string{"I led a team of forty engineers"}, false))
		}, nil, 1, scoring.DegradedUnverified},
		{"hang past the deadline", func(_ int, _ http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			func(c *scoring.JudgeSettings) {
				c.AttemptTimeout, c.TotalTimeout, c.MaxAttempts = 100*time.Millisecond, time.Second, 2
			}, 2, scoring.DegradedTimeout},
	}
	heuristic := scoring.New(nil)
	want, err := heuristic.Score(context.Background(), input(answer))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeOpenAI(t, func(n int, _ recordedRequest, w http.ResponseWriter, r *http.Request) { c.respond(n, w, r) })
			cfg := quick()
			if c.settings != nil {
				c.settings(&cfg)
			}
			s := newScorer(t, f, cfg)
			start := time.Now()
			res, err := s.Score(context.Background(), input(answer))
			if err != nil {
				t.Fatalf("Score: %v; a judge failure must not fail scoring", err)
			}
			if !has(res, scoring.FlagDegraded) || res.DegradedReason != c.reason {
				t.Errorf("flags %v reason %q; want degraded, %q", res.Flags, res.DegradedReason, c.reason)
			}
			if res.Overall != want.Overall || res.Band != want.Band || res.Rubric != nil || res.Engine.Model != "" {
				t.Errorf("overall %d band %d rubric %d engine %+v; want the heuristic %d/%d, no rubric, no model",
					res.Overall, res.Band, len(res.Rubric), res.Engine, want.Overall, want.Band)
			}
			if f.count() != c.wantCalls {
				t.Errorf("%d requests; want %d", f.count(), c.wantCalls)
			}
			// The overall deadline is the contract: a dead upstream costs at
			// most TotalTimeout, never a hang.
			if d := time.Since(start); d > cfg.TotalTimeout+2*time.Second {
				t.Errorf("took %v; want within TotalTimeout %v", d, cfg.TotalTimeout)
			}
		})
	}
}

func TestBreakerOpensAfterRepeatedFailures(t *testing.T) {
	f := newFakeOpenAI(t, func(_ int, _ recordedRequest, w http.ResponseWriter, _ *http.Request) { writeError(w, 503, nil) })
	cfg := quick()
	cfg.MaxAttempts, cfg.BreakerTrip, cfg.BreakerOpenFor = 1, 3, time.Hour
	s := newScorer(t, f, cfg)
	for i := range 3 {
		res, _ := s.Score(context.Background(), input(fmt.Sprintf("%s Attempt %d.", answer, i)))
		if res.DegradedReason != scoring.DegradedUpstream {
			t.Fatalf("call %d: reason %q; want %s", i, res.DegradedReason, scoring.DegradedUpstream)
		}
	}
	for i := range 3 {
		res, _ := s.Score(context.Background(), input(fmt.Sprintf("%s Later %d.", answer, i)))
		if res.DegradedReason != scoring.DegradedBreakerOpen {
			t.Errorf("after 3 failures: reason %q; want %s", res.DegradedReason, scoring.DegradedBreakerOpen)
		}
	}
	if f.count() != 3 {
		t.Errorf("%d requests reached the server; want 3 (the breaker stops the rest)", f.count())
	}
	if st := s.JudgeStats(); st.BreakerState != "open" || st.Failures[scoring.DegradedBreakerOpen] != 3 {
		t.Errorf("stats %+v; want breaker open, 3 breaker_open failures", st)
	}
}

func TestCacheHit(t *testing.T) {
	f := newFakeOpenAI(t, func(_ int, _ recordedRequest, w http.ResponseWriter, _ *http.Request) {
		writeCompletion(w, rubricReply(t, 4, []string{"I profiled it with pprof"}, false))
	})
	s := newScorer(t, f, quick())
	first, _ := s.Score(context.Background(), input(answer))
	second, _ := s.Score(context.Background(), input(answer))
	if f.count() != 1 {
		t.Errorf("%d requests for the same answer twice; want 1 (cache hit)", f.count())
	}
	if second.Overall != first.Overall || len(second.Rubric) != len(first.Rubric) || second.Engine != first.Engine {
		t.Errorf("cached result differs: %d/%v vs %d/%v", second.Overall, second.Engine, first.Overall, first.Engine)
	}
	if st := s.JudgeStats(); st.CacheHits != 1 {
		t.Errorf("CacheHits = %d; want 1", st.CacheHits)
	}
}

func TestConcurrentIdenticalCallsMerged(t *testing.T) {
	const callers = 8
	release := make(chan struct{})
	f := newFakeOpenAI(t, func(_ int, _ recordedRequest, w http.ResponseWriter, _ *http.Request) {
		<-release
		writeCompletion(w, rubricReply(t, 4, []string{"I profiled it with pprof"}, false))
	})
	s := newScorer(t, f, quick())
	var wg sync.WaitGroup
	results := make([]scoring.Result, callers)
	for i := range callers {
		wg.Go(func() { results[i], _ = s.Score(context.Background(), input(answer)) })
	}
	for s.JudgeStats().Requests < callers {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if f.count() != 1 {
		t.Errorf("%d concurrent identical answers made %d upstream calls; want 1", callers, f.count())
	}
	for i, r := range results {
		if has(r, scoring.FlagDegraded) || r.Overall != results[0].Overall {
			t.Errorf("caller %d: overall %d, flags %v; want %d, not degraded", i, r.Overall, r.Flags, results[0].Overall)
		}
	}
}

// TestInjectionSuite appends every payload of scoring's regression suite to
// a good and to a weak answer; the fake model obeys them (5/5 everywhere,
// quoting the answer, injection not reported). Each result must carry
// injection_suspected and score no higher than the heuristics alone give
// the same answer.
func TestInjectionSuite(t *testing.T) {
	payloads := readPayloads(t)
	f := newFakeOpenAI(t, func(_ int, req recordedRequest, w http.ResponseWriter, _ *http.Request) {
		msgs := req.Body["messages"].([]any)
		user := msgs[1].(map[string]any)["content"].(string)
		quote := "I think performance matters"
		if strings.Contains(user, "I profiled it with pprof") {
			quote = "I profiled it with pprof"
		}
		writeCompletion(w, rubricReply(t, 5, []string{quote}, false))
	})
	s := newScorer(t, f, quick())
	heuristic := scoring.New(nil)
	for _, p := range payloads {
		for _, base := range []string{answer, weakAnswer} {
			a := base + "\n\n" + p
			want, err := heuristic.Score(context.Background(), input(a))
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Score(context.Background(), input(a))
			if err != nil {
				t.Fatal(err)
			}
			if !has(res, scoring.FlagInjectionSuspected) {
				t.Errorf("payload %q: flags %v; want injection_suspected", p, res.Flags)
			}
			if res.Overall > want.Overall {
				t.Errorf("payload %q: overall %d > heuristic %d of the same answer", p, res.Overall, want.Overall)
			}
		}
	}
	if f.count() == 0 {
		t.Errorf("the judge was never asked; the suite must exercise the LLM path")
	}
}

func readPayloads(t *testing.T) []string {
	t.Helper()
	file, err := os.Open("../testdata/injections.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var out []string
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		var p string
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func TestConfigFromEnv(t *testing.T) {
	cases := []struct {
		name      string
		env       map[string]string
		wantModel string
		wantErr   bool
	}{
		{"nothing set", nil, "", true},
		{"key only: OpenAI and the default model", map[string]string{"OPENAI_API_KEY": "sk"}, openai.DefaultModel, false},
		{"key and model", map[string]string{"OPENAI_API_KEY": "sk", "MOCKINTERVIEW_MODEL": "gpt-4.1"}, "gpt-4.1", false},
		{"local server and model", map[string]string{"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1", "MOCKINTERVIEW_MODEL": "llama3.1"}, "llama3.1", false},
		{"local server without model", map[string]string{"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"}, "", true},
		{"bad base URL", map[string]string{"OPENAI_BASE_URL": "localhost", "MOCKINTERVIEW_MODEL": "m"}, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := openai.ConfigFromEnv(func(k string) string { return c.env[k] })
			if (err != nil) != c.wantErr || (err == nil && cfg.Model != c.wantModel) {
				t.Errorf("ConfigFromEnv = %+v, %v; want model %q, error %v", cfg, err, c.wantModel, c.wantErr)
			}
		})
	}
}

func TestAzureRequestShape(t *testing.T) {
	var got recordedRequest
	f := newFakeOpenAI(t, func(_ int, req recordedRequest, w http.ResponseWriter, r *http.Request) {
		got = req
		got.Path = r.URL.RequestURI()
		writeCompletion(w, rubricReply(t, 4, []string{"I profiled it with pprof"}, false))
	})
	// Route a fake *.openai.azure.com host to the fake server.
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, f.Listener.Addr().String())
	}}}
	j, err := openai.New(openai.Config{APIKey: "azure-key", BaseURL: "http://res.openai.azure.com", Model: "my-gpt4o", HTTPClient: client})
	if err != nil {
		t.Fatal(err)
	}
	s := scoring.New(nil, scoring.WithJudge(j, "my-gpt4o"), scoring.WithJudgeSettings(quick()))
	if res, _ := s.Score(context.Background(), input(answer)); has(res, scoring.FlagDegraded) {
		t.Fatalf("degraded: %s", res.DegradedReason)
	}
	if got.Path != "/openai/deployments/my-gpt4o/chat/completions?api-version="+openai.DefaultAzureAPIVersion || got.Header.Get("api-key") != "azure-key" {
		t.Errorf("Azure request to %s with api-key %q; want the deployment path, api-version and key header", got.Path, got.Header.Get("api-key"))
	}
}
