package interview

import (
	"errors"
	"fmt"

	"github.com/mockinterview/mockinterview/scoring"
)

// Sentinel errors of the engine. Every rejected command wraps one of them;
// Code names the error for the wire ("code" of an error message).
var (
	// ErrNotFound means no session has the given id.
	ErrNotFound = errors.New("session not found")
	// ErrInvalid means a request failed validation; the error is a
	// *ValidationError naming the field.
	ErrInvalid = errors.New("invalid request")
	// ErrNotStarted means the session has not been started yet.
	ErrNotStarted = errors.New("session not started")
	// ErrWrongTurn means the command names a turn that is not the one
	// waiting for input (typically one not asked yet).
	ErrWrongTurn = errors.New("wrong turn")
	// ErrAlreadyAnswered means the turn has already been answered or
	// skipped and is not waiting for a follow-up answer.
	ErrAlreadyAnswered = errors.New("turn already answered")
	// ErrNotWaiting means a next command came when the session was not
	// waiting for one: the open question is unanswered, its score is not
	// in yet, a follow-up is open, or the session is in exam mode.
	ErrNotWaiting = errors.New("not waiting for next")
	// ErrFinished means the session has finished, or is finishing after End.
	ErrFinished = errors.New("session finished")
	// ErrAnswerTooLong means an answer or draft is over MaxAnswerBytes.
	ErrAnswerTooLong = errors.New("answer too long")
	// ErrEmptyAnswer means an answer holds nothing but white space; the
	// candidate skips a question with Skip instead.
	ErrEmptyAnswer = errors.New("empty answer")
	// ErrInvalidAnswer means an answer holds control characters (NUL,
	// escape…) or is not valid UTF-8.
	ErrInvalidAnswer = errors.New("invalid answer")
	// ErrConflict is returned by a Store when a session changed since it
	// was read (another process wrote it). The engine retries on it.
	ErrConflict = errors.New("session changed concurrently")
	// ErrClosed means the engine is shutting down.
	ErrClosed = errors.New("interview engine closed")
	// ErrUnavailable is returned by a Store whose database cannot be
	// reached (down, restarting, unreachable, too slow to answer). The
	// call is not stored, unless the connection broke during its commit:
	// re-read (resume) before trying again.
	ErrUnavailable = errors.New("store unavailable")
)

// MaxAnswerBytes is the longest answer the engine accepts, in bytes of
// UTF-8: the scorer's limit, applied to what is scored (a turn's main
// answer with its follow-up answers merged) and to drafts.
const MaxAnswerBytes = scoring.MaxAnswerBytes

// Error codes carried by error events and used by the web layer.
const (
	CodeNotFound        = "not_found"
	CodeInvalid         = "invalid"
	CodeNotStarted      = "not_started"
	CodeWrongTurn       = "wrong_turn"
	CodeAlreadyAnswered = "already_answered"
	CodeFinished        = "finished"
	CodeNotWaiting      = "not_waiting"
	CodeAnswerTooLong   = "answer_too_long"
	CodeEmptyAnswer     = "empty_answer"
	CodeInvalidAnswer   = "invalid_answer"
	CodeConflict        = "conflict"
	CodeUnavailable     = "unavailable"
	CodeScoringFailed   = "scoring_failed"
	CodeInternal        = "internal"
)

// Code returns the wire code for err: one of the Code constants,
// CodeInternal for anything unexpected.
func Code(err error) string {
	var rej *Rejection
	if errors.As(err, &rej) {
		return rej.Code
	}
	for _, c := range []struct {
		err  error
		code string
	}{
		{ErrNotFound, CodeNotFound},
		{ErrInvalid, CodeInvalid},
		{ErrNotStarted, CodeNotStarted},
		{ErrWrongTurn, CodeWrongTurn},
		{ErrAlreadyAnswered, CodeAlreadyAnswered},
		{ErrFinished, CodeFinished},
		{ErrNotWaiting, CodeNotWaiting},
		{ErrAnswerTooLong, CodeAnswerTooLong},
		{ErrEmptyAnswer, CodeEmptyAnswer},
		{ErrInvalidAnswer, CodeInvalidAnswer},
		{ErrConflict, CodeConflict},
		{ErrClosed, CodeUnavailable},
		{ErrUnavailable, CodeUnavailable},
	} {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return CodeInternal
}

// ValidationError says which field of a request is wrong and why. It
// matches ErrInvalid with errors.Is.
type ValidationError struct {
	Field   string // the request field: "role", "categories", "count", ...
	Message string // what is wrong, lower-case, for the candidate
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Rejection is a command the engine refused (wrong turn, already answered,
// finished...). The refusal is already stored as an error event with
// sequence number Seq and published to every subscriber, so the web layer
// must not send an error message of its own for it. Err is the sentinel.
type Rejection struct {
	Code    string
	Message string
	Turn    int
	Seq     int64
	Err     error
}

func (r *Rejection) Error() string { return r.Message }

// Unwrap returns the sentinel, so errors.Is(err, ErrWrongTurn) holds.
func (r *Rejection) Unwrap() error { return r.Err }
