package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// Coach review over the API: a session's review (comments and score
// overrides), adding to it, the reviewer's session search, a candidate's
// progress, exports and share links. Who may do what is in authz.go.

// ReviewService is the review side of the interview domain.
// *interview.Reviews implements it.
type ReviewService interface {
	Comment(ctx context.Context, sessionID string, turn int, a interview.Anchor, body string, by interview.Reviewer) (interview.Comment, error)
	Override(ctx context.Context, sessionID string, turn, overall int, reason string, by interview.Reviewer) (interview.ScoreOverride, error)
	Review(ctx context.Context, sessionID string) (interview.Review, error)
	Search(ctx context.Context, q interview.SessionQuery) ([]interview.ListedSession, error)
}

const (
	maxReviewBody = 16 << 10
	// DefaultShareTTL and MaxShareTTL bound a share link's life.
	DefaultShareTTL = 7 * 24 * time.Hour
	MaxShareTTL     = 90 * 24 * time.Hour
)

var errNoReviews = &Error{Status: http.StatusNotImplemented, Code: CodeNotImplemented,
	Message: "review is not available on this server"}

// EffectiveScore is the score of a turn that counts: the latest override,
// else the engine's.
type EffectiveScore struct {
	Turn       int  `json:"turn"`
	Overall    *int `json:"overall"`
	Original   *int `json:"original"`
	Overridden bool `json:"overridden"`
}

// ReviewView answers GET /api/v1/sessions/{id}/review.
type ReviewView struct {
	SessionID string                    `json:"session_id"`
	Comments  []interview.Comment       `json:"comments"`
	Overrides []interview.ScoreOverride `json:"overrides"`
	Effective []EffectiveScore          `json:"effective"`
}

func effectiveScores(sess interview.Session, rev interview.Review) []EffectiveScore {
	out := []EffectiveScore{}
	for _, t := range sess.Turns {
		e := EffectiveScore{Turn: t.Index}
		if t.Score != nil {
			e.Original = &t.Score.Overall
		}
		if overall, overridden, ok := rev.EffectiveOverall(t); ok {
			e.Overall, e.Overridden = &overall, overridden
		}
		out = append(out, e)
	}
	return out
}

func reviewView(sess interview.Session, rev interview.Review) ReviewView {
	return ReviewView{SessionID: sess.ID, Comments: rev.Comments, Overrides: rev.Overrides, Effective: effectiveScores(sess, rev)}
}

// requireReviews guards the review routes: a server built without a review
// service (tests of other areas) answers them with 501 through fail
// (writeError or pageError), so the handlers never see a nil service.
func requireReviews(reviews ReviewService, fail func(*gin.Context, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		if reviews == nil {
			fail(c, errNoReviews)
			c.Abort()
			return
		}
		c.Next()
	}
}

// handleReview returns the review of a session the caller may read.
func handleReview(engine SessionEngine, accounts AccountStore, reviews ReviewService) gin.HandlerFunc {
	return func(c *gin.Context) {
		sess, _, err := authorizedSession(c, engine, accounts, nil, "")
		if err != nil {
			writeError(c, err)
			return
		}
		rev, err := reviews.Review(c.Request.Context(), sess.ID)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, reviewView(sess, rev))
	}
}

// turnParam reads the {turn} of the route.
func turnParam(c *gin.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("turn"))
	if err != nil || n < 1 {
		return 0, badRequest(CodeInvalidParameter, "turn", "turn must be a turn number from 1")
	}
	return n, nil
}

// handleComment anchors a reviewer's comment to a passage of an answer.
func handleComment(engine SessionEngine, accounts AccountStore, reviews ReviewService) gin.HandlerFunc {
	return func(c *gin.Context) {
		sess, _, err := authorizedSession(c, engine, accounts, canReview, "only the candidate's coaches comment on an interview")
		if err != nil {
			writeError(c, err)
			return
		}
		turn, err := turnParam(c)
		if err != nil {
			writeError(c, err)
			return
		}
		var in struct {
			Start *int   `json:"start"`
			End   *int   `json:"end"`
			Quote string `json:"quote"`
			Body  string `json:"body"`
		}
		if err := decodeBody(c, &in); err != nil {
			writeError(c, err)
			return
		}
		if in.Start == nil || in.End == nil {
			writeError(c, badRequest(CodeInvalidField, "start", "start and end (byte offsets into the answer) are required"))
			return
		}
		cm, err := reviews.Comment(c.Request.Context(), sess.ID, turn,
			interview.Anchor{Start: *in.Start, End: *in.End, Quote: in.Quote}, in.Body, reviewer(c))
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusCreated, cm)
	}
}

// handleOverride sets a turn's score, with the reason; the engine's score
// is kept.
func handleOverride(engine SessionEngine, accounts AccountStore, reviews ReviewService) gin.HandlerFunc {
	return func(c *gin.Context) {
		sess, _, err := authorizedSession(c, engine, accounts, canReview, "only the candidate's coaches override scores")
		if err != nil {
			writeError(c, err)
			return
		}
		turn, err := turnParam(c)
		if err != nil {
			writeError(c, err)
			return
		}
		var in struct {
			Overall *int   `json:"overall"`
			Reason  string `json:"reason"`
		}
		if err := decodeBody(c, &in); err != nil {
			writeError(c, err)
			return
		}
		if in.Overall == nil {
			writeError(c, badRequest(CodeInvalidField, "overall", "is required: the new overall score, 0 to 100"))
			return
		}
		o, err := reviews.Override(c.Request.Context(), sess.ID, turn, *in.Overall, in.Reason, reviewer(c))
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, o)
	}
}

// ReviewListItem is one session of a reviewer's search. Score keeps its
// meaning, the engine's average (the summary's); EffectiveScore is the
// one that counts, with the coaches' overrides: the list shows it, and
// its min_score, max_score and score sorts go by it.
type ReviewListItem struct {
	ID             string          `json:"id"`
	CandidateEmail string          `json:"candidate_email,omitempty"`
	CandidateID    string          `json:"candidate_id,omitempty"`
	State          interview.State `json:"state"`
	Plan           PlanView        `json:"plan"`
	// Score is the engine's average, null before the summary.
	Score *float64 `json:"score"`
	// EffectiveScore is interview.Review.SessionScore as the store
	// computed it: the coaches' mean where they overrode a turn, else
	// Score.
	EffectiveScore *float64           `json:"effective_score"`
	Summary        *interview.Summary `json:"summary,omitempty"`
	CreatedAt      time.Time          `json:"created_at"`
	// Coaching is what the coaches added to the session.
	Coaching ListCoaching `json:"coaching"`
}

// ListCoaching sums up a listed session's review: how many turns a coach
// gave a score of their own, how many comments they wrote, and the
// session's score that counts then, Score (the mean effective score, the
// item's effective_score; null when no turn was overridden, the engine's
// score then being the one).
type ListCoaching struct {
	Score           *float64 `json:"score"`
	OverriddenTurns int      `json:"overridden_turns"`
	Comments        int      `json:"comments"`
}

// withCoaching adds each listed session's coaching: one review read a
// session. The coach's score is the effective score the search computed
// (and sorted on), so that what is shown is what the list is in the order
// of.
func withCoaching(ctx context.Context, reviews ReviewService, items []ReviewListItem) error {
	for i := range items {
		it := &items[i]
		rev, err := reviews.Review(ctx, it.ID)
		if err != nil {
			return err
		}
		it.Coaching.Comments = len(rev.Comments)
		turns := map[int]bool{}
		for _, o := range rev.Overrides {
			turns[o.Turn] = true
		}
		it.Coaching.OverriddenTurns = len(turns)
		if len(turns) > 0 {
			it.Coaching.Score = it.EffectiveScore
		}
	}
	return nil
}

// ReviewList answers GET /api/v1/review/sessions.
type ReviewList struct {
	Sessions []ReviewListItem `json:"sessions"`
}

// searchQuery reads the filters of a session search and scopes it to what
// the caller may see: an admin everything, a coach their teams'
// candidates, anyone else their own sessions.
func searchQuery(c *gin.Context) (interview.SessionQuery, bool, error) {
	if err := onlyParams(c, "candidate", "role", "category", "from", "to", "min_score", "max_score", "sort", "limit", "offset", "scope"); err != nil {
		return interview.SessionQuery{}, false, err
	}
	q := interview.SessionQuery{
		Candidate: c.Query("candidate"), Role: c.Query("role"),
		Category: questions.Category(c.Query("category")), Sort: interview.SessionSort(c.Query("sort")),
	}
	if q.Sort != "" && !q.Sort.Valid() {
		return q, false, badRequest(CodeInvalidParameter, "sort", "sort must be one of created, -created, score, -score, candidate, -candidate")
	}
	if q.Category != "" {
		cat, ok := questions.ParseCategory(string(q.Category))
		if !ok {
			return q, false, badRequest(CodeInvalidParameter, "category", "category must be behavioral, technical or situational")
		}
		q.Category = cat
	}
	var err error
	for _, d := range []struct {
		name string
		t    *time.Time
		end  bool
	}{{"from", &q.From, false}, {"to", &q.To, true}} {
		if *d.t, err = dateParam(c, d.name, d.end); err != nil {
			return q, false, err
		}
	}
	for _, s := range []struct {
		name string
		v    **float64
	}{{"min_score", &q.MinScore}, {"max_score", &q.MaxScore}} {
		if raw := c.Query(s.name); raw != "" {
			f, err := strconv.ParseFloat(raw, 64)
			if err != nil || !(f >= 0 && f <= 100) { // NaN too
				return q, false, badRequest(CodeInvalidParameter, s.name, s.name+" must be a number from 0 to 100")
			}
			*s.v = &f
		}
	}
	if q.Limit, err = intParam(c, "limit", 50, 1, interview.MaxSearchLimit); err != nil {
		return q, false, err
	}
	if q.Offset, err = intParam(c, "offset", 0, 0, 1<<30); err != nil {
		return q, false, err
	}
	caller := callerFrom(c)
	switch {
	case caller.User != nil && caller.User.Role == interview.RoleAdmin:
	case caller.User != nil && caller.User.Role == interview.RoleCoach:
		q.CoachID, q.Own = caller.User.ID, caller.Owner
	case caller.Owner != "":
		q.Owner = caller.Owner
	default:
		return q, false, nil // owns nothing
	}
	return q, true, nil
}

// dateParam reads a date (2026-05-01) or a time (RFC 3339). A date as the
// end of a range means the end of that day.
func dateParam(c *gin.Context, name string, end bool) (time.Time, error) {
	raw := c.Query(name)
	if raw == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", raw); err == nil {
		if end {
			t = t.Add(24 * time.Hour)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, raw)
	if err != nil {
		return time.Time{}, badRequest(CodeInvalidParameter, name, name+" must be a date like 2026-05-01 or an RFC 3339 time")
	}
	return t, nil
}

// handleReviewSessions lists the sessions the caller may see, filtered and
// sorted.
func handleReviewSessions(reviews ReviewService) gin.HandlerFunc {
	return func(c *gin.Context) {
		q, any, err := searchQuery(c)
		if err != nil {
			writeError(c, err)
			return
		}
		out := ReviewList{Sessions: []ReviewListItem{}}
		if !any {
			c.JSON(http.StatusOK, out)
			return
		}
		list, err := reviews.Search(c.Request.Context(), q)
		if err != nil {
			writeError(c, err)
			return
		}
		for _, l := range list {
			out.Sessions = append(out.Sessions, reviewListItem(l))
		}
		if err := withCoaching(c.Request.Context(), reviews, out.Sessions); err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, out)
	}
}

func reviewListItem(l interview.ListedSession) ReviewListItem {
	id, _ := interview.OwnerUserID(l.Owner)
	return ReviewListItem{ID: l.ID, CandidateEmail: l.CandidateEmail, CandidateID: id, State: l.State,
		Plan: planView(l.Plan), Score: l.Score(), EffectiveScore: l.Effective, Summary: l.Summary, CreatedAt: l.CreatedAt}
}

// maxProgressSessions bounds the sessions a progress report reads.
const maxProgressSessions = 200

// candidateProgress computes the progress of the candidate with userID
// over the sessions the caller may see; ok is false when the caller may
// see none of that candidate's (then the candidate does not exist for
// them).
func candidateProgress(ctx context.Context, caller Caller, engine SessionEngine, accounts AccountStore, reviews ReviewService, userID string) (interview.User, interview.Progress, bool, error) {
	if caller.User == nil || accounts == nil {
		return interview.User{}, interview.Progress{}, false, nil
	}
	candidate, err := accounts.UserByID(ctx, userID)
	if err != nil {
		return interview.User{}, interview.Progress{}, false, nil
	}
	q := interview.SessionQuery{Owner: candidate.Owner(), Sort: interview.SortOldest, Limit: maxProgressSessions}
	switch {
	case caller.User.ID == userID, caller.User.Role == interview.RoleAdmin:
	case caller.User.Role == interview.RoleCoach:
		q.CoachID = caller.User.ID
		if !coachesCandidate(ctx, accounts, caller.User.ID, userID) {
			return interview.User{}, interview.Progress{}, false, nil
		}
	default:
		return interview.User{}, interview.Progress{}, false, nil
	}
	list, err := reviews.Search(ctx, q)
	if err != nil {
		return interview.User{}, interview.Progress{}, false, err
	}
	sessions := make([]interview.Session, 0, len(list))
	revs := map[string]interview.Review{}
	for _, l := range list {
		s, err := engine.Session(ctx, l.ID)
		if err != nil {
			return interview.User{}, interview.Progress{}, false, err
		}
		rev, err := reviews.Review(ctx, l.ID)
		if err != nil {
			return interview.User{}, interview.Progress{}, false, err
		}
		sessions, revs[l.ID] = append(sessions, s), rev
	}
	return candidate, interview.BuildProgress(sessions, revs), true, nil
}

// coachesCandidate reports whether the candidate is in one of the coach's
// teams.
func coachesCandidate(ctx context.Context, accounts AccountStore, coachID, userID string) bool {
	ms, err := accounts.UserMemberships(ctx, userID)
	if err != nil {
		return false
	}
	for _, m := range ms {
		if t, err := accounts.Team(ctx, m.TeamID); err == nil && t.CoachID == coachID {
			return true
		}
	}
	return false
}

// ProgressView answers GET /api/v1/users/{id}/progress.
type ProgressView struct {
	User     UserView           `json:"user"`
	Progress interview.Progress `json:"progress"`
}

func handleProgress(engine SessionEngine, accounts AccountStore, reviews ReviewService) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoReviews)
			return
		}
		caller := callerFrom(c)
		if caller.User == nil {
			writeError(c, errNotSignedIn)
			return
		}
		u, p, ok, err := candidateProgress(c.Request.Context(), caller, engine, accounts, reviews, c.Param("id"))
		if err != nil {
			writeError(c, err)
			return
		}
		if !ok {
			writeError(c, &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such user"})
			return
		}
		c.JSON(http.StatusOK, ProgressView{User: userView(u), Progress: p})
	}
}

// ShareCreated answers POST /api/v1/sessions/{id}/shares. Token is shown
// only here: only its hash is kept.
type ShareCreated struct {
	Token     string    `json:"token"`
	URL       string    `json:"url"`
	APIURL    string    `json:"api_url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// handleCreateShare makes a read-only link to one of the caller's own
// interviews.
func handleCreateShare(engine SessionEngine, accounts AccountStore, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		sess, _, err := authorizedSession(c, engine, accounts, canShare, "only the candidate shares their interview")
		if err != nil {
			writeError(c, err)
			return
		}
		var in struct {
			ExpiresInHours *int `json:"expires_in_hours"`
		}
		body, err := readBody(c)
		if err == nil && len(strings.TrimSpace(string(body))) > 0 {
			err = decodeJSON(body, &in)
		}
		if err != nil {
			writeError(c, err)
			return
		}
		ttl := DefaultShareTTL
		if in.ExpiresInHours != nil {
			// Compare hours before multiplying: a huge count overflows.
			ttl = time.Duration(*in.ExpiresInHours) * time.Hour
			if h := *in.ExpiresInHours; h < 1 || h > int(MaxShareTTL/time.Hour) {
				writeError(c, badRequest(CodeInvalidField, "expires_in_hours",
					"must be from 1 to "+strconv.Itoa(int(MaxShareTTL/time.Hour))))
				return
			}
		}
		token, hash := newToken()
		at := now().UTC().Truncate(time.Microsecond)
		l := interview.ShareLink{TokenHash: hash, SessionID: sess.ID, CreatedBy: callerFrom(c).Owner, CreatedAt: at, ExpiresAt: at.Add(ttl)}
		if err := accounts.CreateShare(c.Request.Context(), l); err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusCreated, ShareCreated{Token: token, URL: SharePath(token), APIURL: "/api/v1/shared/" + token, ExpiresAt: l.ExpiresAt})
	}
}

// SharePath is the page of a share link.
func SharePath(token string) string { return "/s/" + token }

// handleRevokeShare revokes a share link; only who made it (or an admin)
// knows it exists.
func handleRevokeShare(accounts AccountStore, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		ctx, caller, token := c.Request.Context(), callerFrom(c), c.Param("token")
		if !validToken(token) {
			writeError(c, interview.ErrShareNotFound)
			return
		}
		l, err := accounts.Share(ctx, hashToken(token))
		if err == nil && l.CreatedBy != caller.Owner && (caller.User == nil || caller.User.Role != interview.RoleAdmin) {
			err = interview.ErrShareNotFound
		}
		if err == nil {
			err = accounts.RevokeShare(ctx, l.TokenHash, now())
		}
		if err != nil {
			writeError(c, err)
			return
		}
		c.Status(http.StatusNoContent)
	}
}

// sharedSession returns the session a share token opens at now.
func sharedSession(ctx context.Context, engine SessionEngine, accounts AccountStore, token string, now time.Time) (interview.Session, interview.ShareLink, error) {
	if accounts == nil || engine == nil || !validToken(token) {
		return interview.Session{}, interview.ShareLink{}, interview.ErrShareNotFound
	}
	l, err := accounts.Share(ctx, hashToken(token))
	if err != nil {
		return interview.Session{}, l, err
	}
	if !l.Active(now) {
		return interview.Session{}, l, interview.ErrShareNotFound
	}
	sess, err := engine.Session(ctx, l.SessionID)
	return sess, l, err
}

// SharedTranscript answers GET /api/v1/shared/{token}: the transcript and
// its effective scores, read-only; coaches' comments are not shared.
type SharedTranscript struct {
	Transcript Transcript       `json:"transcript"`
	Effective  []EffectiveScore `json:"effective"`
	ExpiresAt  time.Time        `json:"expires_at"`
}

func handleShared(engine SessionEngine, accounts AccountStore, reviews ReviewService, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		sess, l, err := sharedSession(c.Request.Context(), engine, accounts, c.Param("token"), now())
		if err != nil {
			writeError(c, err)
			return
		}
		rev, err := reviews.Review(c.Request.Context(), sess.ID)
		if err != nil {
			writeError(c, err)
			return
		}
		c.Header("Cache-Control", "no-store")
		sess = withoutDrafts(sess)
		c.JSON(http.StatusOK, SharedTranscript{Transcript: transcriptOf(sess), Effective: effectiveScores(sess, rev), ExpiresAt: l.ExpiresAt})
	}
}

// withoutDrafts returns sess with its turns' unsent drafts blanked, for a
// share link: its reader sees what was answered, not what is being typed.
func withoutDrafts(sess interview.Session) interview.Session {
	turns := make([]interview.Turn, len(sess.Turns))
	for i, t := range sess.Turns {
		t.Draft, t.DraftAt, t.DraftFollowUp = "", nil, 0
		turns[i] = t
	}
	sess.Turns = turns
	return sess
}

func transcriptOf(sess interview.Session) Transcript {
	turns := sess.Turns
	if turns == nil {
		turns = []interview.Turn{}
	}
	return Transcript{
		ID: sess.ID, State: sess.State, Ending: sess.Ending, Plan: planView(sess.Plan),
		Turns: turns, Summary: sess.Summary, LiveURL: liveURL(sess.ID),
		CreatedAt: sess.CreatedAt, UpdatedAt: sess.UpdatedAt,
	}
}
