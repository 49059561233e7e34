package interview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

// Event types: the server messages of the websocket contract.
const (
	EventSession       = "session"
	EventQuestionDelta = "question.delta"
	EventQuestion      = "question"
	EventAnswerAck     = "answer.ack"
	EventScoreDelta    = "score.delta"
	EventScore         = "score"
	EventFollowUp      = "followup"
	EventReady         = "ready"
	EventFinished      = "finished"
	EventError         = "error"
)

// Event is one stored change of a session. Seq numbers the session's events
// from 1 without gaps; an event is stored before it is published. Data is
// the JSON object of the message's fields (one of the *Data types below).
type Event struct {
	SessionID string
	Seq       int64
	Type      string
	Data      json.RawMessage
	At        time.Time
}

// MarshalJSON writes the wire message: {"type":...,"seq":...,<data fields>}.
func (e Event) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"type":`)
	t, err := json.Marshal(e.Type)
	if err != nil {
		return nil, err
	}
	b.Write(t)
	b.WriteString(`,"seq":`)
	b.WriteString(strconv.FormatInt(e.Seq, 10))
	data := bytes.TrimSpace(e.Data)
	if len(data) > 0 && !bytes.Equal(data, []byte("null")) {
		if data[0] != '{' || data[len(data)-1] != '}' {
			return nil, fmt.Errorf("event %s data is not a json object", e.Type)
		}
		inner := bytes.TrimSpace(data[1 : len(data)-1])
		if len(inner) > 0 {
			b.WriteByte(',')
			b.Write(inner)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads a wire message back: Type and Seq from their fields,
// Data from the whole object (so Decode works on it).
func (e *Event) UnmarshalJSON(p []byte) error {
	var head struct {
		Type string `json:"type"`
		Seq  int64  `json:"seq"`
	}
	if err := json.Unmarshal(p, &head); err != nil {
		return err
	}
	e.Type, e.Seq, e.Data = head.Type, head.Seq, append(json.RawMessage(nil), p...)
	return nil
}

// Decode unmarshals the event's data into v, one of the *Data types.
func (e Event) Decode(v any) error {
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("decode %s event %d: %w", e.Type, e.Seq, err)
	}
	return nil
}

// SessionData is the data of a session event: the plan, as the candidate
// may see it (no question ids).
type SessionData struct {
	ID           string                     `json:"id"`
	Role         string                     `json:"role"`
	RoleName     string                     `json:"role_name"`
	Mode         Mode                       `json:"mode"`
	Pace         Pace                       `json:"pace,omitempty"`
	Total        int                        `json:"total"`
	Categories   []questions.Category       `json:"categories"`
	Mix          map[questions.Category]int `json:"mix"`
	Difficulty   questions.Difficulty       `json:"difficulty,omitempty"`
	TimeLimits   map[questions.Category]int `json:"time_limits_s"`
	MaxFollowUps int                        `json:"max_followups"`
	Seed         int64                      `json:"seed"`
}

// QuestionDeltaData is one piece of a question's text; the pieces of a
// turn concatenate to the question's text.
type QuestionDeltaData struct {
	Turn int    `json:"turn"`
	Text string `json:"text"`
}

// QuestionData is the data of a question event.
type QuestionData struct {
	Turn       int                `json:"turn"`
	ID         string             `json:"id"`
	Category   questions.Category `json:"category"`
	Text       string             `json:"text"`
	Index      int                `json:"index"`
	Total      int                `json:"total"`
	TimeLimitS int                `json:"time_limit_s"`
}

// AnswerAckData acknowledges a stored answer, follow-up answer or skip.
type AnswerAckData struct {
	Turn int `json:"turn"`
	// FollowUp is the 1-based follow-up answered (or skipped), 0 for the
	// main answer.
	FollowUp int  `json:"followup,omitempty"`
	Skipped  bool `json:"skipped,omitempty"`
	// ElapsedMS and Overtime describe the main answer (or skip).
	ElapsedMS int64 `json:"elapsed_ms"`
	Overtime  bool  `json:"overtime"`
}

// ScoreDeltaData is one piece of feedback streamed while scoring.
type ScoreDeltaData struct {
	Turn int    `json:"turn"`
	Text string `json:"text"`
}

// ScoreData is a turn's score; a later score of the same turn (after a
// follow-up answer) replaces it.
type ScoreData struct {
	Turn   int            `json:"turn"`
	Result scoring.Result `json:"result"`
	// Delivery, on a spoken answer, goes into the result on the wire:
	// {"turn", "result": {..., "delivery": {...}}} (see MarshalJSON).
	Delivery *speech.Delivery `json:"-"`
}

// FollowUpData is a follow-up question on a turn, answered with an answer
// message for the same turn.
type FollowUpData struct {
	Turn  int    `json:"turn"`
	Index int    `json:"index"` // from 1 within the turn
	Text  string `json:"text"`
}

// ReadyData says, in practice mode, that a turn is over and the next
// question (Turn) is asked when the client sends next: the candidate reads
// the feedback first, and the question's time starts when it is asked.
type ReadyData struct {
	Turn  int `json:"turn"`  // the turn next asks
	Total int `json:"total"` // questions planned
}

// FinishedData ends a session.
type FinishedData struct {
	Summary Summary `json:"summary"`
}

// ErrorData is a refused command or a protocol error.
type ErrorData struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Turn    int    `json:"turn,omitempty"`
}

// newEvent builds an unsequenced event; the Store assigns Seq.
func newEvent(sessionID, typ string, data any, at time.Time) (Event, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("marshal %s event: %w", typ, err)
	}
	return Event{SessionID: sessionID, Type: typ, Data: raw, At: at}, nil
}
