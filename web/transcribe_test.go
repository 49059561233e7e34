package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/scoring/speech"
	"github.com/mockinterview/mockinterview/web"
)

// fakeSTT is a speech engine that hears words: one every 0.4 s, from
// text, with a 2 s silence before the word at silenceAt; fail makes it fail.
type fakeSTT struct {
	text      string
	silenceAt int
	fail      atomic.Bool
	calls     atomic.Int32
}

func (f *fakeSTT) Name() string { return "fake" }

func (f *fakeSTT) Transcribe(ctx context.Context, a speech.Audio) (speech.Recognition, error) {
	f.calls.Add(1)
	if f.fail.Load() {
		return speech.Recognition{}, &speech.EngineError{Engine: "fake", Status: 503, Temporary: true, Err: errors.New("upstream /v1/audio is down")}
	}
	var ws []speech.Word
	at := 0.2
	for i, w := range strings.Fields(f.text) {
		if i == f.silenceAt && i > 0 {
			at += 2
		}
		ws = append(ws, speech.Word{Word: w, Start: at, End: at + 0.3})
		at += 0.4
	}
	return speech.Recognition{Text: f.text, Words: ws}, nil
}

func withSpeech(stt speech.Transcriber) func(*web.Deps) {
	return func(d *web.Deps) { d.Speech = speech.NewService(stt, speech.Limits{MaxDuration: 20 * time.Second}) }
}

// testWAV is seconds of a quiet tone as 16-bit WAV at rate.
func testWAV(seconds float64, rate int) []byte {
	s := make([]int16, int(seconds*float64(rate)))
	for i := range s {
		s[i] = int16(2000 * math.Sin(float64(i)/8))
	}
	return speech.EncodeWAV(s, rate)
}

func TestTranscribeRoute(t *testing.T) {
	stt := &fakeSTT{text: strings.TrimSpace(strings.Repeat("word ", 28)) + " um uh", silenceAt: 15}
	ts := newTestServer(t, web.Config{}, withSpeech(stt))
	res := ts.do(t, "POST", "/api/v1/transcribe", testWAV(15, 44100), "Content-Type", "audio/wav")
	if res.status != 200 {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	var tr speech.Transcript
	if err := decodeStrict(res.body, &tr); err != nil {
		t.Fatalf("body is not a transcript: %v\n%s", err, res.body)
	}
	d := tr.Delivery
	if tr.Engine != "fake" || tr.Duration != 15 || len(tr.Words) != 30 {
		t.Errorf("transcript = %+v", tr)
	}
	if math.Abs(d.WordsPerMinute-150) > 5 || len(d.Pauses) != 1 || d.FillerCount != 2 {
		t.Errorf("delivery = %+v; want ~150 wpm, 1 pause, 2 fillers", d)
	}
	m := ts.do(t, "GET", "/metrics", nil)
	for _, want := range []string{`mockinterview_transcriptions_total{engine="fake",outcome="ok"} 1`, "mockinterview_transcribed_audio_seconds_total 15"} {
		if !strings.Contains(string(m.body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestTranscribeRouteRefuses(t *testing.T) {
	stt := &fakeSTT{text: "hello"}
	ts := newTestServer(t, web.Config{}, withSpeech(stt))
	wav := testWAV(1, 16000)
	float := append([]byte(nil), wav...)
	binary.LittleEndian.PutUint16(float[20:], 3)
	tests := []struct {
		name   string
		body   []byte
		ct     string
		status int
		code   string
	}{
		{"empty", []byte{}, "audio/wav", 400, web.CodeInvalidAudio},
		{"truncated", wav[:30], "audio/wav", 400, web.CodeInvalidAudio},
		{"cut short", wav[:len(wav)/2], "audio/wav", 400, web.CodeInvalidAudio},
		{"float samples", float, "audio/wav", 415, web.CodeUnsupportedAudio},
		{"json body", []byte(`{"answer":"hi"}`), "application/octet-stream", 415, web.CodeUnsupportedAudio},
		{"text type", wav, "text/plain", 415, web.CodeUnsupportedMediaType},
		{"webm type", wav, "audio/webm", 415, web.CodeUnsupportedMediaType},
		{"too long", testWAV(21, 16000), "audio/wav", 413, web.CodePayloadTooLarge},
		{"too many bytes", make([]byte, speech.DefaultMaxBytes+1), "audio/wav", 413, web.CodePayloadTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.do(t, "POST", "/api/v1/transcribe", tt.body, "Content-Type", tt.ct)
			field := ""
			if tt.code == web.CodeUnsupportedMediaType {
				field = "Content-Type"
			}
			wantError(t, res, tt.status, tt.code, field)
		})
	}
	if n := stt.calls.Load(); n != 0 {
		t.Errorf("the engine was called %d times on bad audio; want never", n)
	}

	stt.fail.Store(true)
	res := ts.do(t, "POST", "/api/v1/transcribe", wav, "Content-Type", "audio/wav")
	wantError(t, res, 502, web.CodeTranscriptionFailed, "")
	if bytes.Contains(res.body, []byte("/v1/audio")) {
		t.Errorf("the engine's error leaked: %s", res.body)
	}

	off := newTestServer(t, web.Config{}, nil)
	wantError(t, off.do(t, "POST", "/api/v1/transcribe", wav, "Content-Type", "audio/wav"), 501, web.CodeSpeechOff, "")
}

func TestTranscribeNeedsKey(t *testing.T) {
	ts := newTestServer(t, web.Config{RequireKey: true}, withSpeech(&fakeSTT{text: "hello there"}))
	wav := testWAV(1, 16000)
	wantError(t, ts.do(t, "POST", "/api/v1/transcribe", wav, "Content-Type", "audio/wav"), 401, web.CodeMissingAPIKey, "")
	_, key := ts.createKey(t, "voice")
	if res := ts.do(t, "POST", "/api/v1/transcribe", wav, "Content-Type", "audio/wav", "Authorization", "Bearer "+key); res.status != 200 {
		t.Errorf("with a key: %d %s", res.status, res.body)
	}
}

func TestCapabilities(t *testing.T) {
	for _, tt := range []struct {
		name    string
		edit    func(*web.Deps)
		enabled bool
	}{{"on", withSpeech(&fakeSTT{}), true}, {"off", nil, false}} {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, web.Config{}, tt.edit)
			res := ts.do(t, "GET", "/api/v1/capabilities", nil)
			var c web.Capabilities
			if err := json.Unmarshal(res.body, &c); err != nil || res.status != 200 {
				t.Fatalf("%d %s", res.status, res.body)
			}
			s := c.Speech
			if s.Enabled != tt.enabled || s.SampleRate != 16000 || s.MaxBytes <= 0 || s.MaxSeconds <= 0 || (s.Reason == "") == !tt.enabled {
				t.Errorf("speech = %+v", s)
			}
		})
	}
}
