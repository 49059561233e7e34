package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring/speech"
	"github.com/mockinterview/mockinterview/scoring/speech/speechtest"
	"github.com/mockinterview/mockinterview/web"
)

// voiceBrowserContext is browserContext with Chromium's fake microphone
// playing wav, and permission prompts answered yes.
func voiceBrowserContext(t *testing.T, wav string) context.Context {
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
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-audio-capture", wav),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 120*time.Second)
	t.Cleanup(cancelTimeout)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// speechWAV is espeak-ng speech for the fake microphone, or a tone when
// espeak-ng is not installed (the fake engine hears its text either way).
func speechWAV(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("espeak-ng"); err == nil {
		if _, err := exec.LookPath("sox"); err == nil {
			return speechtest.Speak(t, t.TempDir(), 48000, 1, speechtest.Part{Text: spokenAnswer})
		}
	}
	path := filepath.Join(t.TempDir(), "tone.wav")
	if err := os.WriteFile(path, testWAV(6, 48000), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// tab drives one browser tab.
type tab struct {
	t     *testing.T
	ctx   context.Context
	shots string
}

func newTab(t *testing.T, ctx context.Context) *tab {
	shots := t.TempDir()
	if dir := os.Getenv("MOCKINTERVIEW_SCREENSHOTS"); dir != "" {
		shots = dir // to look at them
	}
	return &tab{t: t, ctx: ctx, shots: shots}
}

func (b *tab) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *tab) poll(what, expr string) string {
	b.t.Helper()
	var (
		v   string
		err error
	)
	// A page that navigates while polled ends the poll: poll the next.
	for try := 0; try < 5; try++ {
		v, err = chromedp.Run(b.ctx, chromedp.Poll[string](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
		if err == nil || !strings.Contains(err.Error(), "(-32000)") {
			break
		}
	}
	if err != nil {
		text, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
		b.t.Fatalf("waiting for %s: %v\npage text:\n%s", what, err, text)
	}
	return v
}

func (b *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// answerByVoice takes a one-question exam on the page at base by voice:
// record, listen back, transcribe, correct, submit. It returns the session
// id once the score with delivery is shown.
func (b *tab) answerByVoice(base string) string {
	t := b.t
	t.Helper()
	b.do("open the page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#setup-title")))
	b.poll("the roles", `document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`)
	b.do("fill the form",
		chromedp.SetValue(chromedp.CSS("#role"), "backend-developer"),
		chromedp.Click(chromedp.CSS(`input[name=categories][value=behavioral]`)),
		chromedp.SetValue(chromedp.CSS("#count"), "1"),
		chromedp.Click(chromedp.CSS(`input[name=mode][value=exam]`)),
		chromedp.Click(chromedp.CSS("#start-button")))
	b.poll("the record button", `!document.getElementById('voice').hidden && !document.getElementById('record').hidden ? 'ok' : ''`)
	if got := b.poll("the read-aloud toggle", `document.getElementById('tts') ? 'ok' : ''`); got != "ok" {
		t.Error("no read-aloud settings")
	}

	// Record for a few seconds: the level meter moves, the time counts
	// against the question's limit.
	b.do("start recording", chromedp.Click(chromedp.CSS("#record")))
	b.poll("recording", `document.getElementById('record').getAttribute('aria-pressed') === 'true' ? 'ok' : ''`)
	b.poll("the level meter", `document.getElementById('level').value > 0 ? 'ok' : ''`)
	elapsed := b.poll("the elapsed time", `(t => /^0:0[2-9] /.test(t) ? t : '')(document.getElementById('rec-elapsed').textContent)`)
	if !strings.Contains(elapsed, " of 3:00") {
		t.Errorf("elapsed shows %q; want it against the 3:00 limit", elapsed)
	}
	b.screenshot("voice-1-recording")
	b.do("stop recording", chromedp.Click(chromedp.CSS("#record")))
	b.poll("listen back", `!document.getElementById('playback').hidden && document.getElementById('playback').src.startsWith('blob:') ? 'ok' : ''`)
	// The recording plays back (the page's WAV: the server decodes it on
	// upload, or refuses it).
	dur := b.poll("the recording's length", `(a => a.readyState >= 1 && a.duration > 1.5 ? String(a.duration) : '')(document.getElementById('playback'))`)
	t.Logf("recorded %s s in the page", dur)
	b.do("transcribe", chromedp.Click(chromedp.CSS("#upload-recording")))
	if got := b.poll("the transcript in the answer box", `document.getElementById('answer').value`); got != spokenAnswer {
		t.Fatalf("answer box = %q; want the transcript", got)
	}
	b.screenshot("voice-2-transcribed")
	// Re-record: the new transcript replaces the old one, it is not added.
	b.do("record again", chromedp.Click(chromedp.CSS("#record")))
	b.poll("recording again", `document.getElementById('record').getAttribute('aria-pressed') === 'true' && document.getElementById('upload-recording').hidden ? 'ok' : ''`)
	b.poll("some sound", `document.getElementById('level').value > 0 ? 'ok' : ''`)
	b.poll("two seconds again", `/^0:0[2-9] /.test(document.getElementById('rec-elapsed').textContent) ? 'ok' : ''`)
	b.do("stop again", chromedp.Click(chromedp.CSS("#record")))
	b.poll("the new recording", `!document.getElementById('upload-recording').hidden ? 'ok' : ''`)
	b.do("transcribe again", chromedp.Click(chromedp.CSS("#upload-recording")))
	if got := b.poll("the new transcript", `document.getElementById('upload-recording').hidden ? document.getElementById('answer').value : ''`); got != spokenAnswer {
		t.Errorf("after re-recording the answer box = %q; want the transcript once", got)
	}
	id := b.poll("the session id", `location.hash.split('/')[2] || ''`)
	// Correct the transcript, then submit.
	b.do("correct", chromedp.SendKeys(chromedp.CSS("#answer"), " Thanks."))
	b.do("submit", chromedp.Click(chromedp.CSS("#submit-answer")))
	delivery := b.poll("the delivery beside the score", `document.querySelector('#turn-1 .score .delivery')?.innerText || ''`)
	for _, want := range []string{"Delivery", "words a minute", "Pauses", "Filler words"} {
		if !strings.Contains(delivery, want) {
			t.Errorf("delivery box %q lacks %q", delivery, want)
		}
	}
	b.poll("the end", `!document.getElementById('live-summary').hidden ? 'ok' : ''`)
	b.screenshot("voice-3-scored")
	return id
}

// TestBrowserVoiceAnswer: the candidate records an answer with the fake
// microphone, listens back, has it transcribed (the fake engine), corrects
// the transcript, submits it and sees the score with delivery; the
// transcript page replays the stored recording.
func TestBrowserVoiceAnswer(t *testing.T) {
	srv := newVoiceServer(t, &fakeSTT{text: spokenAnswer, silenceAt: 20})
	b := newTab(t, voiceBrowserContext(t, speechWAV(t)))
	id := b.answerByVoice(srv.URL)

	// What was stored is the fake microphone's speech, not silence.
	rec, err := srv.engine.Recording(context.Background(), id, 1, 0)
	if err != nil {
		t.Fatalf("stored recording: %v", err)
	}
	a, err := speech.DecodeBytes(rec.Audio, speech.Limits{})
	if err != nil || a.Seconds() < 1.5 || a.Level() < -50 {
		t.Errorf("stored recording: %.1f s at %.1f dBFS, %v; want over 1.5 s of sound", a.Seconds(), a.Level(), err)
	}
	t.Logf("stored %.1f s at %.1f dBFS", a.Seconds(), a.Level())

	// The transcript replays the stored recording.
	b.do("open the transcript", chromedp.Navigate(srv.URL+"/#/sessions/"+id))
	src := b.poll("the recording player", `document.querySelector('#transcript-turns .recording audio')?.getAttribute('src') || ''`)
	if want := "/api/v1/sessions/" + id + "/turns/1/audio"; src != want {
		t.Errorf("player src = %q; want %q", src, want)
	}
	replay := b.poll("the replay", `fetch(document.querySelector('#transcript-turns .recording audio').src).then(r => r.status + ' ' + r.headers.get('content-type'))`)
	if replay != "200 audio/wav" {
		t.Errorf("replay = %q; want 200 audio/wav", replay)
	}
	if d := b.poll("the transcript's delivery", `document.querySelector('#transcript-turns .delivery')?.innerText || ''`); !strings.Contains(d, "words a minute") {
		t.Errorf("transcript delivery = %q", d)
	}
	b.screenshot("voice-4-transcript")
}

// TestBrowserCoachReplaysVoice: a candidate of a coach's team answers by
// voice in one browser; the coach, signed in in another browser context,
// plays the recording on the transcript page.
func TestBrowserCoachReplaysVoice(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach-voice@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "voice team")
	ctx := voiceBrowserContext(t, speechWAV(t))
	cand := newTab(t, ctx)
	cand.do("open the page", chromedp.Navigate(srv.URL+"/"))
	signup := `fetch('/api/v1/auth/signup', {method: 'POST', headers: {'Content-Type': 'application/json'},
		body: JSON.stringify({email: 'cand-voice@example.com', password: '` + testPassword + `', invite: '` + team.Invite + `'})}).then(r => String(r.status))`
	if got := cand.poll("the sign-up", signup); got != "201" {
		t.Fatalf("sign-up: %s", got)
	}
	id := cand.answerByVoice(srv.URL)

	coachCtx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	c := newTab(t, coachCtx)
	c.do("open the login page", chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#auth-form")))
	c.do("log in",
		chromedp.SendKeys(chromedp.CSS("#auth-email"), "coach-voice@example.com"),
		chromedp.SendKeys(chromedp.CSS("#auth-password"), testPassword),
		chromedp.Click(chromedp.CSS("#auth-submit")))
	c.poll("the sessions list", `location.pathname === '/coach' ? 'ok' : ''`)
	c.do("open the transcript", chromedp.Navigate(srv.URL+"/coach/sessions/"+id))
	if d := c.poll("the delivery", `document.querySelector('.turn .delivery')?.innerText || ''`); !strings.Contains(d, "words a minute") {
		t.Errorf("coach page delivery = %q", d)
	}
	played := c.poll("the coach's replay", `(a => new Promise((ok, fail) => {
		a.onloadedmetadata = () => ok(String(a.duration)); a.onerror = () => fail(new Error('audio error ' + (a.error && a.error.code)));
		a.preload = 'metadata'; a.load();
	}))(document.querySelector('.recordings audio'))`)
	if played == "" || played == "0" {
		t.Errorf("coach's player duration = %q", played)
	}
	t.Logf("the coach's player loaded %s s", played)
	c.screenshot("voice-5-coach")
}

// TestBrowserVoiceOff: without speech recognition the page says why and
// offers typing at once.
func TestBrowserVoiceOff(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	b := newTab(t, voiceBrowserContext(t, filepath.Join(t.TempDir(), "none.wav")))
	b.do("open the page", chromedp.Navigate(srv.URL+"/"))
	b.poll("the roles", `document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`)
	b.do("start", chromedp.SetValue(chromedp.CSS("#role"), "backend-developer"), chromedp.Click(chromedp.CSS("#start-button")))
	msg := b.poll("the voice-off notice", `(() => { const p = document.getElementById('voice-off'); return p && !p.hidden && document.getElementById('record').hidden ? p.textContent : ''; })()`)
	if !strings.Contains(msg, "Type your answer") {
		t.Errorf("notice %q; want it to offer typing", msg)
	}
	if got := b.poll("the answer box", `document.getElementById('answer').disabled ? '' : 'ok'`); got != "ok" {
		t.Error("the answer box is not usable")
	}
}

// TestBrowserReadAloud: with the toggle on, each new question is handed to
// speechSynthesis once; the setting survives a reload.
func TestBrowserReadAloud(t *testing.T) {
	srv := newVoiceServer(t, &fakeSTT{text: spokenAnswer})
	b := newTab(t, voiceBrowserContext(t, filepath.Join(t.TempDir(), "none.wav")))
	b.do("open the page", chromedp.Navigate(srv.URL+"/"))
	b.poll("the roles", `document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`)
	if got := b.poll("speechSynthesis", `'speechSynthesis' in window && !document.getElementById('tts').hidden ? 'ok' : 'none'`); got != "ok" {
		t.Skip("this Chromium has no speechSynthesis")
	}
	// Record what would be spoken instead of speaking it.
	b.poll("the stub", `(() => {
		window.__spoken = [];
		speechSynthesis.speak = (u) => window.__spoken.push({text: u.text, rate: Math.round(u.rate * 10) / 10});
		const box = document.getElementById('read-aloud');
		box.checked = true;
		box.dispatchEvent(new Event('change'));
		const rate = document.getElementById('tts-rate');
		rate.value = '1.3';
		rate.dispatchEvent(new Event('change'));
		return 'ok';
	})()`)
	b.do("start", chromedp.SetValue(chromedp.CSS("#role"), "backend-developer"), chromedp.SetValue(chromedp.CSS("#count"), "1"),
		chromedp.Click(chromedp.CSS("#start-button")))
	// The question streams in pieces; it is spoken once it is whole, so
	// read its text after that.
	spoken := b.poll("the question spoken", `window.__spoken.length ? JSON.stringify(window.__spoken) : ''`)
	question := b.poll("the question", `document.querySelector('#turn-1 .question')?.textContent || ''`)
	if want := `[{"text":` + jsonString(question) + `,"rate":1.3}]`; spoken != want {
		t.Errorf("spoken = %s; want %s", spoken, want)
	}
	b.do("reload", chromedp.Reload())
	if got := b.poll("the setting restored", `document.getElementById('read-aloud') ? String(document.getElementById('read-aloud').checked) : ''`); got != "true" {
		t.Errorf("read-aloud after a reload = %s; want true", got)
	}
}
