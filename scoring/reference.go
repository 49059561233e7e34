package scoring

import (
	"slices"
	"strings"
)

// Reference answers. An answer is compared with each reference answer as
// two bags of "polar terms" and a set of ordered term pairs:
//
//   - a polar term is a content word's concept hash (its stem, or its
//     synonym group's head, see conceptHash), flipped with polaritySalt
//     when a negation governs it: "not connected" and "disconnected" are
//     the same term, the opposite of "connected"; "not closed" is "open";
//   - the claim-carrying function words (same, between, off, all, more…)
//     count as terms, since "the same path" and "a different path" are
//     opposite answers;
//   - a bigram is two consecutive terms of one sentence, in order, so word
//     order counts a little ("the bulb is in the circuit" is not "the
//     circuit is in the bulb").
//
// The similarity is an F-beta of the reference's weighted recall (terms the
// question already states weigh less; a near form of a word counts most of
// a hit; a term the answer states the opposite of counts against it) and
// the answer's precision, mixed with the reference's bigram recall. The
// best reference counts.

// compiledRef is one reference answer ready for matching.
type compiledRef struct {
	terms   []uint64  // sorted distinct polar terms
	stems   []string  // per term: its stem, for near matches ("" for none)
	weights []float64 // per term: refQuestionWeight when the question states it, else 1
	bigrams []uint64  // sorted distinct ordered pairs of consecutive terms
	// prefixes maps the first four letters of each term's stem to the
	// stems that have them, so an answer word can find its near form in
	// the reference (the answer side of the alignment).
	prefixes map[uint64][]string
	// syns are, per term, its word's WordNet first senses; synAll all of
	// them, sorted, for the answer side.
	syns   [][]uint32
	synAll []uint32
	// keyWords are the reference's distinctive words in order (not light,
	// not in the question), for feedback on what a strong answer says.
	keyWords []refWord
}

// refWord is one distinctive word of a reference answer.
type refWord struct {
	hash      uint64
	word      string
	technical bool
}

// compileReferences builds the tables of the reference answers.
func (cq *compiledQuestion) compileReferences(a *analysis, refs []string) {
	if len(refs) == 0 {
		return
	}
	a.text = cq.q.Text
	a.toks = a.toks[:0]
	a.tokenize()
	lookupWords(a.text, a.toks)
	// The question's content words, as they are written (a question's
	// negation is not the answer's).
	var qTerms []uint64
	for i := range a.toks {
		if t := &a.toks[i]; t.content() && !t.is(wFiller|wGeneric) && !questionWords[t.hash] {
			qTerms = append(qTerms, t.hash)
		}
	}
	slices.Sort(qTerms)
	qTerms = slices.Compact(qTerms)
	cq.refQTerms = qTerms
	for _, r := range refs {
		if strings.TrimSpace(r) == "" {
			continue
		}
		a.text = r
		a.toks = a.toks[:0]
		a.tokenize()
		lookupWords(r, a.toks)
		terms, bigrams := a.polarTerms(0, int32(len(a.toks)), nil, nil, nil, nil)
		// Stems of the positive terms, for near matches.
		stemOf := map[uint64]string{}
		synOf := map[uint64][]uint32{}
		for i := range a.toks {
			if t := &a.toks[i]; t.content() {
				if _, ok := stemOf[t.hash]; !ok {
					stemOf[t.hash] = t.stem
					if !t.is(wLight) {
						synOf[t.hash] = t.syn
					}
				}
			}
		}
		slices.Sort(terms)
		terms = slices.Compact(terms)
		if len(terms) == 0 {
			continue
		}
		slices.Sort(bigrams)
		cr := compiledRef{
			terms:   terms,
			stems:   make([]string, len(terms)),
			weights: make([]float64, len(terms)),
			bigrams: slices.Compact(bigrams),
		}
		cr.prefixes = map[uint64][]string{}
		cr.syns = make([][]uint32, len(terms))
		for i, h := range terms {
			cr.syns[i] = synOf[h]
			cr.synAll = append(cr.synAll, synOf[h]...)
			cr.stems[i] = stemOf[h]
			if st := stemOf[h]; len(st) >= 4 {
				cr.prefixes[prefix4(st)] = append(cr.prefixes[prefix4(st)], st)
			}
			cr.weights[i] = 1
			if _, inQ := slices.BinarySearch(qTerms, h); inQ {
				cr.weights[i] = refQuestionWeight
			}
		}
		for i := range a.toks {
			t := &a.toks[i]
			if !t.content() || t.kind != tokWord || t.is(wLight|wFiller|wGeneric|wNegation) || len(t.lower) < 3 ||
				has(qTerms, t.hash) || slices.ContainsFunc(cr.keyWords, func(w refWord) bool { return w.hash == t.hash }) {
				continue
			}
			cr.keyWords = append(cr.keyWords, refWord{hash: t.hash, word: t.lower, technical: t.is(wTechnical)})
		}
		slices.Sort(cr.synAll)
		cr.synAll = slices.Compact(cr.synAll)
		cq.refs = append(cq.refs, cr)
		cq.refWords = max(cq.refWords, len(terms))
	}
}

// polarTerms appends to terms the polar terms of tokens [lo, hi), and to
// bigrams their ordered pairs within a clause. A negation ("not",
// "never", "didn't", "without", "no") flips the next term of its clause.
func (a *analysis) polarTerms(lo, hi int32, terms, bigrams []uint64, skip map[uint64]bool, rec func(k int32, negated bool)) ([]uint64, []uint64) {
	negated, anyNeg := false, false
	var prev uint64
	for k := lo; k < hi; k++ {
		t := &a.toks[k]
		if t.kind == tokPunct {
			switch a.text[t.start:t.end] {
			case "-", "/", "'", "’", "(", ")", "\"":
				continue
			case ",":
				negated = false
				continue
			}
			negated, prev = false, 0
			continue
		}
		if t.is(wNegation) {
			negated = !negated
			anyNeg = true
			continue
		}
		if t.id == idBut {
			negated = false
			continue
		}
		term := t.content() && !t.is(wFiller|wGeneric) || t.is(wRelation)
		if !term || skip[t.hash] {
			continue
		}
		h := t.hash
		if rec != nil {
			rec(k, negated)
		}
		if negated {
			h ^= polaritySalt
		}
		negated = false
		terms = append(terms, h)
		if prev != 0 {
			bigrams = append(bigrams, prev*1099511628211^h)
		}
		prev = h
	}
	if anyNeg {
		terms = append(terms, negationTerm)
	}
	return terms, bigrams
}

// answerRefTerms fills a.refTerms and a.refBigrams from the answer's
// countable sentences, and a.ansTerms with the distinct content terms and
// their stems (the answer side of the alignment).
func (a *analysis) answerRefTerms(cq *compiledQuestion) {
	a.hashes = a.hashes[:0]
	a.bigrams = a.bigrams[:0]
	a.synSet.reset(2 * len(a.toks))
	a.antSet.reset(2 * len(a.toks))
	// WordNet senses of what the answer says, by polarity: "not closed"
	// says what "open" says, "slow" the opposite of "fast".
	rec := func(k int32, negated bool) {
		t := &a.toks[k]
		if t.is(wLight) || !t.content() {
			return
		}
		same, opp := t.syn, t.ant
		if negated {
			same, opp = opp, same
		}
		for _, sy := range same {
			a.synSet.add(synKey(sy))
		}
		for _, sy := range opp {
			a.antSet.add(synKey(sy))
		}
	}
	for si := range a.sents {
		s := &a.sents[si]
		if s.duplicate || s.injected {
			continue
		}
		a.hashes, a.bigrams = a.polarTerms(s.tokLo, s.tokHi, a.hashes, a.bigrams, nil, rec)
	}
	a.refTerms.reset(len(a.hashes))
	for _, h := range a.hashes {
		a.refTerms.add(h)
	}
	a.ansTerms = a.ansTerms[:0]
	seen := &a.tech // free here: technical terms were counted before
	seen.reset(len(a.toks))
	for si := range a.sents {
		s := &a.sents[si]
		if s.duplicate || s.injected {
			continue
		}
		for k := s.tokLo; k < s.tokHi; k++ {
			t := &a.toks[k]
			if t.content() && !t.is(wFiller|wGeneric|wNegation) && seen.add(t.hash) {
				at := ansTerm{hash: t.hash, tok: k, light: t.is(wLight), w: 1}
				if has(cq.refQTerms, t.hash) {
					at.w = refQuestionWeight
				}
				a.ansTerms = append(a.ansTerms, at)
			}
		}
	}
	a.refBigrams.reset(len(a.bigrams))
	for _, h := range a.bigrams {
		a.refBigrams.add(h)
	}
}

// referenceSimilarity is the best match of the answer against the
// question's reference answers (0-1), and the index of that reference.
func (a *analysis) referenceSimilarity(cq *compiledQuestion) (float64, int) {
	a.answerRefTerms(cq)
	near := a.buildNear()
	terms := &a.refTerms
	best, bestRef := 0.0, 0
	for ri := range cq.refs {
		ref := &cq.refs[ri]
		var rw, rhit float64
		exact := 0
		for ti, h := range ref.terms {
			w := ref.weights[ti]
			rw += w
			switch {
			case terms.has(h):
				rhit += w
				exact++
			case terms.has(h ^ polaritySalt), refContra > 0 && a.antShared(ref.syns[ti]):
				rhit -= refContra * w // the answer says the opposite
			case ref.stems[ti] != "" && near.has(ref.stems[ti]):
				rhit += refNear * w
			case refSyn > 0 && a.synShared(ref.syns[ti]):
				rhit += refSyn * w // a WordNet synonym: "repaired" for "fixed"
			}
		}
		if rw == 0 || rhit <= 0 {
			continue
		}
		recall := rhit / rw
		precision := float64(exact) / float64(max(1, terms.n))
		b2 := refBeta * refBeta
		f := (1 + b2) * precision * recall / (b2*precision + recall)
		if refAlign > 0 {
			// The answer side: how much of what the answer says the
			// reference says too (question words demoted, near forms).
			var aw, ahit float64
			for _, at := range a.ansTerms {
				w := at.w
				aw += w
				switch {
				case has(ref.terms, at.hash):
					ahit += w
				case ref.nearHas(a.toks[at.tok].stem):
					ahit += refNear * w
				case refSyn > 0 && !at.light && sharesSorted(ref.synAll, a.toks[at.tok].syn):
					ahit += refSyn * w
				}
			}
			if aw > 0 {
				dice := (rhit + ahit) / (rw + aw)
				f = (1-refAlign)*f + refAlign*dice
			}
		}
		if n := len(ref.bigrams); n > 0 && refBigram > 0 {
			f = (1-refBigram)*f + refBigram*float64(a.refBigrams.count(ref.bigrams))/float64(n)
		}
		if f > best {
			best, bestRef = f, ri
		}
	}
	return best, bestRef
}

// nearHas reports whether the reference holds a near form of an answer
// stem (see nearStem).
func (r *compiledRef) nearHas(st string) bool {
	if len(st) < 4 {
		return false
	}
	for _, x := range r.prefixes[prefix4(st)] {
		if nearStem(x, st) {
			return true
		}
	}
	return false
}

// ansTerm is one distinct content term of the answer and its stem.
type ansTerm struct {
	hash  uint64
	w     float64 // 1, or refQuestionWeight for a word of the question
	tok   int32   // its first token, which holds its stem and synsets
	light bool    // a light word: its synsets do not count
}

// synShared reports whether the answer has a word with one of syn's
// synsets.
func (a *analysis) synShared(syn []uint32) bool {
	for _, s := range syn {
		if a.synSet.has(synKey(s)) {
			return true
		}
	}
	return false
}

// antShared reports whether the answer says the opposite of a word with
// these synsets (a WordNet antonym, or a negated synonym).
func (a *analysis) antShared(syn []uint32) bool {
	for _, s := range syn {
		if a.antSet.has(synKey(s)) {
			return true
		}
	}
	return false
}

// sharesSorted reports whether syn has an element of sorted all.
func sharesSorted(all, syn []uint32) bool {
	for _, s := range syn {
		if _, ok := slices.BinarySearch(all, s); ok {
			return true
		}
	}
	return false
}

// negationTerm stands for "some negation" in a text: a reference that
// denies something and an answer that does not are less alike.
var negationTerm = stemHash("not") ^ 1

// has reports whether sorted s holds h.
func has(s []uint64, h uint64) bool {
	_, ok := slices.BinarySearch(s, h)
	return ok
}
