package scoring

import "slices"

// counts are the tallies the policy and the feedback use beyond Metrics.
type counts struct {
	fillerWords  [2]string // the first two distinct fillers, for feedback
	hedgeWords   [2]string
	quantified   int // sentences with a number and unit or a before/after
	sequenced    int // sentences with a plan step word
	tradeOffs    int
	causal       int
	informative  int // distinct informative content stems outside salad and repeats
	saladWords   int
	contentWords int
	duplicates   int
	conditional  int // first-person conditional sentences ("I would")
	pastActions  int // first-person past actions ("I built", "we shipped")
	weActions    int // action sentences in "we" without "I"
	firstWeQuote int // sentence index of the first "we" action, or -1
}

// metrics counts words, fillers, hedges, numbers, technical terms and
// repetition; it also fills the tallies in c.
func (a *analysis) metrics(m *Metrics, c *counts) {
	c.firstWeQuote = -1
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
		if t.is(wFiller) {
			m.Fillers++
			noteWord(&c.fillerWords, t.lower)
		}
		if t.is(wHedge) {
			m.Hedges++
			noteWord(&c.hedgeWords, t.lower)
		}
		// Two-word fillers and hedges: "you know", "sort of", "I think", "kind of".
		if i+1 < len(a.toks) {
			n := &a.toks[i+1]
			switch {
			case t.lower == "you" && n.lower == "know" && !followedByWord(a, i+2, "how", "what", "that", "why", "when"):
				m.Fillers++
				noteWord(&c.fillerWords, "you know")
			case t.lower == "i" && n.lower == "mean" && i+2 < len(a.toks) && a.toks[i+2].kind == tokPunct:
				m.Fillers++
				noteWord(&c.fillerWords, "I mean")
			case t.lower == "sort" && n.lower == "of":
				m.Fillers++
				noteWord(&c.fillerWords, "sort of")
			case t.lower == "kind" && n.lower == "of" && (i == 0 || a.toks[i-1].lower != "what" && a.toks[i-1].lower != "this" && a.toks[i-1].lower != "that" && a.toks[i-1].lower != "a"):
				m.Hedges++
				noteWord(&c.hedgeWords, "kind of")
			case (t.lower == "i" || t.lower == "i'd") && (n.lower == "think" || n.lower == "believe" || n.lower == "suppose" || n.lower == "feel"):
				m.Hedges++
				noteWord(&c.hedgeWords, "I "+n.lower)
			case t.lower == "not" && n.lower == "sure":
				m.Hedges++
				noteWord(&c.hedgeWords, "not sure")
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
	a.hashes = a.hashes[:0]
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
		if (f.iAction || f.weAction) && !f.conditional {
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
				a.hashes = append(a.hashes, t.hash)
			}
		}
	}
	slices.Sort(a.hashes)
	m.TechnicalTerms = len(slices.Compact(a.hashes))
	m.DuplicateSentences = c.duplicates
	m.Repetition = round2(a.repetition())
	a.terms = append(a.terms[:0], a.answerTerms(false)...)
	c.informative = len(a.terms)
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
	a.hashes = a.hashes[:0]
	var h1, h2 uint64
	n := 0
	for i := range a.toks {
		t := &a.toks[i]
		if !t.content() || t.is(wFiller|wGeneric) {
			continue
		}
		if n >= 2 {
			a.hashes = append(a.hashes, (h1*31+h2)*1099511628211^t.hash)
		}
		h1, h2 = h2, t.hash
		n++
	}
	total := len(a.hashes)
	if total < 3 {
		return 0
	}
	slices.Sort(a.hashes)
	distinct := len(slices.Compact(a.hashes))
	return float64(total-distinct) / float64(total)
}
