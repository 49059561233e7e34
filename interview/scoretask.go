package interview

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

// scoringJob is one answer to score: a snapshot of a turn's answer.
type scoringJob struct {
	turn   int
	answer string
	in     scoring.Input
}

// schedule starts the session's scoring task unless one is running (it
// will find the new work: it looks for work under the session lock, which
// the caller holds). Called with the session lock held.
func (s *Service) schedule(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.tasks[id] {
		return // when closed, the work stays stored and Resume picks it up
	}
	s.tasks[id] = true
	s.wg.Add(1)
	go s.runScoring(id)
}

// taskDone marks the session's scoring task as ended.
func (s *Service) taskDone(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tasks, id)
}

func (s *Service) stopped() bool {
	select {
	case <-s.stop:
		return true
	default:
		return false
	}
}

// runScoring is the session's scoring task: it scores the answers due, one
// at a time without holding the session lock, saves each score with what
// follows it (a follow-up, the next question, the end), and returns when
// nothing is due.
func (s *Service) runScoring(id string) {
	defer s.wg.Done()
	for {
		job, ok := s.nextJob(id)
		if !ok {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.scoreTimeout)
		go func() { // Close giving up cancels the scoring
			select {
			case <-s.stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		deltas := &deltaWriter{s: s, id: id, turn: job.turn}
		res, suggested, err := s.scorer.ScoreWithFollowUp(ctx, job.in, func(piece string) { deltas.add(ctx, piece) })
		rest := deltas.close()
		cancel()
		if s.stopped() {
			s.taskDone(id) // the answer stays stored, unscored: Resume scores it
			return
		}
		if err != nil {
			s.cfg.logger.Error("score answer", "session", id, "turn", job.turn, "err", err)
		}
		if !s.saveScore(id, job, res, suggested, err, rest) {
			s.taskDone(id)
			return
		}
	}
}

// nextJob returns the next answer due for scoring, or finishes the session
// when that is all that is left and reports false (the task then ends; it
// is marked ended under the session lock so that no schedule is lost).
func (s *Service) nextJob(id string) (scoringJob, bool) {
	unlock := s.locks.lock(id)
	defer unlock()
	var job scoringJob
	found := false
	err := s.apply(context.Background(), id, func(st *step) error {
		if t := scoringDue(&st.sess); t != nil {
			job, found = scoringJob{turn: t.Index, answer: t.Answer, in: s.scoreInput(&st.sess.Plan, t)}, true
			return nil
		}
		if readyToFinish(&st.sess) {
			st.finish()
		}
		return nil
	})
	if err != nil {
		s.cfg.logger.Error("scoring task", "session", id, "err", err)
		found = false
	}
	if !found {
		s.taskDone(id)
	}
	return job, found
}

func (s *Service) scoreInput(p *Plan, t *Turn) scoring.Input {
	in := scoring.Input{QuestionID: t.Question.ID, Category: t.Question.Category, Answer: t.Answer}
	if strings.HasPrefix(t.Question.ID, generatedPrefix) {
		// made for the session: its text, tips and points are in the plan
		q, _ := planQuestion(s.bank, p, t.Question.ID)
		in.QuestionID, in.Question, in.Tips, in.TalkingPoints = "", t.Question.Text, q.Tips, q.TalkingPoints
		return in
	}
	if _, ok := s.bank.Question(t.Question.ID); !ok { // the bank changed since
		in.QuestionID, in.Question = "", t.Question.Text
	}
	return in
}

// saveScore stores a score (or the scoring failure) with what follows it:
// a follow-up question when the policy allows one (the scorer's suggested
// one first, see pickFollowUp), else the next question or the end.
// A job whose turn changed meanwhile (another process scored it) is
// dropped. It reports whether the task should go on.
func (s *Service) saveScore(id string, job scoringJob, res scoring.Result, suggested string, scoreErr error, rest string) bool {
	rec := s.mainRecording(context.Background(), id, job.turn)
	unlock := s.locks.lock(id)
	defer unlock()
	err := s.apply(context.Background(), id, func(st *step) error {
		sess := &st.sess
		if job.turn > len(sess.Turns) {
			return nil
		}
		if t := sess.Turns[job.turn-1]; t.Status != TurnAnswered || t.Answer != job.answer {
			return nil
		}
		t := st.turn(job.turn)
		if rest != "" {
			st.emit(EventScoreDelta, ScoreDeltaData{Turn: t.Index, Text: rest})
		}
		t.Status = TurnScored
		if scoreErr != nil {
			// A rescore that fails keeps the previous score.
			st.emit(EventError, ErrorData{Code: CodeScoringFailed, Message: "the answer could not be scored", Turn: t.Index})
		} else {
			// The first attempt's score is kept beside the final one; a
			// follow-up answer's rescore is noted on its follow-up.
			k := answeredFollowUps(t)
			if k > 0 && t.Score != nil {
				res = keepEarned(*t.Score, res)
			}
			t.Score = &res
			if k == 0 {
				initial := res
				t.InitialScore = &initial
			} else {
				overall := res.Overall
				t.FollowUps[k-1].Overall = &overall
			}
			var delivery *speech.Delivery
			if rec != nil {
				delivery = spokenDelivery(t.Answer, *rec, &res)
			}
			st.emit(EventScore, ScoreData{Turn: t.Index, Result: res, Delivery: delivery})
			if st.sess.Plan.Mode == ModePractice && !sess.Ending && len(t.FollowUps) < sess.Plan.MaxFollowUps &&
				res.Overall < s.cfg.followUpBelow {
				q, _ := planQuestion(s.bank, &sess.Plan, t.Question.ID)
				if text, ok := pickFollowUp(q, sess, t, res, suggested); ok {
					t.FollowUps = append(t.FollowUps, FollowUp{Text: text, AskedAt: st.now})
					t.Status = TurnFollowUp
					st.emit(EventFollowUp, FollowUpData{Turn: t.Index, Index: len(t.FollowUps), Text: text})
					return nil
				}
			}
		}
		if sess.Plan.Mode == ModePractice {
			st.turnOver()
		}
		return nil
	})
	if err != nil {
		s.cfg.logger.Error("save score", "session", id, "turn", job.turn, "err", err)
		return false
	}
	return true
}

// answeredFollowUps is how many of t's follow-ups have an answer: 0 while
// the score being saved is the main answer's.
func answeredFollowUps(t *Turn) int {
	n := 0
	for _, f := range t.FollowUps {
		if f.AnsweredAt != nil {
			n++
		}
	}
	return n
}

// Coalescing of streamed feedback into score.delta events: a chunk is
// written once it ends at a word boundary and is long enough, or has waited
// long enough, or is too long to wait.
const (
	deltaMinBytes = 48
	deltaMaxBytes = 400
	deltaMaxWait  = 300 * time.Millisecond
)

// deltaWriter turns the scorer's feedback pieces into score.delta events,
// each stored (in its own transaction) before it is published.
type deltaWriter struct {
	s    *Service
	id   string
	turn int

	mu     sync.Mutex
	buf    strings.Builder
	last   time.Time
	closed bool
}

func (w *deltaWriter) add(ctx context.Context, piece string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed || piece == "" {
		return
	}
	w.buf.WriteString(piece)
	now := w.s.now()
	text := w.buf.String()
	boundary := endsAtBoundary(text)
	if len(text) < deltaMaxBytes && !(boundary && (len(text) >= deltaMinBytes || now.Sub(w.last) >= deltaMaxWait)) {
		return
	}
	w.buf.Reset()
	w.last = now
	ev, err := newEvent(w.id, EventScoreDelta, ScoreDeltaData{Turn: w.turn, Text: text}, now)
	if err == nil {
		var evs []Event
		evs, err = w.s.store.Save(ctx, Change{SessionID: w.id, Events: []Event{ev}})
		if err == nil {
			w.s.publish(ctx, w.id, evs)
			return
		}
	}
	// Streamed feedback is a preview: the score event carries it all.
	w.s.cfg.logger.Warn("store feedback piece", "session", w.id, "turn", w.turn, "err", err)
}

// close stops taking pieces and returns what is left unwritten.
func (w *deltaWriter) close() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	return w.buf.String()
}

func endsAtBoundary(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r) || unicode.IsPunct(r)
}
