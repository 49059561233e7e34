package interview

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/mockinterview/mockinterview/questions"
)

// step is one command's change to a session, built in memory and saved in
// one transaction: the changed session and turns and the events telling of
// them.
type step struct {
	sess           Session
	bank           *questions.Bank
	now            time.Time
	sessionChanged bool
	changed        map[int]bool // indexes of changed turns
	events         []Event
	scoreAfter     bool // schedule the scoring task once saved
	err            error
}

// turn returns turn i for changing.
func (st *step) turn(i int) *Turn {
	st.changed[i] = true
	return &st.sess.Turns[i-1]
}

func (st *step) emit(typ string, data any) {
	ev, err := newEvent(st.sess.ID, typ, data, st.now)
	if err != nil {
		st.err = err
		return
	}
	st.events = append(st.events, ev)
}

func (st *step) empty() bool {
	return !st.sessionChanged && len(st.changed) == 0 && len(st.events) == 0
}

func (st *step) change() Change {
	c := Change{SessionID: st.sess.ID, Events: st.events}
	if st.sessionChanged || len(st.changed) > 0 {
		sess := st.sess
		sess.UpdatedAt = st.now
		sess.Turns = nil
		c.Session = &sess
		for _, i := range slices.Sorted(mapKeys(st.changed)) {
			c.Turns = append(c.Turns, st.sess.Turns[i-1])
		}
	}
	return c
}

func mapKeys(m map[int]bool) func(func(int) bool) {
	return func(yield func(int) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// reject refuses the command; the engine stores the refusal as an error
// event.
func (st *step) reject(turn int, err error, format string, args ...any) error {
	return &Rejection{Code: Code(err), Message: fmt.Sprintf(format, args...), Turn: turn, Err: err}
}

// awaiting returns turn for changing if it is the one waiting for the
// candidate's input (its question or its follow-up), or a rejection.
func (st *step) awaiting(turn int) (*Turn, error) {
	sess := &st.sess
	switch {
	case sess.State == StateCreated:
		return nil, st.reject(turn, ErrNotStarted, "session has not started; send start first")
	case sess.State == StateFinished:
		return nil, st.reject(turn, ErrFinished, "session has finished")
	case sess.Ending:
		return nil, st.reject(turn, ErrFinished, "session is finishing")
	}
	cur := sess.current()
	if turn < 1 || turn > cur.Index {
		return nil, st.reject(turn, ErrWrongTurn, "turn %d has not been asked; the current turn is %d", turn, cur.Index)
	}
	if turn < cur.Index || (cur.Status != TurnAsked && cur.Status != TurnFollowUp) {
		return nil, st.reject(turn, ErrAlreadyAnswered, "turn %d is already answered", turn)
	}
	return st.turn(turn), nil
}

// questionPieceWords is how many words each question.delta carries.
const questionPieceWords = 4

// ask asks the plan's next question: a new turn, its text in
// question.delta pieces, then the question event.
func (st *step) ask() {
	sess := &st.sess
	index := len(sess.Turns) + 1
	id := sess.Plan.QuestionIDs[index-1]
	q, ok := planQuestion(st.bank, &sess.Plan, id)
	if !ok {
		st.err = fmt.Errorf("question %s of session %s is no longer in the bank", id, sess.ID)
		return
	}
	t := Turn{
		Index: index,
		Question: TurnQuestion{
			ID:         q.ID,
			Category:   q.Category,
			Text:       q.Text,
			TimeLimitS: sess.Plan.TimeLimits[q.Category],
		},
		Status:  TurnAsked,
		AskedAt: st.now,
	}
	sess.Turns = append(sess.Turns, t)
	st.changed[index] = true
	for _, piece := range questionPieces(q.Text, questionPieceWords) {
		st.emit(EventQuestionDelta, QuestionDeltaData{Turn: index, Text: piece})
	}
	st.emit(EventQuestion, QuestionData{
		Turn:       index,
		ID:         q.ID,
		Category:   q.Category,
		Text:       q.Text,
		Index:      index,
		Total:      sess.Plan.Count,
		TimeLimitS: t.Question.TimeLimitS,
	})
}

// advance moves on once the current turn needs nothing more: the next
// question, or (after the last question, or when ending) the scoring of
// the answers still unscored, or the end.
func (st *step) advance() {
	sess := &st.sess
	if !sess.Ending && len(sess.Turns) < sess.Plan.Count {
		st.ask()
		return
	}
	if sess.turnsWith(TurnAnswered) {
		st.scoreAfter = true
		return
	}
	st.finish()
}

// turnOver moves on once a practice turn has its final score: in a
// session paced by the candidate, while questions remain, it waits for the
// candidate's next (a ready event), so that reading the feedback does not
// eat the next question's time; otherwise, and after the last question, it
// advances (asks, scores what is left, or finishes). Exam mode never waits.
func (st *step) turnOver() {
	sess := &st.sess
	if sess.Plan.Pace == PaceCandidate && !sess.Ending && len(sess.Turns) < sess.Plan.Count {
		st.emit(EventReady, ReadyData{Turn: len(sess.Turns) + 1, Total: sess.Plan.Count})
		return
	}
	st.advance()
}

// waitingForNext reports whether a practice session waits for the
// candidate's next: its current turn has its final score and questions
// remain.
func waitingForNext(sess *Session) bool {
	cur := sess.current()
	return sess.State == StateActive && !sess.Ending && sess.Plan.Pace == PaceCandidate &&
		cur != nil && cur.Status == TurnScored && len(sess.Turns) < sess.Plan.Count
}

// finish writes the summary and ends the session.
func (st *step) finish() {
	sum := summarize(&st.sess)
	st.sess.State = StateFinished
	st.sess.Summary = &sum
	st.sessionChanged = true
	st.emit(EventFinished, FinishedData{Summary: sum})
}

// questionPieces splits a question's text into pieces of a few words for
// question.delta events; the pieces concatenate to text.
func questionPieces(text string, words int) []string {
	var pieces []string
	start, n := 0, 0
	inSpace := false
	for i, r := range text {
		space := unicode.IsSpace(r)
		if inSpace && !space { // a new word starts at i
			n++
			if n == words {
				pieces = append(pieces, text[start:i])
				start, n = i, 0
			}
		}
		inSpace = space
	}
	if rest := text[start:]; strings.TrimSpace(rest) != "" || len(pieces) == 0 {
		pieces = append(pieces, rest)
	} else {
		pieces[len(pieces)-1] += rest
	}
	return pieces
}

// needsWork reports whether an active session has work no command will
// trigger: an answer to score, or a finish to write.
func needsWork(sess *Session) bool {
	return sess.State == StateActive && (scoringDue(sess) != nil || readyToFinish(sess))
}

// inputDone reports whether the session expects no more answers: it is
// ending, or every question was asked and none waits for input.
func inputDone(sess *Session) bool {
	return sess.Ending || (len(sess.Turns) == sess.Plan.Count &&
		!sess.turnsWith(TurnAsked) && !sess.turnsWith(TurnFollowUp))
}

// scoringDue returns the first turn whose answer should be scored now: in
// practice mode any answered turn, in exam mode only once input is done.
func scoringDue(sess *Session) *Turn {
	if sess.State != StateActive {
		return nil
	}
	if sess.Plan.Mode == ModeExam && !inputDone(sess) {
		return nil
	}
	for i := range sess.Turns {
		if sess.Turns[i].Status == TurnAnswered {
			return &sess.Turns[i]
		}
	}
	return nil
}

// readyToFinish reports whether an active session has nothing left but to
// finish.
func readyToFinish(sess *Session) bool {
	return sess.State == StateActive && inputDone(sess) && !sess.turnsWith(TurnAnswered)
}
