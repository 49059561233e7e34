package speech_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/scoring/speech"
)

// fakeEngine fails its first failures calls with err, then hears text.
type fakeEngine struct {
	calls    atomic.Int32
	failures int32
	err      error
	delay    time.Duration
}

func (f *fakeEngine) Name() string { return "fake" }

func (f *fakeEngine) Transcribe(ctx context.Context, a speech.Audio) (speech.Recognition, error) {
	n := f.calls.Add(1)
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
			return speech.Recognition{}, ctx.Err()
		}
	}
	if n <= f.failures {
		return speech.Recognition{}, f.err
	}
	return speech.Recognition{Text: "hello there", Words: []speech.Word{{Word: "hello", Start: 0.1, End: 0.4}, {Word: "there", Start: 0.5, End: 0.8}}}, nil
}

var fast = speech.ResilienceSettings{BaseDelay: time.Millisecond, AttemptTimeout: time.Second, TotalTimeout: 5 * time.Second}

func TestResilientRetriesTemporary(t *testing.T) {
	f := &fakeEngine{failures: 2, err: &speech.EngineError{Engine: "fake", Status: 503, Temporary: true, Err: errors.New("busy")}}
	svc := speech.NewService(speech.Resilient(f, fast), speech.Limits{})
	tr, err := svc.Transcribe(context.Background(), speech.Audio{Samples: make([]int16, 16000)})
	if err != nil || tr.Text != "hello there" || f.calls.Load() != 3 {
		t.Fatalf("Transcribe = %q, %v after %d calls; want hello there after 3", tr.Text, err, f.calls.Load())
	}
	if tr.Engine != "fake" || tr.Duration != 1 || tr.Delivery.Words != 2 {
		t.Errorf("transcript = %+v", tr)
	}
}

func TestResilientGivesUp(t *testing.T) {
	permanent := &fakeEngine{failures: 10, err: &speech.EngineError{Engine: "fake", Status: 400, Err: errors.New("bad file")}}
	if _, err := speech.Resilient(permanent, fast).Transcribe(context.Background(), speech.Audio{}); !errors.Is(err, speech.ErrEngine) || permanent.calls.Load() != 1 {
		t.Errorf("400: err %v after %d calls; want ErrEngine after 1", err, permanent.calls.Load())
	}
	down := &fakeEngine{failures: 100, err: &speech.EngineError{Engine: "fake", Temporary: true, Err: errors.New("connection refused")}}
	r := speech.Resilient(down, speech.ResilienceSettings{BaseDelay: time.Millisecond, Retries: 1, BreakerTrip: 4})
	for range 2 {
		_, _ = r.Transcribe(context.Background(), speech.Audio{})
	}
	_, err := r.Transcribe(context.Background(), speech.Audio{})
	if !errors.Is(err, speech.ErrBreakerOpen) || down.calls.Load() != 4 {
		t.Errorf("after 4 failures: %v, %d calls; want the breaker open after 4", err, down.calls.Load())
	}
}

func TestResilientSlowEngine(t *testing.T) {
	slow := &fakeEngine{delay: time.Second}
	r := speech.Resilient(slow, speech.ResilienceSettings{AttemptTimeout: 50 * time.Millisecond, TotalTimeout: 300 * time.Millisecond, BaseDelay: time.Millisecond, Retries: 1})
	start := time.Now()
	_, err := r.Transcribe(context.Background(), speech.Audio{})
	var ee *speech.EngineError
	if !errors.As(err, &ee) || !ee.Temporary || slow.calls.Load() != 2 {
		t.Errorf("slow engine: %v after %d calls; want a temporary EngineError after 2", err, slow.calls.Load())
	}
	if d := time.Since(start); d > 900*time.Millisecond {
		t.Errorf("took %s; want the attempt deadlines to cut it short", d)
	}
}

func TestServiceOff(t *testing.T) {
	svc := speech.NewService(nil, speech.Limits{})
	if svc.Enabled() {
		t.Error("Enabled with no engine")
	}
	if _, err := svc.Transcribe(context.Background(), speech.Audio{}); !errors.Is(err, speech.ErrDisabled) {
		t.Errorf("Transcribe = %v; want ErrDisabled", err)
	}
}
