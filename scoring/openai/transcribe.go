package openai

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

// ErrSTTNotConfigured means the environment names no transcription model.
var ErrSTTNotConfigured = errors.New("transcription server not configured: set MOCKINTERVIEW_STT_MODEL (and MOCKINTERVIEW_STT_BASE_URL or OPENAI_BASE_URL for a local server)")

// STTConfigFromEnv reads the transcription server's settings:
// MOCKINTERVIEW_STT_MODEL (required, e.g. whisper-1), at
// MOCKINTERVIEW_STT_BASE_URL or else OPENAI_BASE_URL (else OpenAI itself),
// with MOCKINTERVIEW_STT_API_KEY or else OPENAI_API_KEY.
func STTConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		APIKey:          firstSet(getenv, "MOCKINTERVIEW_STT_API_KEY", "OPENAI_API_KEY"),
		BaseURL:         firstSet(getenv, "MOCKINTERVIEW_STT_BASE_URL", "OPENAI_BASE_URL"),
		Model:           strings.TrimSpace(getenv("MOCKINTERVIEW_STT_MODEL")),
		AzureAPIVersion: strings.TrimSpace(getenv("OPENAI_API_VERSION")),
	}
	if c.Model == "" {
		return c, ErrSTTNotConfigured
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || u.Scheme == "" || u.Host == "" {
			return c, fmt.Errorf("transcription base URL %q is not an http(s) URL", c.BaseURL)
		}
	} else if c.APIKey == "" {
		return c, fmt.Errorf("MOCKINTERVIEW_STT_MODEL %s is set but there is neither a base URL nor OPENAI_API_KEY", c.Model)
	}
	return c, nil
}

func firstSet(getenv func(string) string, names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(getenv(n)); v != "" {
			return v
		}
	}
	return ""
}

// Transcriber implements speech.Transcriber with go-openai's transcription
// call (POST /audio/transcriptions), asking for verbose_json with word
// timestamps. Like the judge it makes one attempt; speech.Resilient adds
// retries, deadlines and the breaker.
type Transcriber struct {
	client *goopenai.Client
	model  string
}

// NewTranscriber returns a transcriber for cfg (cfg.Model is the
// transcription model, e.g. whisper-1).
func NewTranscriber(cfg Config) (*Transcriber, error) {
	j, err := New(cfg)
	if err != nil {
		return nil, fmt.Errorf("openai transcriber: %w", err)
	}
	return &Transcriber{client: j.client, model: cfg.Model}, nil
}

// Name is "openai": any OpenAI-compatible transcription server.
func (t *Transcriber) Name() string { return "openai" }

// Model is the transcription model asked.
func (t *Transcriber) Model() string { return t.model }

// Transcribe sends the audio as a 16 kHz mono WAV file.
func (t *Transcriber) Transcribe(ctx context.Context, a speech.Audio) (speech.Recognition, error) {
	meta := &callMeta{}
	ctx = context.WithValue(ctx, metaKey{}, meta)
	resp, err := t.client.CreateTranscription(ctx, goopenai.AudioRequest{
		Model:                  t.model,
		FilePath:               "answer.wav",
		Reader:                 bytes.NewReader(a.WAV()),
		Format:                 goopenai.AudioResponseFormatVerboseJSON,
		Language:               "en",
		TimestampGranularities: []goopenai.TranscriptionTimestampGranularity{goopenai.TranscriptionTimestampGranularityWord},
	})
	if err != nil {
		return speech.Recognition{}, sttError(judgeError(ctx, err, meta))
	}
	rec := speech.Recognition{Text: strings.TrimSpace(resp.Text), Duration: resp.Duration, Model: t.model}
	for _, w := range resp.Words {
		rec.Words = append(rec.Words, speech.Word{Word: strings.TrimSpace(w.Word), Start: w.Start, End: w.End})
	}
	if len(rec.Words) == 0 {
		// A server that gives segments only (some local whisper servers):
		// spread each segment's words evenly over it.
		for _, s := range resp.Segments {
			ws := strings.Fields(s.Text)
			if len(ws) == 0 {
				continue
			}
			step := (s.End - s.Start) / float64(len(ws))
			for i, w := range ws {
				rec.Words = append(rec.Words, speech.Word{Word: w, Start: s.Start + float64(i)*step, End: s.Start + float64(i+1)*step})
			}
		}
	}
	return rec, nil
}

// sttError turns the judge's error classification (status, Retry-After,
// whether a retry may help) into speech's.
func sttError(err error) error {
	var je *scoring.JudgeError
	if !errors.As(err, &je) {
		return &speech.EngineError{Engine: "openai", Err: err}
	}
	return &speech.EngineError{Engine: "openai", Status: je.Status, RetryAfter: je.RetryAfter, Temporary: je.Temporary, Err: je.Err}
}
