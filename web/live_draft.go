package web

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mockinterview/mockinterview/interview"
)

// draftSaver coalesces a connection's drafts: each is a store write, and a
// client may send many. Only the latest draft of each attempt (a turn's
// main answer or one of its follow-ups) is kept, and the
// connection saves at most once per HubConfig.DraftInterval. What is
// pending is saved before any other command of the client (so that the
// order of its messages holds), when the interval has passed (a timer),
// and when the connection closes.
//
// The reader goroutine calls add and flush; the timer's goroutine saves
// too. mu serializes their saves, so a draft is never saved after the
// answer that followed it.
type draftSaver struct {
	c *liveConn

	mu      sync.Mutex
	pending []pendingDraft // by attempt, in order of arrival
	last    time.Time      // of the last save
	timer   *time.Timer    // set while a save is scheduled
	closed  bool
}

type pendingDraft struct {
	turn     int
	followup int // -1: the attempt open when it is saved
	text     string
}

// add keeps text as the latest draft of the attempt, and saves at once when the
// last save is DraftInterval old. The error is the engine's, for the reader
// to handle as a command's.
func (d *draftSaver) add(turn, followup int, text string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	found := false
	for i := range d.pending {
		if d.pending[i].turn == turn && d.pending[i].followup == followup {
			d.pending[i].text, found = text, true
		}
	}
	if !found {
		d.pending = append(d.pending, pendingDraft{turn, followup, text})
	}
	if d.timer != nil {
		return nil // a save is scheduled and will take this one
	}
	wait := d.c.cfg.DraftInterval - time.Since(d.last)
	if wait <= 0 {
		return d.saveLocked(d.c.ctx)
	}
	d.timer = time.AfterFunc(wait, d.onTimer)
	return nil
}

// onTimer saves what is pending. A rejection is already stored and sent
// to the client by the engine; an outage closes the connection.
func (d *draftSaver) onTimer() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.timer = nil
	if d.closed {
		return
	}
	err := d.saveLocked(d.c.ctx)
	var rej *interview.Rejection
	switch {
	case err == nil, errors.As(err, &rej), d.c.ctx.Err() != nil:
	case errors.Is(err, interview.ErrUnavailable):
		d.c.storeUnavailable(err)
	case errors.Is(err, interview.ErrClosed):
		d.c.stop(websocket.CloseGoingAway, "server shutting down")
	default:
		d.c.cfg.Logger.Error("save draft", "session", d.c.sessionID, "err", err)
		d.c.stop(websocket.CloseInternalServerErr, "internal error")
	}
}

// flush saves what is pending now, before another command of the client.
func (d *draftSaver) flush(ctx context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	return d.saveLocked(ctx)
}

// close saves what is pending, with its own deadline (the connection's
// context is done by then), and stops the saver.
func (d *draftSaver) close() {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(d.c.ctx), d.c.cfg.WriteWait)
	defer cancel()
	err := d.flush(ctx)
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	var rej *interview.Rejection
	if err != nil && !errors.As(err, &rej) && !errors.Is(err, interview.ErrClosed) {
		d.c.cfg.Logger.Warn("save draft at close", "session", d.c.sessionID, "err", err)
	}
}

// saveLocked saves the pending drafts in order. When ctx ends midway, the
// unsaved ones stay pending (close saves them); any other error drops
// them and is returned.
func (d *draftSaver) saveLocked(ctx context.Context) error {
	var first error
	for len(d.pending) > 0 {
		p := d.pending[0]
		err := d.c.engine.DraftFor(ctx, d.c.sessionID, p.turn, p.followup, p.text)
		if err != nil && ctx.Err() != nil {
			return err
		}
		d.pending = d.pending[1:]
		d.last = time.Now()
		if err != nil && first == nil {
			first = err
		}
	}
	d.pending = nil
	return first
}
