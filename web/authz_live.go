package web

import (
	"context"
	"fmt"
	"time"

	"github.com/gorilla/websocket"
)

// Who is on a live connection, beyond the session it follows: a watcher (a
// coach or an admin who may read the session but does not own it) follows
// it read-only; a connection opened by a signed-in browser ends with that
// sign-in, at logout (Hub.closeSignIn) or at its expiry (the timer).
type liveViewer struct {
	readOnly   bool
	signIn     string    // the sign-in's token hash; "" for guests and API keys
	signInEnds time.Time // zero without a sign-in
	// coachID is the coach who watches through a team ("" for an owner or
	// an admin); sessionOwner and sessionCreated are the session's, so
	// that leaving a team can check again whether the coach still sees it.
	coachID        string
	sessionOwner   string
	sessionCreated time.Time
}

// closeSignedOut is the close frame text of a connection whose sign-in
// ended; closeAccessEnded that of a watcher who may no longer read the
// session (the candidate left the coach's team).
const (
	closeSignedOut   = "signed out"
	closeAccessEnded = "access ended"
)

// watch starts the timer that ends the connection with its sign-in; the
// reader goroutine calls it and defers the returned stop.
func (v liveViewer) watch(c *liveConn) (stop func()) {
	if v.signInEnds.IsZero() {
		return func() {}
	}
	t := time.AfterFunc(time.Until(v.signInEnds), func() {
		c.stop(websocket.ClosePolicyViolation, closeSignedOut)
	})
	return func() { t.Stop() }
}

// watcherMessage handles a message from a read-only connection: resume
// (once) follows the session; anything else ends the connection with 1008,
// without a trace in the session (a watcher's mistakes are not the
// candidate's).
func (c *liveConn) watcherMessage(data []byte) bool {
	typ, m, perr := parseClientMessage(data)
	if perr != nil || typ != msgResume || c.following() {
		c.stop(websocket.ClosePolicyViolation, "read-only: a watcher may only send resume, once")
		return false
	}
	c.follow(*m.LastSeq)
	return true
}

// closeSignIn ends, on this server, every live connection opened with the
// sign-in whose token hash is hash.
func (h *Hub) closeSignIn(hash string) {
	select {
	case h.signOut <- hash:
	case <-h.done:
	}
}

// closeLostWatchers ends, on this server, the read-only connections of
// coaches who watch sessions of owner through a team and no longer see
// them (after owner left a team). It checks each with the store, outside
// the hub's goroutine.
func (h *Hub) closeLostWatchers(ctx context.Context, accounts AccountStore, owner string) error {
	reply := make(chan []*liveConn, 1)
	q := connQuery{reply: reply, match: func(c *liveConn) bool {
		return c.viewer.coachID != "" && c.viewer.sessionOwner == owner
	}}
	select {
	case h.query <- q:
	case <-h.done:
		return nil
	}
	for _, c := range <-reply {
		sees, err := accounts.CoachSees(ctx, c.viewer.coachID, owner, c.viewer.sessionCreated)
		if err != nil {
			return fmt.Errorf("check watcher of %s: %w", owner, err)
		}
		if !sees {
			c.stop(websocket.ClosePolicyViolation, closeAccessEnded)
		}
	}
	return nil
}

// connQuery asks the hub's goroutine for the connections that match.
type connQuery struct {
	match func(*liveConn) bool
	reply chan<- []*liveConn
}

// closeSignedIn is run's part of closeSignIn.
func closeSignedIn(conns map[*liveConn]struct{}, hash string) {
	for c := range conns {
		if c.viewer.signIn == hash {
			c.stop(websocket.ClosePolicyViolation, closeSignedOut)
		}
	}
}
