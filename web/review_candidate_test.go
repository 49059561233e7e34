package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

// TestCandidateSeesCoachingOnOwnSessionOnly: the coach's comments and
// overrides reach the candidate on their own interview (the review API,
// the transcript page worded for them, their list and progress), and
// nobody else: a teammate, a guest and another coach get 404 for the
// review, the page and the export, and their lists do not show it.
func TestCandidateSeesCoachingOnOwnSessionOnly(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach@example.com", interview.RoleCoach)
	other, _ := srv.addUser(t, "other@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "T")
	ann := srv.newGuest(t)
	annUser := ann.signup(t, "ann@example.com", team.Invite)
	bob := srv.newGuest(t)
	bob.signup(t, "bob@example.com", team.Invite) // Ann's teammate
	stranger := srv.newGuest(t)
	id := srv.answeredSession(t, ann, browserAnswer)
	bobsID := srv.answeredSession(t, bob, browserAnswer)

	passage := "added an index and a Redis cache"
	start := strings.Index(browserAnswer, passage)
	body, _ := json.Marshal(map[string]any{"start": start, "end": start + len(passage), "quote": passage, "body": "Which index did you add?"})
	if status, b := coach.do(t, "POST", "/api/v1/sessions/"+id+"/turns/1/comments", string(body)); status != http.StatusCreated {
		t.Fatalf("comment: %d %s", status, b)
	}
	if status, b := coach.do(t, "PUT", "/api/v1/sessions/"+id+"/turns/1/override", `{"overall":91,"reason":"Measured and owned."}`); status != http.StatusOK {
		t.Fatalf("override: %d %s", status, b)
	}

	// Ann: the review, her transcript page, her list and her progress.
	status, b := ann.do(t, "GET", "/api/v1/sessions/"+id+"/review", "")
	var rev web.ReviewView
	if status != 200 || json.Unmarshal(b, &rev) != nil || len(rev.Comments) != 1 || len(rev.Overrides) != 1 || *rev.Effective[0].Overall != 91 {
		t.Fatalf("Ann's review = %d %s; want her coach's comment and override", status, b)
	}
	page := html.UnescapeString(ann.page(t, "/coach/sessions/"+id))
	for _, want := range []string{"Your interview", "Coach's score", ">91<", "Measured and owned.", "coach@example.com",
		"Your coach's comments", "Which index did you add?", `data-comment-refs="1"`, `id="share"`, `id="export-csv"`} {
		if !strings.Contains(page, want) {
			t.Errorf("Ann's transcript page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"comment-form", "override-form"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("Ann's transcript page has the %s", unwanted)
		}
	}
	var apiList web.ReviewList
	if status, b := ann.do(t, "GET", "/api/v1/review/sessions", ""); status != 200 || json.Unmarshal(b, &apiList) != nil ||
		len(apiList.Sessions) != 1 || apiList.Sessions[0].Coaching.Score == nil || *apiList.Sessions[0].Coaching.Score != 91 ||
		apiList.Sessions[0].Coaching.Comments != 1 || apiList.Sessions[0].Coaching.OverriddenTurns != 1 {
		t.Errorf("Ann's review list = %d %s; want her one interview with the coach's 91, 1 comment, 1 turn overridden", status, b)
	}
	if status, b := bob.do(t, "GET", "/api/v1/review/sessions", ""); status != 200 || json.Unmarshal(b, &apiList) != nil ||
		len(apiList.Sessions) != 1 || apiList.Sessions[0].ID != bobsID || apiList.Sessions[0].Coaching != (web.ListCoaching{}) {
		t.Errorf("Bob's review list = %d %s; want only his own interview, not coached", status, b)
	}
	list := html.UnescapeString(ann.page(t, "/coach"))
	if !strings.Contains(list, "Your interviews") || !strings.Contains(list, `class="coached-score"`) || !strings.Contains(list, "1 comment") || strings.Contains(list, bobsID) {
		t.Errorf("Ann's list lacks her coaching, or shows Bob's interview:\n%s", list)
	}
	progress := html.UnescapeString(ann.page(t, "/coach/candidates/"+annUser.User.ID))
	if !strings.Contains(progress, "Your progress") || !strings.Contains(progress, ">1 scored interview<") || strings.Contains(progress, "Progress of") {
		t.Errorf("Ann's progress page is not worded for her:\n%s", progress)
	}
	if coachView := html.UnescapeString(coach.page(t, "/coach/candidates/"+annUser.User.ID)); !strings.Contains(coachView, "Progress of") || !strings.Contains(coachView, "Their interviews") {
		t.Errorf("the coach's view of Ann's progress lost the coach's wording")
	}

	// Nobody else sees Ann's coaching.
	for _, g := range []struct {
		name string
		g    *guest
	}{{"teammate", bob}, {"stranger", stranger}, {"another coach", other}} {
		for _, path := range []string{"/api/v1/sessions/" + id + "/review", "/api/v1/sessions/" + id + "/export?format=md", "/coach/sessions/" + id, "/coach/sessions/" + id + "/print"} {
			status, b := g.g.do(t, "GET", path, "")
			// A stranger who is not signed in is sent to the login page.
			toLogin := g.name == "stranger" && strings.HasPrefix(path, "/coach") && status == http.StatusOK && strings.Contains(string(b), `id="auth-form"`)
			if status != http.StatusNotFound && !toLogin {
				t.Errorf("%s GET %s = %d; want 404", g.name, path, status)
			}
			if strings.Contains(string(b), "Which index") || strings.Contains(string(b), "Measured and owned") {
				t.Errorf("%s GET %s shows Ann's coaching", g.name, path)
			}
		}
	}
	bobList := html.UnescapeString(bob.page(t, "/coach"))
	if strings.Contains(bobList, id) || strings.Contains(bobList, "coached-score") {
		t.Errorf("Bob's list shows Ann's interview or a coach's score he does not have")
	}
	if status, _ := ann.do(t, "POST", "/api/v1/sessions/"+id+"/turns/1/comments", string(body)); status != http.StatusForbidden {
		t.Errorf("Ann commenting on her own interview = %d; want 403", status)
	}
}
