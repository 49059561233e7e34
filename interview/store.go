package interview

import "context"

// Store keeps sessions, their turns and their events. It is declared here,
// by its consumer; interview/sqlite and interview/postgres implement it and
// interview/storetest checks that they agree. Implementations are safe for
// concurrent use, also from several processes sharing one database. A
// call that fails because the database cannot be reached returns an error
// wrapping ErrUnavailable.
type Store interface {
	// CreateSession stores a new session (its Turns are ignored) with
	// Version 1, and appends events to it, in one transaction. It returns
	// the events with SessionID and Seq (1, 2, ...) set.
	CreateSession(ctx context.Context, s Session, events []Event) ([]Event, error)

	// Session returns the session with its turns ordered by index, or an
	// error wrapping ErrNotFound.
	Session(ctx context.Context, id string) (Session, error)

	// Sessions lists sessions without their turns, newest first (by
	// CreatedAt, then id).
	Sessions(ctx context.Context, f ListFilter) ([]Session, error)

	// Save applies one change in one transaction: the session row (when
	// c.Session is set, only if its Version is still the stored one,
	// else ErrConflict; the stored Version is then incremented), the turns
	// (inserted or replaced by index; only together with c.Session), and
	// the events, appended in order with the session's next sequence
	// numbers. Sequence numbers are allocated inside the transaction so
	// that no two writers, in any process, can use the same one. Save
	// returns the events with SessionID and Seq set; an unknown session is
	// ErrNotFound.
	Save(ctx context.Context, c Change) ([]Event, error)

	// Events returns up to limit (all when limit <= 0) events of the
	// session with Seq > afterSeq, in Seq order; an unknown session is
	// ErrNotFound.
	Events(ctx context.Context, sessionID string, afterSeq int64, limit int) ([]Event, error)

	// RecentQuestionIDs returns the ids of the questions most recently
	// asked to owner, most recent first, at most n, each at most once.
	RecentQuestionIDs(ctx context.Context, owner string, n int) ([]string, error)
}

// Change is one atomic write of a session: a state change and the events
// that tell of it.
type Change struct {
	SessionID string
	Session   *Session
	Turns     []Turn
	Events    []Event
}

// ListFilter selects sessions to list.
type ListFilter struct {
	Owner  string // "" lists every owner's sessions (for coaches)
	State  State  // "" lists every state
	Limit  int    // <= 0 means 50
	Offset int
}
