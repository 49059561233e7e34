package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// ReviewStore is what the review suite checks: review data and searches,
// which need the sessions, users and teams beside them.
type ReviewStore interface {
	AccountStore
	interview.ReviewStore
}

// RunReview checks review data and session searches through
// interview.Reviews; open is as for Run.
func RunReview(t *testing.T, open func(t *testing.T) ReviewStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st ReviewStore)
	}{
		{"CommentsAndOverrides", testCommentsAndOverrides},
		{"Search", testSearch},
		{"SearchEffectiveScore", testSearchEffectiveScore},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

// reviewAnswer has a multi-byte character, so that byte spans differ from
// character offsets.
const reviewAnswer = "Our café's API timed out. I added a cache and cut p99 latency by 40%."

func answeredSession(t *testing.T, st ReviewStore, id, owner string, created time.Time) interview.Session {
	t.Helper()
	ctx := ctxT(t)
	s := newSession(id, owner, created)
	if _, err := st.CreateSession(ctx, s, nil); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	submitted := created.Add(time.Minute)
	s.State = interview.StateActive
	turns := []interview.Turn{
		{Index: 1, Question: interview.TurnQuestion{ID: "q1", Category: questions.Behavioral, Text: "Tell me.", TimeLimitS: 180},
			Status: interview.TurnScored, Answer: reviewAnswer, AskedAt: created, SubmittedAt: &submitted, Score: sampleResult()},
		{Index: 2, Question: interview.TurnQuestion{ID: "q2", Category: questions.Technical, Text: "Explain.", TimeLimitS: 240},
			Status: interview.TurnSkipped, Skipped: true, AskedAt: submitted},
	}
	if _, err := st.Save(ctx, interview.Change{SessionID: id, Session: &s, Turns: turns}); err != nil {
		t.Fatalf("Save: %v", err)
	}
	return s
}

func testCommentsAndOverrides(t *testing.T, st ReviewStore) {
	ctx := ctxT(t)
	s := answeredSession(t, st, "s-review", "user:u1", base)
	now := base.Add(time.Hour)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	reviews := interview.NewReviews(st, st, clock)
	coach := interview.Reviewer{ID: "u-cy", Email: "cy@example.com"}

	if rev, err := reviews.Review(ctx, s.ID); err != nil || len(rev.Comments) != 0 || len(rev.Overrides) != 0 {
		t.Errorf("Review of an unreviewed session = %+v, %v; want empty", rev, err)
	}
	if _, err := reviews.Review(ctx, "missing"); !errors.Is(err, interview.ErrNotFound) {
		t.Errorf("Review(missing) error = %v; want ErrNotFound", err)
	}

	// "café's" starts at byte 4 and is 7 bytes long (é is 2 bytes).
	cafe := interview.Anchor{Start: 4, End: 11, Quote: "café's"}
	for _, c := range []struct {
		name   string
		turn   int
		anchor interview.Anchor
		body   string
		want   error
	}{
		{"quoted passage", 1, cafe, "Name the service.", nil},
		{"quote filled in", 1, interview.Anchor{Start: 26, End: 44}, "Good ownership.", nil},
		{"splits é", 1, interview.Anchor{Start: 4, End: 8}, "x", interview.ErrInvalid},
		{"quote mismatch", 1, interview.Anchor{Start: 4, End: 11, Quote: "cafe's"}, "x", interview.ErrInvalid},
		{"past the end", 1, interview.Anchor{Start: 60, End: 200}, "x", interview.ErrInvalid},
		{"empty range", 1, interview.Anchor{Start: 5, End: 5}, "x", interview.ErrInvalid},
		{"no body", 1, cafe, "  ", interview.ErrInvalid},
		{"skipped turn", 2, cafe, "x", interview.ErrNotReviewable},
		{"turn not asked", 3, cafe, "x", interview.ErrNotReviewable},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := reviews.Comment(ctx, s.ID, c.turn, c.anchor, c.body, coach)
			if !errors.Is(err, c.want) {
				t.Errorf("Comment(turn %d, %+v, %q) error = %v; want %v", c.turn, c.anchor, c.body, err, c.want)
			}
		})
	}
	if _, err := reviews.Comment(ctx, "missing", 1, cafe, "x", coach); !errors.Is(err, interview.ErrNotFound) {
		t.Errorf("Comment(missing session) error = %v; want ErrNotFound", err)
	}

	for _, c := range []struct {
		overall int
		reason  string
		want    error
	}{
		{101, "too high", interview.ErrInvalid},
		{-1, "too low", interview.ErrInvalid},
		{50, " ", interview.ErrInvalid},
	} {
		if _, err := reviews.Override(ctx, s.ID, 1, c.overall, c.reason, coach); !errors.Is(err, c.want) {
			t.Errorf("Override(%d, %q) error = %v; want %v", c.overall, c.reason, err, c.want)
		}
	}
	if _, err := reviews.Override(ctx, s.ID, 2, 50, "skipped", coach); !errors.Is(err, interview.ErrNotReviewable) {
		t.Errorf("Override(skipped turn) error = %v; want ErrNotReviewable", err)
	}
	first, err := reviews.Override(ctx, s.ID, 1, 80, "The result is quantified.", coach)
	if err != nil || first.Original == nil || *first.Original != 71 {
		t.Fatalf("Override = %+v, %v; want one with Original 71", first, err)
	}
	second, err := reviews.Override(ctx, s.ID, 1, 65, "On reflection, the task is unclear.", interview.Reviewer{ID: "u-di", Email: "di@example.com"})
	if err != nil {
		t.Fatalf("Override: %v", err)
	}

	rev, err := reviews.Review(ctx, s.ID)
	if err != nil {
		t.Fatalf("Review: %v", err)
	}
	if len(rev.Comments) != 2 {
		t.Fatalf("Review has %d comments; want 2", len(rev.Comments))
	}
	c0 := rev.Comments[0]
	if c0.Turn != 1 || c0.Start != 4 || c0.End != 11 || c0.Quote != "café's" || c0.Body != "Name the service." ||
		c0.AuthorID != coach.ID || c0.AuthorEmail != coach.Email || c0.CreatedAt.IsZero() {
		t.Errorf("first comment = %+v", c0)
	}
	if got := rev.Comments[1].Quote; got != reviewAnswer[26:44] {
		t.Errorf("second comment's quote = %q; want it filled in as %q", got, reviewAnswer[26:44])
	}
	if len(rev.Overrides) != 2 || rev.Overrides[0].ID != first.ID || rev.Overrides[1].ID != second.ID ||
		rev.Overrides[0].Reason != "The result is quantified." || rev.Overrides[1].AuthorEmail != "di@example.com" ||
		rev.Overrides[1].Original == nil || *rev.Overrides[1].Original != 71 || !rev.Overrides[1].CreatedAt.Equal(second.CreatedAt) {
		t.Errorf("Overrides = %+v; want first then second", rev.Overrides)
	}
	stored, err := st.Session(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Turns[0].Score == nil || stored.Turns[0].Score.Overall != 71 {
		t.Errorf("the engine's score was changed: %+v; want 71 kept", stored.Turns[0].Score)
	}
	if overall, overridden, ok := rev.EffectiveOverall(stored.Turns[0]); overall != 65 || !overridden || !ok {
		t.Errorf("EffectiveOverall = %d, %v, %v; want 65 (the latest override)", overall, overridden, ok)
	}
	if _, _, ok := rev.EffectiveOverall(stored.Turns[1]); ok {
		t.Errorf("EffectiveOverall(skipped turn) ok = true; want false")
	}
	if got := len(rev.TurnComments(1)); got != 2 {
		t.Errorf("TurnComments(1) = %d; want 2", got)
	}
}

func finished(s interview.Session, average float64) interview.Session {
	s.State = interview.StateFinished
	s.Summary = &interview.Summary{Total: 3, Average: average}
	return s
}

func testSearch(t *testing.T, st ReviewStore) {
	ctx := ctxT(t)
	ann := user("u-ann", "ann@example.com", interview.RoleCandidate, base)
	bob := user("u-bob", "bob@example.com", interview.RoleCandidate, base)
	cy := user("u-cy", "cy@example.com", interview.RoleCoach, base)
	mustCreateUsers(t, st, ann, bob, cy)
	if err := st.CreateTeam(ctx, interview.Team{ID: "t1", Name: "T", CoachID: cy.ID, InviteToken: "i1", CreatedAt: base}); err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	if _, err := st.JoinTeam(ctx, "t1", ann.ID, base.Add(day)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.JoinTeam(ctx, "t1", bob.ID, base); err != nil {
		t.Fatal(err)
	}
	// ann-0 predates ann's joining; guest-1 belongs to nobody in the team.
	// Sessions created at the same time list by id, descending.
	mk := func(id, owner string, created time.Time, role string, cats []questions.Category, average float64) {
		s := newSession(id, owner, created)
		s.Plan.Role, s.Plan.Categories = role, cats
		if _, err := st.CreateSession(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
		if average >= 0 {
			s = finished(s, average)
			if _, err := st.Save(ctx, interview.Change{SessionID: id, Session: &s}); err != nil {
				t.Fatal(err)
			}
		}
	}
	beh, tech := []questions.Category{questions.Behavioral}, []questions.Category{questions.Technical}
	mk("ann-0", ann.Owner(), base, "backend-developer", beh, 10)
	mk("ann-1", ann.Owner(), base.Add(2*day), "backend-developer", beh, 55)
	mk("ann-2", ann.Owner(), base.Add(3*day), "data-engineer", tech, -1)
	mk("bob-1", bob.Owner(), base.Add(2*day+time.Hour), "backend-developer", tech, 90)
	mk("guest-1", "guest:x", base.Add(2*day), "backend-developer", beh, 70)

	f := func(v float64) *float64 { return &v }
	reviews := interview.NewReviews(st, st, nil)
	for _, c := range []struct {
		name string
		q    interview.SessionQuery
		want []string
	}{
		{"admin sees all", interview.SessionQuery{}, []string{"ann-2", "bob-1", "guest-1", "ann-1", "ann-0"}},
		{"coach sees since joining", interview.SessionQuery{CoachID: cy.ID}, []string{"ann-2", "bob-1", "ann-1"}},
		{"other coach sees none", interview.SessionQuery{CoachID: "u-other"}, []string{}},
		{"coach and own", interview.SessionQuery{CoachID: cy.ID, Own: "guest:x"}, []string{"ann-2", "bob-1", "guest-1", "ann-1"}},
		{"owner", interview.SessionQuery{Owner: ann.Owner()}, []string{"ann-2", "ann-1", "ann-0"}},
		{"candidate", interview.SessionQuery{CoachID: cy.ID, Candidate: "ANN@"}, []string{"ann-2", "ann-1"}},
		{"role", interview.SessionQuery{CoachID: cy.ID, Role: "data-engineer"}, []string{"ann-2"}},
		{"category", interview.SessionQuery{CoachID: cy.ID, Category: "Technical"}, []string{"ann-2", "bob-1"}},
		{"dates", interview.SessionQuery{From: base.Add(day), To: base.Add(3 * day)}, []string{"bob-1", "guest-1", "ann-1"}},
		{"min score", interview.SessionQuery{CoachID: cy.ID, MinScore: f(60)}, []string{"bob-1"}},
		{"max score", interview.SessionQuery{MaxScore: f(60)}, []string{"ann-1", "ann-0"}},
		{"score high first", interview.SessionQuery{CoachID: cy.ID, Sort: interview.SortScoreHigh}, []string{"bob-1", "ann-1", "ann-2"}},
		{"score low first", interview.SessionQuery{CoachID: cy.ID, Sort: interview.SortScoreLow}, []string{"ann-1", "bob-1", "ann-2"}},
		{"oldest first", interview.SessionQuery{CoachID: cy.ID, Sort: interview.SortOldest}, []string{"ann-1", "bob-1", "ann-2"}},
		{"candidate desc", interview.SessionQuery{CoachID: cy.ID, Sort: interview.SortCandidateDesc}, []string{"bob-1", "ann-2", "ann-1"}},
		{"paged", interview.SessionQuery{Sort: interview.SortOldest, Limit: 2, Offset: 1}, []string{"ann-1", "guest-1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := reviews.Search(ctx, c.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			ids := []string{}
			for _, l := range got {
				ids = append(ids, l.ID)
				if len(l.Turns) != 0 {
					t.Errorf("%s listed with turns", l.ID)
				}
			}
			if !slices.Equal(ids, c.want) {
				t.Errorf("Search(%+v) = %v; want %v", c.q, ids, c.want)
			}
		})
	}
	got, err := reviews.Search(ctx, interview.SessionQuery{Owner: bob.Owner()})
	if err != nil || len(got) != 1 || got[0].CandidateEmail != bob.Email || got[0].Score() == nil || *got[0].Score() != 90 {
		t.Errorf("Search(bob) = %+v, %v; want bob-1 with his email and score 90", got, err)
	}
	for _, q := range []interview.SessionQuery{
		{Sort: "sideways"}, {Category: "musical"}, {MinScore: f(101)}, {From: base, To: base},
	} {
		if _, err := reviews.Search(ctx, q); !errors.Is(err, interview.ErrInvalid) {
			t.Errorf("Search(%+v) error = %v; want ErrInvalid", q, err)
		}
	}
}

// scoredSession stores a session whose turns have answers scored overalls,
// finished with the summary's average when average is not nil.
func scoredSession(t *testing.T, st ReviewStore, id string, created time.Time, overalls []int, average *float64) {
	t.Helper()
	ctx := ctxT(t)
	s := newSession(id, "guest:x", created)
	if _, err := st.CreateSession(ctx, s, nil); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	s.State = interview.StateActive
	var turns []interview.Turn
	for i, overall := range overalls {
		score := sampleResult()
		score.Overall = overall
		asked := created.Add(time.Duration(i) * time.Minute)
		submitted := asked.Add(30 * time.Second)
		turns = append(turns, interview.Turn{Index: i + 1,
			Question: interview.TurnQuestion{ID: fmt.Sprintf("q%d", i+1), Category: questions.Behavioral, Text: "Tell me.", TimeLimitS: 180},
			Status:   interview.TurnScored, Answer: reviewAnswer, AskedAt: asked, SubmittedAt: &submitted, Score: score})
	}
	if average != nil {
		s = finished(s, *average)
	}
	if _, err := st.Save(ctx, interview.Change{SessionID: id, Session: &s, Turns: turns}); err != nil {
		t.Fatalf("Save: %v", err)
	}
}

// testSearchEffectiveScore: the search filters and sorts on the score
// that counts, the coaches' where they overrode a turn (the latest
// override of each turn, else the engine's), and returns it beside the
// engine's average, equal to what Review.SessionScore computes in Go.
func testSearchEffectiveScore(t *testing.T, st ReviewStore) {
	ctx := ctxT(t)
	now := base.Add(24 * time.Hour)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	reviews := interview.NewReviews(st, st, clock)
	coach := interview.Reviewer{ID: "u-cy", Email: "cy@example.com"}
	f := func(v float64) *float64 { return &v }

	scoredSession(t, st, "hi", base, []int{75, 75}, f(75))
	scoredSession(t, st, "mid", base.Add(time.Hour), []int{70}, f(70))
	scoredSession(t, st, "lo", base.Add(2*time.Hour), []int{60, 50, 41}, f(50.3))
	scoredSession(t, st, "live", base.Add(3*time.Hour), []int{30}, nil) // not finished: no summary
	scoredSession(t, st, "none", base.Add(4*time.Hour), nil, nil)

	// lo: turn 1 overridden twice (the later counts), turn 2 by two rows
	// made at the same time (the greater id counts, as Review orders
	// them): (99 + 90 + 41) / 3 = 76.67, 76.7 rounded as the summary is.
	// hi only has a comment, which changes no score.
	for _, o := range []struct {
		turn, overall int
	}{{1, 40}, {1, 99}} {
		if _, err := reviews.Override(ctx, "lo", o.turn, o.overall, "coach's view", coach); err != nil {
			t.Fatalf("Override(lo, %d, %d): %v", o.turn, o.overall, err)
		}
	}
	tie := clock()
	for _, o := range []interview.ScoreOverride{
		{ID: "tie-b", SessionID: "lo", Turn: 2, Overall: 90, Reason: "b", AuthorID: coach.ID, AuthorEmail: coach.Email, CreatedAt: tie},
		{ID: "tie-a", SessionID: "lo", Turn: 2, Overall: 10, Reason: "a", AuthorID: coach.ID, AuthorEmail: coach.Email, CreatedAt: tie},
	} {
		if err := st.AddScoreOverride(ctx, o); err != nil {
			t.Fatalf("AddScoreOverride(%s): %v", o.ID, err)
		}
	}
	// live: an override before the summary gives it a score.
	if _, err := reviews.Override(ctx, "live", 1, 20, "off topic", coach); err != nil {
		t.Fatal(err)
	}
	if _, err := reviews.Comment(ctx, "hi", 1, interview.Anchor{Start: 0, End: 3}, "Name it.", coach); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name string
		q    interview.SessionQuery
		want []string
	}{
		{"score high first", interview.SessionQuery{Sort: interview.SortScoreHigh}, []string{"lo", "hi", "mid", "live", "none"}},
		{"score low first", interview.SessionQuery{Sort: interview.SortScoreLow}, []string{"live", "mid", "hi", "lo", "none"}},
		{"min score", interview.SessionQuery{MinScore: f(76)}, []string{"lo"}},
		{"max score", interview.SessionQuery{MaxScore: f(60)}, []string{"live"}},
		{"score range", interview.SessionQuery{MinScore: f(70), MaxScore: f(75)}, []string{"mid", "hi"}},
		{"the override's edges", interview.SessionQuery{MinScore: f(76.7), MaxScore: f(76.7)}, []string{"lo"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := reviews.Search(ctx, c.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			ids := []string{}
			for _, l := range got {
				ids = append(ids, l.ID)
			}
			if !slices.Equal(ids, c.want) {
				t.Errorf("Search(%+v) = %v; want %v", c.q, ids, c.want)
			}
		})
	}

	got, err := reviews.Search(ctx, interview.SessionQuery{Sort: interview.SortOldest})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ engine, effective *float64 }{
		"hi": {f(75), f(75)}, "mid": {f(70), f(70)}, "lo": {f(50.3), f(76.7)}, "live": {nil, f(20)}, "none": {nil, nil},
	}
	show := func(v *float64) string {
		if v == nil {
			return "nil"
		}
		return fmt.Sprint(*v)
	}
	for _, l := range got {
		w := want[l.ID]
		if show(l.Score()) != show(w.engine) || show(l.Effective) != show(w.effective) {
			t.Errorf("%s: Score() = %s, Effective = %s; want the engine's %s and %s", l.ID, show(l.Score()), show(l.Effective), show(w.engine), show(w.effective))
		}
		// The store's SQL and the Go definition agree.
		sess, err := st.Session(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		rev, err := reviews.Review(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		var inGo *float64
		if v, ok := rev.SessionScore(sess); ok {
			inGo = &v
		}
		if show(inGo) != show(l.Effective) {
			t.Errorf("%s: the store's effective score %s; Review.SessionScore says %s", l.ID, show(l.Effective), show(inGo))
		}
	}
}
