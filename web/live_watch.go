package web

import (
	"encoding/json"

	"github.com/mockinterview/mockinterview/interview"
)

// What a watcher (a coach or an admin following a session read-only, see
// authz_live.go) gets beyond the candidate's messages: each answer.ack
// carries the text of the answer it acknowledges, "text", so that the
// watcher's page shows the answer as it arrives. The candidate's own
// connections do not get it (they sent the text). The event stored is
// unchanged: the text is read from the session, which holds every stored
// answer, and the session read is kept for the next acks (an answer,
// once stored, never changes), so a replay of a finished interview reads
// it once.

// withAnswerText returns the answer.ack ev with the answer's text added, or
// ev unchanged for a skip or when the text cannot be read (the watcher
// then still gets the ack; the page reads the transcript anyway).
func (c *liveConn) withAnswerText(ev interview.Event) interview.Event {
	var ack interview.AnswerAckData
	if err := json.Unmarshal(ev.Data, &ack); err != nil || ack.Skipped || ack.Turn < 1 {
		return ev
	}
	text, ok := c.answerText(ack.Turn, ack.FollowUp)
	if !ok {
		return ev
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(ev.Data, &fields); err != nil {
		return ev
	}
	raw, err := json.Marshal(text)
	if err != nil {
		return ev
	}
	fields["text"] = raw
	data, err := json.Marshal(fields)
	if err != nil {
		return ev
	}
	ev.Data = data
	return ev
}

// answerText is the stored text of turn's main answer (followup 0) or of
// its follow-up answer, from the session last read, read again when it
// does not hold that answer yet.
func (c *liveConn) answerText(turn, followup int) (string, bool) {
	for try := 0; try < 2; try++ {
		if s := c.answers; s != nil && turn <= len(s.Turns) {
			if text, ok := s.Turns[turn-1].AnsweredText(followup); ok {
				return text, true
			}
		}
		if try == 1 {
			break
		}
		sess, err := c.engine.Session(c.ctx, c.sessionID)
		if err != nil {
			return "", false
		}
		c.answers = &sess
	}
	return "", false
}
