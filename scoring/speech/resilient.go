package speech

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/sony/gobreaker/v2"
)

// ResilienceSettings bound a remote engine; zero fields mean the defaults.
type ResilienceSettings struct {
	// AttemptTimeout bounds one attempt (default 60 s: a five-minute
	// recording takes a whisper server a while).
	AttemptTimeout time.Duration
	// TotalTimeout bounds all attempts together (default 150 s).
	TotalTimeout time.Duration
	// Retries is how many times a temporary failure is retried (default
	// 2; negative: none).
	Retries int
	// BaseDelay is the first backoff delay (default 500 ms), doubled each
	// retry, with jitter; a Retry-After from the server wins when longer.
	BaseDelay time.Duration
	// BreakerTrip is how many failures in a row open the circuit breaker
	// (default 5); while open, calls fail at once for BreakerOpenFor
	// (default 30 s).
	BreakerTrip    int
	BreakerOpenFor time.Duration
}

func (s ResilienceSettings) withDefaults() ResilienceSettings {
	if s.AttemptTimeout <= 0 {
		s.AttemptTimeout = 60 * time.Second
	}
	if s.TotalTimeout <= 0 {
		s.TotalTimeout = 150 * time.Second
	}
	if s.Retries == 0 {
		s.Retries = 2
	}
	if s.Retries < 0 {
		s.Retries = 0
	}
	if s.BaseDelay <= 0 {
		s.BaseDelay = 500 * time.Millisecond
	}
	if s.BreakerTrip <= 0 {
		s.BreakerTrip = 5
	}
	if s.BreakerOpenFor <= 0 {
		s.BreakerOpenFor = 30 * time.Second
	}
	return s
}

// ErrBreakerOpen: the engine failed too often lately; calls fail at once
// until the breaker lets one through again.
var ErrBreakerOpen = errors.New("transcription circuit breaker is open")

type resilient struct {
	engine  Transcriber
	cfg     ResilienceSettings
	breaker *gobreaker.CircuitBreaker[Recognition]
}

// Resilient wraps a remote engine with a deadline per attempt and one
// overall, retries of temporary failures with exponential backoff and
// jitter (honouring Retry-After), and a circuit breaker.
func Resilient(t Transcriber, cfg ResilienceSettings) Transcriber {
	cfg = cfg.withDefaults()
	r := &resilient{engine: t, cfg: cfg}
	r.breaker = gobreaker.NewCircuitBreaker[Recognition](gobreaker.Settings{
		Name:        "stt-" + t.Name(),
		MaxRequests: 1,
		Timeout:     cfg.BreakerOpenFor,
		ReadyToTrip: func(c gobreaker.Counts) bool { return c.ConsecutiveFailures >= uint32(cfg.BreakerTrip) },
		IsSuccessful: func(err error) bool {
			// A refusal of this recording (4xx) says the engine is up.
			var ee *EngineError
			if errors.As(err, &ee) {
				return !ee.Temporary
			}
			return err == nil
		},
		IsExcluded: func(err error) bool { return errors.Is(err, context.Canceled) },
	})
	return r
}

func (r *resilient) Name() string { return r.engine.Name() }

func (r *resilient) Transcribe(ctx context.Context, a Audio) (Recognition, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.TotalTimeout)
	defer cancel()
	delay := r.cfg.BaseDelay
	for attempt := 0; ; attempt++ {
		rec, err := r.breaker.Execute(func() (Recognition, error) {
			actx, acancel := context.WithTimeout(ctx, r.cfg.AttemptTimeout)
			defer acancel()
			rec, err := r.engine.Transcribe(actx, a)
			if err != nil && actx.Err() != nil && ctx.Err() == nil {
				// The attempt's deadline, not the caller's: worth a retry.
				err = &EngineError{Engine: r.engine.Name(), Temporary: true, Err: fmt.Errorf("attempt timed out after %s", r.cfg.AttemptTimeout)}
			}
			return rec, err
		})
		if err == nil {
			return rec, nil
		}
		if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
			return Recognition{}, &EngineError{Engine: r.engine.Name(), Temporary: true, Err: ErrBreakerOpen}
		}
		var ee *EngineError
		if attempt >= r.cfg.Retries || ctx.Err() != nil || !errors.As(err, &ee) || !ee.Temporary {
			return Recognition{}, err
		}
		wait := delay/2 + rand.N(delay/2+1)
		if ee.RetryAfter > wait {
			wait = ee.RetryAfter
		}
		delay *= 2
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return Recognition{}, err
		case <-t.C:
		}
	}
}
