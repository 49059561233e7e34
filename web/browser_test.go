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
	"github.com/mockinterview/mockinterview/web"
)

const chromiumPath = "/usr/bin/chromium"

// browserContext starts Debian's Chromium headless with a fresh profile, or
// skips (fails under CI) when it is not installed.
func browserContext(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not installed: run scripts/test")
		}
		t.Skip("chromium not installed: run scripts/test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// A bound for the whole browser session: a hang fails, it does not
	// block the test binary.
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// The browser's answers: multi-byte characters before the STAR sentences
// make string indices and UTF-8 byte offsets differ.
const (
	browserAnswer = `In my last rôle at a Zürich shop — our checkout API slowed to 2 seconds at peak. ` +
		`My task was to bring p99 latency under 300 ms before the holiday sale. ` +
		`I profiled the service, found an N+1 query, added an index and a Redis cache, and load tested the fix. ` +
		`As a result p99 dropped from 2 s to 180 ms and conversion rose by 4 percent.`
	browserFollowUp = `I wrote the index migration myself and ran the load test; errors fell by 90 percent.`
)

// composerState is what the live page shows: "finished", the composer's
// title and prompt, or "" while waiting. When the page waits for "Next
// question" it clicks it (and says "" until the question is there):
// TestBrowserPacing checks the wait itself.
const composerState = `(() => {
	if (!document.getElementById('live-summary').hidden) return 'finished';
	const next = document.getElementById('next-panel');
	if (next && !next.hidden) { document.getElementById('next-question').click(); return ''; }
	if (document.getElementById('answer-form').hidden) return '';
	const q = document.querySelector('.turn:last-of-type .question');
	if (!q || !q.textContent) return '';
	return document.getElementById('composer-title').textContent + '|' + document.getElementById('composer-prompt').textContent;
})()`

type markInfo struct {
	Label string `json:"label"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

func TestBrowserInterview(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	ctx := browserContext(t)
	shots := t.TempDir()
	if dir := os.Getenv("MOCKINTERVIEW_SCREENSHOTS"); dir != "" {
		shots = dir // to look at them
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	poll := func(what, expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Poll[string](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('main').innerText`))
			t.Fatalf("waiting for %s: %v\npage text:\n%s", what, err, html)
		}
		return v
	}

	// Choose the role, one category, two questions, practice mode.
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#setup-title")),
	)
	if err != nil {
		t.Fatalf("open the page: %v", err)
	}
	poll("the roles", `document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`)
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#role"), "backend-developer"),
		chromedp.Click(chromedp.CSS(`input[name=categories][value=behavioral]`)),
		chromedp.SetValue(chromedp.CSS("#count"), "2"),
	)
	if err != nil {
		t.Fatalf("fill the form: %v", err)
	}
	screenshot("1-setup")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#start-button"))); err != nil {
		t.Fatalf("start: %v", err)
	}

	answered := map[string]bool{}
	scoredTurns, turn := 0, 0
	for step := 0; ; step++ {
		if step > 8 {
			t.Fatal("the interview did not finish after 8 steps")
		}
		state := poll("a question or the end", composerState)
		if state == "finished" {
			break
		}
		title, prompt, _ := strings.Cut(state, "|")
		followUp := strings.HasPrefix(title, "Answer the follow-up")
		if !followUp {
			turn++
		}
		// Two questions may get the same follow-up; one question never twice.
		key := fmt.Sprintf("%d|%s", turn, state)
		if answered[key] {
			t.Fatalf("the page asks %q again on question %d", state, turn)
		}
		answered[key] = true
		sel := fmt.Sprintf("#turn-%d", turn)
		text := browserAnswer
		if followUp {
			text = browserFollowUp
		}
		if !followUp {
			// The whole question was streamed in, and the timer runs.
			q := poll("the question text", `document.querySelector('`+sel+` .question').textContent`)
			if len(q) < 20 {
				t.Fatalf("question %q", q)
			}
			if timer := poll("the timer", `document.getElementById('timer').textContent`); !strings.Contains(timer, ":") {
				t.Errorf("timer shows %q", timer)
			}
			if want := fmt.Sprintf("Question %d of 2", turn); prompt != want {
				t.Errorf("composer prompt %q", prompt)
			}
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#answer"), text)); err != nil {
			t.Fatalf("type the answer: %v", err)
		}
		poll("the draft autosave", `document.getElementById('autosave').textContent.startsWith('Draft saved') ? 'ok' : ''`)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#submit-answer"))); err != nil {
			t.Fatalf("submit: %v", err)
		}
		if followUp {
			poll("the follow-up saved", `[...document.querySelectorAll('`+sel+` .followup .ack')].some(a => a.textContent.startsWith('Saved')) ? 'ok' : ''`)
		} else {
			poll("the saved indicator", `(document.querySelector('`+sel+` .answer-box .ack')||{}).textContent?.startsWith('Saved') ? 'ok' : ''`)
		}
		// The score, with the answer's STAR sentences highlighted: the
		// main answer's in its box, the follow-up answer's (shown once)
		// in the follow-up's, below the first answer's feedback.
		scoreSel, markSel := sel+` .answer-box ~ .score-box .score .overall`, sel+` .answer-box mark`
		if followUp {
			scoreSel, markSel = sel+` .followup .score .overall`, sel+` .followup .answer-text mark`
		}
		poll("the score", `document.querySelector('`+scoreSel+`') && document.getElementById('live-status').textContent === '' ? 'ok' : ''`)
		scoredTurns++
		raw := poll("the highlights", `JSON.stringify([...document.querySelectorAll('`+markSel+`')].map(m => ({label: m.dataset.label, start: +m.dataset.start, end: +m.dataset.end, text: m.textContent})))`)
		var marks []markInfo
		if err := json.Unmarshal([]byte(raw), &marks); err != nil {
			t.Fatalf("marks %s: %v", raw, err)
		}
		scoredAnswer := browserAnswer
		if followUp {
			scoredAnswer = browserFollowUp // marks are offsets into the part shown
			if n := poll("the follow-up answer shown", `String(document.querySelector('`+sel+`').innerText.split(`+quoteJSON(browserFollowUp)+`).length - 1)`); n != "1" {
				t.Errorf("the follow-up answer is shown %s times in turn %d; want once", n, turn)
			}
			if change := poll("the score change", `document.querySelector('`+sel+` .followup .score-change')?.textContent || ''`); !strings.HasPrefix(change, "First answer ") || !strings.Contains(change, "after follow-up ") {
				t.Errorf("score change %q; want \"First answer N → after follow-up M\"", change)
			}
		}
		labels := map[string]bool{}
		for _, m := range marks {
			labels[m.Label] = true
			if m.Start < 0 || m.End > len(scoredAnswer) || m.Start >= m.End {
				t.Fatalf("mark %+v out of the answer", m)
			}
			if want := scoredAnswer[m.Start:m.End]; m.Text != want {
				t.Errorf("highlighted %s text = %q; want the sentence %q", m.Label, m.Text, want)
			}
		}
		for _, want := range []string{"action", "result"} {
			if !labels[want] && !followUp {
				t.Errorf("turn %d: no %s sentence highlighted (marks %+v)", turn, want, marks)
			}
		}
		if feedback := poll("the feedback", `document.querySelector('`+sel+` .feedback-summary')?.textContent || ''`); feedback == "" {
			t.Error("no feedback summary")
		}
		if step == 0 {
			screenshot("2-scored")
		}
	}
	if scoredTurns < 2 {
		t.Errorf("%d answers scored; want at least 2", scoredTurns)
	}
	summary := poll("the summary", `document.getElementById('live-summary').textContent`)
	if !strings.Contains(summary, "Interview finished") || !strings.Contains(summary, "2 of 2") {
		t.Errorf("summary %q; want it finished with 2 of 2 answered", summary)
	}
	screenshot("3-finished")

	// The past interviews list links to the read-only transcript.
	err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/#/history"))
	if err != nil {
		t.Fatal(err)
	}
	poll("the history", `document.querySelector('#history-list a') ? 'ok' : ''`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#history-list a"))); err != nil {
		t.Fatal(err)
	}
	poll("the transcript", `document.querySelectorAll('#transcript-turns .turn mark').length > 0 && !document.getElementById('transcript-summary').hidden ? 'ok' : ''`)

	// A phone-sized screen.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 800)); err != nil {
		t.Fatal(err)
	}
	screenshot("4-transcript-phone")
}
