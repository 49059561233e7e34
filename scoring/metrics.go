package scoring

import "slices"

// counts are the tallies the policy and the feedback use beyond Metrics.
type counts struct {
	fillerWords   [2]string // the first two distinct fillers, for feedback
	hedgeWords    [2]string
	quantified    int // sentences with a number and unit or a before/after
	sequenced     int // sentences with a plan step word
	tradeOffs     int
	causal        int
	informative   int // distinct informative content stems outside salad and repeats
	saladWords    int
	contentWords  int
	duplicates    int
	spokenFillers int // "um", "uh": only speech has them
	repeats       int // false starts and repeated words ("I I", "we- we")
	conditional   int // first-person conditional sentences ("I would")
	pastActions   int // first-person past actions ("I built", "we shipped")
	weActions     int // action sentences in "we" without "I"
	firstWeQuote  int // sentence index of the first "we" action, or -1
}

// metrics counts words, fillers, hedges, numbers, technical terms and
// repetition; it also fills the tallies in c.
func (a *analysis) metrics(m *Metrics, c *counts) {
	c.firstWeQuote = -1
	a.dspans = a.dspans[:0]
	content := 0
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind == tokPunct {
			continue
		}
		m.Words++
		if t.kind == tokNumber {
			m.Numbers++
		}
		if t.content() {
			content++
		}
		if t.id == idUm || t.id == idUh {
			c.spokenFillers++
		}
		if t.is(wFiller) {
			m.Fillers++
			noteWord(&c.fillerWords, t.lower)
			a.deliverySpan(i, i, DeliveryFiller)
		}
		if t.is(wHedge) {
			m.Hedges++
			noteWord(&c.hedgeWords, t.lower)
			a.deliverySpan(i, i, DeliveryHedge)
		}
		if a.repeatAt(i) {
			c.repeats++
			a.deliverySpan(i-1, i, DeliveryRepeat)
		}
		// Two-word fillers and hedges: "you know", "sort of", "I think", "kind of".
		if i+1 < len(a.toks) {
			n := &a.toks[i+1]
			switch {
			case t.id == idYou && n.id == idKnow && !followedByWord(a, i+2, "how", "what", "that", "why", "when"):
				m.Fillers++
				noteWord(&c.fillerWords, "you know")
				a.deliverySpan(i, i+1, DeliveryFiller)
			case t.id == idI && n.id == idMean && i+2 < len(a.toks) && a.toks[i+2].kind == tokPunct:
				m.Fillers++
				noteWord(&c.fillerWords, "I mean")
				a.deliverySpan(i, i+1, DeliveryFiller)
			case t.id == idSort && n.id == idOf:
				m.Fillers++
				noteWord(&c.fillerWords, "sort of")
				a.deliverySpan(i, i+1, DeliveryFiller)
			case t.id == idKind && n.id == idOf && (i == 0 || a.toks[i-1].id != idWhat && a.toks[i-1].id != idThis && a.toks[i-1].id != idThat && a.toks[i-1].id != idA):
				m.Hedges++
				noteWord(&c.hedgeWords, "kind of")
				a.deliverySpan(i, i+1, DeliveryHedge)
			case (t.id == idI || t.id == idIWould) && (n.id == idThink || n.id == idBelieve || n.id == idSuppose || n.id == idFeel):
				m.Hedges++
				noteWord(&c.hedgeWords, "I "+n.lower)
				a.deliverySpan(i, i+1, DeliveryHedge)
			case t.id == idNot && n.id == idSure:
				m.Hedges++
				noteWord(&c.hedgeWords, "not sure")
				a.deliverySpan(i, i+1, DeliveryHedge)
			}
		}
	}
	m.Sentences = len(a.sents)
	if m.Words > 0 {
		m.LexicalDensity = round2(float64(content) / float64(m.Words))
	}
	c.contentWords = content

	// Technical terms: distinct stems flagged technical (by lexicon or by
	// shape) in countable sentences.
	a.tech.reset(len(a.toks))
	for si := range a.sents {
		s := &a.sents[si]
		if s.duplicate {
			c.duplicates++
		}
		if s.salad {
			c.saladWords += int(s.content)
		}
		if s.duplicate || s.injected {
			continue
		}
		f := &a.feats[si]
		if f.quantified {
			c.quantified++
			m.Quantities++
		}
		if f.sequence {
			c.sequenced++
		}
		if f.tradeOff {
			c.tradeOffs++
		}
		if f.causal {
			c.causal++
		}
		if f.conditional && (f.firstSingular || f.firstPlural) {
			c.conditional++
		}
		if (f.iAction || f.weAction) && (!f.conditional || f.past > 0) {
			// A past action, even beside a modal ("I interviewed him first,
			// so he could tell it without an audience").
			c.pastActions++
		}
		if f.weAction && !f.iAction && !f.firstSingular {
			c.weActions++
			if c.firstWeQuote < 0 {
				c.firstWeQuote = si
			}
		}
		if s.salad {
			continue
		}
		for k := s.tokLo; k < s.tokHi; k++ {
			if t := &a.toks[k]; t.is(wTechnical) && t.content() {
				a.tech.add(t.hash)
			}
		}
	}
	m.TechnicalTerms = a.tech.n
	m.DuplicateSentences = c.duplicates
	m.Repetition = round2(a.repetition())
	a.answerTerms()
	c.informative = a.terms.n
}

func followedByWord(a *analysis, i int, words ...string) bool {
	return i < len(a.toks) && slices.Contains(words, a.toks[i].lower)
}

func noteWord(dst *[2]string, w string) {
	for i := range dst {
		if dst[i] == w {
			return
		}
		if dst[i] == "" {
			dst[i] = w
			return
		}
	}
}

// repetition is the share of the answer's content-word trigrams that
// repeat an earlier trigram: 0 for a fresh answer, near 2/3 for an
// answer said three times.
func (a *analysis) repetition() float64 {
	a.tech.reset(len(a.toks))
	var h1, h2 uint64
	n, total := 0, 0
	for i := range a.toks {
		t := &a.toks[i]
		if !t.content() || t.is(wFiller|wGeneric) {
			continue
		}
		if n >= 2 {
			a.tech.add((h1*31+h2)*1099511628211 ^ t.hash)
			total++
		}
		h1, h2 = h2, t.hash
		n++
	}
	if total < 3 {
		return 0
	}
	distinct := a.tech.n
	return float64(total-distinct) / float64(total)
}
