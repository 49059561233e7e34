package web

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestResetQueue: requests run one at a time, in order; a full or closed
// queue refuses at once; Close runs what is queued before it returns, and
// when its context ends first, the ones left run with a canceled context
// and Close still returns only once the worker has ended.
func TestResetQueue(t *testing.T) {
	q := NewResetQueue(2, nil)
	var (
		mu  sync.Mutex
		ran []int
	)
	started, unblock := make(chan struct{}), make(chan struct{})
	record := func(i int) func(context.Context) {
		return func(context.Context) { mu.Lock(); ran = append(ran, i); mu.Unlock() }
	}
	if !q.add(func(context.Context) { close(started); <-unblock }) {
		t.Fatal("add to an empty queue refused")
	}
	<-started // the worker holds the first; two more fit
	for i := 1; i <= 2; i++ {
		if !q.add(record(i)) {
			t.Fatalf("add %d refused; the queue holds 2", i)
		}
	}
	if q.add(record(3)) {
		t.Error("add to a full queue accepted; want it refused without waiting")
	}
	closed := make(chan error, 1)
	go func() { closed <- q.Close(context.Background()) }()
	close(unblock)
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	if q.add(record(4)) {
		t.Error("add to a closed queue accepted")
	}
	mu.Lock()
	if !slices.Equal(ran, []int{1, 2}) {
		t.Errorf("ran %v; want [1 2]: the queued requests, in order, before Close returned", ran)
	}
	mu.Unlock()
	if err := q.Close(context.Background()); err != nil {
		t.Errorf("a second Close: %v", err)
	}

	// Close's context ends while a request runs: the one left runs with a
	// canceled context.
	q = NewResetQueue(2, nil)
	started = make(chan struct{})
	left := make(chan error, 1)
	q.add(func(ctx context.Context) { close(started); <-ctx.Done() }) // a store call that hangs until canceled
	q.add(func(ctx context.Context) { left <- ctx.Err() })
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if err := q.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close after its deadline = %v; want DeadlineExceeded", err)
	}
	select {
	case <-q.done:
	default:
		t.Error("Close returned before the worker ended")
	}
	if err := <-left; !errors.Is(err, context.Canceled) {
		t.Errorf("the request left ran with context error %v; want Canceled", err)
	}
}
