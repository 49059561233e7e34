package interview

import (
	"testing"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// TestFollowUpCoverageRaisesTheScore answers each bank question with the
// first half of its reference answer, then a follow-up answer that covers a
// point the first missed: the turn's score after the follow-up must be
// higher (issue 15: "a follow-up that covered a new point left the score at
// 68"). Scored as one text by the scorer alone, some fall instead.
func TestFollowUpCoverageRaisesTheScore(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc := scoring.New(bank)
	checked, fellBefore := 0, 0
	for _, r := range bank.Roles() {
		for _, q := range r.Questions {
			if q.ReferenceAnswer == "" || len(q.TalkingPoints) < 2 {
				continue
			}
			main := q.ReferenceAnswer[:len(q.ReferenceAnswer)/2]
			first, err := sc.Score(t.Context(), scoring.Input{QuestionID: q.ID, Answer: main})
			if err != nil {
				t.Fatal(err)
			}
			followUp := ""
			for i, p := range first.Coverage.Points {
				if p.Status == scoring.Missing && len(q.TalkingPoints[i].Phrases) > 0 {
					followUp = "I also made sure of " + q.TalkingPoints[i].Phrases[0] + " because it mattered."
					break
				}
			}
			if followUp == "" {
				continue
			}
			merged, err := sc.Score(t.Context(), scoring.Input{QuestionID: q.ID, Answer: main + followUpSeparator + followUp})
			if err != nil {
				t.Fatal(err)
			}
			if merged.Coverage.Score <= first.Coverage.Score {
				continue // the phrase alone did not cover it
			}
			checked++
			if merged.Overall <= first.Overall {
				fellBefore++
			}
			got := keepEarned(first, merged)
			if got.Overall <= first.Overall {
				t.Errorf("%s: coverage %.2f → %.2f, overall %d → %d; want higher", q.ID, first.Coverage.Score, merged.Coverage.Score, first.Overall, got.Overall)
			}
			if got.Overall < merged.Overall || got.Band != scoring.BandOf(got.Overall) {
				t.Errorf("%s: kept %d (band %d); the scorer gave %d", q.ID, got.Overall, got.Band, merged.Overall)
			}
		}
	}
	if checked < 50 || fellBefore == 0 {
		t.Fatalf("checked %d follow-ups, %d fell when scored as one text; want a test that can fail", checked, fellBefore)
	}
	t.Logf("%d follow-ups covering a new point; %d would have scored no higher", checked, fellBefore)
}
