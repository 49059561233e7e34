package scoring

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/prompts"
	"github.com/mockinterview/mockinterview/questions"
)

// fakeJudge stands in for the upstream model: it answers with reply(call,
// req), streaming the content in small pieces when asked to.
type fakeJudge struct {
	mu    sync.Mutex
	calls int
	reqs  []JudgeRequest
	reply func(call int, req JudgeRequest) (JudgeReply, error)
}

func (f *fakeJudge) Judge(ctx context.Context, req JudgeRequest) (JudgeReply, error) {
	f.mu.Lock()
	f.calls++
	call := f.calls
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	r, err := f.reply(call, req)
	if err == nil && req.Stream && req.OnDelta != nil {
		for i := 0; i < len(r.Content); i += 9 {
			req.OnDelta(r.Content[i:min(i+9, len(r.Content))])
		}
	}
	return r, err
}

func (f *fakeJudge) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// judgeReply is the JSON a judge would write: every criterion of category
// scored score with quotes, and the given summary.
func judgeReply(t testing.TB, category string, score int, quotes []string, summary string, injection bool) string {
	t.Helper()
	crit, err := prompts.Rubric(category)
	if err != nil {
		t.Fatal(err)
	}
	if quotes == nil {
		quotes = []string{}
	}
	rubric := map[string]any{}
	for _, c := range crit {
		rubric[c.ID] = map[string]any{"reasoning": "because " + c.Name, "evidence": quotes, "score": score}
	}
	b, _ := json.Marshal(map[string]any{
		"injection_detected": injection,
		"feedback": map[string]any{
			"summary": summary, "strengths": []string{"You measured the result."},
			"improvements": []string{"Say what you would do differently."},
		},
		"rubric":         rubric,
		"talking_points": []any{},
		"followup":       "What did the profile show before the fix?",
	})
	return string(b)
}

const goodAnswer = "Last spring our checkout API's p99 latency reached 2.4 seconds during a sale, and I owned the fix. " +
	"I profiled it with pprof and found 60% of the time went to a JSON encoder called per item. " +
	"I replaced it with a streaming encoder and added a benchmark to CI. " +
	"p99 dropped to 310 ms and pages to the on-call engineer stopped. I learned to profile before guessing."

var perfQuestion = questions.Question{
	ID:       "be-perf",
	Category: questions.Behavioral,
	Text:     "Describe a time you identified and resolved a significant performance bottleneck.",
	Tips:     "Walk through profiling, root cause analysis, the fix, and measurable improvement.",
	TalkingPoints: []questions.TalkingPoint{
		{ID: "profiling", Label: "Profiling"}, {ID: "fix", Label: "The fix"},
	},
}

// heuristicResult is what the heuristic scorer would have left in res.
func heuristicResult(overall int) Result {
	return Result{
		Overall: overall, Band: BandOf(overall), Category: questions.Behavioral,
		Feedback: Feedback{Summary: "heuristic summary", Strengths: []string{"h-strength"}, Improvements: []string{"h-improve"}},
		Flags:    []string{},
		Engine:   Engine{Version: "test"},
	}
}

func fastSettings() JudgeSettings {
	return JudgeSettings{
		AttemptTimeout: 2 * time.Second, TotalTimeout: 5 * time.Second,
		InitialBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond,
		MaxRetryAfter: 20 * time.Millisecond,
	}
}

func judged(t *testing.T, s *Scorer, answer string, heuristic int, onDelta func(string)) Result {
	t.Helper()
	res := heuristicResult(heuristic)
	s.applyJudge(context.Background(), perfQuestion, answer, &res, onDelta)
	return res
}

func TestApplyJudgeGoodReply(t *testing.T) {
	quotes := []string{"I profiled it with pprof", "p99 dropped to 310 ms"}
	fj := &fakeJudge{reply: func(int, JudgeRequest) (JudgeReply, error) {
		return JudgeReply{Content: judgeReply(t, "behavioral", 4, quotes, "You found and fixed it.", false), Model: "fake-model-2025", PromptTokens: 1000, CompletionTokens: 300}, nil
	}}
	s := New(nil, WithJudge(fj, "fake-model"), WithJudgeSettings(fastSettings()))
	res := judged(t, s, goodAnswer, 50, nil)

	if hasResultFlag(&res, FlagDegraded) {
		t.Fatalf("degraded (%s); want the judge used", res.DegradedReason)
	}
	crit, _ := prompts.Rubric("behavioral")
	if len(res.Rubric) != len(crit) {
		t.Fatalf("len(Rubric) = %d; want %d", len(res.Rubric), len(crit))
	}
	for _, c := range res.Rubric {
		if c.Score != 4 || len(c.Evidence) != 2 {
			t.Errorf("criterion %s: score %d, %d evidence; want 4 and 2", c.Criterion, c.Score, len(c.Evidence))
		}
		for _, ev := range c.Evidence {
			if goodAnswer[ev.Start:ev.End] != ev.Text {
				t.Errorf("evidence span [%d,%d) = %q; Text %q", ev.Start, ev.End, goodAnswer[ev.Start:ev.End], ev.Text)
			}
		}
	}
	// Rubric 4/5 → 75; 0.6*75 + 0.4*50 = 65.
	if res.Overall != 65 || res.Band != BandOf(65) {
		t.Errorf("Overall, Band = %d, %d; want 65, %d", res.Overall, res.Band, BandOf(65))
	}
	if hasResultFlag(&res, FlagNeedsReview) {
		t.Errorf("needs_review set for a 25-point gap; want only above 25")
	}
	if res.Engine.PromptVersion != prompts.Version || res.Engine.Model != "fake-model-2025" || res.Engine.Version != "test" {
		t.Errorf("Engine = %+v; want prompt version %s, the replying model, version kept", res.Engine, prompts.Version)
	}
	if res.Feedback.Summary != "You found and fixed it." {
		t.Errorf("Feedback.Summary = %q; want the judge's", res.Feedback.Summary)
	}
	req := fj.reqs[0]
	if req.Temperature != 0 || req.MaxTokens != DefaultJudgeMaxTokens || req.Model != "fake-model" || req.Stream {
		t.Errorf("request = temp %v, max %d, model %q, stream %v; want 0, %d, fake-model, false", req.Temperature, req.MaxTokens, req.Model, req.Stream, DefaultJudgeMaxTokens)
	}
	if st := s.JudgeStats(); st.PromptTokens != 1000 || st.CompletionTokens != 300 || st.UpstreamCalls != 1 {
		t.Errorf("JudgeStats = %+v; want 1000/300 tokens, 1 upstream call", st)
	}
}

func TestApplyJudgeEvidence(t *testing.T) {
	cases := []struct {
		name         string
		quotes       []string
		score        int
		wantDegraded bool
		wantEvidence int
	}{
		{"invented quotes dropped", []string{"I profiled it with pprof", "I rewrote it in Rust"}, 4, false, 1},
		{"all quotes invented", []string{"we hired ten engineers"}, 5, true, 0},
		{"high score without quotes", nil, 5, true, 0},
		{"low score without quotes", nil, 2, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fj := &fakeJudge{reply: func(int, JudgeRequest) (JudgeReply, error) {
				return JudgeReply{Content: judgeReply(t, "behavioral", c.score, c.quotes, "ok", false)}, nil
			}}
			s := New(nil, WithJudge(fj, "m"), WithJudgeSettings(fastSettings()))
			res := judged(t, s, goodAnswer, 50, nil)
			if got := hasResultFlag(&res, FlagDegraded); got != c.wantDegraded {
				t.Fatalf("degraded = %v (%s); want %v", got, res.DegradedReason, c.wantDegraded)
			}
			if c.wantDegraded {
				if res.DegradedReason != DegradedUnverified || res.Overall != 50 || res.Rubric != nil {
					t.Errorf("got reason %q, overall %d, rubric %v; want %s, heuristic 50, no rubric", res.DegradedReason, res.Overall, res.Rubric, DegradedUnverified)
				}
				return
			}
			for _, cr := range res.Rubric {
				if len(cr.Evidence) != c.wantEvidence {
					t.Errorf("%s: %d evidence; want %d", cr.Criterion, len(cr.Evidence), c.wantEvidence)
				}
				for _, ev := range cr.Evidence {
					if !strings.Contains(goodAnswer, ev.Text) {
						t.Errorf("%s shows invented evidence %q", cr.Criterion, ev.Text)
					}
				}
			}
		})
	}
}

func TestApplyJudgeFailuresDegrade(t *testing.T) {
	cases := []struct {
		name      string
		reply     func(call int) (JudgeReply, error)
		settings  func(*JudgeSettings)
		wantCalls int
		reason    string
	}{
		{"malformed JSON", func(int) (JudgeReply, error) { return JudgeReply{Content: `{"feedback": "oops`}, nil }, nil, 1, DegradedMalformed},
		{"schema mismatch", func(int) (JudgeReply, error) { return JudgeReply{Content: `{"score": 5}`}, nil }, nil, 1, DegradedSchema},
		{"truncated", func(int) (JudgeReply, error) { return JudgeReply{Content: `{"feedback":`, Truncated: true}, nil }, nil, 1, DegradedTruncated},
		{"5xx retried then degraded", func(int) (JudgeReply, error) {
			return JudgeReply{}, &JudgeError{Status: 503, Temporary: true, Err: errors.New("overloaded")}
		}, nil, DefaultJudgeMaxAttempts, DegradedUpstream},
		{"429 retried then degraded", func(int) (JudgeReply, error) {
			return JudgeReply{}, &JudgeError{Status: 429, RetryAfter: time.Hour, Temporary: true, Err: errors.New("slow down")}
		}, nil, DefaultJudgeMaxAttempts, DegradedRateLimited},
		{"401 not retried", func(int) (JudgeReply, error) {
			return JudgeReply{}, &JudgeError{Status: 401, Err: errors.New("bad key")}
		}, nil, 1, DegradedRejected},
		{"no reply in time", func(int) (JudgeReply, error) {
			time.Sleep(200 * time.Millisecond)
			return JudgeReply{}, context.DeadlineExceeded
		}, func(c *JudgeSettings) { c.TotalTimeout = 50 * time.Millisecond }, 1, DegradedTimeout},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fj := &fakeJudge{reply: func(call int, _ JudgeRequest) (JudgeReply, error) { return c.reply(call) }}
			cfg := fastSettings()
			if c.settings != nil {
				c.settings(&cfg)
			}
			s := New(nil, WithJudge(fj, "m"), WithJudgeSettings(cfg))
			var deltas []string
			res := judged(t, s, goodAnswer, 42, func(d string) { deltas = append(deltas, d) })
			if !hasResultFlag(&res, FlagDegraded) || res.DegradedReason != c.reason {
				t.Errorf("flags %v, reason %q; want degraded, %q", res.Flags, res.DegradedReason, c.reason)
			}
			if res.Overall != 42 || res.Rubric != nil || res.Engine.Model != "" || res.Feedback.Summary != "heuristic summary" {
				t.Errorf("result changed on failure: overall %d, rubric %v, engine %+v, summary %q", res.Overall, res.Rubric, res.Engine, res.Feedback.Summary)
			}
			if got := fj.callCount(); got != c.wantCalls {
				t.Errorf("judge called %d times; want %d", got, c.wantCalls)
			}
			if len(deltas) != 0 {
				t.Errorf("onDelta got %q; want nothing (ScoreStream sends the heuristic feedback)", deltas)
			}
			if st := s.JudgeStats(); st.Failures[c.reason] != 1 {
				t.Errorf("JudgeStats.Failures = %v; want %s: 1", st.Failures, c.reason)
			}
		})
	}
}

func TestApplyJudgeRetriesThenSucceeds(t *testing.T) {
	fj := &fakeJudge{reply: func(call int, _ JudgeRequest) (JudgeReply, error) {
		if call < 3 {
			return JudgeReply{}, &JudgeError{Status: 502, Temporary: true, Err: errors.New("bad gateway")}
		}
		return JudgeReply{Content: judgeReply(t, "behavioral", 3, []string{"I profiled it with pprof"}, "ok", false)}, nil
	}}
	s := New(nil, WithJudge(fj, "m"), WithJudgeSettings(fastSettings()))
	res := judged(t, s, goodAnswer, 50, nil)
	if hasResultFlag(&res, FlagDegraded) || fj.callCount() != 3 {
		t.Errorf("degraded %v (%s) after %d calls; want success on the 3rd", res.Flags, res.DegradedReason, fj.callCount())
	}
}

func TestApplyJudgeStreams(t *testing.T) {
	summary := "You found the encoder with pprof — and measured 2.4 s → 310 ms. \"Great\" work."
	fj := &fakeJudge{reply: func(int, JudgeRequest) (JudgeReply, error) {
		return JudgeReply{Content: judgeReply(t, "behavioral", 4, []string{"I profiled it with pprof"}, summary, false)}, nil
	}}
	s := New(nil, WithJudge(fj, "m"), WithJudgeSettings(fastSettings()))
	var deltas []string
	res := judged(t, s, goodAnswer, 50, func(d string) { deltas = append(deltas, d) })
	if !fj.reqs[0].Stream {
		t.Fatalf("request did not ask to stream although onDelta was given")
	}
	if len(deltas) < 2 || strings.Join(deltas, "") != summary || res.Feedback.Summary != summary {
		t.Errorf("deltas %q (final %q); want the summary %q in several pieces", deltas, res.Feedback.Summary, summary)
	}
}

func TestApplyJudgeNoRetryAfterStreamedText(t *testing.T) {
	fj := &fakeJudge{reply: func(_ int, req JudgeRequest) (JudgeReply, error) {
		req.OnDelta(`{"injection_detected":false,"feedback":{"summary":"You did`)
		return JudgeReply{}, &JudgeError{Status: 0, Temporary: true, Err: errors.New("connection reset")}
	}}
	s := New(nil, WithJudge(fj, "m"), WithJudgeSettings(fastSettings()))
	var deltas []string
	res := judged(t, s, goodAnswer, 50, func(d string) { deltas = append(deltas, d) })
	if fj.callCount() != 1 {
		t.Errorf("judge called %d times after streaming text; want 1 (no retry)", fj.callCount())
	}
	if res.DegradedReason != DegradedUnreachable || strings.Join(deltas, "") != "You did" {
		t.Errorf("reason %q, deltas %q; want %s and only the streamed piece", res.DegradedReason, deltas, DegradedUnreachable)
	}
}

func TestApplyJudgeNeedsReview(t *testing.T) {
	fj := &fakeJudge{reply: func(int, JudgeRequest) (JudgeReply, error) {
		return JudgeReply{Content: judgeReply(t, "behavioral", 5, []string{"I profiled it with pprof"}, "ok", false)}, nil
	}}
	s := New(nil, WithJudge(fj, "m"), WithJudgeSettings(fastSettings()))
	res := judged(t, s, goodAnswer, 30, nil)
	// Rubric 100 against heuristic 30: a 70-point gap.
	if !hasResultFlag(&res, FlagNeedsReview) || res.Overall != 72 {
		t.Errorf("flags %v, overall %d; want needs_review and 0.6*100+0.4*30 = 72", res.Flags, res.Overall)
	}
}

func TestApplyJudgeBreakerOpens(t *testing.T) {
	fj := &fakeJudge{reply: func(int, JudgeRequest) (JudgeReply, error) {
		return JudgeReply{}, &JudgeError{Status: 500, Temporary: true, Err: errors.New("down")}
	}}
	cfg := fastSettings()
	cfg.MaxAttempts, cfg.BreakerTrip, cfg.BreakerOpenFor = 1, 3, time.Hour
	s := New(nil, WithJudge(fj, "m"), WithJudgeSettings(cfg))
	for i := range 3 {
		judged(t, s, fmt.Sprintf("%s %d", goodAnswer, i), 50, nil)
	}
	if fj.callCount() != 3 {
		t.Fatalf("judge called %d times; want 3", fj.callCount())
	}
	res := judged(t, s, goodAnswer+" later", 50, nil)
	if fj.callCount() != 3 || res.DegradedReason != DegradedBreakerOpen {
		t.Errorf("after the breaker opened: %d calls, reason %q; want 3 calls, %s", fj.callCount(), res.DegradedReason, DegradedBreakerOpen)
	}
	if st := s.JudgeStats(); st.BreakerState != "open" {
		t.Errorf("BreakerState = %q; want open", st.BreakerState)
	}
}

func TestApplyJudgeCacheAndMerge(t *testing.T) {
	const callers = 6
	release := make(chan struct{})
	var s *Scorer
	fj := &fakeJudge{reply: func(int, JudgeRequest) (JudgeReply, error) {
		<-release
		return JudgeReply{Content: judgeReply(t, "behavioral", 4, []string{"I profiled it with pprof"}, "ok", false)}, nil
	}}
	s = New(nil, WithJudge(fj, "m"), WithJudgeSettings(fastSettings()))
	var wg sync.WaitGroup
	results := make([]Result, callers)
	for i := range callers {
		wg.Go(func() { results[i] = judged(t, s, goodAnswer, 50, nil) })
	}
	// Hold the upstream call until every caller has asked.
	for s.JudgeStats().Requests < callers {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if fj.callCount() != 1 {
		t.Errorf("%d identical concurrent answers made %d upstream calls; want 1", callers, fj.callCount())
	}
	for i, r := range results {
		if r.Overall != results[0].Overall || hasResultFlag(&r, FlagDegraded) {
			t.Errorf("caller %d: overall %d flags %v; want %d, not degraded", i, r.Overall, r.Flags, results[0].Overall)
		}
	}
	judged(t, s, goodAnswer, 50, nil)
	if fj.callCount() != 1 {
		t.Errorf("a repeated answer reached the judge; want a cache hit")
	}
	judged(t, s, goodAnswer+" Also, I wrote it up.", 50, nil)
	if fj.callCount() != 2 {
		t.Errorf("a different answer did not reach the judge (%d calls); want 2", fj.callCount())
	}
	st := s.JudgeStats()
	if st.CacheHits+st.Merged != callers {
		t.Errorf("CacheHits %d + Merged %d = %d; want %d", st.CacheHits, st.Merged, st.CacheHits+st.Merged, callers)
	}
}

func TestJudgmentCacheIsBounded(t *testing.T) {
	c := newJudgmentCache(2)
	c.add("a", judgment{model: "a"})
	c.add("b", judgment{model: "b"})
	c.get("a")
	c.add("c", judgment{model: "c"})
	if _, ok := c.get("b"); ok {
		t.Errorf("least recently used entry b survived; want evicted")
	}
	if _, ok := c.get("a"); !ok || c.len() != 2 {
		t.Errorf("entry a evicted or len %d; want a kept, len 2", c.len())
	}
}

func TestApplyJudgeSkippedWithoutJudge(t *testing.T) {
	s := New(nil)
	var deltas []string
	res := judged(t, s, goodAnswer, 50, func(d string) { deltas = append(deltas, d) })
	if res.Overall != 50 || len(res.Flags) != 0 || res.Engine.PromptVersion != "" {
		t.Errorf("without a judge the result changed: %+v", res)
	}
	if len(deltas) != 0 {
		t.Errorf("onDelta got %q; want nothing", deltas)
	}
	if s.JudgeStats().Enabled {
		t.Errorf("JudgeStats().Enabled = true without a judge")
	}
}

func TestScoreWithFollowUpSink(t *testing.T) {
	fj := &fakeJudge{reply: func(int, JudgeRequest) (JudgeReply, error) {
		return JudgeReply{Content: judgeReply(t, "behavioral", 4, []string{"I profiled it with pprof"}, "ok", false)}, nil
	}}
	s := New(nil, WithJudge(fj, "m"), WithJudgeSettings(fastSettings()))
	sink := &followUpSink{}
	res := heuristicResult(50)
	s.applyJudge(context.WithValue(context.Background(), followUpKey{}, sink), perfQuestion, goodAnswer, &res, nil)
	if sink.text != "What did the profile show before the fix?" {
		t.Errorf("follow-up = %q; want the judge's", sink.text)
	}
}
