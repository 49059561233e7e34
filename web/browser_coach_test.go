package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mockinterview/mockinterview/interview"
)

// TestBrowserCoachReview walks the coach's flows in Chromium: a coach
// creates a team; a candidate opens the invite, signs up, takes an
// interview on the candidate page; the coach logs in, finds it, reads it
// with its highlights, comments on a passage, overrides a score, exports it,
// opens the printable view and the progress chart; another coach cannot
// see it. Screenshots go to the test's temp dir (or $MOCKINTERVIEW_SCREENSHOTS).
func TestBrowserCoachReview(t *testing.T) {
	srv := newAccountServer(t)
	srv.addUser(t, "coach@example.com", interview.RoleCoach)
	srv.addUser(t, "other-coach@example.com", interview.RoleCoach)
	ctx := browserContext(t)
	shots := t.TempDir()
	if dir := os.Getenv("MOCKINTERVIEW_SCREENSHOTS"); dir != "" {
		shots = dir
	}
	var poll func(what, expr string) string
	screenshot := func(name string) {
		t.Helper()
		var (
			png []byte
			err error
		)
		for try := 0; try < 5; try++ { // a page still laying out has no size yet
			poll("the page loaded", `document.readyState === 'complete' && document.body.offsetWidth > 0 ? 'ok' : ''`)
			if png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil || !strings.Contains(err.Error(), "(-32000)") {
				break
			}
		}
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, "coach-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	poll = func(what, expr string) string {
		t.Helper()
		var (
			v   string
			err error
		)
		// A page that navigates while polled ends the poll: poll the next.
		for try := 0; try < 5; try++ {
			v, err = chromedp.Run(ctx, chromedp.Poll[string](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
			if err == nil || !strings.Contains(err.Error(), "(-32000)") {
				break
			}
		}
		if err != nil {
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("waiting for %s: %v\nat %s, page text:\n%s", what, err, loc, text)
		}
		return v
	}
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	login := func(email string) {
		t.Helper()
		do("open the login page", chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#auth-form")))
		// The form's handler is attached once the document is complete: a
		// form submitted sooner goes out natively.
		poll("the login page's scripts", `document.readyState === 'complete' ? 'ok' : ''`)
		do("log in as "+email,
			chromedp.SendKeys(chromedp.CSS("#auth-email"), email),
			chromedp.SendKeys(chromedp.CSS("#auth-password"), testPassword),
			chromedp.Click(chromedp.CSS("#auth-submit")))
		poll("the sessions list", `location.pathname === '/coach' && document.readyState === 'complete' && document.getElementById('whoami')?.textContent.includes('`+email+`') ? 'ok' : ''`)
	}
	logout := func() {
		t.Helper()
		do("log out", chromedp.Click(chromedp.CSS("#logout")))
		poll("the login page", `location.pathname === '/login' ? 'ok' : ''`)
	}

	// The coach makes a team and reads its invite link.
	login("coach@example.com")
	do("open the teams", chromedp.Navigate(srv.URL+"/coach/teams"), chromedp.WaitVisible(chromedp.CSS("#team-form")))
	do("create a team", chromedp.SendKeys(chromedp.CSS("#team-name"), "Backend cohort"), chromedp.Click(chromedp.CSS("#create-team")))
	invite := poll("the invite link", `((t) => t.startsWith('http') ? t : '')(document.querySelector('.team .invite-link')?.textContent || '')`)
	if !strings.HasPrefix(invite, srv.URL+"/join/") {
		t.Fatalf("invite link %q", invite)
	}
	screenshot("1-team")
	logout()

	// The candidate opens the invite, signs up and joins.
	do("open the invite", chromedp.Navigate(invite), chromedp.WaitVisible(chromedp.CSS("#join-title")))
	if title := poll("the team name", `document.getElementById('join-title').textContent`); !strings.Contains(title, "Backend cohort") {
		t.Errorf("invite page title %q", title)
	}
	do("sign up",
		chromedp.SendKeys(chromedp.CSS("#auth-email"), "Cand@Example.com"),
		chromedp.SendKeys(chromedp.CSS("#auth-password"), testPassword),
		chromedp.SendKeys(chromedp.CSS("#auth-confirm"), testPassword),
		chromedp.Click(chromedp.CSS("#auth-submit")))
	poll("the candidate page", `location.pathname === '/' && document.querySelector('#setup-title') ? 'ok' : ''`)
	members, err := srv.ts.store.UserMemberships(context.Background(), mustUser(t, srv, "cand@example.com").ID)
	if err != nil || len(members) != 1 || members[0].TeamName != "Backend cohort" {
		t.Fatalf("the candidate's teams = %+v, %v; want Backend cohort", members, err)
	}

	// The interview, on the candidate page: one behavioral question.
	poll("the roles", `document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`)
	do("fill the form",
		chromedp.SetValue(chromedp.CSS("#role"), "backend-developer"),
		chromedp.Click(chromedp.CSS(`input[name=categories][value=behavioral]`)),
		chromedp.SetValue(chromedp.CSS("#count"), "1"),
		chromedp.Click(chromedp.CSS("#start-button")))
	for step := 0; ; step++ {
		if step > 4 {
			t.Fatal("the interview did not finish")
		}
		state := poll("a question or the end", composerState)
		if state == "finished" {
			break
		}
		text := browserAnswer
		if strings.HasPrefix(state, "Answer the follow-up") {
			text = browserFollowUp
		}
		do("answer", chromedp.SendKeys(chromedp.CSS("#answer"), text), chromedp.Click(chromedp.CSS("#submit-answer")))
		poll("the answer taken", `document.getElementById('answer').value === '' || !document.getElementById('live-summary').hidden ? 'ok' : ''`)
	}
	screenshot("2-candidate-finished")
	do("open the account bar", chromedp.Navigate(srv.URL+"/coach/teams"), chromedp.WaitVisible(chromedp.CSS("#logout")))
	if m := poll("the membership", `document.getElementById('memberships').textContent`); !strings.Contains(m, "Backend cohort") {
		t.Errorf("the candidate's teams page shows %q", m)
	}
	logout()

	// The coach finds the interview with the filters.
	login("coach@example.com")
	do("filter by candidate",
		chromedp.SendKeys(chromedp.CSS("#filter-candidate"), "cand@"),
		chromedp.SetValue(chromedp.CSS("#filter-category"), "behavioral"),
		chromedp.Click(chromedp.CSS("#apply-filters")))
	poll("the filtered list", `location.search.includes('candidate=cand') && document.querySelectorAll('#sessions .session-row').length === 1 ? 'ok' : ''`)
	row := poll("the row", `document.querySelector('#sessions .session-row').innerText`)
	if !strings.Contains(row, "cand@example.com") || !strings.Contains(row, "Backend Developer") || !strings.Contains(row, "finished") {
		t.Errorf("the row reads %q; want the candidate, the role and finished", row)
	}
	do("sort by score", chromedp.Click(chromedp.CSS(`.sorts a:nth-child(3)`)))
	poll("sorted", `location.search.includes('sort=-score') && document.querySelector('.sorts .active')?.textContent === 'Best score' ? 'ok' : ''`)
	screenshot("3-list")
	do("open it", chromedp.Click(chromedp.CSS("#sessions .session-row a.open")))
	// The page's deferred scripts have run (their handlers are attached)
	// once the document is complete: a form clicked sooner submits natively.
	poll("the transcript", `document.readyState === 'complete' && document.querySelector('#transcript .answer') ? 'ok' : ''`)
	sessionID := poll("the session id", `document.getElementById('transcript').dataset.session`)

	// The highlights are the answer's bytes, STAR parts and talking points.
	sess, err := srv.engine.Session(context.Background(), sessionID)
	if err != nil {
		t.Fatal(err)
	}
	answer := sess.Turns[0].Answer
	raw := poll("the highlights", `JSON.stringify([...document.querySelectorAll('#turn-1 .answer mark')].map(m => ({label: m.dataset.label || (m.classList.contains('tp') ? 'tp' : ''), start: +m.dataset.start, end: +m.dataset.end, text: m.textContent})))`)
	var marks []markInfo
	if err := json.Unmarshal([]byte(raw), &marks); err != nil {
		t.Fatal(err)
	}
	labels := map[string]bool{}
	for _, m := range marks {
		labels[m.Label] = true
		if m.Start < 0 || m.End > len(answer) || m.Start >= m.End || answer[m.Start:m.End] != m.Text {
			t.Errorf("mark %+v is not the answer's bytes [%d, %d)", m, m.Start, m.End)
		}
	}
	for _, want := range []string{"action", "result"} {
		if !labels[want] {
			t.Errorf("no %s highlighted (marks %+v)", want, marks)
		}
	}
	// The answer is shown part by part (the main answer, each follow-up's
	// answer under its question), which joined with blank lines are the
	// stored answer.
	if full := poll("the answer text", `[...document.querySelectorAll('#turn-1 .answer')].map(a => a.textContent).join('\n\n')`); full != answer {
		t.Errorf("the answer shown is %q; want %q", full, answer)
	}
	if fu := sess.Turns[0].FollowUps; len(fu) > 0 {
		if q := poll("the follow-up question", `document.querySelector('#turn-1 .followup .followup-text')?.textContent || ''`); q != fu[0].Text {
			t.Errorf("the follow-up question shown is %q; want %q", q, fu[0].Text)
		}
	}
	if score := poll("the engine score", `document.querySelector('#turn-1 .engine-score')?.textContent || ''`); score != fmt.Sprint(sess.Turns[0].Score.Overall) {
		t.Errorf("engine score shown %q; want %d", score, sess.Turns[0].Score.Overall)
	}
	screenshot("4-transcript")

	// Select a passage after the multi-byte characters and comment on it.
	passage := "added an index and a Redis cache"
	start := strings.Index(answer, passage)
	do("select the passage", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const answer = document.querySelector('#turn-1 .answer');
		const text = answer.textContent, from = text.indexOf(%q), to = from + %d;
		const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		let seen = 0, node;
		while ((node = walker.nextNode())) {
			const len = node.data.length;
			if (from >= seen && from <= seen + len && !range.startContainer.data) range.setStart(node, from - seen);
			if (to >= seen && to <= seen + len) { range.setEnd(node, to - seen); break; }
			seen += len;
		}
		const sel = window.getSelection();
		sel.removeAllRanges();
		sel.addRange(range);
		document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
	})()`, passage, len([]rune(passage)))))
	offsets := poll("the selected offsets", `(() => { const f = document.querySelector('.comment-form[data-turn="1"]'); return f.elements.start.value ? f.elements.start.value + '-' + f.elements.end.value + '|' + f.querySelector('.selected-text').textContent : ''; })()`)
	if want := fmt.Sprintf("%d-%d|%s", start, start+len(passage), passage); offsets != want {
		t.Fatalf("the selection became %q; want byte offsets %q", offsets, want)
	}
	do("comment",
		chromedp.SendKeys(chromedp.CSS(`.comment-form[data-turn="1"] textarea`), "Which index? Say how you chose it."),
		chromedp.Click(chromedp.CSS(`.comment-form[data-turn="1"] button`)))
	poll("the comment", `document.querySelector('#turn-1 .comment .quote')?.textContent.includes('Redis cache') && document.querySelector('#turn-1 mark.commented') ? 'ok' : ''`)

	do("override the score",
		chromedp.SendKeys(chromedp.CSS(`.override-form[data-turn="1"] input[name=overall]`), "91"),
		chromedp.SendKeys(chromedp.CSS(`.override-form[data-turn="1"] input[name=reason]`), "The result is measured and owned."),
		chromedp.Click(chromedp.CSS(`.override-form[data-turn="1"] button`)))
	poll("the override", `document.querySelector('#turn-1 .effective-score.overridden')?.textContent === '91' && document.querySelector('#turn-1 .override')?.textContent.includes('measured and owned') ? 'ok' : ''`)
	if engine := poll("the engine score kept", `document.querySelector('#turn-1 .engine-score').textContent`); engine != fmt.Sprint(sess.Turns[0].Score.Overall) {
		t.Errorf("the engine score became %s after the override", engine)
	}
	screenshot("5-reviewed")

	// Exports, from the page's links.
	for format, want := range map[string]string{"md": "Effective score: 91", "json": `"overall": 91`, "csv": "The result is measured and owned."} {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.getElementById('export-`+format+`').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
		if err != nil || !strings.Contains(got, want) || (format != "csv" && !strings.Contains(got, "Which index?")) {
			t.Errorf("the %s export lacks %q or the comment: %v\n%.500s", format, want, err, got)
		}
	}

	// The printable view hides the navigation and the forms.
	do("open the printable view", chromedp.Click(chromedp.CSS("#print-view")))
	poll("the printable view", `document.body.classList.contains('print') && getComputedStyle(document.querySelector('.bar')).display === 'none' && !document.querySelector('.override-form')?.offsetParent ? 'ok' : ''`)
	screenshot("6-print")

	// The candidate's progress chart.
	do("open the progress", chromedp.Navigate(srv.URL+"/coach"), chromedp.WaitVisible(chromedp.CSS("#sessions")))
	do("follow the candidate", chromedp.Click(chromedp.CSS("#sessions .candidate a")))
	poll("the chart", `document.querySelector('#chart-overall svg circle')?.dataset.value === '91.0' && document.querySelector('#chart-star svg polyline') ? 'ok' : ''`)
	screenshot("7-progress")
	logout()

	// Another coach sees none of it.
	login("other-coach@example.com")
	poll("an empty list", `document.getElementById('no-sessions') ? 'ok' : ''`)
	do("open the interview's address", chromedp.Navigate(srv.URL+"/coach/sessions/"+sessionID))
	if msg := poll("the refusal", `document.getElementById('page-error')?.textContent || ''`); !strings.Contains(msg, "no session") {
		t.Errorf("another coach reads %q at the interview's address; want not found", msg)
	}
	if body := poll("the body", `document.body.innerText`); strings.Contains(body, "Redis cache") {
		t.Errorf("another coach sees the answer")
	}
	screenshot("8-other-coach")
}

func mustUser(t *testing.T, srv *accountServer, email string) interview.User {
	t.Helper()
	u, err := srv.ts.store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("UserByEmail(%s): %v", email, err)
	}
	return u
}
