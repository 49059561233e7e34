package interview

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mockinterview/mockinterview/questions"
)

// Review data: what coaches add to a stored interview. A comment is
// anchored to a passage of a turn's answer; a score override replaces the
// overall score of a turn with a reason. Both are separate rows written
// beside the transcript, never into it: the engine's score stays as it was
// scored, and the effective score of a turn is its latest override.

// ErrNotReviewable means a comment or override names a turn that has no
// answer to review (not asked yet, or skipped).
var ErrNotReviewable = errors.New("turn has no answer to review")

// Limits of review input, in bytes of UTF-8.
const (
	MaxCommentBytes = 4000
	MaxReasonBytes  = 2000
)

// Reviewer is who writes a comment or an override.
type Reviewer struct {
	ID    string // user id
	Email string // kept with the row, so it reads well after the account goes
}

// Anchor is the passage of an answer a comment is about: the half-open
// byte range [Start, End) of the turn's Answer (UTF-8, as every span of a
// score result) and the text it quotes.
type Anchor struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Quote string `json:"quote"`
}

// Comment is a coach's note on a passage of a turn's answer.
type Comment struct {
	ID          string    `json:"id"`
	SessionID   string    `json:"session_id"`
	Turn        int       `json:"turn"`
	Start       int       `json:"start"`
	End         int       `json:"end"`
	Quote       string    `json:"quote"`
	Body        string    `json:"body"`
	AuthorID    string    `json:"author_id"`
	AuthorEmail string    `json:"author_email"`
	CreatedAt   time.Time `json:"created_at"`
}

// ScoreOverride replaces the overall score of a turn, with the reason, who
// and when. Original is the engine's overall score when the override was
// made (nil when the turn had none), kept so that the row reads alone.
type ScoreOverride struct {
	ID          string    `json:"id"`
	SessionID   string    `json:"session_id"`
	Turn        int       `json:"turn"`
	Overall     int       `json:"overall"`
	Original    *int      `json:"original,omitempty"`
	Reason      string    `json:"reason"`
	AuthorID    string    `json:"author_id"`
	AuthorEmail string    `json:"author_email"`
	CreatedAt   time.Time `json:"created_at"`
}

// Review is everything coaches added to one session, oldest first.
type Review struct {
	SessionID string          `json:"session_id"`
	Comments  []Comment       `json:"comments"`
	Overrides []ScoreOverride `json:"overrides"`
}

// LatestOverride returns the override in force on turn, nil if none.
func (r Review) LatestOverride(turn int) *ScoreOverride {
	var latest *ScoreOverride
	for i := range r.Overrides {
		o := &r.Overrides[i]
		if o.Turn == turn && (latest == nil || !o.CreatedAt.Before(latest.CreatedAt)) {
			latest = o
		}
	}
	return latest
}

// EffectiveOverall is the overall score of t that counts: the latest
// override, else the engine's score. ok is false when t has neither.
func (r Review) EffectiveOverall(t Turn) (overall int, overridden, ok bool) {
	if o := r.LatestOverride(t.Index); o != nil {
		return o.Overall, true, true
	}
	if t.Score != nil {
		return t.Score.Overall, false, true
	}
	return 0, false, false
}

// EffectiveAverage is the mean effective overall score of the session's
// scored turns (the summary's average, with the coaches' overrides
// counted), rounded to one decimal as the summary's average is; ok is
// false when no turn has a score. The rounding is done in integers, half
// up, so that the stores' SQL (ListedSession.Effective) gets the very
// same number.
func (r Review) EffectiveAverage(s Session) (avg float64, ok bool) {
	var sum, n int
	for _, t := range s.Turns {
		if overall, _, ok := r.EffectiveOverall(t); ok {
			sum += overall
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return float64((20*sum+n)/(2*n)) / 10, true
}

// SessionScore is the score of the whole session that counts, the one
// its page and the session list show and the list filters and sorts on:
// once a coach overrode a turn, the mean effective score
// (EffectiveAverage); otherwise the engine's, the summary's average (none
// before the summary).
func (r Review) SessionScore(s Session) (score float64, ok bool) {
	if len(r.Overrides) > 0 {
		return r.EffectiveAverage(s)
	}
	if s.Summary != nil {
		return s.Summary.Average, true
	}
	return 0, false
}

// TurnComments returns the comments on turn, oldest first.
func (r Review) TurnComments(turn int) []Comment {
	var out []Comment
	for _, c := range r.Comments {
		if c.Turn == turn {
			out = append(out, c)
		}
	}
	return out
}

// SessionSort orders a session search.
type SessionSort string

// The orders of a session search; a leading "-" means descending.
const (
	SortNewest        SessionSort = "-created" // the default
	SortOldest        SessionSort = "created"
	SortScoreHigh     SessionSort = "-score"
	SortScoreLow      SessionSort = "score"
	SortCandidate     SessionSort = "candidate"
	SortCandidateDesc SessionSort = "-candidate"
)

// Valid reports whether s is one of the orders.
func (s SessionSort) Valid() bool {
	switch s {
	case SortNewest, SortOldest, SortScoreHigh, SortScoreLow, SortCandidate, SortCandidateDesc:
		return true
	}
	return false
}

// SessionQuery selects the sessions a reviewer lists. Who may see what is
// in CoachID and Owner; the rest are the reviewer's filters. The score
// filtered and sorted on is the session's effective score
// (ListedSession.Effective, Review.SessionScore): the coaches' where they
// overrode a turn, else the engine's average. A session without one (no
// summary yet and no override) is left out when MinScore or MaxScore is
// set, and sorts after every scored session.
type SessionQuery struct {
	// CoachID, when set, keeps only the sessions of the candidates in the
	// coach's teams that were created at or after the candidate joined.
	CoachID string
	// Owner, when set, keeps only the sessions of this owner.
	Owner string
	// Own, when set with CoachID, lists this owner's sessions too (a
	// coach's own practice interviews beside their candidates').
	Own string
	// Candidate keeps the sessions whose candidate's email contains it
	// (case-insensitive).
	Candidate string
	Role      string
	Category  questions.Category
	// From and To keep the sessions created in [From, To); zero is open.
	From, To time.Time
	// MinScore and MaxScore bound the session's effective score (0-100).
	MinScore, MaxScore *float64
	Sort               SessionSort
	Limit              int // <= 0 means 50, at most 500
	Offset             int
}

// ListedSession is a session (without its turns) in a search result, with
// the email of its candidate when the owner is a user.
type ListedSession struct {
	Session
	CandidateEmail string `json:"candidate_email,omitempty"`
	// Effective is the session's score that counts, as the store computed
	// it for the filters and the order: what Review.SessionScore gives for
	// the session and its review (nil when it gives none).
	Effective *float64 `json:"effective_score,omitempty"`
}

// Score is the engine's average score of the session (its summary's),
// nil before its summary. Effective is the one with the coaches'
// overrides counted.
func (l ListedSession) Score() *float64 {
	if l.Summary == nil {
		return nil
	}
	return &l.Summary.Average
}

// ReviewStore keeps review data and answers reviewers' searches. It is
// declared here, by Reviews; interview/sqlite and interview/postgres
// implement it.
type ReviewStore interface {
	// AddComment stores c; an unknown session is ErrNotFound.
	AddComment(ctx context.Context, c Comment) error
	// AddScoreOverride stores o; an unknown session is ErrNotFound.
	AddScoreOverride(ctx context.Context, o ScoreOverride) error
	// Review returns the comments and overrides of a session, each oldest
	// first (by CreatedAt, then id); an unknown session is ErrNotFound.
	Review(ctx context.Context, sessionID string) (Review, error)
	// SearchSessions lists sessions without their turns as q says.
	SearchSessions(ctx context.Context, q SessionQuery) ([]ListedSession, error)
}

// Reviews is the coach's side of stored interviews: comments, score
// overrides and searches. Who may review which session is decided by the
// caller (the web layer) before it calls Reviews. It is safe for concurrent
// use.
type Reviews struct {
	sessions Store
	store    ReviewStore
	now      func() time.Time
}

// NewReviews returns the review service on the given stores (usually one
// database implementing both). now is the clock; nil means time.Now.
func NewReviews(sessions Store, store ReviewStore, now func() time.Time) *Reviews {
	if now == nil {
		now = time.Now
	}
	return &Reviews{sessions: sessions, store: store, now: now}
}

func (r *Reviews) clock() time.Time { return r.now().UTC().Truncate(time.Microsecond) }

// answeredTurn returns the turn of the session that has an answer.
func (r *Reviews) answeredTurn(ctx context.Context, sessionID string, turn int) (Turn, error) {
	sess, err := r.sessions.Session(ctx, sessionID)
	if err != nil {
		return Turn{}, err
	}
	for _, t := range sess.Turns {
		if t.Index == turn {
			if t.Answer == "" {
				return Turn{}, fmt.Errorf("turn %d of %s: %w", turn, sessionID, ErrNotReviewable)
			}
			return t, nil
		}
	}
	return Turn{}, fmt.Errorf("turn %d of %s: %w", turn, sessionID, ErrNotReviewable)
}

// Comment anchors a comment to a passage of a turn's answer. The anchor
// must lie on character boundaries inside the answer, and its quote, when
// given, must be exactly the text it spans (it is filled in when empty):
// a client that computed the span on other text is told so instead of
// pinning the comment to the wrong words.
func (r *Reviews) Comment(ctx context.Context, sessionID string, turn int, a Anchor, body string, by Reviewer) (Comment, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return Comment{}, invalid("body", "is required")
	}
	if len(body) > MaxCommentBytes {
		return Comment{}, invalid("body", "is longer than %d bytes", MaxCommentBytes)
	}
	t, err := r.answeredTurn(ctx, sessionID, turn)
	if err != nil {
		return Comment{}, err
	}
	if err := checkAnchor(t.Answer, &a); err != nil {
		return Comment{}, err
	}
	c := Comment{
		ID: newReviewID(), SessionID: sessionID, Turn: turn,
		Start: a.Start, End: a.End, Quote: a.Quote, Body: body,
		AuthorID: by.ID, AuthorEmail: by.Email, CreatedAt: r.clock(),
	}
	if err := r.store.AddComment(ctx, c); err != nil {
		return Comment{}, fmt.Errorf("comment on %s turn %d: %w", sessionID, turn, err)
	}
	return c, nil
}

func checkAnchor(answer string, a *Anchor) error {
	if a.Start < 0 || a.End > len(answer) || a.Start >= a.End {
		return invalid("start", "the passage [%d, %d) is not a non-empty range inside the answer (%d bytes)", a.Start, a.End, len(answer))
	}
	if !utf8.RuneStart(answer[a.Start]) || (a.End < len(answer) && !utf8.RuneStart(answer[a.End])) {
		return invalid("start", "the passage [%d, %d) cuts a character in two: spans are byte offsets into the UTF-8 answer", a.Start, a.End)
	}
	passage := answer[a.Start:a.End]
	if a.Quote == "" {
		a.Quote = passage
	} else if a.Quote != passage {
		return invalid("quote", "does not match the answer's text at [%d, %d)", a.Start, a.End)
	}
	return nil
}

// Override sets the overall score of a turn that has an answer, with the
// reason. The engine's score is left as it is; the override is kept with
// who made it and when, and the latest one is the turn's effective score.
func (r *Reviews) Override(ctx context.Context, sessionID string, turn, overall int, reason string, by Reviewer) (ScoreOverride, error) {
	if overall < 0 || overall > 100 {
		return ScoreOverride{}, invalid("overall", "must be from 0 to 100, not %d", overall)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ScoreOverride{}, invalid("reason", "is required: say why the score is changed")
	}
	if len(reason) > MaxReasonBytes {
		return ScoreOverride{}, invalid("reason", "is longer than %d bytes", MaxReasonBytes)
	}
	t, err := r.answeredTurn(ctx, sessionID, turn)
	if err != nil {
		return ScoreOverride{}, err
	}
	o := ScoreOverride{
		ID: newReviewID(), SessionID: sessionID, Turn: turn, Overall: overall, Reason: reason,
		AuthorID: by.ID, AuthorEmail: by.Email, CreatedAt: r.clock(),
	}
	if t.Score != nil {
		o.Original = &t.Score.Overall
	}
	if err := r.store.AddScoreOverride(ctx, o); err != nil {
		return ScoreOverride{}, fmt.Errorf("override %s turn %d: %w", sessionID, turn, err)
	}
	return o, nil
}

// Review returns what coaches added to a session.
func (r *Reviews) Review(ctx context.Context, sessionID string) (Review, error) {
	rev, err := r.store.Review(ctx, sessionID)
	if err != nil {
		return Review{}, fmt.Errorf("review of %s: %w", sessionID, err)
	}
	return rev, nil
}

// MaxSearchLimit is the most sessions one search returns.
const MaxSearchLimit = 500

// Search lists sessions as q says, after checking it.
func (r *Reviews) Search(ctx context.Context, q SessionQuery) ([]ListedSession, error) {
	if q.Sort == "" {
		q.Sort = SortNewest
	}
	if !q.Sort.Valid() {
		return nil, invalid("sort", "must be one of created, -created, score, -score, candidate, -candidate")
	}
	if q.Category != "" {
		c, ok := questions.ParseCategory(string(q.Category))
		if !ok {
			return nil, invalid("category", "must be behavioral, technical or situational")
		}
		q.Category = c
	}
	for _, b := range []struct {
		field string
		v     *float64
	}{{"min_score", q.MinScore}, {"max_score", q.MaxScore}} {
		if b.v != nil && (*b.v < 0 || *b.v > 100) {
			return nil, invalid(b.field, "must be from 0 to 100")
		}
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return nil, invalid("to", "must be after from")
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	q.Limit = min(q.Limit, MaxSearchLimit)
	q.Offset = max(q.Offset, 0)
	q.Candidate = strings.ToLower(strings.TrimSpace(q.Candidate))
	out, err := r.store.SearchSessions(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("search sessions: %w", err)
	}
	return out, nil
}

func newReviewID() string {
	var b [12]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b[:])
}
