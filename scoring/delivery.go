package scoring

import "math"

// Delivery: how an answer is said, for every answer (typed answers have
// no fillers and lose nothing). Fillers ("um", "uh", "like", "you know"),
// hedges ("maybe", "I think"), false starts and repeated words ("I I",
// "we- we") are found with their spans; rambling is words per point made.
// The score weighs fillers most: they are what listeners notice, and in
// rated interview transcripts their rate tracks the rating far better than
// length does. Hedges weigh little: a hedge is often just polite.

// Delivery span kinds.
const (
	DeliveryFiller = "filler"
	DeliveryHedge  = "hedge"
	DeliveryRepeat = "repeat"
)

// Tunables of delivery.
var (
	deliveryFillerCost = 5.0 // per filler per word: a 4 % filler rate costs 0.2
	deliveryRepeatCost = 3.0
	deliveryHedgeCost  = 0.5
)

// deliverySpan records tokens [i, j] as a delivery finding.
func (a *analysis) deliverySpan(i, j int, kind string) {
	if len(a.dspans) >= maxDeliverySpans {
		return
	}
	a.dspans = append(a.dspans, DeliverySpan{Start: int(a.toks[i].start), End: int(a.toks[j].end), Kind: kind})
}

const maxDeliverySpans = 64

// repeatAt reports a word that repeats the one before it ("I I", "the
// the") or follows a cut-off word ("we- we"), as speakers restart.
func (a *analysis) repeatAt(i int) bool {
	if i == 0 {
		return false
	}
	t, p := &a.toks[i], &a.toks[i-1]
	if t.kind != tokWord {
		return false
	}
	if p.kind == tokWord && p.lower == t.lower && p.end < t.start && !legitDouble[t.lower] {
		return true
	}
	// "I, I led": a short word said again after a comma.
	if i >= 2 && p.kind == tokPunct && a.text[p.start:p.end] == "," && a.toks[i-2].kind == tokWord &&
		a.toks[i-2].lower == t.lower && t.flags&wStop != 0 && !legitDouble[t.lower] {
		return true
	}
	// "we- we", "I- I": a cut-off word, a dash, then a restart.
	if i >= 2 && p.kind == tokPunct && a.text[p.start:p.end] == "-" && p.start == a.toks[i-2].end && a.toks[i-2].kind == tokWord {
		return true
	}
	return false
}

// legitDouble are words English doubles on purpose.
var legitDouble = wordSet(`that had very really so bye no ha`)

// delivery fills res.Delivery from the metrics and spans found.
func (a *analysis) delivery(m *Metrics, c *counts, pointsMade float64) Delivery {
	d := Delivery{FillerCount: m.Fillers, HedgeCount: m.Hedges, RepeatCount: c.repeats, Score: 1}
	d.Spans = make([]DeliverySpan, len(a.dspans))
	copy(d.Spans, a.dspans)
	if m.Words == 0 {
		return d
	}
	w := float64(m.Words)
	d.FillerRate = round2(100 * float64(m.Fillers) / w)
	cost := deliveryFillerCost*float64(m.Fillers)/w + deliveryRepeatCost*float64(c.repeats)/w + deliveryHedgeCost*float64(m.Hedges)/w
	d.Score = round2(math.Max(0, 1-cost))
	d.WordsPerPoint = round2(w / math.Max(1, pointsMade))
	d.Spoken = c.spokenFillers > 0 || m.Words >= 40 && a.unpunctuated()
	return d
}

// unpunctuated reports a long text without sentence marks: a transcript.
func (a *analysis) unpunctuated() bool {
	for i := range a.toks {
		if t := &a.toks[i]; t.kind == tokPunct {
			switch a.text[t.start] {
			case '.', '?', '!':
				return false
			}
		}
	}
	return true
}
