package interview

import (
	"context"
	mrand "math/rand/v2"
	"sync"
	"time"
)

// FuncNotifier is a Notifier that can also call a function on each
// notification instead of filling a channel, so that a subscriber needs no
// goroutine waiting on it. Watch uses it when the Notifier has it; Broker
// and the PostgreSQL notifier do.
type FuncNotifier interface {
	Notifier
	// SubscribeFunc calls f with the latest stored seq after each
	// notification of the session, until cancel is called. f must not
	// block: it is called by Notify.
	SubscribeFunc(sessionID string, f func(seq int64)) (cancel func())
}

// Watch is Follow without a goroutine of its own while nothing happens: it
// returns at once, then delivers every event of the session after
// afterSeq, in order and without duplicates, then each new one as it is
// stored, on short-lived goroutines, one delivery at a time. It re-reads
// the store on every notification and every poll interval, like Follow.
// When ctx is done or deliver fails, the watch ends and done is called
// once, after the last deliver returned, with ctx.Err() or deliver's or
// the store's error.
//
// A live websocket idles for hours; Watch is what lets an idle one cost
// only its reader (docs/performance.md, "Idle live interviews").
func (s *Service) Watch(ctx context.Context, id string, afterSeq int64, deliver func(Event) error, done func(error)) {
	w := &watcher{s: s, ctx: ctx, id: id, last: afterSeq, deliver: deliver, done: done}
	w.interval = s.cfg.pollInterval + time.Duration(mrand.Int64N(int64(s.cfg.pollInterval)/10+1))
	w.mu.Lock() // no kick runs before the watch is set up
	if fn, ok := s.cfg.notifier.(FuncNotifier); ok {
		w.unsubscribe = fn.SubscribeFunc(id, func(int64) { w.kick() })
	} else {
		ch, cancel := s.cfg.notifier.Subscribe(id)
		w.unsubscribe = cancel
		go func() { // a Notifier of channels only: one goroutine waits
			for range ch {
				w.kick()
			}
		}()
	}
	w.poll = time.AfterFunc(w.interval, w.kick)
	w.stopEnd = context.AfterFunc(ctx, w.end)
	w.mu.Unlock()
	w.kick() // the events stored so far
}

// watcher is one Watch. mu guards running, again and ended; last is owned
// by the delivery goroutine of the moment.
type watcher struct {
	s        *Service
	ctx      context.Context
	id       string
	deliver  func(Event) error
	done     func(error)
	interval time.Duration

	mu          sync.Mutex
	running     bool // a delivery goroutine is on
	again       bool // a notification came while it was
	ended       bool
	unsubscribe func()
	poll        *time.Timer
	stopEnd     func() bool
	last        int64
	finishOnce  sync.Once
}

// kick starts a delivery goroutine, or tells the running one to read once
// more.
func (w *watcher) kick() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ended {
		return
	}
	if w.running {
		w.again = true
		return
	}
	w.running = true
	go w.pump()
}

// pump reads and delivers until nothing new is stored, then arms the poll
// timer and returns.
func (w *watcher) pump() {
	const page = 500
	for {
		var err error
		for {
			var evs []Event
			if evs, err = w.s.store.Events(w.ctx, w.id, w.last, page); err != nil {
				break
			}
			for _, ev := range evs {
				if err = w.deliver(ev); err != nil {
					break
				}
				w.last = ev.Seq
			}
			if err != nil || len(evs) < page {
				break
			}
		}
		w.mu.Lock()
		if err == nil && w.ctx.Err() != nil {
			err = w.ctx.Err()
		}
		if err != nil || w.ended {
			w.running, w.ended = false, true
			w.mu.Unlock()
			w.finish(err)
			return
		}
		if !w.again {
			w.running = false
			w.poll.Reset(w.interval)
			w.mu.Unlock()
			return
		}
		w.again = false
		w.mu.Unlock()
	}
}

// end runs when ctx is done: a running delivery finishes the watch when it
// sees it; otherwise end does.
func (w *watcher) end() {
	w.mu.Lock()
	w.ended = true
	running := w.running
	w.mu.Unlock()
	if !running {
		w.finish(w.ctx.Err())
	}
}

// finish releases the watch and calls done, once.
func (w *watcher) finish(err error) {
	w.finishOnce.Do(func() {
		w.unsubscribe()
		w.poll.Stop()
		w.stopEnd()
		if err == nil {
			err = w.ctx.Err()
		}
		w.done(err)
	})
}
