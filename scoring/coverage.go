package scoring

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/mockinterview/mockinterview/questions"
)

// phrase is one way of saying a talking point, as the stems of its
// content words (negations kept: "no downtime" is not "downtime").
type phrase struct {
	point  int
	hashes []uint64
	// content marks the positions of content words: a partial match must
	// find at least half of them ("bottleneck was" needs "bottleneck").
	content  uint64
	nContent int
	strict   bool // match only as a whole phrase
}

// phraseRef says that a stem is word pos of phrase.
type phraseRef struct {
	phrase int32
	pos    int32
}

// compiledPoint is a talking point ready for matching.
type compiledPoint struct {
	id, label string
	// quantity points ("measurable improvement") are also covered by a
	// sentence that states a number with a unit or a before and after.
	quantity bool
}

// compiledQuestion is a question with its stem tables built once: talking
// point phrases indexed by stem hash, and the content terms of the
// question, its tips and its reference answers.
type compiledQuestion struct {
	q         questions.Question
	points    []compiledPoint
	phrases   []phrase
	index     map[uint64][]phraseRef
	filter    [16]uint64 // bit h%1024 set for every indexed stem: skips most lookups
	qTerms    []uint64   // content stems of the question text, sorted
	refStems  [][]string // the stem of each reference term, for near matches
	refInQ    [][]bool   // whether each reference term is also a question term
	refQTerms []uint64   // the question's terms as reference matching hashes them
	tipTerms  []uint64   // content stems of the tips and point labels, sorted
	refs      [][]uint64 // content stems of each reference answer, sorted
	refUnion  []uint64   // every reference's terms, sorted
	refWords  int        // content words of the longest reference answer
	auto      bool       // points were decomposed from free-text tips
	// extraRefs are the input's reference_answers, kept to check a cache hit.
	extraRefs []string
}

// questionWords are content words of a question that say how to answer,
// not what about: they do not count as relevance.
var questionWords = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range strings.Fields(`tell describe explain time example give walk talk discuss share situation
		approach handle ensure use strategy strategies way ways think would do make sure
		happen happened experience case cases question answer kind type types something someone
		cover include mention concrete specific detail details`) {
		m[stemHash(stem(w))] = true
	}
	return m
}()

// compileQuestion builds the tables of q. Talking points come from q's
// points, or, when it has none, from its tips split into points.
func compileQuestion(q questions.Question, refs []string) *compiledQuestion {
	cq := &compiledQuestion{q: q, index: map[uint64][]phraseRef{}}
	points := q.TalkingPoints
	if len(points) == 0 && strings.TrimSpace(q.Tips) != "" {
		points = DecomposeTips(q.Tips)
		cq.auto = true
	}
	a := getAnalysis("")
	defer putAnalysis(a)
	for i, p := range points {
		label := strings.TrimSpace(p.Label)
		cp := compiledPoint{id: p.ID, label: label}
		if cp.id == "" {
			cp.id = slug(label)
		}
		texts := p.Phrases
		if label != "" && !slices.Contains(texts, label) {
			texts = append([]string{label}, texts...)
		}
		for _, t := range texts {
			ph := phraseOf(a, t)
			if ph.nContent == 0 || len(ph.hashes) > 64 {
				continue
			}
			ph.point = i
			pi := int32(len(cq.phrases))
			cq.phrases = append(cq.phrases, ph)
			for pos, h := range ph.hashes {
				cq.index[h] = append(cq.index[h], phraseRef{phrase: pi, pos: int32(pos)})
				cq.filter[(h>>6)&15] |= 1 << (h & 63)
			}
		}
		for _, h := range contentHashes(a, label, false) {
			if quantityStems[h] {
				cp.quantity = true
			}
		}
		cq.points = append(cq.points, cp)
	}
	cq.qTerms = termSet(a, q.Text, questionWords)
	cq.refQTerms = refTermSet(a, q.Text, questionWords)
	var tips strings.Builder
	tips.WriteString(q.Tips)
	for _, p := range cq.points {
		tips.WriteString(". ")
		tips.WriteString(p.label)
	}
	cq.tipTerms = termSet(a, tips.String(), questionWords)
	for _, r := range refs {
		if strings.TrimSpace(r) == "" {
			continue
		}
		terms := refTermSet(a, r, nil)
		terms = appendClaimWords(a, terms)
		if len(terms) == 0 {
			continue
		}
		cq.refs = append(cq.refs, terms)
		stems := make([]string, len(terms))
		for i := range a.toks {
			t := &a.toks[i]
			if j, ok := slices.BinarySearch(terms, t.refHash()); ok && stems[j] == "" {
				stems[j] = t.stem
			}
		}
		cq.refStems = append(cq.refStems, stems)
		inQ := make([]bool, len(terms))
		for i, h := range terms {
			_, inQ[i] = slices.BinarySearch(cq.refQTerms, h)
		}
		cq.refInQ = append(cq.refInQ, inQ)
		cq.refWords = max(cq.refWords, len(terms))
	}
	return cq
}

// quantityStems mark a talking point that a number can cover.
var quantityStems = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range []string{"measurable", "measured", "quantified", "quantify", "metrics", "numbers", "impact"} {
		m[stemHash(stem(w))] = true
	}
	return m
}()

// phraseOf compiles one phrase: the stems of its words, without articles
// and determiners (which may vary freely: "added an index", "added the
// index"). Function words stay ("turned out", "bottleneck was"), negations
// too ("no downtime").
func phraseOf(a *analysis, text string) phrase {
	a.text = text
	a.toks = a.toks[:0]
	a.tokenize()
	lookupWords(text, a.toks)
	var ph phrase
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind == tokPunct || phraseSkip[t.lower] {
			continue
		}
		if t.content() || t.is(wNegation) {
			ph.content |= 1 << uint(len(ph.hashes))
			ph.nContent++
		}
		ph.hashes = append(ph.hashes, t.hash)
	}
	if ph.nContent == 0 && len(ph.hashes) > 0 {
		// All function words ("before and after"): only the whole phrase,
		// in order, counts.
		ph.content = 1<<uint(len(ph.hashes)) - 1
		ph.nContent = len(ph.hashes)
		ph.strict = true
	}
	return ph
}

// phraseSkip are words a phrase match lets vary.
var phraseSkip = map[string]bool{
	"a": true, "an": true, "the": true, "our": true, "my": true, "your": true, "their": true,
	"its": true, "this": true, "that": true, "these": true, "those": true, "some": true, "any": true,
}

// contentHashes returns the stem hashes of the content words of text in
// order (keepNeg keeps negations, which change a phrase's meaning).
func contentHashes(a *analysis, text string, keepNeg bool) []uint64 {
	a.text = text
	a.toks = a.toks[:0]
	a.tokenize()
	lookupWords(text, a.toks)
	var out []uint64
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind == tokPunct {
			continue
		}
		if t.content() || keepNeg && t.is(wNegation) {
			out = append(out, t.hash)
		}
	}
	if len(out) == 0 {
		// A phrase of function words only ("on call") still names something.
		for i := range a.toks {
			if a.toks[i].kind != tokPunct {
				out = append(out, a.toks[i].hash)
			}
		}
	}
	return out
}

// refHash is how reference-answer matching names a word: by its stem.
func (t *token) refHash() uint64 { return t.hash }

// refTermSet is termSet hashed for reference matching.
func refTermSet(a *analysis, text string, skip map[uint64]bool) []uint64 {
	a.text = text
	a.toks = a.toks[:0]
	a.tokenize()
	lookupWords(text, a.toks)
	var out []uint64
	for i := range a.toks {
		t := &a.toks[i]
		if !t.content() || t.is(wFiller|wGeneric) || skip[t.hash] {
			continue
		}
		out = append(out, t.refHash())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// termSet returns the sorted distinct content stems of text, minus skip.
func termSet(a *analysis, text string, skip map[uint64]bool) []uint64 {
	a.text = text
	a.toks = a.toks[:0]
	a.tokenize()
	lookupWords(text, a.toks)
	var out []uint64
	for i := range a.toks {
		t := &a.toks[i]
		if !t.content() || t.is(wFiller|wGeneric) || skip[t.hash] {
			continue
		}
		out = append(out, t.hash)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// slug makes a talking point id from its label: "Root cause analysis" →
// "root-cause-analysis".
func slug(label string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(label) {
		if isWordRune(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "point"
	}
	s := b.String()
	if len(s) > 48 {
		s = strings.TrimRight(s[:48], "-")
	}
	return s
}

// leadPhrases open a tip without naming what to cover.
var leadPhrases = []string{
	"give concrete examples of", "give a concrete example of", "give examples of", "give an example of",
	"walk me through", "walk through", "talk about", "talk through", "be ready to discuss",
	"be prepared to discuss", "be specific about", "expect to discuss", "interviewers look for",
	"interviewers want to hear", "interviewers want", "look for", "touch on", "focus on", "discuss",
	"cover", "describe", "explain", "mention", "include", "show", "highlight", "emphasize",
	"emphasise", "address", "outline", "demonstrate", "share", "detail", "consider", "explain how",
	"how you", "when you would", "when you", "what you", "why you", "your approach to", "your",
	"the", "a", "an", "any", "of", "about", "how", "what", "why",
}

// DecomposeTips splits free-text tips into talking points: "Walk through
// profiling, root cause analysis, the fix, and measurable improvement."
// gives profiling, root cause analysis, the fix, measurable improvement.
// Tips are split into sentences, then on commas, semicolons, "and", "or";
// lead verbs ("Discuss", "Walk through") and articles are stripped.
func DecomposeTips(tips string) []questions.TalkingPoint {
	var out []questions.TalkingPoint
	ids := map[string]int{}
	for _, sent := range splitTipSentences(tips) {
		for _, item := range splitTipItems(sent) {
			label := trimTipItem(item)
			if label == "" || !hasContentWord(label) {
				continue
			}
			id := slug(label)
			if n := ids[id]; n > 0 {
				ids[id] = n + 1
				id += "-" + strconv.Itoa(n+1)
			} else {
				ids[id] = 1
			}
			out = append(out, questions.TalkingPoint{ID: id, Label: label, Phrases: []string{label}})
			if len(out) == 12 {
				return out
			}
		}
	}
	return out
}

func splitTipSentences(tips string) []string {
	return strings.FieldsFunc(tips, func(r rune) bool {
		return r == '.' || r == '!' || r == '?' || r == '\n' || r == ':' || r == ';'
	})
}

// splitTipItems splits one tip sentence on commas and the words "and",
// "or", "as well as", "plus", "&".
func splitTipItems(s string) []string {
	var items []string
	for _, part := range strings.Split(s, ",") {
		fields := strings.Fields(part)
		start := 0
		for i := 0; i <= len(fields); i++ {
			if i < len(fields) {
				w := strings.ToLower(fields[i])
				if w != "and" && w != "or" && w != "&" && w != "plus" && !(w == "as" && i+2 < len(fields) && strings.ToLower(fields[i+1]) == "well" && strings.ToLower(fields[i+2]) == "as") {
					continue
				}
			}
			if i > start {
				items = append(items, strings.Join(fields[start:i], " "))
			}
			start = i + 1
			if i < len(fields) && strings.ToLower(fields[i]) == "as" {
				start = i + 3
				i += 2
			}
		}
	}
	return items
}

func trimTipItem(item string) string {
	s := strings.TrimSpace(item)
	for changed := true; changed; {
		changed = false
		low := strings.ToLower(s)
		for _, lead := range leadPhrases {
			if strings.HasPrefix(low, lead) && (len(low) == len(lead) || low[len(lead)] == ' ') {
				s = strings.TrimSpace(s[len(lead):])
				changed = true
				break
			}
		}
	}
	s = strings.Trim(s, " \t\"'()[]-–—")
	switch strings.ToLower(s) {
	case "vice versa", "etc", "so on", "more", "others", "other", "similar":
		return ""
	}
	return s
}

func hasContentWord(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		w = strings.Trim(w, ".,;:!?\"'()")
		if w != "" && !stopWord(w) && lexicon[w]&wGeneric == 0 {
			return true
		}
	}
	return false
}

// pointMatch is one place an answer says a talking point.
type pointMatch struct {
	strength float64
	lo, hi   int32 // token range
}

// coverage matches the talking points of cq against the answer: a point
// is covered by a full phrase match in a real sentence, partial by half
// of a phrase's words or a match inside a keyword salad, and missing
// otherwise. Negated mentions ("we never had a rollback plan") and
// repeated or injected sentences earn nothing.
func (a *analysis) coverage(cq *compiledQuestion, behavioral bool, cov *Coverage, evSlab *evidenceSlab) {
	np := len(cq.points)
	cov.Points = make([]PointCoverage, np)
	if np == 0 {
		return
	}
	nph := len(cq.phrases)
	a.masks = grow(a.masks, nph)
	a.seen = grow(a.seen, 3*nph)
	for i := range a.masks {
		a.masks[i] = 0
	}
	a.best = grow(a.best, np) // up to three best matches per point
	best := a.best
	clear(best)
	for si := range a.sents {
		s := &a.sents[si]
		if s.duplicate || s.injected {
			continue
		}
		touched := a.seen[:0]
		for k := s.tokLo; k < s.tokHi; k++ {
			t := &a.toks[k]
			if t.kind == tokPunct || cq.filter[(t.hash>>6)&15]&(1<<(t.hash&63)) == 0 {
				continue
			}
			for _, ref := range cq.index[t.hash] {
				p := ref.phrase
				if a.masks[p] == 0 {
					touched = append(touched, p)
					a.firstLast(p, k, true)
				}
				a.masks[p] |= 1 << uint(ref.pos)
				a.firstLast(p, k, false)
			}
		}
		for _, p := range touched {
			ph := &cq.phrases[p]
			mask := a.masks[p]
			a.masks[p] = 0
			lo, hi := a.lohi(p)
			n := len(ph.hashes)
			found := bits.OnesCount64(mask & ph.content)
			if found == 0 {
				continue
			}
			strength := float64(found) / float64(ph.nContent)
			switch {
			case bits.OnesCount64(mask) == n && a.inOrder(ph.hashes, lo, hi):
				strength = 1
			case ph.strict:
				continue
			case found == ph.nContent:
				strength = 0.85 // all the words, not as a phrase
			case ph.nContent <= 1 || found*2 < ph.nContent:
				continue
			default:
				strength *= 0.9
				// Evidence of a partial match: its content words only.
				lo, hi = a.contentRange(ph, lo, hi)
			}
			if a.negated(s, lo, ph.hashes) {
				continue
			}
			strength *= s.form
			keepBest(&best[ph.point], pointMatch{strength: strength, lo: lo, hi: hi})
		}
	}
	// Quantity points: a quantified result is measurable evidence.
	for pi, cp := range cq.points {
		if !cp.quantity {
			continue
		}
		for si := range a.sents {
			s := &a.sents[si]
			if s.duplicate || s.injected || si >= len(a.feats) || !a.feats[si].quantified ||
				behavioral && a.labels[si] != stR {
				continue
			}
			keepBest(&best[pi], pointMatch{strength: s.form, lo: s.tokLo, hi: s.tokHi - 1})
		}
	}
	total := 0.0
	for pi, cp := range cq.points {
		pc := &cov.Points[pi]
		pc.ID, pc.Label = cp.id, cp.label
		m := best[pi]
		switch top := m[0].strength; {
		case top >= 0.75:
			pc.Status = Covered
			total += 1
		case top >= 0.3:
			pc.Status = Partial
			total += 0.5
		default:
			pc.Status = Missing
		}
		n := 0
		for _, x := range m {
			if x.strength >= 0.3 && (pc.Status != Covered || x.strength >= 0.75) {
				n++
			}
		}
		pc.Evidence = evSlab.take(n)
		for _, x := range m[:n] {
			pc.Evidence = append(pc.Evidence, a.evidence(a.toks[x.lo].start, a.toks[x.hi].end))
		}
		slices.SortFunc(pc.Evidence, func(x, y Evidence) int { return x.Start - y.Start })
	}
	cov.Score = round2(total / float64(np))
}

// contentRange narrows [lo, hi] to the tokens that match the phrase's
// content words.
func (a *analysis) contentRange(ph *phrase, lo, hi int32) (int32, int32) {
	first, last := hi, lo
	for k := lo; k <= hi; k++ {
		h := a.toks[k].hash
		for pos, x := range ph.hashes {
			if x == h && ph.content&(1<<uint(pos)) != 0 {
				first, last = min(first, k), max(last, k)
				break
			}
		}
	}
	if first > last {
		return lo, hi
	}
	return first, last
}

// firstLast records the first (when first) or last token of phrase p in
// the current sentence, in a.seen's second and third thirds.
func (a *analysis) firstLast(p int32, k int32, first bool) {
	n := int32(len(a.masks))
	if first {
		a.seen[n+p] = k
	}
	a.seen[2*n+p] = k
}

func (a *analysis) lohi(p int32) (int32, int32) {
	n := int32(len(a.masks))
	return a.seen[n+p], a.seen[2*n+p]
}

// inOrder reports whether the phrase's words appear in order between
// tokens lo and hi with at most three other words between two of them.
func (a *analysis) inOrder(hs []uint64, lo, hi int32) bool {
	for start := lo; start <= hi; start++ {
		if a.toks[start].hash != hs[0] {
			continue
		}
		pos, gap := 1, 0
		for k := start + 1; k <= hi && pos < len(hs); k++ {
			t := &a.toks[k]
			if t.kind == tokPunct {
				if p := a.text[t.start:t.end]; p == "-" || p == "/" {
					continue
				}
			}
			if t.hash == hs[pos] {
				pos++
				gap = 0
				continue
			}
			gap++
			if gap > 3 {
				break
			}
		}
		if pos == len(hs) {
			return true
		}
	}
	return len(hs) == 1
}

// negated reports whether a negation governs a match starting at token
// lo: "not", "never", "didn't", "without" up to five words before it, in
// the same clause, unless the phrase itself holds the negation.
func (a *analysis) negated(s *sentence, lo int32, hs []uint64) bool {
	for k := lo - 1; k >= s.tokLo && k >= lo-negationWindow; k-- {
		t := &a.toks[k]
		if t.kind == tokPunct {
			return false
		}
		if t.lower == "but" {
			return false
		}
		if t.is(wNegation) {
			return !slices.Contains(hs, t.hash)
		}
	}
	return false
}

func keepBest(m *[3]pointMatch, x pointMatch) {
	for i := range m {
		if m[i].strength > 0 && m[i].lo == x.lo && m[i].hi == x.hi {
			if x.strength > m[i].strength {
				m[i].strength = x.strength
			}
			return
		}
	}
	for i := range m {
		if x.strength > m[i].strength || x.strength == m[i].strength && m[i].strength > 0 && x.lo < m[i].lo {
			copy(m[i+1:], m[i:len(m)-1])
			m[i] = x
			return
		}
	}
}

// evidenceSlab hands out evidence slices from one allocation.
type evidenceSlab struct{ buf []Evidence }

func (s *evidenceSlab) take(n int) []Evidence {
	if n > len(s.buf) {
		return make([]Evidence, 0, n)
	}
	out := s.buf[:0:n]
	s.buf = s.buf[n:]
	return out
}

// answerTerms collects the sorted distinct content stems of the answer's
// countable sentences (not repeated, not injected, not salad) into a.hashes.
func (a *analysis) answerTerms(includeSalad bool) []uint64 {
	return a.collectTerms(includeSalad, false)
}

func (a *analysis) collectTerms(includeSalad, ref bool) []uint64 {
	a.hashes = a.hashes[:0]
	for si := range a.sents {
		s := &a.sents[si]
		if s.duplicate || s.injected || s.salad && !includeSalad {
			continue
		}
		for k := s.tokLo; k < s.tokHi; k++ {
			t := &a.toks[k]
			if t.content() && !t.is(wFiller|wGeneric) {
				if ref {
					a.hashes = append(a.hashes, t.refHash())
				} else {
					a.hashes = append(a.hashes, t.hash)
				}
			}
		}
	}
	slices.Sort(a.hashes)
	a.hashes = slices.Compact(a.hashes)
	return a.hashes
}

// overlap counts the terms of want (sorted) present in have (sorted).
func overlap(want, have []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(want) && j < len(have) {
		switch {
		case want[i] == have[j]:
			n++
			i++
			j++
		case want[i] < have[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// appendClaimWords adds to terms (sorted) the function words of the
// analysed text that carry a claim: relations ("same", "between", "off")
// and one "not" term for any negation, since "is not connected" and "is
// connected" are opposite answers. Used only against reference answers.
func appendClaimWords(a *analysis, terms []uint64) []uint64 {
	for i := range a.toks {
		t := &a.toks[i]
		if len(a.sents) > 0 && a.sents[t.sent].duplicate {
			continue
		}
		switch {
		case t.is(wNegation):
			terms = insertSorted(terms, negationTerm)
		case t.is(wRelation):
			terms = insertSorted(terms, t.refHash())
		}
	}
	return terms
}

// nearIndex finds the answer's stems by their first four letters, for
// near matches against reference words.
type nearIndex struct {
	stems []string
	keys  []uint64 // first four bytes << 32 | index into stems, sorted
}

func prefix4(s string) uint64 {
	return uint64(s[0])<<24 | uint64(s[1])<<16 | uint64(s[2])<<8 | uint64(s[3])
}

// buildNear indexes the content stems of the answer's countable sentences.
func (a *analysis) buildNear() *nearIndex {
	n := &a.near
	n.stems, n.keys = n.stems[:0], n.keys[:0]
	for si := range a.sents {
		s := &a.sents[si]
		if s.duplicate || s.injected {
			continue
		}
		for k := s.tokLo; k < s.tokHi; k++ {
			if t := &a.toks[k]; t.content() && len(t.stem) >= 4 {
				n.keys = append(n.keys, prefix4(t.stem)<<32|uint64(len(n.stems)))
				n.stems = append(n.stems, t.stem)
			}
		}
	}
	slices.Sort(n.keys)
	return n
}

// has reports whether the answer holds a near form of the reference stem.
func (n *nearIndex) has(ref string) bool {
	if len(ref) < 4 {
		return false
	}
	key := prefix4(ref)
	i, _ := slices.BinarySearch(n.keys, key<<32)
	for ; i < len(n.keys) && n.keys[i]>>32 == key; i++ {
		if nearStem(ref, n.stems[n.keys[i]&0xffffffff]) {
			return true
		}
	}
	return false
}

// nearStem reports whether a reference stem and an answer stem are forms
// of one word that the stemmer kept apart: a shared prefix of five
// letters ("conduct", "conductor") or one a prefix of the other of at
// least four ("hard", "harder").
func nearStem(ref, s string) bool {
	n := 0
	for n < len(ref) && n < len(s) && ref[n] == s[n] {
		n++
	}
	return n >= 5 || n >= 4 && (n == len(ref) || n == len(s))
}

// negationWindow is how many words before a match a negation reaches.
const negationWindow = 5
