package interview_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
)

func TestNextBeforeTheScore(t *testing.T) {
	gate := &gatedScorer{started: make(chan int, 1), release: make(chan struct{})}
	h := newHarness(t, func(s interview.Scorer) interview.Scorer { gate.next = s; return gate }, interview.WithMaxFollowUps(0))
	ctx := t.Context()
	sess := h.create("nina", interview.PlanRequest{Role: "backend-developer", Count: 2, Pace: "candidate", Seed: seed(5)})
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	evs := h.untilType(sess.ID, 0, interview.EventQuestion)
	q := decode[interview.QuestionData](t, evs[len(evs)-1])
	if err := h.svc.Answer(ctx, sess.ID, 1, referenceAnswer(t, h.bank, q.ID)); err != nil {
		t.Fatal(err)
	}
	err := h.svc.Next(ctx, sess.ID)
	var rej *interview.Rejection
	if !errors.Is(err, interview.ErrNotWaiting) || !errors.As(err, &rej) || !strings.Contains(rej.Message, "not in yet") || rej.Turn != 1 {
		t.Fatalf("Next before the score: %v; want not_waiting saying the score is not in yet", err)
	}
	<-gate.started
	close(gate.release)
	evs = h.untilType(sess.ID, 0, interview.EventReady)
	readySeq := evs[len(evs)-1].Seq
	got, _ := h.svc.Session(ctx, sess.ID)
	if len(got.Turns) != 1 {
		t.Fatalf("%d turns asked before next; want 1 (the next question waits)", len(got.Turns))
	}
	if err := h.svc.Next(ctx, sess.ID); err != nil {
		t.Fatalf("Next: %v", err)
	}
	evs = h.untilType(sess.ID, readySeq, interview.EventQuestion)
	if q2 := decode[interview.QuestionData](t, evs[len(evs)-1]); q2.Turn != 2 {
		t.Fatalf("question after next is turn %d; want 2", q2.Turn)
	}
	// The last turn finishes the session without next.
	if err := h.svc.Skip(ctx, sess.ID, 2); err != nil {
		t.Fatal(err)
	}
	h.untilType(sess.ID, 0, interview.EventFinished)
}

// A skip is the candidate's own move on: the next question follows at
// once, without ready.
func TestSkipAsksAtOnce(t *testing.T) {
	h := newHarness(t, nil)
	ctx := t.Context()
	sess := h.create("olga", interview.PlanRequest{Role: "backend-developer", Count: 2, Pace: "candidate", Seed: seed(6)})
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.Skip(ctx, sess.ID, 1); err != nil {
		t.Fatal(err)
	}
	evs, _ := h.svc.Events(ctx, sess.ID, 0)
	if ty := strings.Join(types(evs), " "); !strings.HasSuffix(ty, "answer.ack question.delta* question") {
		t.Errorf("after a skip: %s; want the next question at once", ty)
	}
}

func TestDraftsBelongToTheirAttempt(t *testing.T) {
	h := newHarness(t, nil)
	ctx := t.Context()
	sess := h.create("pam", interview.PlanRequest{Role: "backend-developer", Count: 1, Categories: []string{"behavioral"}, Pace: "candidate", Seed: seed(8)})
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	h.untilType(sess.ID, 0, interview.EventQuestion)
	turn := func() interview.Turn {
		t.Helper()
		got, err := h.svc.Session(ctx, sess.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Turns[0]
	}
	if err := h.svc.DraftFor(ctx, sess.ID, 1, 0, "We had a"); err != nil {
		t.Fatal(err)
	}
	if tr := turn(); tr.Draft != "We had a" || tr.DraftFollowUp != 0 {
		t.Fatalf("main draft: %q for attempt %d", tr.Draft, tr.DraftFollowUp)
	}
	if err := h.svc.DraftFor(ctx, sess.ID, 1, 1, "not asked yet"); err != nil {
		t.Fatal(err)
	}
	if tr := turn(); tr.Draft != "We had a" {
		t.Fatalf("a draft for follow-up 1 before it was asked replaced the main draft: %q", tr.Draft)
	}
	if err := h.svc.Answer(ctx, sess.ID, 1, weakAnswer); err != nil {
		t.Fatal(err)
	}
	h.untilType(sess.ID, 0, interview.EventFollowUp)
	// A late draft of the main answer (it raced the answer) is dropped.
	if err := h.svc.DraftFor(ctx, sess.ID, 1, 0, "We had a slow"); err != nil {
		t.Fatal(err)
	}
	if tr := turn(); tr.Draft != "" || tr.Status != interview.TurnFollowUp {
		t.Fatalf("after the main answer: draft %q (status %s); want none", tr.Draft, tr.Status)
	}
	if err := h.svc.Draft(ctx, sess.ID, 1, "It got"); err != nil { // no attempt: the open one
		t.Fatal(err)
	}
	if tr := turn(); tr.Draft != "It got" || tr.DraftFollowUp != 1 {
		t.Fatalf("follow-up draft: %q for attempt %d; want attempt 1", tr.Draft, tr.DraftFollowUp)
	}
	if err := h.svc.Answer(ctx, sess.ID, 1, "It got faster: p99 fell from 900 ms to 120 ms."); err != nil {
		t.Fatal(err)
	}
	h.untilType(sess.ID, 0, interview.EventFinished)
	tr := turn()
	if tr.Draft != "" || strings.Count(tr.Answer, weakAnswer) != 1 {
		t.Errorf("finished turn: draft %q, answer %q; want no draft and the main answer once", tr.Draft, tr.Answer)
	}
}

// TestFlowPaceAsksAtOnce: a practice session not paced by the candidate
// (the default: DESIGN.md's clients know no next) asks the next question
// as soon as a turn has its final score, with no ready, and refuses next.
func TestFlowPaceAsksAtOnce(t *testing.T) {
	h := newHarness(t, nil, interview.WithMaxFollowUps(0))
	ctx := t.Context()
	sess := h.create("quinn", interview.PlanRequest{Role: "backend-developer", Count: 2, Seed: seed(9)})
	if sess.Plan.Mode != interview.ModePractice || sess.Plan.Pace != "" {
		t.Fatalf("default plan: mode %q, pace %q; want practice, flow", sess.Plan.Mode, sess.Plan.Pace)
	}
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	evs := h.untilType(sess.ID, 0, interview.EventQuestion)
	q := decode[interview.QuestionData](t, evs[len(evs)-1])
	if err := h.svc.Answer(ctx, sess.ID, 1, referenceAnswer(t, h.bank, q.ID)); err != nil {
		t.Fatal(err)
	}
	evs = h.untilType(sess.ID, evs[len(evs)-1].Seq, interview.EventQuestion)
	if q2 := decode[interview.QuestionData](t, evs[len(evs)-1]); q2.Turn != 2 {
		t.Fatalf("question after the first score is turn %d; want 2", q2.Turn)
	}
	if ty := strings.Join(types(evs), " "); strings.Contains(ty, interview.EventReady) || !strings.Contains(ty, "score question.delta") {
		t.Errorf("events after the answer: %s; want the score, then the next question at once, no ready", ty)
	}
	var rej *interview.Rejection
	if err := h.svc.Next(ctx, sess.ID); !errors.Is(err, interview.ErrNotWaiting) || !errors.As(err, &rej) || !strings.Contains(rej.Message, `"pace":"candidate"`) {
		t.Errorf("Next in a flowing session: %v; want not_waiting naming pace candidate", err)
	}
}
