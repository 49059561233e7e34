package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

// TestReviewListSortsByEffectiveScore: once a coach overrides a turn, the
// session list (the JSON list, under both of its routes, and the /coach
// page) shows, filters and sorts the session by the coach's score, not
// the engine's average; score keeps the engine's, effective_score is the
// one that counts, and the transcript page shows the same average.
func TestReviewListSortsByEffectiveScore(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "T")
	ann := srv.newGuest(t)
	ann.signup(t, "ann@example.com", team.Invite)
	strong := srv.answeredSession(t, ann, browserAnswer)
	weak := srv.answeredSession(t, ann, "I fixed it. It was fine in the end.")

	engine := func(id string) int {
		t.Helper()
		tr := coach.transcript(t, id)
		if len(tr.Turns) != 1 || tr.Turns[0].Score == nil || tr.Summary == nil || tr.Summary.Average != float64(tr.Turns[0].Score.Overall) {
			t.Fatalf("session %s: %+v; want one scored turn and its summary", id, tr)
		}
		return tr.Turns[0].Score.Overall
	}
	strongScore, weakScore := engine(strong), engine(weak)
	if !(weakScore < strongScore && strongScore < 95) {
		t.Fatalf("engine scores: strong %d, weak %d; the test needs weak < strong < 95", strongScore, weakScore)
	}
	// The weak answer's coach scores it 97 and the strong one's only
	// comments: the weak session now ranks first.
	if status, b := coach.do(t, "PUT", "/api/v1/sessions/"+weak+"/turns/1/override", `{"overall":97,"reason":"Concise and true."}`); status != http.StatusOK {
		t.Fatalf("override: %d %s", status, b)
	}
	passage := "Zürich"
	start := strings.Index(browserAnswer, passage)
	comment, _ := json.Marshal(map[string]any{"start": start, "end": start + len(passage), "body": "Which shop?"})
	if status, b := coach.do(t, "POST", "/api/v1/sessions/"+strong+"/turns/1/comments", string(comment)); status != http.StatusCreated {
		t.Fatalf("comment: %d %s", status, b)
	}

	list := func(path string) web.ReviewList {
		t.Helper()
		status, b := coach.do(t, "GET", path, "")
		var out web.ReviewList
		if status != http.StatusOK || json.Unmarshal(b, &out) != nil {
			t.Fatalf("GET %s = %d %s", path, status, b)
		}
		return out
	}
	ids := func(l web.ReviewList) []string {
		out := []string{}
		for _, s := range l.Sessions {
			out = append(out, s.ID)
		}
		return out
	}
	minAboveStrong := fmt.Sprint(strongScore + 1)
	for _, route := range []string{"/api/v1/review/sessions?", "/api/v1/sessions?scope=review&"} {
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"sort=-score", []string{weak, strong}},
			{"sort=score", []string{strong, weak}},
			{"min_score=" + minAboveStrong, []string{weak}},
			{"max_score=" + fmt.Sprint(strongScore), []string{strong}}, // the weak one's engine average would match too
			{"min_score=97&max_score=97", []string{weak}},
		} {
			if got := ids(list(route + c.query)); !slices.Equal(got, c.want) {
				t.Errorf("GET %s%s = %v; want %v (weak %s, strong %s)", route, c.query, got, c.want, weak, strong)
			}
		}
	}
	for _, s := range list("/api/v1/review/sessions?sort=-score").Sessions {
		want := map[string]struct {
			engine, effective float64
			coached           bool
		}{weak: {float64(weakScore), 97, true}, strong: {float64(strongScore), float64(strongScore), false}}[s.ID]
		if s.Score == nil || *s.Score != want.engine || s.EffectiveScore == nil || *s.EffectiveScore != want.effective ||
			(s.Coaching.Score != nil) != want.coached || (want.coached && *s.Coaching.Score != want.effective) {
			t.Errorf("%s: score %s, effective_score %s, coaching score %s; want the engine's %v, %v, coached %v",
				s.ID, num(s.Score), num(s.EffectiveScore), num(s.Coaching.Score), want.engine, want.effective, want.coached)
		}
	}

	// The page: the same order and filters, the coach's score shown with
	// the engine's beside it.
	rowID := regexp.MustCompile(`<tr class="session-row" data-id="([^"]+)"`)
	pageIDs := func(page string) []string {
		out := []string{}
		for _, m := range rowID.FindAllStringSubmatch(page, -1) {
			out = append(out, m[1])
		}
		return out
	}
	page := html.UnescapeString(coach.page(t, "/coach?sort=-score"))
	if got := pageIDs(page); !slices.Equal(got, []string{weak, strong}) {
		t.Errorf("/coach?sort=-score lists %v; want %v", got, []string{weak, strong})
	}
	if want := fmt.Sprintf(`>97</strong> <span class="engine-average">(engine %d)</span>`, weakScore); !strings.Contains(page, want) {
		t.Errorf("/coach?sort=-score lacks %q:\n%s", want, page)
	}
	if want := fmt.Sprintf(`<td class="score">%d</td>`, strongScore); !strings.Contains(page, want) {
		t.Errorf("/coach?sort=-score lacks %q for the session not overridden:\n%s", want, page)
	}
	if got := pageIDs(coach.page(t, "/coach?min_score="+minAboveStrong)); !slices.Equal(got, []string{weak}) {
		t.Errorf("/coach?min_score=%s lists %v; want only %s", minAboveStrong, got, weak)
	}
	if got := pageIDs(coach.page(t, "/coach?sort=score")); !slices.Equal(got, []string{strong, weak}) {
		t.Errorf("/coach?sort=score lists %v; want %v", got, []string{strong, weak})
	}
	// The candidate's own list goes by the coach's score too.
	if got := pageIDs(ann.page(t, "/coach?sort=-score")); !slices.Equal(got, []string{weak, strong}) {
		t.Errorf("Ann's /coach?sort=-score lists %v; want %v", got, []string{weak, strong})
	}

	// The transcript page's average is the list's score.
	tr := html.UnescapeString(coach.page(t, "/coach/sessions/"+weak))
	if want := fmt.Sprintf(`coach's average <strong id="average" class="coached-score">97</strong> <span class="engine-average">(engine %d)</span>`, weakScore); !strings.Contains(tr, want) {
		t.Errorf("the overridden transcript lacks %q", want)
	}
	if want := fmt.Sprintf(`average <strong id="average">%d</strong>`, strongScore); !strings.Contains(html.UnescapeString(coach.page(t, "/coach/sessions/"+strong)), want) {
		t.Errorf("the transcript not overridden lacks %q", want)
	}
}

// num prints a score that may be null.
func num(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}
