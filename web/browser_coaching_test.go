package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mockinterview/mockinterview/interview"
)

// browserTab drives one Chromium (its own profile: its own cookies) for a
// test: poll an expression until it is not "", run actions, screenshot.
type browserTab struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string
	name  string
}

func newBrowserTab(t *testing.T, base, name string) *browserTab {
	shots := t.TempDir()
	if dir := os.Getenv("MOCKINTERVIEW_SCREENSHOTS"); dir != "" {
		shots = dir
	}
	return &browserTab{t: t, ctx: browserContext(t), base: base, shots: shots, name: name}
}

func (b *browserTab) poll(what, expr string) string {
	b.t.Helper()
	var (
		v   string
		err error
	)
	for try := 0; try < 5; try++ { // a page that navigates while polled ends the poll: poll the next
		v, err = chromedp.Run(b.ctx, chromedp.Poll[string](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
		if err == nil || !strings.Contains(err.Error(), "(-32000)") {
			break
		}
	}
	if err != nil {
		text, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
		loc, _ := chromedp.Run(b.ctx, chromedp.Location())
		b.t.Fatalf("%s: waiting for %s: %v\nat %s, page text:\n%s", b.name, what, err, loc, text)
	}
	return v
}

func (b *browserTab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %s: %v", b.name, what, err)
	}
}

func (b *browserTab) screenshot(name string) {
	b.t.Helper()
	var (
		png []byte
		err error
	)
	for try := 0; try < 5; try++ { // a page still laying out has no size yet
		b.poll("the page loaded", `document.readyState === 'complete' && document.body.offsetWidth > 0 ? 'ok' : ''`)
		if png, err = chromedp.Run(b.ctx, chromedp.FullScreenshot(100)); err == nil || !strings.Contains(err.Error(), "(-32000)") {
			break
		}
	}
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, "coaching-"+name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browserTab) login(email string) {
	b.t.Helper()
	b.do("open the login page", chromedp.Navigate(b.base+"/login"), chromedp.WaitVisible(chromedp.CSS("#auth-form")))
	b.do("log in as "+email,
		chromedp.SendKeys(chromedp.CSS("#auth-email"), email),
		chromedp.SendKeys(chromedp.CSS("#auth-password"), testPassword),
		chromedp.Click(chromedp.CSS("#auth-submit")))
	b.poll("signed in", `document.readyState === 'complete' && location.pathname !== '/login' ? 'ok' : ''`)
}

// selectPassage selects the passage of the answer element sel (found by
// text) as a mouse would, and lets the page read the selection.
func selectPassage(sel, passage string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const answer = document.querySelector(%q);
		const text = answer.textContent, from = text.indexOf(%q), to = from + %d;
		const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		let seen = 0, node, started = false;
		while ((node = walker.nextNode())) {
			const len = node.data.length;
			if (!started && from <= seen + len) { range.setStart(node, from - seen); started = true; }
			if (started && to <= seen + len) { range.setEnd(node, to - seen); break; }
			seen += len;
		}
		const s = window.getSelection();
		s.removeAllRanges();
		s.addRange(range);
		document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
	})()`, sel, passage, len([]rune(passage))))
}

// TestBrowserWatchLiveAndCoaching: a coach watches an interview live in
// Chromium while the candidate answers over a real websocket: the answer's
// text, its score, the follow-up question and its answer appear in the
// transcript without a reload. The coach then comments on a passage and
// overrides the score; the candidate, in another Chromium (another cookie
// jar), sees the comment on its passage and the coach's score with the
// reason on their transcript (the coach-style page and the practice
// page), the coach's score in their lists, and "Your progress".
func TestBrowserWatchLiveAndCoaching(t *testing.T) {
	srv := newAccountServer(t)
	coachAPI, _ := srv.addUser(t, "coach@example.com", interview.RoleCoach)
	team := coachAPI.createTeam(t, "Backend cohort")
	cand := srv.newGuest(t)
	cand.signup(t, "cand@example.com", team.Invite)
	created := cand.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":1,"mode":"practice","seed":3}`)
	live := cand.dial(t, created.ID)
	live.send(`{"type":"start"}`)
	live.readUntil("question")

	// The coach opens the list and follows "Watch live".
	coach := newBrowserTab(t, srv.URL, "coach")
	coach.login("coach@example.com")
	coach.do("open the list", chromedp.Navigate(srv.URL+"/coach"), chromedp.WaitVisible(chromedp.CSS("#sessions")))
	coach.do("watch live", chromedp.Click(chromedp.CSS(`#sessions .session-row[data-id="`+created.ID+`"] a.watch-live`)))
	coach.poll("watching", `(document.getElementById('live-now')?.textContent || '').includes('answering') ? 'ok' : ''`)
	coach.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.__notReloaded = 'yes'`))
	if got := coach.poll("the unanswered turn", `document.querySelector('#turn-1 .unanswered')?.textContent || ''`); !strings.Contains(got, "Not answered") {
		t.Errorf("turn 1 before the answer reads %q", got)
	}
	coach.screenshot("1-watching")

	// The candidate answers; the coach's transcript shows it, then its score.
	const weak = "We had a slow checkout. I looked at it."
	live.sendJSON(map[string]any{"type": "answer", "turn": 1, "text": weak})
	coach.poll("the answer, live", `document.querySelector('#turn-1 .answer')?.textContent === `+jsString(weak)+` ? 'ok' : ''`)
	coach.poll("the score, live", `document.querySelector('#turn-1 .engine-score') ? 'ok' : ''`)
	if log := coach.poll("the event log", `document.getElementById('live-log').textContent`); !strings.Contains(log, weak) {
		t.Errorf("the event log %q lacks the answer's text", log)
	}
	msgs := live.readUntil("followup")
	question := msgs[len(msgs)-1].Text
	coach.poll("the follow-up question, live", `document.querySelector('#turn-1 .followup .followup-text')?.textContent === `+jsString(question)+` ? 'ok' : ''`)
	coach.screenshot("2-follow-up-asked")
	const fuAnswer = "I added the index myself; checkout fell from 2 s to 200 ms."
	live.sendJSON(map[string]any{"type": "answer", "turn": 1, "text": fuAnswer})
	coach.poll("the follow-up answer, live", `document.querySelector('#turn-1 .followup .answer')?.textContent === `+jsString(fuAnswer)+` ? 'ok' : ''`)
	coach.poll("the end, live", `document.getElementById('state')?.textContent === 'finished' && (document.getElementById('live-now').textContent.includes('finished')) ? 'ok' : ''`)
	if v := coach.poll("no reload", `window.__notReloaded || 'reloaded'`); v != "yes" {
		t.Errorf("the coach's page was reloaded while watching")
	}
	coach.screenshot("3-finished-live")

	// The coach comments on a passage of the main answer and overrides.
	sess, err := srv.engine.Session(context.Background(), created.ID)
	if err != nil {
		t.Fatal(err)
	}
	engineScore := sess.Turns[0].Score.Overall
	const passage = "I looked at it"
	coach.do("select the passage", selectPassage(`#turn-1 .answer[data-followup="0"]`, passage))
	coach.poll("the selection", `document.querySelector('.comment-form[data-turn="1"] .selected-text')?.textContent === `+jsString(passage)+` ? 'ok' : ''`)
	coach.do("comment",
		chromedp.SendKeys(chromedp.CSS(`.comment-form[data-turn="1"] textarea`), "Say what you found and what you changed."),
		chromedp.Click(chromedp.CSS(`.comment-form[data-turn="1"] button`)))
	coach.poll("the comment", `document.querySelector('#turn-1 mark[data-comment-refs="1"]')?.textContent === `+jsString(passage)+` ? 'ok' : ''`)
	coach.do("override",
		chromedp.SendKeys(chromedp.CSS(`.override-form[data-turn="1"] input[name=overall]`), "70"),
		chromedp.SendKeys(chromedp.CSS(`.override-form[data-turn="1"] input[name=reason]`), "The follow-up shows the result."),
		chromedp.Click(chromedp.CSS(`.override-form[data-turn="1"] button`)))
	coach.poll("the override", `document.querySelector('#turn-1 .scores.coached .effective-score')?.textContent === '70' ? 'ok' : ''`)
	coach.screenshot("4-reviewed")

	// The candidate, in another browser.
	cb := newBrowserTab(t, srv.URL, "candidate")
	cb.login("cand@example.com")
	cb.do("open their interviews", chromedp.Navigate(srv.URL+"/coach"), chromedp.WaitVisible(chromedp.CSS("#sessions")))
	if h := cb.poll("the home title", `document.getElementById('home-title')?.textContent || ''`); h != "Your interviews" {
		t.Errorf("the candidate's list is titled %q; want Your interviews", h)
	}
	row := cb.poll("the row", `document.querySelector('#sessions .session-row[data-id="`+created.ID+`"]')?.innerText || ''`)
	if !strings.Contains(row, "70") || !strings.Contains(row, fmt.Sprintf("(engine %d)", engineScore)) || !strings.Contains(row, "1 comment") {
		t.Errorf("the candidate's row reads %q; want the coach's 70, the engine's %d and 1 comment", row, engineScore)
	}
	if cb.poll("no candidate column", `document.querySelector('#sessions th:nth-child(2)').textContent`) == "Candidate" {
		t.Errorf("the candidate's own list has a Candidate column")
	}
	cb.screenshot("5-candidate-home")

	cb.do("open the transcript", chromedp.Click(chromedp.CSS(`#sessions .session-row[data-id="`+created.ID+`"] a.open`)))
	scores := cb.poll("the coach's score", `document.querySelector('#turn-1 .scores.coached')?.textContent.replace(/\s+/g, ' ').trim() || ''`)
	if want := fmt.Sprintf("Coach's score 70 (engine %d, band", engineScore); !strings.Contains(scores, want) || !strings.Contains(scores, "The follow-up shows the result.") || !strings.Contains(scores, "coach@example.com") {
		t.Errorf("the candidate's transcript reads %q; want %q, the reason and the coach", scores, want)
	}
	if m := cb.poll("the commented passage", `document.querySelector('#turn-1 mark[data-comment-refs="1"]')?.textContent || ''`); m != passage {
		t.Errorf("the candidate's highlighted passage is %q; want %q", m, passage)
	}
	comment := cb.poll("the comment", `document.querySelector('#turn-1 .comment[data-ref="1"]')?.innerText || ''`)
	if !strings.Contains(comment, "Say what you found") || !strings.Contains(comment, "coach@example.com") || !strings.Contains(comment, passage) {
		t.Errorf("the candidate reads the comment as %q", comment)
	}
	if cb.poll("no review forms", `document.querySelector('.override-form, .comment-form') ? 'forms' : 'none'`) != "none" {
		t.Errorf("the candidate's transcript has review forms")
	}
	for _, id := range []string{"export-md", "export-csv", "share", "your-progress"} {
		cb.poll("the "+id+" action", `document.getElementById('`+id+`') ? 'ok' : ''`)
	}
	cb.screenshot("6-candidate-transcript")

	cb.do("open their progress", chromedp.Click(chromedp.CSS("#your-progress")))
	if p := cb.poll("the progress", `document.getElementById('progress-title')?.textContent === 'Your progress' ? document.getElementById('progress-sessions').textContent : ''`); p != "1 scored interview" {
		t.Errorf("the candidate's progress says %q; want 1 scored interview", p)
	}
	if v := cb.poll("the chart", `document.querySelector('#chart-overall svg circle')?.dataset.value || ''`); v != "70.0" {
		t.Errorf("the progress chart's point = %s; want the coach's 70", v)
	}
	cb.screenshot("7-candidate-progress")

	// The practice page's own history and transcript show the same.
	cb.do("open the practice history", chromedp.Navigate(srv.URL+"/#/history"))
	if badge := cb.poll("the history badge", `document.querySelector('#history-list .badge.coached')?.textContent || ''`); !strings.Contains(badge, "coach's score 70/100") || !strings.Contains(badge, "1 comment") {
		t.Errorf("the practice history badge reads %q", badge)
	}
	if href := cb.poll("the practice history's link to the progress", `document.getElementById('coaching-progress')?.getAttribute('href') || ''`); !strings.HasPrefix(href, "/coach/candidates/") {
		t.Errorf("the practice history links the progress at %q", href)
	}
	cb.do("open the practice transcript", chromedp.Navigate(srv.URL+"/#/sessions/"+created.ID))
	if m := cb.poll("the practice page's commented passage", `document.querySelector('#turn-1 mark.coach-comment')?.textContent || ''`); m != passage {
		t.Errorf("the practice transcript highlights %q; want %q", m, passage)
	}
	if s := cb.poll("the practice page's coach's score", `document.querySelector('#turn-1 .coach-score')?.textContent || ''`); !strings.Contains(s, fmt.Sprintf("Coach's score 70 (engine %d): The follow-up shows the result.", engineScore)) {
		t.Errorf("the practice transcript's score reads %q", s)
	}
	if c := cb.poll("the practice page's comment", `document.querySelector('#turn-1 .coach-comment-item')?.textContent || ''`); !strings.Contains(c, "Say what you found") || !strings.Contains(c, "coach@example.com") {
		t.Errorf("the practice transcript's comment reads %q", c)
	}
	cb.poll("the practice page's export and share", `document.getElementById('coaching-export-md') && document.getElementById('coaching-share') ? 'ok' : ''`)
	cb.screenshot("8-practice-transcript")
}

func jsString(s string) string {
	return fmt.Sprintf("%q", s) // Go's quoting is valid JavaScript for these texts
}
