// Package interview owns mock interview sessions: the plan (role,
// categories, count, mode, seed) and the picking policy, turns and their
// answers, drafts, timings and scores, follow-up questions, the summary,
// and the events that tell of every change, numbered per session. It
// declares the Store it needs (implemented by interview/sqlite and
// interview/postgres, checked by interview/storetest), the Scorer it calls
// and the Notifier that announces new events. It knows nothing of HTTP:
// the web layer maps its commands and events to websocket messages.
//
// Beside sessions it holds the people around them as plain types (users,
// roles, teams, share links: account.go) and the coaches' review of stored
// interviews (comments anchored to a passage, score overrides, searches and
// progress: review*.go, behind the ReviewStore it declares).
//
// # Concurrency contract
//
// A Service is safe for concurrent use. Commands on one session (Start,
// Answer, Draft, Skip, End) are serialised by a per-session lock in the
// process; each reads the session from the Store, changes it and saves the
// change with its events in one transaction whose optimistic version check
// makes a concurrent write from another process retry instead of being
// lost. Sequence numbers are allocated by the Store inside that
// transaction. An event is published (Notifier.Notify) only after it is
// committed, so a subscriber that reads the Store by seq after a
// notification always finds it, and a notification may be dropped or
// coalesced without loss.
//
// Scoring runs in one goroutine per session owned by the Service (tracked
// for Close, with a timeout per answer) and never holds the session lock
// while the scorer works. Answers are acknowledged as soon as they are
// stored; a crash before their score leaves them stored and unscored, and
// Start or Resume scores them.
package interview
