package interview

import "strings"

// AnswerPart is one piece of a turn's Answer as the candidate gave it: the
// main answer (FollowUp 0), or the answer to the turn's follow-up question
// FollowUp (from 1). Start and End are the half-open byte range of the
// part in Turn.Answer, which joins the main answer and each answered
// follow-up with a blank line (the separator belongs to no part). A
// follow-up that was skipped, or is still open, has Start == End and no
// text: Skipped or Open says which.
type AnswerPart struct {
	FollowUp int    `json:"followup"`
	Question string `json:"question,omitempty"` // the follow-up question; "" for the main answer
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
	Skipped  bool   `json:"skipped,omitempty"`
	Open     bool   `json:"open,omitempty"` // asked, not yet answered or skipped
}

// AnswerParts cuts the turn's Answer into its main answer and one part per
// follow-up asked, in order. A turn without an answer (skipped, or not
// answered yet) has a main part with no text, and no follow-ups.
//
// Answer is rebuilt from the follow-ups' stored answers: the main answer
// is what is left once the answered follow-ups are taken off its end. If
// the stored answer does not end with them (a turn written by an older
// version), the whole answer is the main part and the follow-ups get no
// range.
func (t Turn) AnswerParts() []AnswerPart {
	main := t.Answer
	ends := make([]int, len(t.FollowUps)) // byte offset where follow-up i's answer starts; -1 none
	ok := true
	for i := len(t.FollowUps) - 1; i >= 0; i-- {
		f := t.FollowUps[i]
		ends[i] = -1
		if f.Answer == "" {
			continue
		}
		suffix := followUpSeparator + f.Answer
		if !ok || !strings.HasSuffix(main, suffix) {
			ok = false
			continue
		}
		main = main[:len(main)-len(suffix)]
		ends[i] = len(main) + len(followUpSeparator)
	}
	if !ok {
		main = t.Answer
	}
	parts := []AnswerPart{{Start: 0, End: len(main), Text: main}}
	for i, f := range t.FollowUps {
		p := AnswerPart{FollowUp: i + 1, Question: f.Text, Skipped: f.Skipped}
		switch {
		case ok && ends[i] >= 0:
			p.Start, p.End, p.Text = ends[i], ends[i]+len(f.Answer), f.Answer
		case f.Answer != "": // not found in Answer: shown, without a range
			p.Start, p.End, p.Text = len(t.Answer), len(t.Answer), f.Answer
		default:
			p.Start, p.End = len(t.Answer), len(t.Answer)
			p.Open = !f.Skipped
		}
		parts = append(parts, p)
	}
	return parts
}

// AnsweredText is the text an answer.ack of the turn acknowledged: the
// main answer (followup 0) or the answer to follow-up followup; ok is
// false when that answer is not stored (a skip, or not given yet).
func (t Turn) AnsweredText(followup int) (string, bool) {
	if followup < 0 || followup > len(t.FollowUps) {
		return "", false
	}
	p := t.AnswerParts()[followup]
	return p.Text, p.Text != ""
}
