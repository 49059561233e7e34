package interview_test

import (
	"testing"

	"github.com/mockinterview/mockinterview/interview"
)

func TestAnswerParts(t *testing.T) {
	main, fu := "I led the migration.", "It cut latency by 40%."
	tests := []struct {
		name string
		turn interview.Turn
		want []interview.AnswerPart
	}{
		{"main only", interview.Turn{Answer: main},
			[]interview.AnswerPart{{Start: 0, End: len(main), Text: main}}},
		{"follow-up answered", interview.Turn{Answer: main + "\n\n" + fu, FollowUps: []interview.FollowUp{{Text: "What changed?", Answer: fu}}},
			[]interview.AnswerPart{{Start: 0, End: len(main), Text: main},
				{FollowUp: 1, Question: "What changed?", Start: len(main) + 2, End: len(main) + 2 + len(fu), Text: fu}}},
		{"follow-up skipped", interview.Turn{Answer: main, FollowUps: []interview.FollowUp{{Text: "What changed?", Skipped: true}}},
			[]interview.AnswerPart{{Start: 0, End: len(main), Text: main},
				{FollowUp: 1, Question: "What changed?", Start: len(main), End: len(main), Skipped: true}}},
		{"follow-up open", interview.Turn{Answer: main, FollowUps: []interview.FollowUp{{Text: "What changed?"}}},
			[]interview.AnswerPart{{Start: 0, End: len(main), Text: main},
				{FollowUp: 1, Question: "What changed?", Start: len(main), End: len(main), Open: true}}},
		{"answer not ending with the follow-up", interview.Turn{Answer: main, FollowUps: []interview.FollowUp{{Text: "Q?", Answer: fu}}},
			[]interview.AnswerPart{{Start: 0, End: len(main), Text: main},
				{FollowUp: 1, Question: "Q?", Start: len(main), End: len(main), Text: fu}}},
		{"skipped turn", interview.Turn{Skipped: true},
			[]interview.AnswerPart{{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.turn.AnswerParts()
			if len(got) != len(tt.want) {
				t.Fatalf("AnswerParts() = %+v; want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("AnswerParts()[%d] = %+v; want %+v", i, got[i], tt.want[i])
				}
				if p := got[i]; p.Text != "" && p.End > p.Start && tt.turn.Answer[p.Start:p.End] != p.Text {
					t.Errorf("part %d [%d,%d) is %q in the answer; want %q", i, p.Start, p.End, tt.turn.Answer[p.Start:p.End], p.Text)
				}
			}
		})
	}
	turn := tests[1].turn
	if got, ok := turn.AnsweredText(1); !ok || got != fu {
		t.Errorf("AnsweredText(1) = %q, %v; want %q", got, ok, fu)
	}
	if got, ok := turn.AnsweredText(0); !ok || got != main {
		t.Errorf("AnsweredText(0) = %q, %v; want %q", got, ok, main)
	}
	if _, ok := tests[2].turn.AnsweredText(1); ok {
		t.Errorf("AnsweredText of a skipped follow-up is ok")
	}
	if _, ok := turn.AnsweredText(2); ok {
		t.Errorf("AnsweredText(2) of a turn with one follow-up is ok")
	}
}
