package interview_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring"
)

// suggestingScorer stands in for the LLM judge's follow-up: it scores with
// the real scorer and suggests the same follow-up question every time.
type suggestingScorer struct {
	next       interview.Scorer
	suggestion string
}

func (s suggestingScorer) ScoreWithFollowUp(ctx context.Context, in scoring.Input, onDelta func(string)) (scoring.Result, string, error) {
	res, _, err := s.next.ScoreWithFollowUp(ctx, in, onDelta)
	return res, s.suggestion, err
}

// followUpsAsked runs a one-question practice interview answered weakly,
// answers every follow-up, and returns the follow-up questions asked.
func followUpsAsked(t *testing.T, h *harness) []string {
	t.Helper()
	ctx := t.Context()
	sess := h.create("fiona", interview.PlanRequest{Role: "backend-developer", Count: 1, Seed: seed(3)})
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatalf("Start: %v", err)
	}
	var asked []string
	h.follow(sess.ID, 0, func(ev interview.Event) bool {
		switch ev.Type {
		case interview.EventQuestion:
			if err := h.svc.Answer(ctx, sess.ID, 1, weakAnswer); err != nil {
				t.Fatalf("Answer: %v", err)
			}
		case interview.EventReady:
			if err := h.svc.Next(ctx, sess.ID); err != nil {
				t.Fatalf("Next: %v", err)
			}
		case interview.EventFollowUp:
			f := decode[interview.FollowUpData](t, ev)
			if f.Index != len(asked)+1 {
				t.Errorf("followup %+v; want index %d", f, len(asked)+1)
			}
			asked = append(asked, f.Text)
			if err := h.svc.Answer(ctx, sess.ID, f.Turn, "It got faster afterwards."); err != nil {
				t.Fatalf("Answer(follow-up %d): %v", f.Index, err)
			}
		case interview.EventScore:
			if res := decode[interview.ScoreData](t, ev).Result; res.Overall >= 80 {
				t.Fatalf("weak answer scored %d; the test needs it below the follow-up threshold", res.Overall)
			}
		}
		return ev.Type == interview.EventFinished
	})
	h.checkLog(sess.ID)
	return asked
}

func TestModelFollowUp(t *testing.T) {
	// Without a judge the real scorer suggests nothing: the engine asks its
	// own, deterministic follow-up.
	deterministic := followUpsAsked(t, newHarness(t, nil))
	if len(deterministic) != 1 || deterministic[0] == "" {
		t.Fatalf("real scorer without a judge: follow-ups %q; want one deterministic follow-up", deterministic)
	}
	const modelQuestion = "What did you try first, and what did it show you?"
	suggest := func(text string) func(interview.Scorer) interview.Scorer {
		return func(next interview.Scorer) interview.Scorer { return suggestingScorer{next: next, suggestion: text} }
	}
	tests := []struct {
		name       string
		suggestion string
		opts       []interview.Option
		want       []string
	}{
		{"model's follow-up asked", modelQuestion, nil, []string{modelQuestion}},
		{"whitespace tidied", "  What did you try first,\n  and what did it show you?  ", nil, []string{modelQuestion}},
		{"naming a missed point: deterministic", "Which query was slow, and how did you find it?", nil, deterministic},
		{"none suggested: deterministic", "", nil, deterministic},
		{"blank suggested: deterministic", " \n\t", nil, deterministic},
		{"too long: deterministic", strings.Repeat("Why was it slow? ", 30), nil, deterministic},
		{"score above threshold: none", modelQuestion, []interview.Option{interview.WithFollowUpBelow(0)}, nil},
		{"follow-ups off: none", modelQuestion, []interview.Option{interview.WithMaxFollowUps(0)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := followUpsAsked(t, newHarness(t, suggest(tc.suggestion), tc.opts...))
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("follow-ups asked = %q; want %q", got, tc.want)
			}
		})
	}

	t.Run("never asked twice", func(t *testing.T) {
		// Two follow-ups allowed, the model suggests the same question
		// again after the first follow-up answer: the second is the
		// engine's own.
		got := followUpsAsked(t, newHarness(t, suggest(modelQuestion), interview.WithMaxFollowUps(2)))
		if len(got) != 2 || got[0] != modelQuestion || got[1] == modelQuestion || got[1] == "" {
			t.Errorf("follow-ups asked = %q; want %q then a different, deterministic one", got, modelQuestion)
		}
	})
}
