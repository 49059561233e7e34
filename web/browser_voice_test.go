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
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
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

// TestBrowserVoiceAnswer: the candidate records an answer with the fake
// microphone, listens back, has it transcribed (the fake engine), corrects
// the transcript, submits it and sees the score with delivery; the
// transcript page replays the stored recording.
func TestBrowserVoiceAnswer(t *testing.T) {
	srv := newVoiceServer(t, &fakeSTT{text: spokenAnswer, silenceAt: 20})
	ctx := voiceBrowserContext(t, speechWAV(t))
	shots := t.TempDir()
	if dir := os.Getenv("MOCKINTERVIEW_SCREENSHOTS"); dir != "" {
		shots = dir
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
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('main').innerText`))
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

	do("open the page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#setup-title")))
	poll("the roles", `document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`)
	do("fill the form",
		chromedp.SetValue(chromedp.CSS("#role"), "backend-developer"),
		chromedp.Click(chromedp.CSS(`input[name=categories][value=behavioral]`)),
		chromedp.SetValue(chromedp.CSS("#count"), "1"),
		chromedp.Click(chromedp.CSS(`input[name=mode][value=exam]`)),
		chromedp.Click(chromedp.CSS("#start-button")))
	poll("the record button", `!document.getElementById('voice').hidden && !document.getElementById('record').hidden ? 'ok' : ''`)
	if tts := poll("the read-aloud toggle", `document.getElementById('tts') ? 'ok' : ''`); tts != "ok" {
		t.Error("no read-aloud settings")
	}

	// Record for a few seconds: the level meter moves, the time counts
	// against the question's limit.
	do("start recording", chromedp.Click(chromedp.CSS("#record")))
	poll("recording", `document.getElementById('record').getAttribute('aria-pressed') === 'true' ? 'ok' : ''`)
	poll("the level meter", `document.getElementById('level').value > 0 ? 'ok' : ''`)
	elapsed := poll("the elapsed time", `(t => t.includes('0:02') ? t : '')(document.getElementById('rec-elapsed').textContent)`)
	if !strings.Contains(elapsed, " of 3:00") {
		t.Errorf("elapsed shows %q; want it against the 3:00 limit", elapsed)
	}
	screenshot("voice-1-recording")
	do("stop recording", chromedp.Click(chromedp.CSS("#record")))
	poll("listen back", `!document.getElementById('playback').hidden && document.getElementById('playback').src.startsWith('blob:') ? 'ok' : ''`)
	// The recording plays back (the page's WAV: the server decodes it
	// below, or the upload would be refused).
	dur := poll("the recording's length", `(a => a.readyState >= 1 && a.duration > 1.5 ? String(a.duration) : '')(document.getElementById('playback'))`)
	t.Logf("recorded %s s in the page", dur)
	do("transcribe", chromedp.Click(chromedp.CSS("#upload-recording")))
	got := poll("the transcript in the answer box", `document.getElementById('answer').value`)
	if got != spokenAnswer {
		t.Fatalf("answer box = %q; want the transcript", got)
	}
	screenshot("voice-2-transcribed")
	// What was stored is the fake microphone's speech, not silence.
	sid := poll("the session id", `location.hash.split('/')[2] || ''`)
	rec, err := srv.engine.Recording(context.Background(), sid, 1, 0)
	if err != nil {
		t.Fatalf("stored recording: %v", err)
	}
	a, err := speech.DecodeBytes(rec.Audio, speech.Limits{})
	if err != nil || a.Seconds() < 1.5 || a.Level() < -50 {
		t.Errorf("stored recording: %.1f s at %.1f dBFS, %v; want over 1.5 s of sound", a.Seconds(), a.Level(), err)
	}
	t.Logf("stored %.1f s at %.1f dBFS", a.Seconds(), a.Level())
	// Correct the transcript, then submit by keyboard.
	do("correct", chromedp.SendKeys(chromedp.CSS("#answer"), " Thanks."))
	do("submit", chromedp.Click(chromedp.CSS("#submit-answer")))
	delivery := poll("the delivery beside the score", `document.querySelector('#turn-1 .score .delivery')?.innerText || ''`)
	for _, want := range []string{"Delivery", "words a minute", "Pauses", "Filler words"} {
		if !strings.Contains(delivery, want) {
			t.Errorf("delivery box %q lacks %q", delivery, want)
		}
	}
	poll("the end", `!document.getElementById('live-summary').hidden ? 'ok' : ''`)
	screenshot("voice-3-scored")

	// The transcript replays the stored recording.
	id := poll("the session id", `location.hash.split('/')[2] || ''`)
	do("open the transcript", chromedp.Navigate(srv.URL+"/#/sessions/"+id))
	src := poll("the recording player", `document.querySelector('#transcript-turns .recording audio')?.getAttribute('src') || ''`)
	if want := "/api/v1/sessions/" + id + "/turns/1/audio"; src != want {
		t.Errorf("player src = %q; want %q", src, want)
	}
	replay := poll("the replay", `fetch(document.querySelector('#transcript-turns .recording audio').src).then(r => r.status + ' ' + r.headers.get('content-type'))`)
	if replay != "200 audio/wav" {
		t.Errorf("replay = %q; want 200 audio/wav", replay)
	}
	if d := poll("the transcript's delivery", `document.querySelector('#transcript-turns .delivery')?.innerText || ''`); !strings.Contains(d, "words a minute") {
		t.Errorf("transcript delivery = %q", d)
	}
	screenshot("voice-4-transcript")
}

// TestBrowserVoiceOff: without speech recognition the page says why and
// offers typing at once.
func TestBrowserVoiceOff(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	ctx := voiceBrowserContext(t, filepath.Join(t.TempDir(), "none.wav"))
	do := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	do(chromedp.Navigate(srv.URL + "/"))
	if _, err := chromedp.Run(ctx, chromedp.Poll[string](`document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatal(err)
	}
	do(chromedp.SetValue(chromedp.CSS("#role"), "backend-developer"), chromedp.Click(chromedp.CSS("#start-button")))
	msg, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const p = document.getElementById('voice-off'); return p && !p.hidden && document.getElementById('record').hidden ? p.textContent : ''; })()`, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("no voice-off notice: %v", err)
	}
	if !strings.Contains(msg, "Type your answer") {
		t.Errorf("notice %q; want it to offer typing", msg)
	}
	focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('answer').disabled ? 'disabled' : 'ok'`))
	if focused != "ok" {
		t.Error("the answer box is not usable")
	}
}
