package questions

import (
	"sort"
	"testing"
)

// maxQuestionOverlap is the Jaccard similarity of two questions' content
// terms (stemmed content words of text and tips) at and above which they
// are near-duplicates. Questions of one topic that ask different things share
// a few terms ("metric", "experiment"): the closest distinct pairs of the
// shipped bank (a data scientist's and a product manager's A/B test question)
// sit at 0.30-0.35; a role-swapped template ("Tell me about a
// time you debugged a production issue as a frontend/backend developer")
// shares nearly every term and sits well above 0.5. 0.45 leaves room on both
// sides.
const maxQuestionOverlap = 0.45

func TestNoNearDuplicateQuestions(t *testing.T) {
	bank, err := Load()
	if err != nil {
		t.Fatalf("Load() error: %v", err)
	}
	type entry struct {
		q     Question
		terms map[string]bool
	}
	var all []entry
	for _, q := range bank.Questions("") {
		all = append(all, entry{q, ContentTerms(q.Text + " " + q.Tips)})
	}
	type pair struct {
		a, b string
		j    float64
	}
	var closest []pair
	for i := range all {
		for k := i + 1; k < len(all); k++ {
			j := Jaccard(all[i].terms, all[k].terms)
			closest = append(closest, pair{all[i].q.ID, all[k].q.ID, j})
			if j >= maxQuestionOverlap {
				t.Errorf("questions %s and %s are near-duplicates: %.2f of their text and tips terms are shared (limit %.2f)\n  %s\n  %s",
					all[i].q.ID, all[k].q.ID, j, maxQuestionOverlap, all[i].q.Text, all[k].q.Text)
			}
		}
	}
	sort.Slice(closest, func(i, k int) bool { return closest[i].j > closest[k].j })
	for _, p := range closest[:min(5, len(closest))] {
		t.Logf("closest: %s ~ %s %.2f", p.a, p.b, p.j)
	}
}

func TestContentTerms(t *testing.T) {
	got := ContentTerms("Tell me about a time you cached the caching layer's results.")
	for _, want := range []string{"cach", "layer", "result"} {
		if !got[want] {
			t.Errorf("ContentTerms(...) = %v; want it to hold %q", got, want)
		}
	}
	for _, stop := range []string{"tell", "time", "you", "the", "a"} {
		if got[stop] {
			t.Errorf("ContentTerms(...) holds stop word %q", stop)
		}
	}
	if j := Jaccard(map[string]bool{"a": true, "b": true}, map[string]bool{"b": true, "c": true}); j < 0.33 || j > 0.34 {
		t.Errorf("Jaccard({a,b},{b,c}) = %.3f; want 1/3", j)
	}
}
