package web

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/scoring/speech"
	"github.com/prometheus/client_golang/prometheus"
)

// Speech turns recordings into transcripts with delivery. *speech.Service
// implements it; a service without an engine (voice off) says why.
type Speech interface {
	Enabled() bool
	Engine() string
	OffReason() string
	Limits() speech.Limits
	Transcribe(ctx context.Context, a speech.Audio) (speech.Transcript, error)
}

// Error codes of speech.
const (
	CodeInvalidAudio        = "invalid_audio"
	CodeUnsupportedAudio    = "unsupported_audio"
	CodeSpeechOff           = "speech_off"
	CodeTranscriptionFailed = "transcription_failed"
)

// audioTypes are the Content-Types a recording may be sent as; a decoder
// exists for WAV only. application/octet-stream and no type are sniffed.
var audioTypes = map[string]bool{
	"audio/wav": true, "audio/x-wav": true, "audio/wave": true, "audio/vnd.wave": true,
	"application/octet-stream": true, "": true,
}

// requireAudio answers 415 unless the body is declared as WAV (or not
// declared at all), and 501 when voice is off, before any byte is read.
func requireAudio(sp Speech) gin.HandlerFunc {
	return func(c *gin.Context) {
		if sp == nil || !sp.Enabled() {
			writeError(c, speechOff(sp))
			return
		}
		mt := ""
		if ct := c.GetHeader("Content-Type"); ct != "" {
			var err error
			if mt, _, err = mime.ParseMediaType(ct); err != nil {
				mt = "invalid"
			}
		}
		if !audioTypes[strings.ToLower(mt)] {
			writeError(c, &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType, Field: "Content-Type",
				Message: "send the recording as 16-bit PCM WAV with Content-Type: audio/wav"})
			return
		}
		c.Next()
	}
}

func speechOff(sp Speech) *Error {
	reason := "speech recognition is off on this server"
	if sp != nil {
		reason = sp.OffReason()
	}
	return &Error{Status: http.StatusNotImplemented, Code: CodeSpeechOff, Message: reason + "; type the answer instead"}
}

// maxAudioUploads bounds the recordings decoded at once: each holds up to
// MaxBytes of body and its 16 kHz copy in memory.
const maxAudioUploads = 4

// boundAudio lets at most n audio requests past at once; the others wait
// for a slot (as long as their client does).
func boundAudio(n int) gin.HandlerFunc {
	slots := make(chan struct{}, n)
	return func(c *gin.Context) {
		select {
		case slots <- struct{}{}:
		case <-c.Request.Context().Done():
			writeError(c, c.Request.Context().Err())
			return
		}
		defer func() { <-slots }()
		c.Next()
	}
}

// maxAudioBody is the body limit of an upload: the decoder's byte limit.
func maxAudioBody(sp Speech) int64 {
	if sp == nil {
		return speech.DefaultMaxBytes
	}
	return sp.Limits().MaxBytes
}

// decodeAudio reads and validates the request's recording.
func decodeAudio(c *gin.Context, sp Speech) (speech.Audio, error) {
	a, err := speech.Decode(c.Request.Body, sp.Limits())
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return a, tooLarge(tooBig.Limit)
	}
	return a, err
}

// handleTranscribe is POST /api/v1/transcribe: a raw WAV body in, the
// transcript with words, timings and delivery out.
func handleTranscribe(sp Speech) gin.HandlerFunc {
	return func(c *gin.Context) {
		audio, err := decodeAudio(c, sp)
		if err != nil {
			writeError(c, err)
			return
		}
		tr, err := sp.Transcribe(c.Request.Context(), audio)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, tr)
	}
}

// Capabilities are what the server can do beyond typing, for the page.
type Capabilities struct {
	Speech SpeechCapability `json:"speech"`
}

// SpeechCapability says whether voice answers work and within what limits.
type SpeechCapability struct {
	Enabled    bool     `json:"enabled"`
	Engine     string   `json:"engine,omitempty"`
	Reason     string   `json:"reason,omitempty"`
	Formats    []string `json:"formats"`
	SampleRate int      `json:"sample_rate"`
	MaxBytes   int64    `json:"max_bytes"`
	MaxSeconds int      `json:"max_seconds"`
}

// handleCapabilities is GET /api/v1/capabilities.
func handleCapabilities(sp Speech) gin.HandlerFunc {
	return func(c *gin.Context) {
		lim := speech.Limits{}
		if sp != nil {
			lim = sp.Limits()
		}
		if lim.MaxBytes == 0 {
			lim = speech.NewService(nil, lim).Limits()
		}
		sc := SpeechCapability{Formats: []string{"audio/wav"}, SampleRate: speech.SampleRate,
			MaxBytes: lim.MaxBytes, MaxSeconds: int(lim.MaxDuration.Seconds())}
		if sp != nil && sp.Enabled() {
			sc.Enabled, sc.Engine = true, sp.Engine()
		} else {
			sc.Reason = speechOff(sp).Message
		}
		c.JSON(http.StatusOK, Capabilities{Speech: sc})
	}
}

// speechError maps decoding and transcription errors: audio that is not
// WAV or in a format without a decoder is 415, malformed or empty audio
// 400, too long 413; voice off is 501; an engine that failed after its
// retries is 502 (the recording was fine; try again or type).
func speechError(err error) *Error {
	switch {
	case errors.Is(err, speech.ErrUnsupported):
		return &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedAudio, Message: speechMessage(err)}
	case errors.Is(err, speech.ErrInvalidAudio):
		return badRequest(CodeInvalidAudio, "", speechMessage(err))
	case errors.Is(err, speech.ErrTooLarge):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: CodePayloadTooLarge, Message: speechMessage(err)}
	case errors.Is(err, speech.ErrDisabled):
		return speechOff(nil)
	case errors.Is(err, speech.ErrEngine):
		return &Error{Status: http.StatusBadGateway, Code: CodeTranscriptionFailed,
			Message: "the speech recognizer failed: try again, or type the answer"}
	}
	return nil
}

// speechMessage is a decoding error's text: it says what is wrong with the
// recording and holds nothing internal.
func speechMessage(err error) string {
	return err.Error()
}

// meteredSpeech counts transcriptions on /metrics: by engine and outcome,
// with the seconds of audio heard and the time it took.
type meteredSpeech struct {
	Speech
	calls    *prometheus.CounterVec
	audio    prometheus.Counter
	duration prometheus.Histogram
}

func withSpeechMetrics(reg *prometheus.Registry, sp Speech) (Speech, error) {
	m := &meteredSpeech{
		Speech: sp,
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "mockinterview", Name: "transcriptions_total",
			Help: "Recordings transcribed, by engine and outcome (ok, failed).",
		}, []string{"engine", "outcome"}),
		audio: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "mockinterview", Name: "transcribed_audio_seconds_total",
			Help: "Seconds of audio transcribed successfully.",
		}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: "mockinterview", Name: "transcription_duration_seconds",
			Help:    "Time to transcribe one recording, retries included.",
			Buckets: []float64{.1, .25, .5, 1, 2.5, 5, 10, 30, 60, 150},
		}),
	}
	for _, c := range []prometheus.Collector{m.calls, m.audio, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *meteredSpeech) Transcribe(ctx context.Context, a speech.Audio) (speech.Transcript, error) {
	start := time.Now()
	tr, err := m.Speech.Transcribe(ctx, a)
	m.duration.Observe(time.Since(start).Seconds())
	if err != nil {
		m.calls.WithLabelValues(m.Engine(), "failed").Inc()
		return tr, err
	}
	m.calls.WithLabelValues(m.Engine(), "ok").Inc()
	m.audio.Add(a.Seconds())
	return tr, nil
}
