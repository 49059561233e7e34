package scoring

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/mockinterview/mockinterview/prompts"
	"github.com/mockinterview/mockinterview/questions"
)

// Judge is the LLM rubric judge that scoring needs. Adapters (the go-openai
// one in scoring/openai) implement it; no SDK type crosses it. Judge makes
// one upstream attempt: retries, deadlines, the circuit breaker, the cache
// and the concurrency bound live in scoring, around it. Errors that carry an
// HTTP status or a Retry-After are returned as *JudgeError.
type Judge interface {
	Judge(ctx context.Context, req JudgeRequest) (JudgeReply, error)
}

// JudgeMessage is one chat message of a judge request.
type JudgeMessage struct {
	Role    string // "system" or "user"
	Content string
}

// JudgeRequest is what the judge is asked: chat messages, a strict JSON
// schema the reply must match, and the sampling limits.
type JudgeRequest struct {
	Model    string
	Messages []JudgeMessage
	// SchemaName and Schema are the strict JSON schema of the reply.
	SchemaName string
	Schema     json.RawMessage
	// Temperature is always 0: the same answer should get the same score.
	Temperature float64
	// MaxTokens caps the reply length (and so its cost).
	MaxTokens int
	// Stream asks for the reply in pieces; OnDelta then receives each piece
	// of the raw reply text as it arrives, before Judge returns.
	Stream  bool
	OnDelta func(text string)
}

// JudgeReply is what the judge answers.
type JudgeReply struct {
	// Content is the whole reply text: JSON matching the request's schema.
	Content string
	// Model is the model that answered, as the server names it.
	Model            string
	PromptTokens     int
	CompletionTokens int
	// Truncated says the reply stopped at MaxTokens.
	Truncated bool
}

// JudgeError is a failed judge call as the adapter saw it: the HTTP status
// (0 when no response came), how long the server asked us to wait, and
// whether trying again may help.
type JudgeError struct {
	Status     int
	RetryAfter time.Duration
	Temporary  bool
	Err        error
}

func (e *JudgeError) Error() string {
	if e.Status > 0 {
		return fmt.Sprintf("llm judge: status %d: %v", e.Status, e.Err)
	}
	return fmt.Sprintf("llm judge: %v", e.Err)
}

func (e *JudgeError) Unwrap() error { return e.Err }

// Degraded reasons: why an LLM judgment that was asked for is not in a
// result. They are the values of Result.DegradedReason and the failure
// labels of JudgeStats.
const (
	DegradedTimeout       = "timeout"             // no reply within the deadlines
	DegradedBreakerOpen   = "breaker_open"        // upstream failing; not called
	DegradedRateLimited   = "rate_limited"        // 429 after the retries
	DegradedUpstream      = "upstream_error"      // 5xx after the retries
	DegradedUnreachable   = "unreachable"         // no HTTP response at all
	DegradedRejected      = "rejected"            // 4xx: bad key, model, request
	DegradedMalformed     = "malformed_reply"     // reply is not JSON
	DegradedSchema        = "schema_mismatch"     // JSON, but not the schema
	DegradedTruncated     = "truncated"           // reply cut at max tokens
	DegradedUnverified    = "evidence_unverified" // most criteria quoted text not in the answer
	DegradedCanceled      = "canceled"            // the caller went away
	DegradedPrompt        = "prompt_error"        // the prompt could not be rendered
	DegradedJudgeInternal = "judge_error"         // anything else
)

// Defaults of JudgeSettings.
const (
	DefaultJudgeAttemptTimeout = 25 * time.Second
	DefaultJudgeTotalTimeout   = 60 * time.Second
	DefaultJudgeMaxAttempts    = 3
	DefaultJudgeMaxRetryAfter  = 10 * time.Second
	DefaultJudgeMaxTokens      = 1500
	DefaultJudgeMaxConcurrent  = 4
	DefaultJudgeCacheSize      = 1024
	DefaultJudgeBreakerTrip    = 5
	DefaultJudgeBreakerOpenFor = 30 * time.Second
)

// JudgeSettings tunes the resilience around the judge. Zero fields take
// the defaults above.
type JudgeSettings struct {
	// AttemptTimeout bounds one upstream call; TotalTimeout bounds all
	// attempts and waits for one answer.
	AttemptTimeout time.Duration
	TotalTimeout   time.Duration
	// MaxAttempts counts the first call; 1 means no retry.
	MaxAttempts int
	// InitialBackoff and MaxBackoff shape the exponential backoff (with
	// ±50% jitter) between attempts; MaxRetryAfter caps a server's
	// Retry-After.
	InitialBackoff time.Duration
	MaxBackoff     time.Duration
	MaxRetryAfter  time.Duration
	// MaxTokens caps the reply length.
	MaxTokens int
	// MaxConcurrent bounds the upstream calls in flight.
	MaxConcurrent int
	// CacheSize is the number of judgments kept (LRU); negative disables.
	CacheSize int
	// BreakerTrip consecutive failed attempts open the circuit breaker for
	// BreakerOpenFor; then one probe call decides whether it closes.
	BreakerTrip    int
	BreakerOpenFor time.Duration
}

func (c JudgeSettings) withDefaults() JudgeSettings {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	defInt := func(n *int, v int) {
		if *n == 0 {
			*n = v
		}
	}
	def(&c.AttemptTimeout, DefaultJudgeAttemptTimeout)
	def(&c.TotalTimeout, DefaultJudgeTotalTimeout)
	def(&c.InitialBackoff, 500*time.Millisecond)
	def(&c.MaxBackoff, 5*time.Second)
	def(&c.MaxRetryAfter, DefaultJudgeMaxRetryAfter)
	def(&c.BreakerOpenFor, DefaultJudgeBreakerOpenFor)
	defInt(&c.MaxAttempts, DefaultJudgeMaxAttempts)
	defInt(&c.MaxTokens, DefaultJudgeMaxTokens)
	defInt(&c.MaxConcurrent, DefaultJudgeMaxConcurrent)
	defInt(&c.CacheSize, DefaultJudgeCacheSize)
	defInt(&c.BreakerTrip, DefaultJudgeBreakerTrip)
	c.MaxAttempts = max(c.MaxAttempts, 1)
	c.MaxConcurrent = max(c.MaxConcurrent, 1)
	return c
}

// WithJudge makes the Scorer ask j, naming model in its requests, for an
// LLM rubric on every answer, and combine it with the heuristics.
func WithJudge(j Judge, model string) Option {
	return func(s *Scorer) {
		s.llm.judge = j
		s.llm.model = model
	}
}

// WithJudgeSettings sets the judge's deadlines, retries, breaker, cache and
// concurrency bound.
func WithJudgeSettings(cfg JudgeSettings) Option {
	return func(s *Scorer) { s.llm.settings = cfg }
}

// llmState is the Scorer's LLM configuration (owned by this file) and the
// resilience machinery around the judge (llm_resilience.go), built on
// first use.
type llmState struct {
	judge    Judge
	model    string
	settings JudgeSettings

	once sync.Once
	call *judgeCaller
}

// caller returns the resilience machinery, building it on first use.
func (l *llmState) caller() *judgeCaller {
	l.once.Do(func() { l.call = newJudgeCaller(l.judge, l.model, l.settings.withDefaults()) })
	return l.call
}

// Weights of the combination (docs/scoring.md, "LLM rubric").
const (
	rubricWeight       = 0.6 // the judge's rubric, 0–100
	heuristicWeight    = 1 - rubricWeight
	disagreementPoints = 25 // |rubric − heuristic| above this needs a human
)

var (
	errUnverified = errors.New("most rubric evidence is not in the answer")
	errTruncated  = errors.New("judge reply cut at max tokens")
)

// followUpSink is where applyJudge leaves the judge's follow-up question
// for ScoreWithFollowUp (a context value, so Result keeps its contract).
type followUpSink struct{ text string }

type followUpKey struct{}

// ScoreWithFollowUp scores like ScoreStream and also returns the follow-up
// question the judge wrote, aimed at the weakest part of the answer. It is
// "" when no judge answered or injection was suspected; the caller then
// falls back to the question's deterministic follow-ups.
func (s *Scorer) ScoreWithFollowUp(ctx context.Context, in Input, onDelta func(string)) (Result, string, error) {
	sink := &followUpSink{}
	res, err := s.ScoreStream(context.WithValue(ctx, followUpKey{}, sink), in, onDelta)
	return res, sink.text, err
}

// applyJudge asks the judge (when configured) and folds its rubric into res,
// which holds the heuristic result on entry. When onDelta is not nil the
// judge streams and onDelta receives the feedback summary as the judge
// writes it; when nothing was streamed (no judge, a cache hit, a merged
// call, a failure) ScoreStream sends the final feedback itself. On any
// failure res keeps the heuristic scores, with the degraded flag and reason.
func (s *Scorer) applyJudge(ctx context.Context, q questions.Question, answer string, res *Result, onDelta func(string)) {
	sink := &deltaSink{fn: onDelta}
	defer sink.close()
	// The heuristic pass already ran detectInjection and flagged res.
	suspected := hasResultFlag(res, FlagInjectionSuspected)
	l := &s.llm
	if l.judge == nil {
		return
	}
	caller := l.caller()

	category := q.Category
	if category == "" {
		category = res.Category
	}
	in := prompts.Input{
		Category:        string(category),
		Question:        q.Text,
		Tips:            q.Tips,
		ReferenceAnswer: q.ReferenceAnswer,
		Answer:          answer,
	}
	for _, tp := range q.TalkingPoints {
		in.TalkingPoints = append(in.TalkingPoints, prompts.TalkingPoint{ID: tp.ID, Label: tp.Label})
	}
	// A suspected answer is judged without streaming: a judge it fooled
	// must not have its praise reach the candidate.
	stream := sink
	if suspected || onDelta == nil {
		stream = nil
	}
	j, err := caller.ask(ctx, in, stream)
	if err == nil {
		err = foldJudgment(j, answer, res, suspected)
	}
	if err != nil {
		reason := degradedReason(err)
		caller.stats.fail(reason)
		addResultFlag(res, FlagDegraded)
		res.DegradedReason = reason
		return
	}
	if fu, ok := ctx.Value(followUpKey{}).(*followUpSink); ok && !hasResultFlag(res, FlagInjectionSuspected) {
		fu.text = j.reply.FollowUp
	}
}

// foldJudgment checks the judge's quotes against the answer, fills the
// rubric and combines it with the heuristic result already in res.
func foldJudgment(j judgment, answer string, res *Result, suspected bool) error {
	var rubric []Criterion
	for _, c := range j.reply.Rubric {
		ev := locateQuotes(answer, c.Evidence)
		// Invented quotes are never shown; a criterion whose quotes were all
		// invented, or that scores 3+ with no quote (the prompt requires
		// one), is not backed by the answer and does not count.
		if len(ev) == 0 && (len(c.Evidence) > 0 || c.Score >= 3) {
			continue
		}
		if ev == nil {
			ev = []Evidence{}
		}
		rubric = append(rubric, Criterion{Criterion: c.ID, Score: c.Score, Reasoning: c.Reasoning, Evidence: ev})
	}
	if len(rubric)*2 < len(j.reply.Rubric) || len(rubric) == 0 {
		return errUnverified
	}
	heuristic := res.Overall
	sum := 0
	for _, c := range rubric {
		sum += c.Score
	}
	rubricOverall := (float64(sum)/float64(len(rubric)) - 1) / 4 * 100
	overall := int(math.Round(rubricWeight*rubricOverall + heuristicWeight*float64(heuristic)))
	if j.reply.InjectionDetected {
		suspected = true
		addResultFlag(res, FlagInjectionSuspected)
	}
	if suspected {
		overall = min(overall, heuristic)
	}
	if math.Abs(rubricOverall-float64(heuristic)) > disagreementPoints {
		addResultFlag(res, FlagNeedsReview)
	}
	res.Rubric = rubric
	res.Overall = max(0, min(100, overall))
	res.Band = BandOf(res.Overall)
	if !suspected {
		mergeJudgeFeedback(&res.Feedback, j.reply.Feedback, answer)
	}
	res.Engine.PromptVersion = prompts.Version
	res.Engine.Model = j.model
	return nil
}

// mergeJudgeFeedback puts the judge's feedback in place of the heuristic
// one, dropping strengths and improvements that quote text the answer does
// not contain. Empty lists keep the heuristic ones.
func mergeJudgeFeedback(fb *Feedback, judge prompts.Feedback, answer string) {
	if s := strings.TrimSpace(judge.Summary); s != "" {
		fb.Summary = s
	}
	if items := verifiedFeedbackItems(judge.Strengths, answer); len(items) > 0 {
		fb.Strengths = items
	}
	if items := verifiedFeedbackItems(judge.Improvements, answer); len(items) > 0 {
		fb.Improvements = items
	}
}

func addResultFlag(res *Result, flag string) {
	if !hasResultFlag(res, flag) {
		res.Flags = append(res.Flags, flag)
	}
}

func hasResultFlag(res *Result, flag string) bool {
	for _, f := range res.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// deltaSink forwards streamed feedback to the caller's onDelta until the
// caller has returned (the upstream call may outlive it when merged with
// another caller's), and remembers whether anything was sent.
type deltaSink struct {
	mu     sync.Mutex
	fn     func(string)
	closed bool
	sent   bool
}

func (d *deltaSink) send(text string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.fn == nil || text == "" {
		return
	}
	d.sent = true
	d.fn(text)
}

// close stops forwarding and reports whether anything was sent.
func (d *deltaSink) close() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	return d.sent
}
