package speech

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Word is one recognized word and when it was said, in seconds from the
// start of the recording.
type Word struct {
	Word  string  `json:"word"`
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

// Recognition is what an engine hears: the text and, when the engine gives
// them, the words with timings. Engines fill Duration when they know it.
type Recognition struct {
	Text     string
	Words    []Word
	Duration float64
	Model    string
}

// Transcript is the result of transcribing one recording: the shape of
// `transcribe --json` and POST /api/v1/transcribe (DESIGN.md, Speech).
type Transcript struct {
	Text     string   `json:"text"`
	Duration float64  `json:"duration"`
	Engine   string   `json:"engine"`
	Model    string   `json:"model,omitempty"`
	Words    []Word   `json:"words"`
	Delivery Delivery `json:"delivery"`
}

// Transcriber is a speech-to-text engine. It is given audio that Decode
// accepted and makes one attempt; Resilient adds retries and deadlines.
// Errors that tell whether a retry may help are *EngineError.
type Transcriber interface {
	Transcribe(ctx context.Context, a Audio) (Recognition, error)
	// Name is the engine's name in results: "openai", "pocketsphinx".
	Name() string
}

// Errors of transcription.
var (
	// ErrDisabled: no engine is configured (--stt off, or auto found none).
	ErrDisabled = errors.New("speech recognition is off")
	// ErrEngine: the engine failed (down, slow, or it refused the audio).
	ErrEngine = errors.New("speech recognition failed")
)

// EngineError is an engine's failure: the HTTP status of a remote engine
// (0 when none), a Retry-After it sent, and whether a retry may help.
// It wraps ErrEngine.
type EngineError struct {
	Engine     string
	Status     int
	RetryAfter time.Duration
	Temporary  bool
	Err        error
}

func (e *EngineError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("%s transcription: status %d: %v", e.Engine, e.Status, e.Err)
	}
	return fmt.Sprintf("%s transcription: %v", e.Engine, e.Err)
}

// Unwrap gives ErrEngine and the cause.
func (e *EngineError) Unwrap() []error { return []error{ErrEngine, e.Err} }

// Service transcribes recordings with one engine and adds delivery.
type Service struct {
	engine Transcriber
	limits Limits
	off    string // why there is no engine
}

// NewService returns a service on engine; a nil engine gives a service
// whose Transcribe returns ErrDisabled (voice off).
func NewService(engine Transcriber, lim Limits) *Service {
	return &Service{engine: engine, limits: lim.withDefaults()}
}

// Disabled returns a service without an engine; reason says why (shown to
// the candidate and in the server's capabilities).
func Disabled(reason string, lim Limits) *Service {
	return &Service{limits: lim.withDefaults(), off: reason}
}

// OffReason says why voice is off, "" when it is on.
func (s *Service) OffReason() string {
	switch {
	case s.Enabled():
		return ""
	case s == nil || s.off == "":
		return "speech recognition is off"
	}
	return s.off
}

// Enabled reports whether an engine is configured.
func (s *Service) Enabled() bool { return s != nil && s.engine != nil }

// Engine is the engine's name, "" when off.
func (s *Service) Engine() string {
	if !s.Enabled() {
		return ""
	}
	return s.engine.Name()
}

// Limits are the decoding limits of the service.
func (s *Service) Limits() Limits { return s.limits }

// Transcribe transcribes decoded audio and measures its delivery.
func (s *Service) Transcribe(ctx context.Context, a Audio) (Transcript, error) {
	if !s.Enabled() {
		return Transcript{}, fmt.Errorf("%w: %s", ErrDisabled, s.OffReason())
	}
	rec, err := s.engine.Transcribe(ctx, a)
	if err != nil {
		return Transcript{}, err
	}
	return NewTranscript(s.engine.Name(), a.Seconds(), rec), nil
}

// NewTranscript builds the transcript of a recognition of a recording that
// lasts duration seconds: words cleaned and ordered, text filled in from
// the words when the engine gave none, and the delivery.
func NewTranscript(engine string, duration float64, rec Recognition) Transcript {
	if duration <= 0 {
		duration = rec.Duration
	}
	words := cleanWords(rec.Words)
	text := rec.Text
	if text == "" {
		text = joinWords(words)
	}
	t := Transcript{
		Text:     text,
		Duration: round(duration, 2),
		Engine:   engine,
		Model:    rec.Model,
		Words:    words,
	}
	t.Delivery = Analyze(t.Words, t.Duration)
	return t
}
