package interview_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// fakeClock is a settable clock, so timings and overtime are exact.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type harness struct {
	t     *testing.T
	bank  *questions.Bank
	store *sqlite.Store
	path  string
	clock *fakeClock
	svc   *interview.Service
}

func loadBank(t *testing.T) *questions.Bank {
	t.Helper()
	bank, err := questions.Load()
	if err != nil {
		t.Fatalf("questions.Load: %v", err)
	}
	if _, ok := bank.Role("backend-developer"); !ok {
		t.Fatalf("embedded bank has no backend-developer role")
	}
	return bank
}

// newHarness runs the engine on a real SQLite file with the real scorer
// (scorer, when not nil, wraps it).
func newHarness(t *testing.T, wrap func(interview.Scorer) interview.Scorer, opts ...interview.Option) *harness {
	t.Helper()
	h := &harness{t: t, bank: loadBank(t), path: filepath.Join(t.TempDir(), "mockinterview.db"),
		clock: &fakeClock{now: time.Date(2026, 5, 26, 9, 0, 0, 0, time.UTC)}}
	h.store = h.openStore()
	var scorer interview.Scorer = scoring.New(h.bank)
	if wrap != nil {
		scorer = wrap(scorer)
	}
	h.svc = interview.New(h.store, h.bank, scorer, append([]interview.Option{interview.WithClock(h.clock.Now)}, opts...)...)
	t.Cleanup(func() { h.svc.Close(context.Background()) })
	return h
}

func (h *harness) openStore() *sqlite.Store {
	st, err := sqlite.Open(h.t.Context(), h.path)
	if err != nil {
		h.t.Fatalf("sqlite.Open: %v", err)
	}
	h.t.Cleanup(func() { st.Close() })
	return st
}

func (h *harness) create(owner string, req interview.PlanRequest) interview.Session {
	h.t.Helper()
	sess, err := h.svc.Create(h.t.Context(), owner, req)
	if err != nil {
		h.t.Fatalf("Create(%+v): %v", req, err)
	}
	return sess
}

func seed(n int64) *int64 { return &n }

// follow delivers the session's events from afterSeq to fn until fn says
// stop; the deadline only guards against a hung test.
func (h *harness) follow(id string, afterSeq int64, fn func(interview.Event) (stop bool)) []interview.Event {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.t.Context(), 2*time.Minute)
	defer cancel()
	var got []interview.Event
	errStop := errors.New("stop")
	err := h.svc.Follow(ctx, id, afterSeq, func(ev interview.Event) error {
		got = append(got, ev)
		if fn(ev) {
			return errStop
		}
		return nil
	})
	if !errors.Is(err, errStop) {
		h.t.Fatalf("Follow(%s) = %v after %s", id, err, describe(got))
	}
	return got
}

// untilType follows until an event of type typ.
func (h *harness) untilType(id string, afterSeq int64, typ string) []interview.Event {
	h.t.Helper()
	return h.follow(id, afterSeq, func(ev interview.Event) bool { return ev.Type == typ })
}

func describe(evs []interview.Event) string {
	var b strings.Builder
	for _, ev := range evs {
		fmt.Fprintf(&b, "%d:%s ", ev.Seq, ev.Type)
	}
	return b.String()
}

func decode[T any](t *testing.T, ev interview.Event) T {
	t.Helper()
	var v T
	if err := ev.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// checkLog checks the whole stored log: seqs 1..n without gaps, each
// question's deltas concatenating to its text, and returns it.
func (h *harness) checkLog(id string) []interview.Event {
	h.t.Helper()
	evs, err := h.svc.Events(h.t.Context(), id, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	deltas := map[int]string{}
	for i, ev := range evs {
		if ev.Seq != int64(i+1) {
			h.t.Fatalf("event %d has seq %d; want %d: %s", i, ev.Seq, i+1, describe(evs))
		}
		switch ev.Type {
		case interview.EventQuestionDelta:
			d := decode[interview.QuestionDeltaData](h.t, ev)
			deltas[d.Turn] += d.Text
		case interview.EventQuestion:
			q := decode[interview.QuestionData](h.t, ev)
			if deltas[q.Turn] != q.Text {
				h.t.Errorf("turn %d: question.delta pieces make %q; want %q", q.Turn, deltas[q.Turn], q.Text)
			}
		}
	}
	if evs[0].Type != interview.EventSession {
		h.t.Errorf("first event is %s; want session", evs[0].Type)
	}
	return evs
}

func types(evs []interview.Event) []string {
	var out []string
	for _, ev := range evs {
		if ev.Type == interview.EventScoreDelta || ev.Type == interview.EventQuestionDelta {
			if len(out) > 0 && out[len(out)-1] == ev.Type+"*" {
				continue
			}
			out = append(out, ev.Type+"*")
			continue
		}
		out = append(out, ev.Type)
	}
	return out
}

func referenceAnswer(t *testing.T, bank *questions.Bank, id string) string {
	q, ok := bank.Question(id)
	if !ok || q.ReferenceAnswer == "" {
		t.Fatalf("question %s has no reference answer", id)
	}
	return q.ReferenceAnswer
}

const weakAnswer = "I am not sure, I think it depends on the situation really."

func TestPracticeInterview(t *testing.T) {
	h := newHarness(t, nil)
	ctx := t.Context()
	sess := h.create("alice", interview.PlanRequest{Role: "backend-developer", Count: 3, Pace: "candidate", Seed: seed(7)})
	if sess.State != interview.StateCreated || len(sess.Plan.QuestionIDs) != 3 {
		t.Fatalf("created session = %+v", sess)
	}
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatalf("Start: %v", err)
	}
	if err := h.svc.Start(ctx, sess.ID); err != nil { // idempotent
		t.Fatalf("second Start: %v", err)
	}
	// Turn 1 gets a weak answer given late, then a follow-up answer; turns
	// 2 and 3 get the reference answer at once.
	followUps, readies := 0, 0
	var scores []interview.ScoreData
	h.follow(sess.ID, 0, func(ev interview.Event) bool {
		switch ev.Type {
		case interview.EventQuestion:
			q := decode[interview.QuestionData](t, ev)
			if q.Total != 3 || q.Index != q.Turn || q.TimeLimitS == 0 {
				t.Errorf("question = %+v", q)
			}
			text := referenceAnswer(t, h.bank, q.ID)
			if q.Turn == 1 {
				h.svc.Draft(ctx, sess.ID, 1, "I am")
				h.clock.Advance(10 * time.Minute) // past any time limit
				text = weakAnswer
			}
			if err := h.svc.Answer(ctx, sess.ID, q.Turn, text); err != nil {
				t.Fatalf("Answer(turn %d): %v", q.Turn, err)
			}
		case interview.EventFollowUp:
			f := decode[interview.FollowUpData](t, ev)
			followUps++
			if f.Index != 1 || f.Text == "" {
				t.Errorf("followup = %+v", f)
			}
			if err := h.svc.Answer(ctx, sess.ID, f.Turn, "We cut p99 latency from 900 ms to 120 ms, measured over a week."); err != nil {
				t.Fatalf("Answer(follow-up of turn %d): %v", f.Turn, err)
			}
		case interview.EventScore:
			scores = append(scores, decode[interview.ScoreData](t, ev))
		case interview.EventReady:
			// The candidate reads the feedback for 5 minutes: that time
			// is not the next question's (it is asked on Next).
			r := decode[interview.ReadyData](t, ev)
			readies++
			if r.Total != 3 || r.Turn < 2 {
				t.Errorf("ready = %+v", r)
			}
			h.clock.Advance(5 * time.Minute)
			if err := h.svc.Next(ctx, sess.ID); err != nil {
				t.Fatalf("Next (turn %d): %v", r.Turn, err)
			}
		}
		return ev.Type == interview.EventFinished
	})
	evs := h.checkLog(sess.ID)
	if readies != 2 {
		t.Errorf("%d ready events; want 2 (after turns 1 and 2, none after the last)", readies)
	}
	if followUps == 0 {
		t.Errorf("no follow-up was asked after a weak answer: %s", describe(evs))
	}
	if n := strings.Count(strings.Join(types(evs), " "), "answer.ack"); n != 3+followUps {
		t.Errorf("%d answer.ack events; want %d", n, 3+followUps)
	}

	got, err := h.svc.Session(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != interview.StateFinished || got.Summary == nil || len(got.Turns) != 3 {
		t.Fatalf("finished session: state %s, summary %v, %d turns", got.State, got.Summary, len(got.Turns))
	}
	t1 := got.Turns[0]
	if !t1.Overtime || t1.ElapsedMS != (10*time.Minute).Milliseconds() || t1.FirstKeystrokeAt == nil || t1.Draft != "" {
		t.Errorf("turn 1 timings: overtime %v elapsed %d first keystroke %v draft %q", t1.Overtime, t1.ElapsedMS, t1.FirstKeystrokeAt, t1.Draft)
	}
	if len(t1.FollowUps) == 1 {
		if want := weakAnswer + "\n\n" + t1.FollowUps[0].Answer; t1.Answer != want {
			t.Errorf("turn 1 answer = %q; want the merged %q", t1.Answer, want)
		}
	}
	for _, tr := range got.Turns {
		if tr.Status != interview.TurnScored || tr.Score == nil || tr.SubmittedAt == nil {
			t.Errorf("turn %d: status %s score %v submitted %v", tr.Index, tr.Status, tr.Score != nil, tr.SubmittedAt)
		}
	}
	for _, tr := range got.Turns[1:] {
		if tr.Overtime || tr.ElapsedMS != 0 {
			t.Errorf("turn %d answered at once: overtime %v, elapsed %d ms; want 0 (the time reading feedback is not the question's)", tr.Index, tr.Overtime, tr.ElapsedMS)
		}
		if prev := got.Turns[tr.Index-2]; prev.SubmittedAt == nil || tr.AskedAt.Sub(*prev.SubmittedAt) < 5*time.Minute {
			t.Errorf("turn %d asked at %v, %v after the previous answer; want it asked on Next, 5 minutes later", tr.Index, tr.AskedAt, tr.AskedAt.Sub(*prev.SubmittedAt))
		}
	}
	// Both attempts of turn 1 are kept: the first answer's score, and the
	// score after the follow-up on the follow-up.
	if t1.InitialScore == nil || t1.InitialScore.Overall != scores[0].Result.Overall {
		t.Errorf("turn 1 initial score %v; want the first score event's %d", t1.InitialScore, scores[0].Result.Overall)
	}
	if f := t1.FollowUps[0]; f.Overall == nil || *f.Overall != t1.Score.Overall {
		t.Errorf("turn 1 follow-up overall %v; want the final %d", f.Overall, t1.Score.Overall)
	}
	for _, tr := range got.Turns[1:] {
		if tr.InitialScore == nil || tr.InitialScore.Overall != tr.Score.Overall {
			t.Errorf("turn %d without follow-up: initial score %v; want the score %d", tr.Index, tr.InitialScore, tr.Score.Overall)
		}
	}
	// The last score of a turn is the one kept.
	last := map[int]scoring.Result{}
	for _, s := range scores {
		last[s.Turn] = s.Result
	}
	for _, tr := range got.Turns {
		if last[tr.Index].Overall != tr.Score.Overall {
			t.Errorf("turn %d stored score %d; last score event %d", tr.Index, tr.Score.Overall, last[tr.Index].Overall)
		}
	}
	// Real scores: a reference answer beats a weak one.
	weak := scores[0].Result.Overall
	for _, tr := range got.Turns[1:] {
		if tr.Score.Overall <= weak {
			t.Errorf("turn %d reference answer scored %d; want more than the weak answer's %d", tr.Index, tr.Score.Overall, weak)
		}
	}
	sum := got.Summary
	if sum.Answered != 3 || sum.Scored != 3 || sum.Skipped != 0 || sum.Overtime != 1 || sum.Total != 3 {
		t.Errorf("summary counts = %+v", sum)
	}
	if sum.Best == nil || sum.Weakest == nil || sum.Weakest.Turn != 1 {
		t.Errorf("summary best %+v weakest %+v; want weakest turn 1", sum.Best, sum.Weakest)
	}
	if fin := decode[interview.FinishedData](t, evs[len(evs)-1]); fin.Summary.Scored != 3 {
		t.Errorf("finished event summary = %+v", fin.Summary)
	}
}

func TestExamInterview(t *testing.T) {
	h := newHarness(t, nil)
	ctx := t.Context()
	sess := h.create("bob", interview.PlanRequest{Role: "backend-developer", Count: 4, Mode: "exam", Seed: seed(3)})
	if sess.Plan.MaxFollowUps != 0 {
		t.Errorf("exam plan allows %d follow-ups", sess.Plan.MaxFollowUps)
	}
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	// Exam mode flows on: it never waits for next.
	other := h.create("bob", interview.PlanRequest{Role: "backend-developer", Count: 2, Mode: "exam", Seed: seed(4)})
	if err := h.svc.Start(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.Next(ctx, other.ID); !errors.Is(err, interview.ErrNotWaiting) || interview.Code(err) != "not_waiting" {
		t.Errorf("Next in exam mode: %v; want not_waiting", err)
	}
	var before []string // event types before the last answer
	h.follow(sess.ID, 0, func(ev interview.Event) bool {
		if ev.Type == interview.EventQuestion {
			q := decode[interview.QuestionData](t, ev)
			var err error
			if q.Turn == 2 {
				err = h.svc.Skip(ctx, sess.ID, q.Turn)
			} else {
				err = h.svc.Answer(ctx, sess.ID, q.Turn, referenceAnswer(t, h.bank, q.ID))
			}
			if err != nil {
				t.Fatalf("turn %d: %v", q.Turn, err)
			}
			if q.Turn < 4 {
				// The next question is stored with the ack: no scoring between.
				got, _ := h.svc.Events(ctx, sess.ID, ev.Seq)
				if ty := types(got); !slices.Equal(ty, []string{"answer.ack", "question.delta*", "question"}) {
					t.Errorf("after answering turn %d: %v; want ack then the next question", q.Turn, ty)
				}
			}
		}
		before = append(before, ev.Type)
		return ev.Type == interview.EventFinished
	})
	evs := h.checkLog(sess.ID)
	firstScore := slices.IndexFunc(evs, func(ev interview.Event) bool { return ev.Type == interview.EventScore })
	lastQuestion := slices.IndexFunc(evs, func(ev interview.Event) bool {
		return ev.Type == interview.EventQuestion && decode[interview.QuestionData](t, ev).Turn == 4
	})
	if firstScore < lastQuestion {
		t.Errorf("exam scored before the last question: %s", describe(evs))
	}
	scored := map[int]bool{}
	for _, ev := range evs {
		switch ev.Type {
		case interview.EventScore:
			scored[decode[interview.ScoreData](t, ev).Turn] = true
		case interview.EventFollowUp:
			t.Errorf("exam asked a follow-up")
		}
	}
	if !maps2(scored, []int{1, 3, 4}) {
		t.Errorf("scored turns %v; want 1, 3, 4", scored)
	}
	got, _ := h.svc.Session(ctx, sess.ID)
	if got.State != interview.StateFinished || got.Summary.Answered != 3 || got.Summary.Skipped != 1 || got.Summary.Scored != 3 {
		t.Errorf("exam summary = %+v", got.Summary)
	}
	if !got.Turns[1].Skipped || got.Turns[1].Status != interview.TurnSkipped {
		t.Errorf("turn 2 = %+v; want skipped", got.Turns[1])
	}
}

func maps2(m map[int]bool, want []int) bool {
	if len(m) != len(want) {
		return false
	}
	for _, w := range want {
		if !m[w] {
			return false
		}
	}
	return true
}

func TestRejectedCommands(t *testing.T) {
	h := newHarness(t, nil, interview.WithMaxFollowUps(0))
	ctx := t.Context()
	sess := h.create("carol", interview.PlanRequest{Role: "backend-developer", Count: 2, Pace: "candidate", Seed: seed(11)})
	id := sess.ID

	check := func(name string, err, want error) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Fatalf("%s: error %v; want %v", name, err, want)
		}
		var rej *interview.Rejection
		if !errors.As(err, &rej) {
			t.Fatalf("%s: error %T is not a *Rejection", name, err)
		}
		evs, _ := h.svc.Events(ctx, id, rej.Seq-1)
		if len(evs) == 0 || evs[0].Type != interview.EventError {
			t.Fatalf("%s: no error event at seq %d", name, rej.Seq)
		}
		if d := decode[interview.ErrorData](t, evs[0]); d.Code != interview.Code(want) || d.Code != rej.Code || d.Message == "" {
			t.Errorf("%s: error event %+v; want code %s", name, d, interview.Code(want))
		}
	}
	check("answer before start", h.svc.Answer(ctx, id, 1, "x"), interview.ErrNotStarted)
	check("next before start", h.svc.Next(ctx, id), interview.ErrNotStarted)
	if err := h.svc.Start(ctx, id); err != nil {
		t.Fatal(err)
	}
	check("answer turn 2 first", h.svc.Answer(ctx, id, 2, "x"), interview.ErrWrongTurn)
	check("answer turn 0", h.svc.Answer(ctx, id, 0, "x"), interview.ErrWrongTurn)
	check("draft turn 5", h.svc.Draft(ctx, id, 5, "x"), interview.ErrWrongTurn)
	check("next while the question is open", h.svc.Next(ctx, id), interview.ErrNotWaiting)
	check("too long", h.svc.Answer(ctx, id, 1, strings.Repeat("a", interview.MaxAnswerBytes+1)), interview.ErrAnswerTooLong)
	check("empty", h.svc.Answer(ctx, id, 1, " \n\t"), interview.ErrEmptyAnswer)
	q1 := h.untilType(id, 0, interview.EventQuestion)
	if err := h.svc.Answer(ctx, id, 1, referenceAnswer(t, h.bank, decode[interview.QuestionData](t, q1[len(q1)-1]).ID)); err != nil {
		t.Fatal(err)
	}
	check("second answer", h.svc.Answer(ctx, id, 1, "again"), interview.ErrAlreadyAnswered)
	check("skip answered", h.svc.Skip(ctx, id, 1), interview.ErrAlreadyAnswered)
	if err := h.svc.Draft(ctx, id, 1, "late draft"); err != nil { // raced the answer: dropped
		t.Errorf("late draft: %v", err)
	}
	h.untilType(id, 0, interview.EventReady)
	// Turn 2 is asked on next once turn 1 is scored (no follow-ups
	// configured); a second next has nothing to ask.
	if err := h.svc.Next(ctx, id); err != nil {
		t.Fatalf("Next: %v", err)
	}
	check("next twice", h.svc.Next(ctx, id), interview.ErrNotWaiting)
	evs := h.follow(id, 0, func(ev interview.Event) bool {
		return ev.Type == interview.EventQuestion && decode[interview.QuestionData](t, ev).Turn == 2
	})
	check("answer turn 1 after turn 2 was asked", h.svc.Answer(ctx, id, 1, "x"), interview.ErrAlreadyAnswered)
	if rec, err := h.svc.RecordError(ctx, id, "bad_message", "malformed JSON"); err != nil || rec.Seq == 0 || rec.Type != interview.EventError {
		t.Errorf("RecordError = %+v, %v", rec, err)
	}
	if err := h.svc.End(ctx, id); err != nil {
		t.Fatalf("End: %v", err)
	}
	h.untilType(id, evs[len(evs)-1].Seq, interview.EventFinished)
	check("answer after finish", h.svc.Answer(ctx, id, 2, "x"), interview.ErrFinished)
	check("end after finish", h.svc.End(ctx, id), interview.ErrFinished)
	check("next after finish", h.svc.Next(ctx, id), interview.ErrFinished)
	if err := h.svc.Start(ctx, id); err != nil {
		t.Errorf("Start of a finished session: %v; want nil (a no-op)", err)
	}

	for name, err := range map[string]error{
		"answer": h.svc.Answer(ctx, "nope", 1, "x"),
		"start":  h.svc.Start(ctx, "nope"),
		"end":    h.svc.End(ctx, "nope"),
		"events": func() error { _, err := h.svc.Events(ctx, "nope", 0); return err }(),
		"record": func() error { _, err := h.svc.RecordError(ctx, "nope", "x", "y"); return err }(),
	} {
		if !errors.Is(err, interview.ErrNotFound) || interview.Code(err) != interview.CodeNotFound {
			t.Errorf("%s on an unknown session: %v; want ErrNotFound", name, err)
		}
	}

	got, _ := h.svc.Session(ctx, id)
	if got.Turns[0].Answer == "again" || got.Turns[0].Status != interview.TurnScored || got.Turns[0].Draft != "" {
		t.Errorf("rejected commands changed turn 1: %+v", got.Turns[0])
	}
	if !got.Turns[1].Skipped || got.Summary.Answered != 1 || got.Summary.Skipped != 1 {
		t.Errorf("End left turn 2 %+v, summary %+v; want it skipped", got.Turns[1], got.Summary)
	}
	h.checkLog(id)
}

func TestCreateValidation(t *testing.T) {
	h := newHarness(t, nil)
	for _, tc := range []struct {
		name  string
		owner string
		req   interview.PlanRequest
		field string
	}{
		{"no role", "a", interview.PlanRequest{}, "role"},
		{"unknown role", "a", interview.PlanRequest{Role: "astronaut"}, "role"},
		{"bad category", "a", interview.PlanRequest{Role: "backend-developer", Categories: []string{"trivia"}}, "categories"},
		{"count over the maximum", "a", interview.PlanRequest{Role: "backend-developer", Count: 21}, "count"},
		{"negative count", "a", interview.PlanRequest{Role: "backend-developer", Count: -1}, "count"},
		{"more than the bank", "a", interview.PlanRequest{Role: "backend-developer", Categories: []string{"behavioral"}, Count: 20}, "count"},
		{"bad mode", "a", interview.PlanRequest{Role: "backend-developer", Mode: "quiz"}, "mode"},
		{"bad difficulty", "a", interview.PlanRequest{Role: "backend-developer", Difficulty: "extreme"}, "difficulty"},
		{"bad pace", "a", interview.PlanRequest{Role: "backend-developer", Pace: "slow"}, "pace"},
		{"candidate pace in exam mode", "a", interview.PlanRequest{Role: "backend-developer", Mode: "exam", Pace: "candidate"}, "pace"},
		{"no owner", " ", interview.PlanRequest{Role: "backend-developer"}, "owner"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.svc.Create(t.Context(), tc.owner, tc.req)
			var ve *interview.ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field || !errors.Is(err, interview.ErrInvalid) {
				t.Fatalf("Create(%+v) error = %v; want a ValidationError on %q", tc.req, err, tc.field)
			}
			if interview.Code(err) != interview.CodeInvalid {
				t.Errorf("Code = %s; want invalid", interview.Code(err))
			}
		})
	}
	sess := h.create("a", interview.PlanRequest{Role: "backend-developer"})
	if sess.Plan.Count != interview.DefaultCount || sess.Plan.Mode != interview.ModePractice {
		t.Errorf("defaults: count %d mode %s", sess.Plan.Count, sess.Plan.Mode)
	}
	want := map[questions.Category]int{questions.Behavioral: 2, questions.Technical: 4, questions.Situational: 2}
	if fmt.Sprint(sess.Plan.Mix) != fmt.Sprint(want) {
		t.Errorf("default mix = %v; want the seed's %v", sess.Plan.Mix, want)
	}
	if sess.Plan.TimeLimits[questions.Technical] != 240 || sess.Plan.TimeLimits[questions.Behavioral] != 180 {
		t.Errorf("time limits = %v", sess.Plan.TimeLimits)
	}
	if len(sess.ID) < 22 {
		t.Errorf("session id %q is shorter than 128 bits", sess.ID)
	}
}

func TestPickingDeterministicBalancedNoRepeats(t *testing.T) {
	h := newHarness(t, nil)
	for _, s := range []int64{1, 2, 42, 1 << 40} {
		a := h.create("fresh-a", interview.PlanRequest{Role: "backend-developer", Seed: seed(s)})
		b := h.create("fresh-b", interview.PlanRequest{Role: "backend-developer", Seed: seed(s)})
		if !slices.Equal(a.Plan.QuestionIDs, b.Plan.QuestionIDs) {
			t.Errorf("seed %d: %v and %v; want the same picks", s, a.Plan.QuestionIDs, b.Plan.QuestionIDs)
		}
		ids := a.Plan.QuestionIDs
		if len(ids) != 8 || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != 8 {
			t.Errorf("seed %d: picks %v repeat or miss questions", s, ids)
		}
		counts := map[questions.Category]int{}
		var order []questions.Category
		for _, id := range ids {
			q, _ := h.bank.Question(id)
			counts[q.Category]++
			order = append(order, q.Category)
		}
		if counts[questions.Behavioral] != 2 || counts[questions.Technical] != 4 || counts[questions.Situational] != 2 {
			t.Errorf("seed %d: mix %v; want 2/4/2", s, counts)
		}
		// Interleaved: each half of the session has one of each category.
		for half, part := range [][]questions.Category{order[:4], order[4:]} {
			for _, c := range questions.Categories {
				if !slices.Contains(part, c) {
					t.Errorf("seed %d: half %d (%v) has no %s question", s, half, part, c)
				}
			}
		}
	}
	distinct := map[string]bool{}
	for s := range int64(6) {
		distinct[fmt.Sprint(h.create("fresh-c", interview.PlanRequest{Role: "backend-developer", Seed: seed(s)}).Plan.QuestionIDs)] = true
	}
	if len(distinct) < 2 {
		t.Errorf("six seeds gave %d distinct orders; want the seed to matter", len(distinct))
	}
	only := h.create("x", interview.PlanRequest{Role: "backend-developer", Categories: []string{"Technical"}, Count: 3, Seed: seed(5)})
	for _, id := range only.Plan.QuestionIDs {
		if q, _ := h.bank.Question(id); q.Category != questions.Technical {
			t.Errorf("technical-only session picked %s (%s)", id, q.Category)
		}
	}
}

// skipThrough asks and skips every question of a session.
func (h *harness) skipThrough(id string) {
	h.t.Helper()
	if err := h.svc.Start(h.t.Context(), id); err != nil {
		h.t.Fatal(err)
	}
	h.follow(id, 0, func(ev interview.Event) bool {
		if ev.Type == interview.EventQuestion {
			if err := h.svc.Skip(h.t.Context(), id, decode[interview.QuestionData](h.t, ev).Turn); err != nil {
				h.t.Fatal(err)
			}
		}
		return ev.Type == interview.EventFinished
	})
}

func TestRecentQuestionsAvoided(t *testing.T) {
	h := newHarness(t, nil)
	// One category, so the test holds whatever the size of the bank: its
	// situational questions, three a session.
	cat := []string{"situational"}
	total := 0
	for _, q := range h.bank.Questions("backend-developer") {
		if q.Category == "situational" {
			total++
		}
	}
	if total < 7 {
		t.Skipf("backend-developer has %d situational questions; the test needs 7", total)
	}
	req := interview.PlanRequest{Role: "backend-developer", Categories: cat, Count: 3, Seed: seed(9)}
	first := h.create("dana", req)
	h.skipThrough(first.ID)
	second := h.create("dana", req)
	for _, id := range second.Plan.QuestionIDs {
		if slices.Contains(first.Plan.QuestionIDs, id) {
			t.Errorf("second session repeats %s of the first (%v vs %v)", id, first.Plan.QuestionIDs, second.Plan.QuestionIDs)
		}
	}
	if other := h.create("erin", req); !slices.Equal(other.Plan.QuestionIDs, first.Plan.QuestionIDs) {
		t.Errorf("another owner with the same seed got %v; want %v", other.Plan.QuestionIDs, first.Plan.QuestionIDs)
	}
	// When the bank runs out of fresh questions, recent ones come back,
	// the longest-ago first, and still without repeats in the session.
	h.skipThrough(second.ID)
	third := h.create("dana", interview.PlanRequest{Role: "backend-developer", Categories: cat, Count: total, Seed: seed(9)})
	if len(slices.Compact(slices.Sorted(slices.Values(third.Plan.QuestionIDs)))) != total {
		t.Errorf("third session repeats a question: %v", third.Plan.QuestionIDs)
	}
	fresh := 0
	for _, id := range third.Plan.QuestionIDs[:total-6] {
		if !slices.Contains(first.Plan.QuestionIDs, id) && !slices.Contains(second.Plan.QuestionIDs, id) {
			fresh++
		}
	}
	if fresh != total-6 { // 6 were seen: the fresh ones come first
		t.Errorf("third session %v starts with %d unseen questions; want the %d left", third.Plan.QuestionIDs, fresh, total-6)
	}
}

// gatedScorer holds each scoring until released, so tests can act while an
// answer is being scored.
type gatedScorer struct {
	next     interview.Scorer
	started  chan int // the answer's length, when scoring starts
	release  chan struct{}
	mu       sync.Mutex
	returned int
}

func (g *gatedScorer) ScoreWithFollowUp(ctx context.Context, in scoring.Input, onDelta func(string)) (scoring.Result, string, error) {
	defer func() {
		g.mu.Lock()
		g.returned++
		g.mu.Unlock()
	}()
	g.started <- len(in.Answer)
	select {
	case <-g.release:
	case <-ctx.Done():
		return scoring.Result{}, "", ctx.Err()
	}
	return g.next.ScoreWithFollowUp(ctx, in, onDelta)
}

func TestCloseWaitsForScoring(t *testing.T) {
	gate := &gatedScorer{started: make(chan int, 1), release: make(chan struct{})}
	h := newHarness(t, func(s interview.Scorer) interview.Scorer { gate.next = s; return gate })
	ctx := t.Context()
	sess := h.create("fay", interview.PlanRequest{Role: "backend-developer", Count: 2, Seed: seed(1)})
	h.svc.Start(ctx, sess.ID)
	if err := h.svc.Answer(ctx, sess.ID, 1, "I profiled the service and fixed it."); err != nil {
		t.Fatal(err)
	}
	<-gate.started
	closed := make(chan error, 1)
	go func() { closed <- h.svc.Close(context.Background()) }()
	// Once Close has begun, commands are refused...
	for !errors.Is(h.svc.Draft(ctx, sess.ID, 1, "x"), interview.ErrClosed) {
	}
	select { // ...but Close is still waiting for the scoring.
	case err := <-closed:
		t.Fatalf("Close returned %v while an answer was being scored", err)
	default:
	}
	close(gate.release)
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	evs, _ := h.svc.Events(ctx, sess.ID, 0)
	if !slices.ContainsFunc(evs, func(ev interview.Event) bool { return ev.Type == interview.EventScore }) {
		t.Errorf("Close returned before the score was stored: %s", describe(evs))
	}
}

func TestAnswerSurvivesAbortedScoring(t *testing.T) {
	gate := &gatedScorer{started: make(chan int, 1), release: make(chan struct{})}
	h := newHarness(t, func(s interview.Scorer) interview.Scorer { gate.next = s; return gate })
	ctx := t.Context()
	sess := h.create("gus", interview.PlanRequest{Role: "backend-developer", Count: 1, Seed: seed(2)})
	h.svc.Start(ctx, sess.ID)
	if err := h.svc.Answer(ctx, sess.ID, 1, "My acknowledged answer."); err != nil {
		t.Fatal(err)
	}
	<-gate.started
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := h.svc.Close(cancelled); err == nil {
		t.Errorf("Close with a done context = nil; want its error")
	}
	gate.mu.Lock()
	if gate.returned != 1 {
		t.Errorf("Close returned before the cancelled scoring did")
	}
	gate.mu.Unlock()

	// A new engine on the same database (a restart) scores the stored
	// answer when the client comes back.
	h2 := &harness{t: t, bank: h.bank, path: h.path, clock: h.clock}
	h2.store = h2.openStore()
	h2.svc = interview.New(h2.store, h.bank, scoring.New(h.bank), interview.WithClock(h.clock.Now))
	t.Cleanup(func() { h2.svc.Close(context.Background()) })
	before, _ := h2.svc.Session(ctx, sess.ID)
	if before.Turns[0].Answer != "My acknowledged answer." || before.Turns[0].Status != interview.TurnAnswered {
		t.Fatalf("after the abort turn 1 = %+v; want the answer stored, unscored", before.Turns[0])
	}
	if err := h2.svc.Resume(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	h2.untilType(sess.ID, 0, interview.EventScore)
	h2.checkLog(sess.ID)
}

func TestTwoEnginesOneDatabase(t *testing.T) {
	h := newHarness(t, nil, interview.WithMaxFollowUps(0))
	ctx := t.Context()
	other := interview.New(h.openStore(), h.bank, scoring.New(h.bank), interview.WithClock(h.clock.Now), interview.WithMaxFollowUps(0))
	t.Cleanup(func() { other.Close(context.Background()) })
	sess := h.create("hal", interview.PlanRequest{Role: "backend-developer", Count: 2, Seed: seed(4)})
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	// Both engines take an answer for turn 1 at once: one wins, the other
	// is told the turn is answered, and nothing is numbered twice.
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, svc := range []*interview.Service{h.svc, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = svc.Answer(ctx, sess.ID, 1, fmt.Sprintf("answer from engine %d", i))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !errors.Is(err, interview.ErrAlreadyAnswered) {
			t.Errorf("concurrent answer: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d engines stored an answer for turn 1; want 1 (%v)", ok, errs)
	}
	h.untilType(sess.ID, 0, interview.EventScore)
	h.checkLog(sess.ID)
}

func TestEventWireFormat(t *testing.T) {
	for _, tc := range []struct {
		ev   interview.Event
		want string
	}{
		{interview.Event{Type: "answer.ack", Seq: 7, Data: json.RawMessage(`{"turn":2,"elapsed_ms":5,"overtime":false}`)},
			`{"type":"answer.ack","seq":7,"turn":2,"elapsed_ms":5,"overtime":false}`},
		{interview.Event{Type: "followup", Seq: 12, Data: json.RawMessage(` { "turn" : 1, "index":1, "text":"Why?" } `)},
			`{"type":"followup","seq":12,"turn":1,"index":1,"text":"Why?"}`},
		{interview.Event{Type: "error", Seq: 1, Data: json.RawMessage(`{}`)}, `{"type":"error","seq":1}`},
		{interview.Event{Type: "x", Seq: 2}, `{"type":"x","seq":2}`},
	} {
		got, err := json.Marshal(tc.ev)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", tc.ev, err)
		}
		if string(got) != tc.want {
			t.Errorf("Marshal = %s; want %s", got, tc.want)
		}
		var back interview.Event
		if err := json.Unmarshal(got, &back); err != nil || back.Type != tc.ev.Type || back.Seq != tc.ev.Seq {
			t.Errorf("Unmarshal(%s) = %+v, %v", got, back, err)
		}
	}
	if _, err := json.Marshal(interview.Event{Type: "x", Data: json.RawMessage(`[1]`)}); err == nil {
		t.Errorf("Marshal of non-object data succeeded")
	}
}

func TestListAndTranscript(t *testing.T) {
	h := newHarness(t, nil)
	ctx := t.Context()
	a := h.create("ivy", interview.PlanRequest{Role: "backend-developer", Count: 1, Seed: seed(1)})
	h.clock.Advance(time.Second)
	b := h.create("ivy", interview.PlanRequest{Role: "backend-developer", Count: 1, Seed: seed(2)})
	h.create("jon", interview.PlanRequest{Role: "backend-developer", Count: 1})
	list, err := h.svc.List(ctx, interview.ListFilter{Owner: "ivy"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != b.ID || list[1].ID != a.ID {
		t.Errorf("List(ivy) = %d sessions; want b, a", len(list))
	}
	got, err := h.svc.Session(ctx, a.ID)
	if err != nil || got.Owner != "ivy" || got.Plan.Seed != 1 || got.State != interview.StateCreated {
		t.Errorf("Session(a) = %+v, %v", got, err)
	}
	raw, _ := json.Marshal(got)
	if !strings.Contains(string(raw), `"turns":[]`) {
		t.Errorf("transcript JSON %s; want an empty turns list", raw)
	}
}
