package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

// Recordings keeps the spoken answers of live interviews.
// *interview.Service implements it (with interview.WithRecordings).
type Recordings interface {
	Record(ctx context.Context, id string, turn int, a speech.Audio) (interview.Recording, error)
	SetTranscript(ctx context.Context, id string, turn, followUp int, t speech.Transcript) error
	Recording(ctx context.Context, id string, turn, followUp int) (interview.Recording, error)
}

// RecordedAnswer is the answer to a recording's upload: the recording as
// stored (the acknowledgement: it is durable), its transcript when the
// engine heard it, or why it did not (the audio is kept; upload again or
// type).
type RecordedAnswer struct {
	Recording          interview.Recording `json:"recording"`
	AudioURL           string              `json:"audio_url"`
	Transcript         *speech.Transcript  `json:"transcript"`
	TranscriptionError *ErrorBody          `json:"transcription_error,omitempty"`
}

var errNoRecordings = &Error{Status: http.StatusNotImplemented, Code: CodeNotImplemented,
	Message: "this server does not keep recordings: type the answer"}

func canAnswer(a Access) bool { return a.Own }

func audioURL(id string, turn, followUp int) string {
	u := fmt.Sprintf("/api/v1/sessions/%s/turns/%d/audio", id, turn)
	if followUp > 0 {
		u += "?followup=" + strconv.Itoa(followUp)
	}
	return u
}

// handleRecordAnswer is POST /api/v1/sessions/:id/turns/:turn/audio: the
// candidate's spoken answer to the turn waiting for one. The audio is
// validated, stored, and only then transcribed; 201 means it is stored.
func handleRecordAnswer(engine SessionEngine, recs Recordings, sp Speech, accounts AccountStore) gin.HandlerFunc {
	return func(c *gin.Context) {
		if recs == nil {
			writeError(c, errNoRecordings)
			return
		}
		sess, _, err := authorizedSession(c, engine, accounts, canAnswer, "only the candidate answers the interview")
		if err != nil {
			writeError(c, err)
			return
		}
		turn, err := turnParam(c)
		if err != nil {
			writeError(c, err)
			return
		}
		audio, err := decodeAudio(c, sp)
		if err != nil {
			writeError(c, err)
			return
		}
		ctx := c.Request.Context()
		rec, err := recs.Record(ctx, sess.ID, turn, audio)
		if err != nil {
			writeError(c, err)
			return
		}
		out := RecordedAnswer{Recording: rec, AudioURL: audioURL(sess.ID, turn, rec.FollowUp)}
		tr, err := sp.Transcribe(ctx, audio)
		if err != nil {
			// Logged with the request; the candidate keeps the stored
			// audio and uploads again or types.
			_ = c.Error(err)
			out.TranscriptionError = toAPIError(err).body()
			c.JSON(http.StatusCreated, out)
			return
		}
		if err := recs.SetTranscript(ctx, sess.ID, turn, rec.FollowUp, tr); err != nil {
			writeError(c, err)
			return
		}
		out.Recording.Transcript = &tr
		out.Transcript = &tr
		c.JSON(http.StatusCreated, out)
	}
}

// handleAnswerAudio is GET /api/v1/sessions/:id/turns/:turn/audio: the
// stored recording, for the candidate and whoever may read the session.
func handleAnswerAudio(engine SessionEngine, recs Recordings, accounts AccountStore) gin.HandlerFunc {
	return func(c *gin.Context) {
		if recs == nil {
			writeError(c, errNoRecordings)
			return
		}
		sess, _, err := authorizedSession(c, engine, accounts, nil, "")
		if err != nil {
			writeError(c, err)
			return
		}
		turn, err := turnParam(c)
		if err != nil {
			writeError(c, err)
			return
		}
		followUp := 0
		if v, ok := c.GetQuery("followup"); ok {
			if followUp, err = strconv.Atoi(v); err != nil || followUp < 0 {
				writeError(c, badRequest(CodeInvalidParameter, "followup", "followup must be 0 (the main answer) or a follow-up number"))
				return
			}
		}
		rec, err := recs.Recording(c.Request.Context(), sess.ID, turn, followUp)
		if err != nil {
			writeError(c, err)
			return
		}
		c.Header("Cache-Control", "private, max-age=3600")
		c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="%s-turn%d.wav"`, sess.ID, turn))
		c.Data(http.StatusOK, "audio/wav", rec.Audio)
	}
}

// recordingError maps the refusals of a recording: no recording is 404;
// a turn not waiting for an answer is 409 with the engine's code.
func recordingError(err error) *Error {
	switch {
	case errors.Is(err, interview.ErrRecordingNotFound):
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "this turn has no recording"}
	case errors.Is(err, interview.ErrNoRecordings):
		return errNoRecordings
	case errors.Is(err, interview.ErrNotStarted), errors.Is(err, interview.ErrWrongTurn),
		errors.Is(err, interview.ErrAlreadyAnswered), errors.Is(err, interview.ErrFinished):
		return &Error{Status: http.StatusConflict, Code: interview.Code(err), Message: err.Error()}
	}
	return nil
}

// voiceMarkdown lists a turn's recordings and the delivery of its spoken
// answer for the Markdown export ("" for a typed answer).
func voiceMarkdown(sessionID string, t interview.Turn) string {
	var b strings.Builder
	for _, r := range t.Recordings {
		what := "Spoken answer"
		if r.FollowUp > 0 {
			what = fmt.Sprintf("Spoken follow-up answer %d", r.FollowUp)
		}
		fmt.Fprintf(&b, "\n%s: %.0f s recording, `%s`", what, float64(r.DurationMS)/1000, audioURL(sessionID, r.Turn, r.FollowUp))
	}
	if d := t.Delivery; d != nil {
		fmt.Fprintf(&b, "\nDelivery: %.0f words a minute; pauses of 1 s or more: %d (longest %.1f s); filler words: %d (%.1f per 100 words)",
			d.WordsPerMinute, len(d.Pauses), d.LongestPause, d.FillerCount, d.FillerRate)
		for _, f := range d.Feedback {
			b.WriteString("\n- " + mdLine(f))
		}
	}
	return b.String()
}
