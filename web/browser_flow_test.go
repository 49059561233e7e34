package web_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

// Answers for the turn-flow tests: a weak main answer (it gets a
// follow-up), typed in two halves around a reload.
const (
	flowHalf1    = "I am not sure, I think it "
	flowHalf2    = "depends on the situation really."
	flowFollowUp = "I found the race in the payment worker myself: two consumers took the same message. " +
		"I added an idempotency key and a lock, and as a result duplicate charges fell from 40 a day to zero."
)

// startFromSetup fills the setup form (one behavioral question or more,
// practice mode) and starts the interview; it returns the session id.
func (b *tab) startFromSetup(base string, count int) string {
	b.t.Helper()
	b.do("open the page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#setup-title")))
	b.poll("the roles", `document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`)
	b.do("fill the form",
		chromedp.SetValue(chromedp.CSS("#role"), "backend-developer"),
		chromedp.Click(chromedp.CSS(`input[name=categories][value=behavioral]`)),
		chromedp.SetValue(chromedp.CSS("#count"), strconv.Itoa(count)),
		chromedp.Click(chromedp.CSS("#start-button")))
	return b.poll("the session id", `location.hash.split('/')[2] || ''`)
}

// transcriptJSON reads GET /api/v1/sessions/{id} from the page (its
// cookie is the owner's).
func (b *tab) transcriptJSON(id string) web.Transcript {
	b.t.Helper()
	raw := b.poll("the transcript", `(async () => JSON.stringify(await (await fetch('/api/v1/sessions/`+id+`')).json()))()`)
	var tr web.Transcript
	if err := json.Unmarshal([]byte(raw), &tr); err != nil {
		b.t.Fatalf("transcript %s: %v", raw, err)
	}
	return tr
}

func (b *tab) composer() string { return b.poll("the composer", composerStateNoClick) }

// composerStateNoClick is composerState without clicking "Next question":
// "next" while the page waits for it.
const composerStateNoClick = `(() => {
	if (!document.getElementById('live-summary').hidden) return 'finished';
	if (!document.getElementById('next-panel').hidden) return 'next';
	if (document.getElementById('answer-form').hidden) return '';
	return document.getElementById('composer-title').textContent + '|' + document.getElementById('composer-prompt').textContent;
})()`

// TestBrowserDraftReloadAndFollowUpScores: half the main answer typed, a
// reload restores it into the main answer's box; finished and submitted,
// the weak answer gets a follow-up whose box is empty, before and after
// another reload (the main answer's draft belongs to the main answer); the
// main answer is stored once. The follow-up answer rescores the turn: the
// page shows the first answer's score and the score after the follow-up,
// the follow-up below the first feedback and its answer once, and the
// transcript has initial_score beside score.
func TestBrowserDraftReloadAndFollowUpScores(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	b := newTab(t, browserContext(t))
	id := b.startFromSetup(srv.URL, 1)
	if got := b.composer(); !strings.HasPrefix(got, "Your answer|Question 1 of 1") {
		t.Fatalf("composer %q; want the first question", got)
	}
	b.do("type half", chromedp.SendKeys(chromedp.CSS("#answer"), flowHalf1))
	b.poll("the draft saved", `document.getElementById('autosave').textContent.startsWith('Draft saved') ? 'ok' : ''`)
	b.do("reload", chromedp.Reload())
	b.poll("the draft restored", `document.getElementById('autosave').textContent === 'Draft restored.' && document.getElementById('answer').value === `+quoteJSON(flowHalf1)+` ? 'ok' : ''`)
	b.do("finish and submit", chromedp.SendKeys(chromedp.CSS("#answer"), flowHalf2), chromedp.Click(chromedp.CSS("#submit-answer")))
	if got := b.composer(); !strings.HasPrefix(got, "Answer the follow-up|") {
		t.Fatalf("after the weak answer the page shows %q; want a follow-up", got)
	}
	if v := b.poll("the follow-up box", `document.getElementById('answer').value + '|' + document.getElementById('autosave').textContent`); v != "|" {
		t.Errorf("follow-up box after the answer = %q; want empty, no draft restored", v)
	}
	b.do("reload at the follow-up", chromedp.Reload())
	if got := b.composer(); !strings.HasPrefix(got, "Answer the follow-up|") {
		t.Fatalf("after the reload the page shows %q; want the follow-up", got)
	}
	if v := b.poll("the follow-up box after the reload", `document.getElementById('answer').value + '|' + document.getElementById('autosave').textContent`); v != "|" {
		t.Errorf("follow-up box after a reload = %q; want empty: the main answer's draft is not the follow-up's", v)
	}
	// The follow-up prompt is below the first answer's feedback.
	if order := b.poll("the order", `(() => { const s = document.querySelector('#turn-1 .score-box.attempt-0 .score'), f = document.querySelector('#turn-1 .followup');
		return s && f ? String(!!(s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING)) : ''; })()`); order != "true" {
		t.Errorf("follow-up after the first feedback: %s; want true", order)
	}
	b.screenshot("flow-1-followup")
	// The follow-up's own draft is the follow-up's: restored after a reload.
	b.do("type the follow-up's start", chromedp.SendKeys(chromedp.CSS("#answer"), "I found"))
	b.poll("the follow-up draft saved", `document.getElementById('autosave').textContent.startsWith('Draft saved') ? 'ok' : ''`)
	b.do("reload with a follow-up draft", chromedp.Reload())
	b.poll("the follow-up draft restored", `document.getElementById('composer-title').textContent === 'Answer the follow-up' && document.getElementById('answer').value === 'I found' ? 'ok' : ''`)
	b.poll("clear the box", `(() => { document.getElementById('answer').value = ''; return 'ok'; })()`)
	b.do("answer the follow-up", chromedp.SendKeys(chromedp.CSS("#answer"), flowFollowUp), chromedp.Click(chromedp.CSS("#submit-answer")))
	if got := b.composer(); got != "finished" {
		t.Fatalf("after the follow-up the page shows %q; want the end", got)
	}
	change := b.poll("the score change", `(() => { const c = document.querySelector('#turn-1 .followup .score-change'); return c ? c.dataset.initial + '|' + c.dataset.final + '|' + c.textContent : ''; })()`)
	parts := strings.SplitN(change, "|", 3)
	if len(parts) != 3 {
		t.Fatalf("score change %q", change)
	}
	if n := b.poll("the follow-up answer shown", `String(document.getElementById('turn-1').innerText.split(`+quoteJSON(flowFollowUp[:40])+`).length - 1)`); n != "1" {
		t.Errorf("the follow-up answer is shown %s times; want once", n)
	}
	if sum := b.poll("the summary", `document.getElementById('live-summary').innerText`); !strings.Contains(sum, "First answers\t"+parts[0]+"/100") && !strings.Contains(sum, "First answers\n"+parts[0]+"/100") {
		t.Errorf("summary %q; want the first answers' average %s beside the final one", sum, parts[0])
	}
	b.screenshot("flow-2-rescored")

	tr := b.transcriptJSON(id)
	turn := tr.Turns[0]
	main := flowHalf1 + flowHalf2
	if strings.Count(turn.Answer, main) != 1 || strings.Count(turn.Answer, flowHalf1) != 1 || len(turn.FollowUps) != 1 || turn.FollowUps[0].Answer != flowFollowUp {
		t.Errorf("stored answer %q, follow-ups %+v; want the main answer once and the follow-up answer", turn.Answer, turn.FollowUps)
	}
	if turn.InitialScore == nil || turn.Score == nil {
		t.Fatalf("turn initial_score %v, score %v; want both", turn.InitialScore, turn.Score)
	}
	if parts[0] != strconv.Itoa(turn.InitialScore.Overall) || parts[1] != strconv.Itoa(turn.Score.Overall) {
		t.Errorf("page shows %s → %s; transcript initial_score %d, score %d", parts[0], parts[1], turn.InitialScore.Overall, turn.Score.Overall)
	}
	if want := "First answer " + parts[0] + " → after follow-up " + parts[1]; !strings.HasPrefix(parts[2], want) {
		t.Errorf("score change reads %q; want %q", parts[2], want)
	}
	if turn.Score.Overall <= turn.InitialScore.Overall {
		t.Errorf("the follow-up covering more scored %d after %d; want higher", turn.Score.Overall, turn.InitialScore.Overall)
	}
	if f := turn.FollowUps[0]; f.Overall == nil || *f.Overall != turn.Score.Overall {
		t.Errorf("follow-up overall %v; want %d", f.Overall, turn.Score.Overall)
	}

	// The transcript page shows both attempts too.
	b.do("open the transcript", chromedp.Navigate(srv.URL+"/#/sessions/"+id))
	got := b.poll("the transcript's score change", `document.querySelector('#transcript-turns .score-change')?.textContent || ''`)
	if !strings.HasPrefix(got, "First answer "+parts[0]+" → after follow-up "+parts[1]) {
		t.Errorf("transcript page score change %q", got)
	}
	b.screenshot("flow-3-transcript")
}

// TestBrowserPacing: after a turn's final score the next question waits:
// no question, no timer, "Next question" shown (again after a reload);
// the question is asked when it is clicked (or N pressed), and its asked_at
// and elapsed time count from then.
func TestBrowserPacing(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{}, interview.WithMaxFollowUps(0))
	b := newTab(t, browserContext(t))
	id := b.startFromSetup(srv.URL, 2)
	if got := b.composer(); !strings.HasPrefix(got, "Your answer|Question 1 of 2") {
		t.Fatalf("composer %q; want the first question", got)
	}
	b.do("answer", chromedp.SendKeys(chromedp.CSS("#answer"), browserAnswer), chromedp.Click(chromedp.CSS("#submit-answer")))
	if got := b.composer(); got != "next" {
		t.Fatalf("after the score the page shows %q; want it waiting for Next question", got)
	}
	state := b.poll("the waiting page", `JSON.stringify({turn2: !!document.getElementById('turn-2'), timer: document.getElementById('timer').textContent,
		form: !document.getElementById('answer-form').hidden, button: document.getElementById('next-question').textContent,
		score: !!document.querySelector('#turn-1 .score .overall')})`)
	if state != `{"turn2":false,"timer":"","form":false,"button":"Next question (2 of 2)","score":true}` {
		t.Errorf("while waiting the page is %s; want the score, the button, no question 2, no timer, no answer box", state)
	}
	b.screenshot("flow-4-next")
	if tr := b.transcriptJSON(id); len(tr.Turns) != 1 {
		t.Fatalf("%d turns asked while the page waits; want 1", len(tr.Turns))
	}
	// A reload while waiting shows the button again, not a running timer.
	b.do("reload", chromedp.Reload())
	if got := b.composer(); got != "next" {
		t.Fatalf("after a reload the page shows %q; want Next question again", got)
	}
	time.Sleep(1500 * time.Millisecond) // reading the feedback
	clicked := time.Now()
	b.do("press N", chromedp.KeyEvent("n"))
	if got := b.composer(); !strings.HasPrefix(got, "Your answer|Question 2 of 2") {
		t.Fatalf("after Next the page shows %q; want question 2", got)
	}
	if timer := b.poll("the timer", `document.getElementById('timer').textContent`); timer != "3:00" && timer != "2:59" {
		t.Errorf("the timer of question 2 shows %q; want it starting at 3:00", timer)
	}
	b.do("answer 2", chromedp.SendKeys(chromedp.CSS("#answer"), browserAnswer), chromedp.Click(chromedp.CSS("#submit-answer")))
	if got := b.composer(); got != "finished" {
		t.Fatalf("after the last answer the page shows %q; want the end", got)
	}
	tr := b.transcriptJSON(id)
	t1, t2 := tr.Turns[0], tr.Turns[1]
	if t1.SubmittedAt == nil || t2.SubmittedAt == nil {
		t.Fatalf("turns not submitted: %+v", tr.Turns)
	}
	if gap := t2.AskedAt.Sub(*t1.SubmittedAt); gap < 1500*time.Millisecond {
		t.Errorf("question 2 asked %v after answer 1; want it asked on Next, after the reading time", gap)
	}
	if t2.AskedAt.Before(clicked.Add(-time.Second)) {
		t.Errorf("question 2 asked at %v; N was pressed at %v", t2.AskedAt, clicked)
	}
	if want := t2.SubmittedAt.Sub(t2.AskedAt).Milliseconds(); t2.ElapsedMS != want {
		t.Errorf("turn 2 elapsed %d ms; want %d, from the click", t2.ElapsedMS, want)
	}
}
