package web_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

const weakBrowserAnswer = "I would look into it and fix it."

// TestBrowserSummary runs short exam-mode interviews in Chromium: the
// setup's difficulty, estimate, count check and send hint; no model answer
// while the interview runs; then the summary's verdict, three things to
// practise, best/weakest links that reach their turn, model answers,
// "Practise again with the same questions", the attempts compared, and
// "Retry this question".
func TestBrowserSummary(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	ctx := browserContext(t)
	shots := t.TempDir()
	if dir := os.Getenv("MOCKINTERVIEW_SCREENSHOTS"); dir != "" {
		shots = dir
	}
	poll := func(what, expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Poll[string](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('main').innerText`))
			t.Fatalf("waiting for %s: %v\npage text:\n%s", what, err, text)
		}
		return v
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		return v
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, "summary-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// set changes a form field as a person would: the page hears it.
	set := func(id, value string) {
		t.Helper()
		v, _ := json.Marshal(value)
		eval(`(() => { const f = document.getElementById('` + id + `'); f.value = ` + string(v) + `;
			f.dispatchEvent(new Event('input', {bubbles: true})); f.dispatchEvent(new Event('change', {bubbles: true})); return 'ok'; })()`)
	}
	click := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
	}
	sessionID := func(not string) string {
		t.Helper()
		return poll("a new interview", `(() => { const m = location.hash.match(/^#\/live\/(.+)$/); return m && m[1] !== '`+not+`' ? m[1] : ''; })()`)
	}
	questionIDs := func(id string) []string {
		t.Helper()
		sess, err := srv.engine.Session(context.Background(), id)
		if err != nil {
			t.Fatalf("Session(%s): %v", id, err)
		}
		return sess.Plan.QuestionIDs
	}
	keyboard := false // send answers with Ctrl+Enter instead of the button
	// play answers every question of an exam-mode interview (answers[i]
	// for question i+1), checking that no model answer shows meanwhile.
	play := func(id string, answers ...string) {
		t.Helper()
		for i, answer := range answers {
			sel := "#turn-" + strconv.Itoa(i+1)
			poll("question "+strconv.Itoa(i+1), `!document.getElementById('answer-form').hidden && document.querySelector('`+sel+` .question')?.textContent.length > 20 ? 'ok' : ''`)
			sess, err := srv.engine.Session(context.Background(), id)
			if err != nil || len(sess.Turns) != i+1 {
				t.Fatalf("session %s: %d turns, %v", id, len(sess.Turns), err)
			}
			q, _ := srv.ts.bank.Question(sess.Turns[i].Question.ID)
			if q.ReferenceAnswer == "" {
				t.Fatalf("bank question %s has no reference answer", q.ID)
			}
			text := eval(`document.getElementById('main').innerText`)
			if strings.Contains(text, q.ReferenceAnswer[:60]) || strings.Contains(text, "What a strong answer looks like") {
				t.Errorf("question %d: the model answer shows before the interview ends", i+1)
			}
			if hint := eval(`document.getElementById('send-hint').textContent`); hint != "Ctrl+Enter to send" {
				t.Errorf("send hint %q; want Ctrl+Enter to send", hint)
			}
			if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#answer"), answer)); err != nil {
				t.Fatalf("type the answer: %v", err)
			}
			if keyboard {
				if err := chromedp.Do(ctx, chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl))); err != nil {
					t.Fatalf("Ctrl+Enter: %v", err)
				}
			} else {
				click("#submit-answer")
			}
			poll("answer "+strconv.Itoa(i+1)+" saved", `(document.querySelector('`+sel+` .answer-box .ack')||{}).textContent?.startsWith('Saved') ? 'ok' : ''`)
		}
		poll("the summary", `document.querySelector('#live-summary:not([hidden]) .summary-question') ? 'ok' : ''`)
	}

	// Setup: hard situational questions are three for this role.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#setup-title"))); err != nil {
		t.Fatalf("open the page: %v", err)
	}
	poll("the roles", `document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`)
	if opt := eval(`document.querySelector('#role option[value="backend-developer"]').textContent`); strings.Contains(opt, " 1 questions") {
		t.Errorf("role option %q", opt)
	}
	set("role", "backend-developer")
	click(`input[name=categories][value=situational]`)
	click(`input[name=mode][value=exam]`)
	set("difficulty", "hard")
	set("count", "5")
	msg := poll("the count error", `document.getElementById('count-error').textContent`)
	if !strings.Contains(msg, "Backend Developer has only 3 questions for this plan at difficulty hard, not 5") {
		t.Errorf("count error %q; want the role's 3 hard situational questions named", msg)
	}
	if inv := eval(`document.getElementById('count').getAttribute('aria-invalid') || ''`); inv != "true" {
		t.Errorf("count aria-invalid = %q; want true", inv)
	}
	screenshot("1-setup-count")
	click("#start-button")
	time.Sleep(300 * time.Millisecond) // a session, if one were wrongly created, would change the hash by now
	if hash := eval(`location.hash`); strings.HasPrefix(hash, "#/live/") {
		t.Fatalf("a count above what the role has started an interview (%s)", hash)
	}
	if list, _ := srv.engine.List(context.Background(), interview.ListFilter{}); len(list) != 0 {
		t.Errorf("%d sessions created by a refused form", len(list))
	}
	// A refusal the server makes is shown at its field too (the page's own
	// check is switched off to see it).
	eval(`window.__check = window.mockinterviewSetup.check; window.mockinterviewSetup.check = () => null; 'ok'`)
	click("#start-button")
	msg = poll("the server's count error", `document.getElementById('count-error').textContent.includes('not 5') && !document.getElementById('start-button').disabled ? document.getElementById('count-error').textContent : ''`)
	if !strings.Contains(msg, "role backend-developer has only 3 questions for this plan at difficulty hard, not 5") {
		t.Errorf("count error %q; want the server's message at the field", msg)
	}
	if dup := eval(`document.getElementById('setup-error').textContent`); dup != "" {
		t.Errorf("the refusal is also shown under the form (%q); want it once, at its field", dup)
	}
	if hash := eval(`location.hash`); strings.HasPrefix(hash, "#/live/") {
		t.Fatalf("the server's refusal still opened an interview (%s)", hash)
	}
	eval(`window.mockinterviewSetup.check = window.__check; 'ok'`)
	// Two of them: about 6 minutes (180 s each), the error gone.
	set("count", "2")
	if est := poll("the estimate", `document.getElementById('estimate').textContent`); !strings.HasPrefix(est, "About 6 minutes (2 situational") {
		t.Errorf("estimate %q; want About 6 minutes for 2 situational questions", est)
	}
	if msg := eval(`document.getElementById('count-error').textContent`); msg != "" {
		t.Errorf("count error %q after a valid count", msg)
	}
	// Only technical, any difficulty, 3 questions: 12 minutes.
	click(`input[name=categories][value=situational]`)
	click(`input[name=categories][value=technical]`)
	set("difficulty", "")
	set("count", "3")
	if est := poll("the estimate", `document.getElementById('estimate').textContent`); !strings.HasPrefix(est, "About 12 minutes (3 technical") {
		t.Errorf("estimate %q; want About 12 minutes for 3 technical questions", est)
	}
	// The interview: behavioral and technical, medium, two questions.
	click(`input[name=categories][value=technical]`)
	click(`input[name=categories][value=behavioral]`)
	click(`input[name=categories][value=technical]`)
	set("difficulty", "medium")
	set("count", "2")
	poll("the estimate", `document.getElementById('estimate').textContent.startsWith('About 7 minutes') ? 'ok' : ''`)
	screenshot("2-setup")
	click("#start-button")
	first := sessionID("")
	ids := questionIDs(first)
	for _, id := range ids {
		if q, _ := srv.ts.bank.Question(id); q.Difficulty != "medium" {
			t.Errorf("question %s is %s; the form asked for medium", id, q.Difficulty)
		}
	}
	if line := poll("the plan line", `document.getElementById('live-plan').textContent`); !strings.Contains(line, "2 questions") || !strings.Contains(line, "medium") {
		t.Errorf("plan line %q", line)
	}
	play(first, browserAnswer, weakBrowserAnswer)

	// The summary: a verdict, up to three things to practise.
	if v := eval(`document.querySelector('#live-summary .verdict .verdict-label')?.textContent || ''`); v == "" {
		t.Error("no verdict in the summary")
	}
	n := eval(`String(document.querySelectorAll('#live-summary ol.practise > li').length)`)
	if n != "1" && n != "2" && n != "3" {
		t.Errorf("%s things to practise; want 1 to 3", n)
	}
	if bad := eval(`[...document.querySelectorAll('#live-summary ol.practise > li')].filter(li => !li.querySelector('a.turn-link') || !li.querySelector('.swatch, .badge')).length + ''`); bad != "0" {
		t.Errorf("%s things to practise lack a link to their question or the part/point they name", bad)
	}
	// Best and weakest are links that reach their turn.
	for _, which := range []string{"Best answer", "Weakest answer"} {
		eval(`window.scrollTo(0, document.body.scrollHeight); 'ok'`)
		sel := `[...document.querySelectorAll('#live-summary dl dt')].find(d => d.textContent === '` + which + `')?.nextElementSibling.querySelector('a')`
		turn := eval(`(` + sel + `)?.dataset.turn || ''`)
		if turn == "" {
			t.Fatalf("%s is not a link", which)
		}
		eval(`(` + sel + `).click(); 'ok'`)
		got := poll(which+" reached", `(() => { const s = document.getElementById('turn-`+turn+`'); const r = s.getBoundingClientRect();
			return s.contains(document.activeElement) && r.top > -2 && r.top < innerHeight / 2 && location.hash.startsWith('#/live/') ? 'ok' : ''; })()`)
		if got != "ok" {
			t.Errorf("%s link did not reach turn %s", which, turn)
		}
	}
	// The model answers, one per question, the bank's words.
	for i, id := range ids {
		q, _ := srv.ts.bank.Question(id)
		got := eval(`document.querySelector('#live-summary .summary-question[data-question="` + id + `"] .model-answer p')?.textContent || ''`)
		if got != q.ReferenceAnswer {
			t.Errorf("question %d: model answer %.60q; want the bank's %.60q", i+1, got, q.ReferenceAnswer)
		}
	}
	if c := eval(`String(document.querySelectorAll('#live-summary table.attempts').length)`); c != "0" {
		t.Errorf("%s attempt tables after a first attempt", c)
	}
	eval(`document.querySelectorAll('#live-summary details.model-answer').forEach(d => d.open = true); 'ok'`)
	screenshot("3-summary")

	// Practise again: the same questions in the same order.
	click("#live-summary-again")
	second := sessionID(first)
	if got := questionIDs(second); !reflect.DeepEqual(got, ids) {
		t.Fatalf("practise again asked %v; want %v", got, ids)
	}
	play(second, weakBrowserAnswer, browserAnswer)
	// The attempts side by side, newest (this one) last.
	for _, id := range ids {
		rows := eval(`JSON.stringify([...document.querySelectorAll('#live-summary .summary-question[data-question="` + id + `"] table.attempts tbody tr')].map(r => r.className + '|' + r.cells.length + '|' + r.cells[1].textContent))`)
		var got []string
		if err := json.Unmarshal([]byte(rows), &got); err != nil || len(got) != 2 || !strings.HasPrefix(got[1], "current|4|") || !strings.HasPrefix(got[0], "|4|") || !strings.HasSuffix(got[0], "/100") {
			t.Errorf("attempts at %s: %s; want two rows of 4 cells, this interview last", id, rows)
		}
	}
	screenshot("4-compared")

	// Retry one question: a one-question interview of it.
	retry := ids[1]
	click(`#live-summary .summary-question[data-question="` + retry + `"] button.retry`)
	third := sessionID(second)
	if got := questionIDs(third); !reflect.DeepEqual(got, []string{retry}) {
		t.Fatalf("retry asked %v; want [%s]", got, retry)
	}
	if line := poll("the plan line", `document.getElementById('live-plan').textContent`); !strings.Contains(line, "· 1 question ·") {
		t.Errorf("plan line %q; want 1 question", line)
	}
	keyboard = true
	play(third, browserAnswer)
	rows := eval(`String(document.querySelectorAll('#live-summary .summary-question[data-question="` + retry + `"] table.attempts tbody tr').length)`)
	if rows != "3" {
		t.Errorf("%s attempts at %s after the retry; want 3", rows, retry)
	}
	screenshot("5-retried")

	// The transcript of the first interview shows the same summary.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/#/sessions/"+first)); err != nil {
		t.Fatal(err)
	}
	poll("the transcript's summary", `document.querySelector('#transcript-summary .verdict') && document.querySelectorAll('#transcript-summary .model-answer').length === 2 ? 'ok' : ''`)
	// Its links reach the transcript's turn, not the hidden live view's.
	eval(`document.querySelector('#transcript-summary ol.practise a.turn-link, #transcript-summary dl a.turn-link').click(); 'ok'`)
	poll("the transcript's turn", `(() => { const a = document.activeElement; return a && a.closest('#view-transcript .turn') && a.getBoundingClientRect().top < innerHeight ? 'ok' : ''; })()`)
	// A phone-sized screen: the summary still fits (nothing wider than it).
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 800)); err != nil {
		t.Fatal(err)
	}
	if wide := poll("the phone layout", `(() => { const s = document.getElementById('transcript-summary'); return s.scrollWidth <= s.clientWidth + 1 ? 'fits' : 'too wide: ' + s.scrollWidth + ' > ' + s.clientWidth; })()`); wide != "fits" {
		t.Errorf("summary on a phone: %s", wide)
	}
	screenshot("6-transcript-phone")
}
