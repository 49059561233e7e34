package web_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mockinterview/mockinterview/interview"
)

// starColours reads, on the page shown, the computed underline colour of
// every STAR-labelled passage (marks of sel) and the theme's colour of each
// part, as rgb() strings.
const starColoursJS = `((sel) => {
	const probe = document.createElement('span');
	document.body.append(probe);
	const theme = {};
	for (const part of ['situation', 'task', 'action', 'result']) {
		probe.style.color = getComputedStyle(document.documentElement).getPropertyValue('--star-' + part).trim();
		theme[part] = getComputedStyle(probe).color;
	}
	probe.remove();
	const marks = {};
	for (const m of document.querySelectorAll(sel)) {
		const part = m.dataset.label;
		if (!part) continue;
		const c = getComputedStyle(m).borderBottomColor;
		(marks[part] = marks[part] || []).includes(c) || marks[part].push(c);
	}
	return JSON.stringify({theme, marks});
})`

type starColours struct {
	Theme map[string]string   `json:"theme"`
	Marks map[string][]string `json:"marks"`
}

// TestBrowserOneProduct: the candidate's page and the coach's pages share
// one STAR colour per part (highlights on both sides, the progress chart),
// every page links the favicon that is served, and the coach's pages say
// what to do when empty, copy the invite link and count members in words.
func TestBrowserOneProduct(t *testing.T) {
	srv := newAccountServer(t)
	srv.addUser(t, "coach@example.com", interview.RoleCoach)
	ctx := browserContext(t)
	shots := t.TempDir()
	if dir := os.Getenv("MOCKINTERVIEW_SCREENSHOTS"); dir != "" {
		shots = dir
	}
	poll := func(what, expr string) string {
		t.Helper()
		var (
			v   string
			err error
		)
		for try := 0; try < 5; try++ {
			v, err = chromedp.Run(ctx, chromedp.Poll[string](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
			if err == nil || !strings.Contains(err.Error(), "(-32000)") {
				break
			}
		}
		if err != nil {
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
			t.Fatalf("waiting for %s: %v\npage text:\n%s", what, err, text)
		}
		return v
	}
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	screenshot := func(name string) {
		t.Helper()
		poll("the page loaded", `document.readyState === 'complete' && document.body.offsetWidth > 0 ? 'ok' : ''`)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		os.WriteFile(filepath.Join(shots, "product-"+name+".png"), png, 0o644)
	}
	favicon := func(page string) {
		t.Helper()
		got := poll("the favicon on "+page, `(async () => {
			const link = document.querySelector('link[rel=icon]');
			if (!link) return 'no link';
			const r = await fetch(link.href);
			const b = new Uint8Array(await r.arrayBuffer());
			return r.status + ' ' + r.headers.get('content-type') + ' ' + b.length + ' ' + b[2] + b[3];
		})()`)
		if !strings.HasPrefix(got, "200 image/x-icon ") || !strings.HasSuffix(got, " 10") {
			t.Errorf("favicon on %s: %q; want 200 image/x-icon, an ICO (type 1)", page, got)
		}
	}
	login := func(email string) {
		t.Helper()
		do("open the login page", chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#auth-form")))
		do("log in as "+email,
			chromedp.SendKeys(chromedp.CSS("#auth-email"), email),
			chromedp.SendKeys(chromedp.CSS("#auth-password"), testPassword),
			chromedp.Click(chromedp.CSS("#auth-submit")))
		poll("the sessions list", `location.pathname === '/coach' && document.getElementById('whoami') ? 'ok' : ''`)
	}

	// A new coach: the empty list says how to start.
	login("coach@example.com")
	favicon("the coach's list")
	empty := poll("the empty state", `document.getElementById('no-sessions')?.textContent || ''`)
	if !strings.Contains(empty, "Create a team") || strings.Contains(empty, "No interviews match") {
		t.Errorf("a coach with no team reads %q; want how to start", empty)
	}
	if href := poll("the link to the teams", `document.querySelector('#no-sessions a')?.getAttribute('href') || ''`); href != "/coach/teams" {
		t.Errorf("the empty state links to %q", href)
	}
	screenshot("1-empty")

	// A team: no members in words, and the invite link copied.
	do("open the teams", chromedp.Navigate(srv.URL+"/coach/teams"), chromedp.WaitVisible(chromedp.CSS("#team-form")))
	do("create a team", chromedp.SendKeys(chromedp.CSS("#team-name"), "Cohort"), chromedp.Click(chromedp.CSS("#create-team")))
	invite := poll("the invite link", `((t) => t.startsWith('http') ? t : '')(document.querySelector('.team .invite-link')?.textContent || '')`)
	if c := poll("the member count", `document.querySelector('.team .member-count')?.textContent || ''`); !strings.HasPrefix(c, "No members yet") {
		t.Errorf("member count %q", c)
	}
	do("copy the invite", chromedp.Click(chromedp.CSS(".team button.copy-invite")))
	status := poll("the copy status", `document.querySelector('.team .copy-status').textContent`)
	switch {
	case status == "Copied.":
	case strings.HasPrefix(status, "Selected"):
		if sel := poll("the selection", `window.getSelection().toString()`); sel != invite {
			t.Errorf("selected %q; want the invite link %q", sel, invite)
		}
	default:
		t.Errorf("copy status %q", status)
	}
	screenshot("2-team")
	do("log out", chromedp.Click(chromedp.CSS("#logout")))
	poll("the login page", `location.pathname === '/login' ? 'ok' : ''`)

	// The candidate joins and answers one behavioral question.
	do("open the invite", chromedp.Navigate(invite), chromedp.WaitVisible(chromedp.CSS("#join-title")))
	do("sign up",
		chromedp.SendKeys(chromedp.CSS("#auth-email"), "cand@example.com"),
		chromedp.SendKeys(chromedp.CSS("#auth-password"), testPassword),
		chromedp.SendKeys(chromedp.CSS("#auth-confirm"), testPassword),
		chromedp.Click(chromedp.CSS("#auth-submit")))
	poll("the candidate page", `location.pathname === '/' && document.querySelector('#setup-title') ? 'ok' : ''`)
	favicon("the candidate's page")
	poll("the roles", `document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`)
	do("fill the form",
		chromedp.SetValue(chromedp.CSS("#role"), "backend-developer"),
		chromedp.Click(chromedp.CSS(`input[name=categories][value=behavioral]`)),
		chromedp.SetValue(chromedp.CSS("#count"), "1"),
		chromedp.Click(chromedp.CSS("#start-button")))
	var candidate starColours
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
		if step == 0 {
			raw := poll("the candidate's highlights", `document.querySelector('.turn mark[data-label]') ? `+starColoursJS+`('.turn mark[data-label]') : ''`)
			if err := json.Unmarshal([]byte(raw), &candidate); err != nil {
				t.Fatal(err)
			}
		}
	}
	if body := poll("the candidate's page text", `document.body.innerText`); strings.Contains(body, "NaN") {
		t.Errorf("the candidate's page shows NaN (a typed answer rendered as a spoken one?):\n%s", body)
	}
	screenshot("3-candidate")
	do("log out", chromedp.Navigate(srv.URL+"/coach/teams"), chromedp.WaitVisible(chromedp.CSS("#logout")), chromedp.Click(chromedp.CSS("#logout")))
	poll("the login page", `location.pathname === '/login' ? 'ok' : ''`)

	// The coach's transcript: the same colour for each part.
	login("coach@example.com")
	do("open the interview", chromedp.Click(chromedp.CSS("#sessions .session-row a.open")))
	poll("the transcript", `document.readyState === 'complete' && document.querySelector('#transcript .answer mark') ? 'ok' : ''`)
	favicon("the coach's transcript")
	var coach starColours
	raw := poll("the coach's highlights", starColoursJS+`('#transcript .answer mark[data-label]')`)
	if err := json.Unmarshal([]byte(raw), &coach); err != nil {
		t.Fatal(err)
	}
	screenshot("4-transcript")
	distinct := map[string]string{}
	for part, c := range candidate.Theme {
		if other, dup := distinct[c]; dup {
			t.Errorf("%s and %s share the colour %s", part, other, c)
		}
		distinct[c] = part
		if coach.Theme[part] != c {
			t.Errorf("%s is %s on the candidate's page and %s on the coach's", part, c, coach.Theme[part])
		}
	}
	if len(candidate.Marks) < 2 || len(coach.Marks) < 2 {
		t.Fatalf("too few parts highlighted to compare: candidate %v, coach %v", candidate.Marks, coach.Marks)
	}
	for _, side := range []struct {
		name string
		c    starColours
	}{{"candidate", candidate}, {"coach", coach}} {
		for part, cs := range side.c.Marks {
			if len(cs) != 1 || cs[0] != candidate.Theme[part] {
				t.Errorf("on the %s's page %s passages are underlined %v; want %s", side.name, part, cs, candidate.Theme[part])
			}
		}
	}

	// The progress chart draws each STAR part in its colour.
	do("open the progress", chromedp.Navigate(srv.URL+"/coach"), chromedp.WaitVisible(chromedp.CSS("#sessions")))
	do("follow the candidate", chromedp.Click(chromedp.CSS("#sessions .candidate a")))
	raw = poll("the STAR chart", `document.readyState === 'complete' && document.querySelector('#chart-star svg .series') ? JSON.stringify(Object.fromEntries([...document.querySelectorAll('#chart-star svg .series')].map(g => [g.dataset.series, getComputedStyle(g.querySelector('polyline')).stroke]))) : ''`)
	var chart map[string]string
	if err := json.Unmarshal([]byte(raw), &chart); err != nil {
		t.Fatal(err)
	}
	if len(chart) == 0 {
		t.Fatal("no STAR series in the chart")
	}
	for part, stroke := range chart {
		if stroke != candidate.Theme[part] {
			t.Errorf("the chart draws %s in %s; want %s", part, stroke, candidate.Theme[part])
		}
	}
	screenshot("5-progress")

	// Plurals and the filtered empty state.
	do("open the teams", chromedp.Navigate(srv.URL+"/coach/teams"), chromedp.WaitVisible(chromedp.CSS(".team")))
	if c := poll("the member count", `document.querySelector('.team .member-count').textContent`); c != "1 member:" {
		t.Errorf("member count %q; want \"1 member:\"", c)
	}
	do("filter to nothing", chromedp.Navigate(srv.URL+"/coach?candidate=nobody@example.com"), chromedp.WaitVisible(chromedp.CSS("#sessions")))
	if msg := poll("the filtered empty state", `document.getElementById('no-sessions')?.textContent || ''`); !strings.Contains(msg, "No interviews match these filters") {
		t.Errorf("filtered empty state %q", msg)
	}
}
