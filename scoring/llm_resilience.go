package scoring

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/sony/gobreaker/v2"
	"golang.org/x/sync/semaphore"
	"golang.org/x/sync/singleflight"

	"github.com/mockinterview/mockinterview/prompts"
)

var (
	errBreakerOpen = errors.New("llm judge circuit breaker is open")
	errPrompt      = errors.New("render judge prompt")
)

// judgment is a judge reply that parsed and matched the schema, before
// its quotes are checked against the answer.
type judgment struct {
	reply prompts.Reply
	model string
}

// judgeCaller wraps the Judge with everything a flaky, slow, paid upstream
// needs: a cache of judgments, merging of identical concurrent requests, a
// bound on calls in flight, a circuit breaker, and retries with
// exponential backoff and jitter that honour Retry-After, all under a
// deadline per attempt and one overall.
type judgeCaller struct {
	upstream Judge
	model    string
	cfg      JudgeSettings

	breaker *gobreaker.CircuitBreaker[JudgeReply]
	cache   *judgmentCache
	group   singleflight.Group
	sem     *semaphore.Weighted
	stats   judgeStats
}

func newJudgeCaller(j Judge, model string, cfg JudgeSettings) *judgeCaller {
	c := &judgeCaller{
		upstream: j,
		model:    model,
		cfg:      cfg,
		cache:    newJudgmentCache(cfg.CacheSize),
		sem:      semaphore.NewWeighted(int64(cfg.MaxConcurrent)),
	}
	c.stats.failures = map[string]uint64{}
	c.breaker = gobreaker.NewCircuitBreaker[JudgeReply](gobreaker.Settings{
		Name:        "llm-judge",
		MaxRequests: 1,
		Timeout:     cfg.BreakerOpenFor,
		ReadyToTrip: func(counts gobreaker.Counts) bool {
			return cfg.BreakerTrip > 0 && counts.ConsecutiveFailures >= uint32(cfg.BreakerTrip)
		},
		// A 4xx other than 408/429 means the upstream is alive and said no
		// to this request; that is no reason to stop calling it.
		IsSuccessful: func(err error) bool {
			var je *JudgeError
			if errors.As(err, &je) {
				return je.Status >= 400 && je.Status < 500 && je.Status != 408 && je.Status != 429
			}
			return err == nil
		},
		IsExcluded: func(err error) bool { return errors.Is(err, context.Canceled) },
	})
	return c
}

// ask returns the judgment for in: from the cache, from an identical call
// already in flight, or from the upstream. sink (nil: no streaming)
// receives the feedback summary as it is written when this call is the one
// that reaches the upstream.
func (c *judgeCaller) ask(ctx context.Context, in prompts.Input, sink *deltaSink) (judgment, error) {
	c.stats.requests.Add(1)
	key := judgmentKey(c.model, in)
	if j, ok := c.cache.get(key); ok {
		c.stats.cacheHits.Add(1)
		return j, nil
	}
	leader := false
	ch := c.group.DoChan(key, func() (any, error) {
		leader = true
		// An identical call may have finished between our cache miss and
		// this point; its judgment is in the cache by now.
		if j, ok := c.cache.get(key); ok {
			c.stats.cacheHits.Add(1)
			return j, nil
		}
		// The upstream call serves every merged caller, so it does not die
		// with the first one's context; TotalTimeout bounds it.
		callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.TotalTimeout)
		defer cancel()
		j, err := c.withRetries(callCtx, in, sink)
		if err == nil {
			c.cache.add(key, j)
		}
		return j, err
	})
	select {
	case r := <-ch:
		if !leader {
			c.stats.merged.Add(1)
		}
		if r.Err != nil {
			return judgment{}, r.Err
		}
		return r.Val.(judgment), nil
	case <-ctx.Done():
		return judgment{}, ctx.Err()
	}
}

// withRetries renders the prompt and calls the upstream until it gives a
// reply that matches the schema, a permanent error, or time runs out.
// Once any streamed text has reached the candidate it never retries: the
// candidate would read a second, different summary.
func (c *judgeCaller) withRetries(ctx context.Context, in prompts.Input, sink *deltaSink) (judgment, error) {
	p, err := prompts.Render(in)
	if err != nil {
		return judgment{}, fmt.Errorf("%w: %w", errPrompt, err)
	}
	req := JudgeRequest{
		Model: c.model,
		Messages: []JudgeMessage{
			{Role: "system", Content: p.System},
			{Role: "user", Content: p.User},
		},
		SchemaName:  p.SchemaName,
		Schema:      p.Schema,
		Temperature: 0,
		MaxTokens:   c.cfg.MaxTokens,
	}
	streamed := false
	op := func() (judgment, error) {
		r := req
		var x *summaryExtractor
		if sink != nil {
			x = &summaryExtractor{emit: sink.send}
			r.Stream, r.OnDelta = true, x.Write
		}
		reply, err := c.attempt(ctx, r)
		streamed = streamed || (x != nil && x.Emitted())
		if err != nil {
			if streamed {
				return judgment{}, backoff.Permanent(err)
			}
			return judgment{}, c.retryable(err)
		}
		if reply.Truncated {
			return judgment{}, backoff.Permanent(errTruncated)
		}
		// At temperature 0 a malformed reply would come back malformed:
		// no retry, the heuristic result stands.
		parsed, err := prompts.ParseReply(in.Category, []byte(reply.Content))
		if err != nil {
			return judgment{}, backoff.Permanent(err)
		}
		model := reply.Model
		if model == "" {
			model = c.model
		}
		return judgment{reply: parsed, model: model}, nil
	}
	expo := backoff.NewExponentialBackOff()
	expo.InitialInterval = c.cfg.InitialBackoff
	expo.MaxInterval = c.cfg.MaxBackoff
	expo.Multiplier = 2
	expo.RandomizationFactor = 0.5
	return backoff.Retry(ctx, op,
		backoff.WithBackOff(expo),
		backoff.WithMaxTries(uint(c.cfg.MaxAttempts)),
		backoff.WithMaxElapsedTime(c.cfg.TotalTimeout))
}

// attempt makes one upstream call within the concurrency bound, the
// breaker and the per-attempt deadline.
func (c *judgeCaller) attempt(ctx context.Context, req JudgeRequest) (JudgeReply, error) {
	if err := c.sem.Acquire(ctx, 1); err != nil {
		return JudgeReply{}, err
	}
	defer c.sem.Release(1)
	c.stats.inFlight.Add(1)
	defer c.stats.inFlight.Add(-1)
	actx, cancel := context.WithTimeout(ctx, c.cfg.AttemptTimeout)
	defer cancel()
	start := time.Now()
	called := false
	reply, err := c.breaker.Execute(func() (JudgeReply, error) {
		called = true
		c.stats.upstream.Add(1)
		return c.upstream.Judge(actx, req)
	})
	if !called {
		return JudgeReply{}, errBreakerOpen
	}
	c.stats.observe(time.Since(start), reply)
	if err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("attempt deadline %s: %w", c.cfg.AttemptTimeout, context.DeadlineExceeded)
	}
	return reply, err
}

// retryAfterError carries a failed attempt's error together with the wait
// backoff.Retry must honour before the next one.
type retryAfterError struct {
	err  error
	wait *backoff.RetryAfterError
}

func (e *retryAfterError) Error() string   { return e.err.Error() }
func (e *retryAfterError) Unwrap() []error { return []error{e.err, e.wait} }

// retryable decides whether a failed attempt is worth another.
func (c *judgeCaller) retryable(err error) error {
	if errors.Is(err, errBreakerOpen) || errors.Is(err, context.Canceled) {
		return backoff.Permanent(err)
	}
	var je *JudgeError
	if errors.As(err, &je) {
		if !je.Temporary {
			return backoff.Permanent(err)
		}
		if je.RetryAfter > 0 {
			return &retryAfterError{err: err, wait: &backoff.RetryAfterError{Duration: min(je.RetryAfter, c.cfg.MaxRetryAfter)}}
		}
	}
	return err
}

// degradedReason names a judge failure for Result.DegradedReason.
func degradedReason(err error) string {
	var je *JudgeError
	switch {
	case errors.Is(err, errBreakerOpen):
		return DegradedBreakerOpen
	case errors.Is(err, errUnverified):
		return DegradedUnverified
	case errors.Is(err, errTruncated):
		return DegradedTruncated
	case errors.Is(err, prompts.ErrMalformedReply):
		return DegradedMalformed
	case errors.Is(err, prompts.ErrSchemaMismatch):
		return DegradedSchema
	case errors.Is(err, errPrompt):
		return DegradedPrompt
	case errors.Is(err, context.DeadlineExceeded):
		return DegradedTimeout
	case errors.Is(err, context.Canceled):
		return DegradedCanceled
	case errors.As(err, &je):
		switch {
		case je.Status == 429:
			return DegradedRateLimited
		case je.Status == 408:
			return DegradedTimeout
		case je.Status >= 500:
			return DegradedUpstream
		case je.Status >= 400:
			return DegradedRejected
		case je.Status == 0:
			return DegradedUnreachable
		}
	}
	return DegradedJudgeInternal
}

// judgmentKey identifies a judgment: the same model, prompt version,
// question and answer get the same judgment at temperature 0.
func judgmentKey(model string, in prompts.Input) string {
	h := sha256.New()
	field := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	field(model)
	field(prompts.Version)
	field(in.Category)
	field(in.Question)
	field(in.Tips)
	field(in.ReferenceAnswer)
	for _, tp := range in.TalkingPoints {
		field(tp.ID)
		field(tp.Label)
	}
	field(in.Answer)
	return string(h.Sum(nil))
}

// judgmentCache is a bounded LRU of judgments.
type judgmentCache struct {
	mu    sync.Mutex
	size  int
	order *list.List // front: most recently used
	byKey map[string]*list.Element
}

type cachedJudgment struct {
	key string
	j   judgment
}

func newJudgmentCache(size int) *judgmentCache {
	return &judgmentCache{size: size, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *judgmentCache) get(key string) (judgment, bool) {
	if c.size <= 0 {
		return judgment{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return judgment{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedJudgment).j, true
}

func (c *judgmentCache) add(key string, j judgment) {
	if c.size <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		e.Value.(*cachedJudgment).j = j
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&cachedJudgment{key: key, j: j})
	for c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cachedJudgment).key)
	}
}

func (c *judgmentCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// JudgeLatencyBuckets are the upper bounds, in seconds, of the latency
// histogram in JudgeStats.
var JudgeLatencyBuckets = []float64{0.25, 0.5, 1, 2, 4, 8, 15, 30, 60}

// JudgeStats is a snapshot of the judge's counters, for /metrics: scoring
// stays free of Prometheus; scoring/openai turns this into a collector.
type JudgeStats struct {
	Enabled bool
	Model   string
	// Requests counts answers that asked the judge; CacheHits and Merged
	// those served from the cache or by another caller's identical call.
	Requests  uint64
	CacheHits uint64
	Merged    uint64
	// UpstreamCalls counts attempts that reached the judge (retries too).
	UpstreamCalls uint64
	InFlight      int64
	// Failures counts degraded answers by reason (the Degraded* values).
	Failures map[string]uint64
	// Latency of upstream attempts: a cumulative histogram over
	// JudgeLatencyBuckets, plus sum and count.
	LatencyBuckets []uint64
	LatencySum     time.Duration
	LatencyCount   uint64
	// Tokens the upstream reported.
	PromptTokens     uint64
	CompletionTokens uint64
	// BreakerState is "closed", "half-open" or "open".
	BreakerState string
	CacheEntries int
}

type judgeStats struct {
	requests, cacheHits, merged, upstream atomic.Uint64
	promptTokens, completionTokens        atomic.Uint64
	inFlight                              atomic.Int64

	mu           sync.Mutex
	failures     map[string]uint64
	buckets      [10]uint64 // len(JudgeLatencyBuckets)+1
	latencySum   time.Duration
	latencyCount uint64
}

func (s *judgeStats) observe(d time.Duration, r JudgeReply) {
	s.promptTokens.Add(uint64(max(r.PromptTokens, 0)))
	s.completionTokens.Add(uint64(max(r.CompletionTokens, 0)))
	s.mu.Lock()
	defer s.mu.Unlock()
	i := 0
	for i < len(JudgeLatencyBuckets) && d.Seconds() > JudgeLatencyBuckets[i] {
		i++
	}
	s.buckets[i]++
	s.latencySum += d
	s.latencyCount++
}

func (s *judgeStats) fail(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[reason]++
}

// JudgeStats returns a snapshot of the LLM judge's counters; Enabled is
// false when the Scorer has no judge.
func (s *Scorer) JudgeStats() JudgeStats {
	l := &s.llm
	if l.judge == nil {
		return JudgeStats{}
	}
	c := l.caller()
	st := JudgeStats{
		Enabled:          true,
		Model:            l.model,
		Requests:         c.stats.requests.Load(),
		CacheHits:        c.stats.cacheHits.Load(),
		Merged:           c.stats.merged.Load(),
		UpstreamCalls:    c.stats.upstream.Load(),
		InFlight:         c.stats.inFlight.Load(),
		PromptTokens:     c.stats.promptTokens.Load(),
		CompletionTokens: c.stats.completionTokens.Load(),
		BreakerState:     c.breaker.State().String(),
		CacheEntries:     c.cache.len(),
		Failures:         map[string]uint64{},
	}
	c.stats.mu.Lock()
	defer c.stats.mu.Unlock()
	for k, v := range c.stats.failures {
		st.Failures[k] = v
	}
	var cum uint64
	for i := range JudgeLatencyBuckets {
		cum += c.stats.buckets[i]
		st.LatencyBuckets = append(st.LatencyBuckets, cum)
	}
	st.LatencySum, st.LatencyCount = c.stats.latencySum, c.stats.latencyCount
	return st
}
