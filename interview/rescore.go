package interview

import (
	"fmt"
	"math"
	"strings"

	"github.com/mockinterview/mockinterview/scoring"
)

// keepEarned is the score of a turn after a follow-up answer. The scorer
// reads the main answer and the follow-up answers as one text, and a
// follow-up answer appended after the story can restructure it (the STAR
// tagger relabels its sentences, the order and the quantified result are
// read again), so that an answer covering a new point could score no more,
// or less, than the first one. A follow-up answer adds to the first answer;
// it never takes away what the first answer earned: each weighted part
// keeps the better of its score in earlier and merged, and the merged
// text's multipliers (length, repetition, contradiction...) apply, so new
// coverage always shows. Overall and band are recomputed from the parts
// the way the scorer makes them (a weighted mean times the multipliers).
// A result judged by an LLM blends the rubric in; it is left as scored.
func keepEarned(earlier, merged scoring.Result) scoring.Result {
	if len(merged.Rubric) > 0 || len(merged.Parts) == 0 || len(earlier.Parts) == 0 {
		return merged
	}
	best := map[string]float64{}
	for _, p := range earlier.Parts {
		if !p.Multiplier {
			best[p.Name] = p.Score
		}
	}
	res := merged
	res.Parts = append([]scoring.ScorePart(nil), merged.Parts...)
	sum, wsum, mult := 0.0, 0.0, 1.0
	for i := range res.Parts {
		p := &res.Parts[i]
		if p.Multiplier {
			mult *= p.Score
			continue
		}
		if b, ok := best[p.Name]; ok && b > p.Score {
			p.Score = b
		}
		sum += p.Weight * p.Score
		wsum += p.Weight
	}
	if wsum == 0 {
		return merged
	}
	overall := int(math.Round(100 * math.Max(0, math.Min(1, sum/wsum*mult))))
	if overall < merged.Overall { // never below what the scorer gave
		return merged
	}
	res.Overall = overall
	res.Band = scoring.BandOf(overall)
	// The written summary opens with the score: say the kept one.
	if head := fmt.Sprintf("%d/100 (band %d)", merged.Overall, merged.Band); strings.HasPrefix(res.Feedback.Summary, head) {
		res.Feedback.Summary = fmt.Sprintf("%d/100 (band %d)", res.Overall, res.Band) + strings.TrimPrefix(res.Feedback.Summary, head)
	}
	return res
}
