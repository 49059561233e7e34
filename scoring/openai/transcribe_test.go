package openai_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/scoring/openai"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

const verboseJSON = `{"task":"transcribe","language":"english","duration":3.2,"text":" Um, I fixed the cache.",
"words":[{"word":"Um","start":0.1,"end":0.3},{"word":"I","start":0.5,"end":0.6},{"word":"fixed","start":0.7,"end":1.0},
{"word":"the","start":2.3,"end":2.4},{"word":"cache","start":2.5,"end":2.9}]}`

func oneSecond() speech.Audio { return speech.Audio{Samples: make([]int16, speech.SampleRate)} }

func newSTT(t *testing.T, url string) speech.Transcriber {
	t.Helper()
	cfg, err := openai.STTConfigFromEnv(func(k string) string {
		return map[string]string{"MOCKINTERVIEW_STT_MODEL": "whisper-1", "MOCKINTERVIEW_STT_BASE_URL": url + "/v1", "OPENAI_API_KEY": "sk-test"}[k]
	})
	if err != nil {
		t.Fatalf("STTConfigFromEnv: %v", err)
	}
	tr, err := openai.NewTranscriber(cfg)
	if err != nil {
		t.Fatalf("NewTranscriber: %v", err)
	}
	return tr
}

// TestTranscribeMultipart checks the request go-openai sends for us: the
// multipart form with the model, the WAV file, verbose_json and word
// timestamps, and reads the words back.
func TestTranscribeMultipart(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/audio/transcriptions" || r.Method != http.MethodPost {
			t.Errorf("request %s %s; want POST /v1/audio/transcriptions", r.Method, r.URL.Path)
		}
		if got := r.Header.Get("Authorization"); got != "Bearer sk-test" {
			t.Errorf("Authorization = %q", got)
		}
		if err := r.ParseMultipartForm(10 << 20); err != nil {
			t.Fatalf("ParseMultipartForm: %v", err)
		}
		for field, want := range map[string]string{"model": "whisper-1", "response_format": "verbose_json", "language": "en"} {
			if got := r.FormValue(field); got != want {
				t.Errorf("form %s = %q; want %q", field, got, want)
			}
		}
		if got := r.MultipartForm.Value["timestamp_granularities[]"]; len(got) != 1 || got[0] != "word" {
			t.Errorf("timestamp_granularities[] = %q; want [word]", got)
		}
		f, h, err := r.FormFile("file")
		if err != nil {
			t.Fatalf("form file: %v", err)
		}
		data, _ := io.ReadAll(f)
		if h.Filename != "answer.wav" || string(data[:4]) != "RIFF" || len(data) != 44+2*speech.SampleRate {
			t.Errorf("file %q of %d bytes starting %q; want answer.wav, a 1 s 16 kHz WAV", h.Filename, len(data), data[:4])
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, verboseJSON)
	}))
	defer srv.Close()
	tr, err := speech.NewService(newSTT(t, srv.URL), speech.Limits{}).Transcribe(context.Background(), oneSecond())
	if err != nil {
		t.Fatalf("Transcribe: %v", err)
	}
	if tr.Text != "Um, I fixed the cache." || len(tr.Words) != 5 || tr.Words[4].End != 2.9 || tr.Engine != "openai" || tr.Model != "whisper-1" {
		t.Errorf("transcript = %+v", tr)
	}
	if d := tr.Delivery; d.FillerCount != 1 || len(d.Pauses) != 1 || d.Pauses[0].Duration != 1.3 {
		t.Errorf("delivery = %+v; want one filler and one pause of 1.3 s", d)
	}
}

func TestTranscribeSegmentsOnly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"text":"one two three four","segments":[{"start":0,"end":1,"text":"one two"},{"start":3,"end":4,"text":"three four"}]}`)
	}))
	defer srv.Close()
	rec, err := newSTT(t, srv.URL).Transcribe(context.Background(), oneSecond())
	if err != nil || len(rec.Words) != 4 || rec.Words[2].Start != 3 || rec.Words[1].End != 1 {
		t.Fatalf("Transcribe = %+v, %v; want 4 words spread over their segments", rec.Words, err)
	}
}

func TestTranscribeErrors(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case n == 1:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"error":{"message":"overloaded","type":"server_error"}}`)
		case n == 2:
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"message":"invalid file format","type":"invalid_request_error"}}`)
		default:
			fmt.Fprint(w, verboseJSON)
		}
	}))
	defer srv.Close()
	stt := newSTT(t, srv.URL)
	_, err := stt.Transcribe(context.Background(), oneSecond())
	var ee *speech.EngineError
	if !errors.As(err, &ee) || ee.Status != 503 || !ee.Temporary || !errors.Is(err, speech.ErrEngine) {
		t.Fatalf("503: err = %#v; want a temporary EngineError with status 503", err)
	}
	_, err = stt.Transcribe(context.Background(), oneSecond())
	if !errors.As(err, &ee) || ee.Status != 400 || ee.Temporary || !strings.Contains(err.Error(), "invalid file format") {
		t.Fatalf("400: err = %v; want a permanent EngineError with the server's message", err)
	}
	// Through the resilient wrapper a 503 is retried.
	calls.Store(0)
	r := speech.Resilient(stt, speech.ResilienceSettings{BaseDelay: time.Millisecond})
	if _, err := r.Transcribe(context.Background(), oneSecond()); err == nil || calls.Load() != 2 {
		t.Fatalf("resilient: %v after %d calls; want the 400 after a retried 503", err, calls.Load())
	}
}

func TestTranscribeServerDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := newSTT(t, url).Transcribe(context.Background(), oneSecond())
	var ee *speech.EngineError
	if !errors.As(err, &ee) || !ee.Temporary || ee.Status != 0 {
		t.Fatalf("server down: %v; want a temporary EngineError without a status", err)
	}
}

func TestSTTConfigFromEnv(t *testing.T) {
	tests := []struct {
		env     map[string]string
		wantErr error
		wantURL string
	}{
		{map[string]string{}, openai.ErrSTTNotConfigured, ""},
		{map[string]string{"OPENAI_API_KEY": "k"}, openai.ErrSTTNotConfigured, ""},
		{map[string]string{"MOCKINTERVIEW_STT_MODEL": "whisper-1", "OPENAI_API_KEY": "k"}, nil, ""},
		{map[string]string{"MOCKINTERVIEW_STT_MODEL": "base.en", "OPENAI_BASE_URL": "http://127.0.0.1:9000/v1"}, nil, "http://127.0.0.1:9000/v1"},
		{map[string]string{"MOCKINTERVIEW_STT_MODEL": "base.en", "OPENAI_BASE_URL": "http://a/v1", "MOCKINTERVIEW_STT_BASE_URL": "http://b/v1"}, nil, "http://b/v1"},
	}
	for _, tt := range tests {
		cfg, err := openai.STTConfigFromEnv(func(k string) string { return tt.env[k] })
		if !errors.Is(err, tt.wantErr) || (err == nil && cfg.BaseURL != tt.wantURL) {
			t.Errorf("STTConfigFromEnv(%v) = %+v, %v; want base %q, %v", tt.env, cfg, err, tt.wantURL, tt.wantErr)
		}
	}
	if _, err := openai.STTConfigFromEnv(func(k string) string { return map[string]string{"MOCKINTERVIEW_STT_MODEL": "m"}[k] }); err == nil {
		t.Error("a model without a server or key: no error")
	}
}
