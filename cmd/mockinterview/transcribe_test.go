package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/scoring/speech"
	"github.com/mockinterview/mockinterview/scoring/speech/speechtest"
)

// knownTimingServer is a fake transcription server that hears the issue's
// known timing: 30 words 0.4 s apart, one 2 s silence, two fillers.
func knownTimingServer(t *testing.T) *httptest.Server {
	t.Helper()
	var words []string
	at := 0.0
	for i := range 30 {
		if i == 15 {
			at += 2
		}
		w := "word"
		switch i {
		case 5:
			w = "um"
		case 22:
			w = "uh"
		}
		words = append(words, fmt.Sprintf(`{"word":%q,"start":%.2f,"end":%.2f}`, w, at, at+0.3))
		at += 0.4
	}
	body := fmt.Sprintf(`{"text":"thirty words","duration":14.5,"words":[%s]}`, strings.Join(words, ","))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func writeWAV(t *testing.T, seconds float64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "answer.wav")
	if err := os.WriteFile(path, speech.EncodeWAV(make([]int16, int(seconds*speech.SampleRate)), speech.SampleRate), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func runTranscribeCmd(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"mockinterview", "transcribe"}, args...),
		func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestTranscribeJSONKnownTiming(t *testing.T) {
	srv := knownTimingServer(t)
	env := map[string]string{"MOCKINTERVIEW_STT_MODEL": "whisper-1", "MOCKINTERVIEW_STT_BASE_URL": srv.URL + "/v1"}
	stdout, stderr, err := runTranscribeCmd(t, env, "--json", writeWAV(t, 14.5))
	if err != nil {
		t.Fatalf("transcribe: %v (%s)", err, stderr)
	}
	var got struct {
		Text     string        `json:"text"`
		Duration float64       `json:"duration"`
		Engine   string        `json:"engine"`
		Words    []speech.Word `json:"words"`
		Delivery struct {
			WordsPerMinute float64          `json:"words_per_minute"`
			Pauses         []map[string]any `json:"pauses"`
			LongestPause   float64          `json:"longest_pause"`
			FillerCount    int              `json:"filler_count"`
			FillerRate     float64          `json:"filler_rate"`
		} `json:"delivery"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not the transcript JSON: %v\n%s", err, stdout)
	}
	d := got.Delivery
	if got.Engine != "openai" || got.Duration != 14.5 || len(got.Words) != 30 || got.Text != "thirty words" {
		t.Errorf("transcript = %+v", got)
	}
	if math.Abs(d.WordsPerMinute-150) > 5 || len(d.Pauses) != 1 || math.Abs(d.LongestPause-2) > 0.2 || d.FillerCount != 2 || d.FillerRate <= 0 {
		t.Errorf("delivery = %+v; want about 150 wpm, one pause of about 2 s, 2 fillers", d)
	}
}

func TestTranscribeTextReport(t *testing.T) {
	srv := knownTimingServer(t)
	env := map[string]string{"MOCKINTERVIEW_STT_MODEL": "whisper-1", "OPENAI_BASE_URL": srv.URL + "/v1"}
	stdout, _, err := runTranscribeCmd(t, env, "--stt", "openai", writeWAV(t, 14.5))
	if err != nil {
		t.Fatalf("transcribe: %v", err)
	}
	for _, want := range []string{"openai, 14.5 s", "152 words a minute", "pauses      1 of 1 s or more, longest 2.1 s", "fillers     2", "um at 2.0 s"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
}

func TestTranscribePocketsphinx(t *testing.T) {
	if _, err := speech.FindPocketsphinx(1); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	path := speechtest.Speak(t, t.TempDir(), 16000, 1, speechtest.Part{Text: "I rolled back the release"},
		speechtest.Part{Silence: 2}, speechtest.Part{Text: "and then I fixed the cache"})
	stdout, stderr, err := runTranscribeCmd(t, nil, "--json", "--stt", "pocketsphinx", path)
	if err != nil {
		t.Fatalf("transcribe: %v (%s)", err, stderr)
	}
	var tr speech.Transcript
	if err := json.Unmarshal([]byte(stdout), &tr); err != nil {
		t.Fatal(err)
	}
	if tr.Engine != "pocketsphinx" || len(tr.Words) < 4 || tr.Delivery.LongestPause < 1.5 {
		t.Errorf("transcript = %+v; want pocketsphinx words with a pause of about 2 s", tr)
	}
}

func TestTranscribeRefuses(t *testing.T) {
	notAudio := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notAudio, []byte("hello"), 0o600)
	srv := knownTimingServer(t)
	stt := map[string]string{"MOCKINTERVIEW_STT_MODEL": "whisper-1", "MOCKINTERVIEW_STT_BASE_URL": srv.URL}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"off", nil, []string{"--stt", "off", writeWAV(t, 1)}, "turned off"},
		{"bad mode", nil, []string{"--stt", "loud", writeWAV(t, 1)}, "--stt must be"},
		{"openai not configured", nil, []string{"--stt", "openai", writeWAV(t, 1)}, "MOCKINTERVIEW_STT_MODEL"},
		{"not audio", stt, []string{notAudio}, "not a WAV file"},
		{"missing", stt, []string{"/no/such.wav"}, "no such file"},
		{"no file", stt, nil, "one file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runTranscribeCmd(t, tt.env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("transcribe %v = %v; want an error with %q", tt.args, err, tt.want)
			}
		})
	}
}

// TestPracticeVoice answers by recording in the terminal: --voice for the
// first question, ":voice FILE" at the prompt for the second (after a bad
// file, which asks again).
func TestPracticeVoice(t *testing.T) {
	srv := knownTimingServer(t)
	db := filepath.Join(t.TempDir(), "practice.db")
	env := func(k string) string {
		return map[string]string{"MOCKINTERVIEW_STT_MODEL": "whisper-1", "MOCKINTERVIEW_STT_BASE_URL": srv.URL}[k]
	}
	wav := writeWAV(t, 14.5)
	var out, errOut bytes.Buffer
	script := ":voice /no/such.wav\n:voice " + wav + "\n"
	args := []string{"mockinterview", "practice", "--db", db, "--llm", "off", "--count", "2", "--mode", "exam", "--voice", wav}
	if err := run(context.Background(), args, env, strings.NewReader(script), &out, &errOut); err != nil {
		t.Fatalf("practice: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	got := out.String()
	if n := strings.Count(got, "(heard by openai, 14.5 s) thirty words"); n != 2 {
		t.Errorf("heard %d recordings; want 2:\n%s", n, got)
	}
	if !strings.Contains(got, "error: open /no/such.wav") || !strings.Contains(got, "Delivery: 152 words a minute; pauses of 1 s or more: 1; filler words: 2.") {
		t.Errorf("output:\n%s", got)
	}
	sessions := storedSessions(t, db)
	st, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs, err := st.Recordings(t.Context(), sessions[0].ID)
	if err != nil || len(recs) != 2 || recs[1].Transcript == nil {
		t.Errorf("stored recordings = %+v, %v; want both, transcribed", recs, err)
	}
}
