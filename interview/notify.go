package interview

import (
	"context"
	"sync"
)

// Notifier tells subscribers that a session has new stored events. A
// notification is only a hint carrying the latest stored seq: subscribers
// read the events themselves from the Store by seq, so notifications may be
// coalesced or dropped without losing anything. Broker is the in-process
// implementation; a PostgreSQL LISTEN/NOTIFY one can replace it so that
// every server process sees every session.
type Notifier interface {
	// Notify announces that the session's events up to seq are stored.
	// It must not block on slow subscribers.
	Notify(ctx context.Context, sessionID string, seq int64)
	// Subscribe returns a channel that receives the latest stored seq
	// after each notification (coalesced), and a cancel function that
	// stops the subscription and closes the channel.
	Subscribe(sessionID string) (<-chan int64, func())
}

// Broker is the in-process Notifier: every subscriber of a session has a
// one-slot channel holding the newest seq not yet received.
type Broker struct {
	mu    sync.Mutex
	subs  map[string]map[chan int64]struct{}
	funcs map[string]map[*funcSub]struct{}
}

// funcSub is a subscription of SubscribeFunc.
type funcSub struct{ f func(seq int64) }

// NewBroker returns an empty Broker.
func NewBroker() *Broker {
	return &Broker{subs: make(map[string]map[chan int64]struct{}), funcs: make(map[string]map[*funcSub]struct{})}
}

// Notify implements Notifier. It never blocks: a subscriber whose slot is
// full gets its pending seq replaced by the newer one.
func (b *Broker) Notify(_ context.Context, sessionID string, seq int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for sub := range b.funcs[sessionID] {
		sub.f(seq)
	}
	for ch := range b.subs[sessionID] {
		select {
		case ch <- seq:
			continue
		default:
		}
		select { // full: drop the older hint, keep the newer
		case <-ch:
		default:
		}
		select {
		case ch <- seq:
		default:
		}
	}
}

// Subscribe implements Notifier.
func (b *Broker) Subscribe(sessionID string) (<-chan int64, func()) {
	ch := make(chan int64, 1)
	b.mu.Lock()
	if b.subs[sessionID] == nil {
		b.subs[sessionID] = make(map[chan int64]struct{})
	}
	b.subs[sessionID][ch] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			delete(b.subs[sessionID], ch)
			if len(b.subs[sessionID]) == 0 {
				delete(b.subs, sessionID)
			}
			close(ch)
		})
	}
}

// SubscribeFunc implements FuncNotifier: f is called, under the broker's
// lock, on each notification of the session until cancel.
func (b *Broker) SubscribeFunc(sessionID string, f func(seq int64)) (cancel func()) {
	sub := &funcSub{f: f}
	b.mu.Lock()
	if b.funcs[sessionID] == nil {
		b.funcs[sessionID] = make(map[*funcSub]struct{})
	}
	b.funcs[sessionID][sub] = struct{}{}
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.funcs[sessionID], sub)
		if len(b.funcs[sessionID]) == 0 {
			delete(b.funcs, sessionID)
		}
	}
}
