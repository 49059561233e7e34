package interview

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

// Recording is a spoken answer kept with its turn: the audio as it was
// stored (16 kHz mono 16-bit WAV, before any transcription) and, once the
// engine heard it, the transcript with word timings and delivery.
type Recording struct {
	SessionID string `json:"-"`
	Turn      int    `json:"turn"`
	// FollowUp is 0 for the main answer, k for the answer to the turn's
	// k-th follow-up question.
	FollowUp   int                `json:"followup"`
	Audio      []byte             `json:"-"`
	Bytes      int                `json:"bytes"`
	DurationMS int64              `json:"duration_ms"`
	Transcript *speech.Transcript `json:"transcript,omitempty"`
	CreatedAt  time.Time          `json:"created_at"`
}

// RecordingStore keeps recordings. It is separate from Store so that a
// store without it still runs every text interview; interview/sqlite and
// interview/postgres implement both. Recordings go when their session goes
// (ON DELETE CASCADE).
type RecordingStore interface {
	// SaveRecording stores r, replacing the recording of the same turn
	// and follow-up (a re-recording) and its transcript. An unknown session
	// is ErrNotFound.
	SaveRecording(ctx context.Context, r Recording) error
	// SetTranscript adds the transcript to a stored recording
	// (ErrRecordingNotFound when there is none).
	SetTranscript(ctx context.Context, sessionID string, turn, followUp int, t speech.Transcript) error
	// Recording returns one recording with its audio, or
	// ErrRecordingNotFound.
	Recording(ctx context.Context, sessionID string, turn, followUp int) (Recording, error)
	// Recordings lists a session's recordings without their audio, by
	// turn and follow-up.
	Recordings(ctx context.Context, sessionID string) ([]Recording, error)
}

var (
	// ErrRecordingNotFound means the turn has no recording.
	ErrRecordingNotFound = errors.New("recording not found")
	// ErrNoRecordings means the engine was built without a RecordingStore.
	ErrNoRecordings = errors.New("recordings are not kept by this server")
)

// WithRecordings keeps spoken answers in rs (default: none; Record then
// returns ErrNoRecordings).
func WithRecordings(rs RecordingStore) Option { return func(c *config) { c.recordings = rs } }

// Record stores a spoken answer to turn, which must be waiting for an
// answer (its main answer or a follow-up answer), and returns once it is
// durable: the upload's acknowledgement. The candidate then has it
// transcribed (SetTranscript) and sends the answer text, corrected or
// not, as any answer. Refusals wrap ErrNotStarted, ErrFinished,
// ErrWrongTurn or ErrAlreadyAnswered; they make no error event (the
// upload is HTTP, answered with the refusal).
func (s *Service) Record(ctx context.Context, id string, turn int, audio speech.Audio) (Recording, error) {
	rs := s.cfg.recordings
	if rs == nil {
		return Recording{}, ErrNoRecordings
	}
	if s.isClosed() {
		return Recording{}, ErrClosed
	}
	sess, err := s.store.Session(ctx, id)
	if err != nil {
		return Recording{}, err
	}
	followUp, err := awaitingVoice(&sess, turn)
	if err != nil {
		return Recording{}, err
	}
	wav := audio.WAV()
	r := Recording{SessionID: id, Turn: turn, FollowUp: followUp, Audio: wav, Bytes: len(wav),
		DurationMS: audio.Duration().Milliseconds(), CreatedAt: s.now()}
	if err := rs.SaveRecording(ctx, r); err != nil {
		return Recording{}, fmt.Errorf("store recording: %w", err)
	}
	return r, nil
}

// awaitingVoice checks that turn waits for an answer and says which one.
func awaitingVoice(sess *Session, turn int) (followUp int, err error) {
	switch {
	case sess.State == StateCreated:
		return 0, fmt.Errorf("%w: session has not started", ErrNotStarted)
	case sess.State == StateFinished || sess.Ending:
		return 0, fmt.Errorf("%w: session has finished", ErrFinished)
	}
	cur := sess.current()
	if cur == nil || turn < 1 || turn > cur.Index {
		return 0, fmt.Errorf("%w: turn %d has not been asked", ErrWrongTurn, turn)
	}
	if turn < cur.Index || (cur.Status != TurnAsked && cur.Status != TurnFollowUp) {
		return 0, fmt.Errorf("%w: turn %d is already answered", ErrAlreadyAnswered, turn)
	}
	if cur.Status == TurnFollowUp {
		return len(cur.FollowUps), nil
	}
	return 0, nil
}

// SetTranscript keeps the transcript of a stored recording.
func (s *Service) SetTranscript(ctx context.Context, id string, turn, followUp int, t speech.Transcript) error {
	if s.cfg.recordings == nil {
		return ErrNoRecordings
	}
	return s.cfg.recordings.SetTranscript(ctx, id, turn, followUp, t)
}

// Recording returns a stored recording with its audio.
func (s *Service) Recording(ctx context.Context, id string, turn, followUp int) (Recording, error) {
	if s.cfg.recordings == nil {
		return Recording{}, ErrRecordingNotFound
	}
	return s.cfg.recordings.Recording(ctx, id, turn, followUp)
}

// attachRecordings sets each turn's Recordings and, for a spoken main
// answer, its Delivery.
func (s *Service) attachRecordings(ctx context.Context, sess *Session) error {
	if s.cfg.recordings == nil || len(sess.Turns) == 0 {
		return nil
	}
	recs, err := s.cfg.recordings.Recordings(ctx, sess.ID)
	if err != nil {
		return fmt.Errorf("recordings of %s: %w", sess.ID, err)
	}
	for _, r := range recs {
		if r.Turn < 1 || r.Turn > len(sess.Turns) {
			continue
		}
		t := &sess.Turns[r.Turn-1]
		t.Recordings = append(t.Recordings, r)
		if r.FollowUp == 0 {
			t.Delivery = spokenDelivery(t.Answer, r, t.Score)
		}
	}
	return nil
}

// mainRecording is the recording of turn's main answer, if any.
func (s *Service) mainRecording(ctx context.Context, id string, turn int) *Recording {
	if s.cfg.recordings == nil {
		return nil
	}
	r, err := s.cfg.recordings.Recording(ctx, id, turn, 0)
	if err != nil {
		if !errors.Is(err, ErrRecordingNotFound) {
			s.cfg.logger.Warn("read recording", "session", id, "turn", turn, "err", err)
		}
		return nil
	}
	return &r
}

// spokenDelivery is the delivery of an answer that was spoken: the
// transcript's, with its pauses and fillers placed in the STAR parts of
// the score. It is nil when the answer was not said (no transcript), or
// was typed over: fewer than half the words heard are still in it.
func spokenDelivery(answer string, r Recording, score *scoring.Result) *speech.Delivery {
	if r.Transcript == nil || answer == "" || len(r.Transcript.Words) == 0 {
		return nil
	}
	words := r.Transcript.Words
	found := 0
	for _, off := range speech.Locate(answer, words) {
		if off >= 0 {
			found++
		}
	}
	if 2*found < len(words) {
		return nil
	}
	d := r.Transcript.Delivery
	d.Pauses = append([]speech.Pause(nil), d.Pauses...)
	d.Fillers = append([]speech.Filler(nil), d.Fillers...)
	if score != nil {
		sentences := score.Star.Sentences
		d.Place(answer, words, func(off int) string {
			for _, s := range sentences {
				if off >= s.Start && off < s.End {
					return string(s.Label)
				}
			}
			return ""
		})
	}
	return &d
}
