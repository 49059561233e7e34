package scoring

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring/nlp/wordnet"
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
	// syns are, per word, its WordNet synsets (content words of two or
	// more letters that are not light), so "repaired" shows "fix".
	syns [][]uint32
	// problem phrases name a bad outcome ("missed incidents", "downtime",
	// "data loss"): denying or avoiding one says something good.
	problem bool
	// borrowed phrases come from a bank point of the same name (see
	// compileQuestion): a list of ways to say it, so a part of one does
	// not count as much as a part of the interviewer's own words.
	borrowed bool
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
	q       questions.Question
	kind    Kind
	points  []compiledPoint
	phrases []phrase
	index   refTable
	filter  [16]uint64 // bit h%1024 set for every indexed stem: skips most lookups
	qTerms  []uint64   // content stems of the question text, sorted
	// qFam indexes the WordNet families of the question's words: synset
	// → bit of its word in qTerms (the first 64), so an answer that says
	// "I led the team" is about "leadership"; qFamFilter skips most
	// lookups.
	qFam       map[uint32]uint64
	qFamFilter [16]uint64
	// topical counts the distinct words of the question and its tips that
	// name a subject: not light, vague, how-to-answer or STAR words. "Tell
	// me about a time you solved a hard problem. Use STAR…" has fewer than
	// two: any story answers it, so no answer is off its topic.
	topical  int
	tipTerms []uint64 // content stems of the tips and point labels, sorted
	// topicTerms are the words of the whole question: its text, tips,
	// every phrase of its points and its reference answers, sorted.
	topicTerms []uint64
	refs       []compiledRef
	refWords   int      // content words of the longest reference answer
	refQTerms  []uint64 // the question's content terms, sorted, as reference matching demotes them
	auto       bool     // points were decomposed from free-text tips
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
//
// concepts (nil for the bank's own questions) lends a point that names a
// concept and no more (a point of tips, or a label without phrases) the
// phrases the bank lists for a point of the same name: "Parameterized
// queries" is also said as "prepared statements" or "bind parameters",
// whichever question asks about it.
func compileQuestion(q questions.Question, refs []string, concepts conceptTable) *compiledQuestion {
	cq := &compiledQuestion{q: q, kind: kindOf(q)}
	index := map[uint64][]phraseRef{}
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
		own := len(texts)
		if concepts != nil && len(texts) == 1 && texts[0] == label {
			if more := concepts[conceptKey(a, label)]; len(more) > 0 {
				texts = append(slices.Clip(texts), more...)
			}
		}
		for ti, t := range texts {
			ph := phraseOf(a, t)
			ph.borrowed = ti >= own
			if ph.nContent == 0 || len(ph.hashes) > 64 {
				continue
			}
			ph.point = i
			pi := int32(len(cq.phrases))
			cq.phrases = append(cq.phrases, ph)
			for pos, h := range ph.hashes {
				index[h] = append(index[h], phraseRef{phrase: pi, pos: int32(pos)})
				cq.filter[(h>>6)&15] |= 1 << (h & 63)
			}
			// WordNet synonyms of the phrase's content words match too.
			for pos, syn := range ph.syns {
				for _, s := range syn {
					h := synKey(s)
					index[h] = append(index[h], phraseRef{phrase: pi, pos: int32(pos)})
					cq.filter[(h>>6)&15] |= 1 << (h & 63)
				}
			}
		}
		for _, h := range contentHashes(a, label, false) {
			if quantityStems[h] {
				cp.quantity = true
			}
		}
		cq.points = append(cq.points, cp)
	}
	cq.index = newRefTable(index)
	cq.qTerms = termSet(a, q.Text, questionWords)
	cq.qFam = questionFamilies(a, q.Text, cq.qTerms, &cq.qFamFilter)
	var tips strings.Builder
	tips.WriteString(q.Tips)
	for _, p := range cq.points {
		tips.WriteString(". ")
		tips.WriteString(p.label)
	}
	cq.tipTerms = termSet(a, tips.String(), questionWords)
	cq.topical = topicalWords(a, q.Text+". "+tips.String())
	for _, p := range points {
		for _, ph := range p.Phrases {
			tips.WriteString(". ")
			tips.WriteString(ph)
		}
	}
	for _, r := range refs {
		tips.WriteString("\n\n")
		tips.WriteString(r)
	}
	tips.WriteString(". ")
	tips.WriteString(q.Text)
	cq.topicTerms = termSet(a, tips.String(), questionWords)
	cq.compileReferences(a, refs)
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
	a.words(text)
	var ph phrase
	countered := false
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind == tokPunct || phraseSkip[t.lower] {
			continue
		}
		if t.content() || t.is(wNegation) {
			ph.content |= 1 << uint(len(ph.hashes))
			ph.nContent++
		}
		var syn []uint32
		if t.content() && !t.is(wLight) {
			syn = t.syn
		}
		if t.content() {
			// The phrase's head, its last content word, decides: "missed
			// incidents" and "data loss" are problems, "error handling"
			// and "regression tests" are practices; so does a verb of
			// keeping a problem down before it: "preventing new debt",
			// "reducing toil" are practices.
			ph.problem = problemStems[t.hash] && !countered
			countered = countered || counterStems[t.hash]
		}
		ph.syns = append(ph.syns, syn)
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
	a.words(text)
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

// termSet returns the sorted distinct content stems of text, minus skip.
func termSet(a *analysis, text string, skip map[uint64]bool) []uint64 {
	a.words(text)
	var out []uint64
	for i := range a.toks {
		t := &a.toks[i]
		if !t.content() || t.is(wFiller|wGeneric|wLight) || skip[t.hash] {
			continue
		}
		out = append(out, t.hash)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// topicalWords counts the distinct subject words of text (see topical).
func topicalWords(a *analysis, text string) int {
	a.words(text)
	var seen []uint64
	for i := range a.toks {
		t := &a.toks[i]
		if !t.content() || t.is(wFiller|wGeneric|wLight) || t.mark(eMeta|eVague) || slices.Contains(seen, t.hash) {
			continue
		}
		// "took", "made": a light verb in another form.
		if lemma := wordnet.Lemma(t.lower); lemma != t.lower && lightConcepts[conceptHash(stem(lemma))] {
			continue
		}
		seen = append(seen, t.hash)
	}
	return len(seen)
}

// questionFamilies maps the WordNet family synsets of the words of text
// whose stems are in qTerms to the bits of those terms (see qFam).
func questionFamilies(a *analysis, text string, qTerms []uint64, filter *[16]uint64) map[uint32]uint64 {
	a.words(text)
	var m map[uint32]uint64
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind == tokPunct || len(t.fam) == 0 {
			continue
		}
		j, ok := slices.BinarySearch(qTerms, t.hash)
		if !ok || j >= 64 {
			continue
		}
		// Only a word of one part of speech: "leadership", "failure",
		// "demonstrate". A word that is also a verb or an adjective
		// ("secure": safe, fasten, obtain) has a family too wide to
		// say what the question is about.
		if pos := wordnet.POSOf(t.lower); pos&(pos-1) != 0 {
			continue
		}
		if m == nil {
			m = map[uint32]uint64{}
		}
		for _, sy := range t.fam {
			m[sy] |= 1 << uint(j)
			filter[(sy>>6)&15] |= 1 << (sy & 63)
		}
	}
	return m
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

// conceptTable maps a talking point's name (conceptKey) to the phrases the
// bank's points of that name list.
type conceptTable map[uint64][]string

// conceptKey is an order-free key of the content words of a label, so
// "Saga pattern" and "saga patterns" name one concept.
func conceptKey(a *analysis, label string) uint64 {
	hs := contentHashes(a, label, false)
	slices.Sort(hs)
	hs = slices.Compact(hs)
	k := uint64(14695981039346656037)
	for _, h := range hs {
		k ^= h
		k *= 1099511628211
	}
	return k
}

// bankConcepts collects, per point name, the phrases of the bank's points
// (first listed first, each once).
func bankConcepts(bank []questions.Question) conceptTable {
	a := getAnalysis("")
	defer putAnalysis(a)
	t := conceptTable{}
	seen := map[uint64]map[string]bool{}
	for _, q := range bank {
		for _, p := range q.TalkingPoints {
			label := strings.TrimSpace(p.Label)
			if label == "" || len(p.Phrases) == 0 {
				continue
			}
			k := conceptKey(a, label)
			if seen[k] == nil {
				seen[k] = map[string]bool{strings.ToLower(label): true}
			}
			for _, ph := range p.Phrases {
				if low := strings.ToLower(strings.TrimSpace(ph)); low != "" && !seen[k][low] {
					seen[k][low] = true
					t[k] = append(t[k], ph)
				}
			}
		}
	}
	return t
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
func (a *analysis) coverage(cq *compiledQuestion, behavioral, onTopic bool, cov *Coverage, evSlab *evidenceSlab) {
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
	a.contra = grow(a.contra, np)
	contra := a.contra
	clear(contra)
	for si := range a.sents {
		s := &a.sents[si]
		if s.duplicate || s.injected || s.salad || s.echo {
			continue // a list of terms or a copy of the question shows nothing
		}
		touched := a.seen[:0]
		for k := s.tokLo; k < s.tokHi; k++ {
			t := &a.toks[k]
			if t.kind == tokPunct {
				continue
			}
			if cq.filter[(t.hash>>6)&15]&(1<<(t.hash&63)) == 0 {
				goto synonyms
			}
			for _, ref := range cq.index.get(t.hash) {
				p := ref.phrase
				if a.masks[p] == 0 {
					touched = append(touched, p)
					a.firstLast(p, k, true)
				}
				a.masks[p] |= 1 << uint(ref.pos)
				a.firstLast(p, k, false)
			}
		synonyms:
			if t.is(wLight) {
				continue
			}
			for _, sy := range t.syn {
				h := synKey(sy)
				if cq.filter[(h>>6)&15]&(1<<(h&63)) == 0 {
					continue
				}
				for _, ref := range cq.index.get(h) {
					p := ref.phrase
					if a.masks[p] == 0 {
						touched = append(touched, p)
						a.firstLast(p, k, true)
					}
					a.masks[p] |= 1 << uint(ref.pos)
					a.firstLast(p, k, false)
				}
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
			negated := false
			switch {
			case bits.OnesCount64(mask) == n:
				if st, en, ok := a.phraseAt(s, ph.hashes, lo, hi); ok {
					strength, lo, hi = 1, st, en
					break
				}
				if ph.strict {
					continue
				}
				negated = a.anyNegated(s, ph, lo, hi)
				strength = 0.85 // all the words, not as a phrase
			case ph.strict:
				continue
			case found == ph.nContent:
				negated = a.anyNegated(s, ph, lo, hi)
				strength = 0.85
			case ph.nContent <= 1 || found*2 < ph.nContent:
				continue
			default:
				// Evidence of a partial match: its content words only, and
				// at least one of them more than a light word ("two" of
				// "two of three", "add" of "add an index").
				lo, hi = a.contentRange(ph, lo, hi)
				if !a.hasHeavyWord(ph, lo, hi) {
					continue
				}
				negated = a.anyNegated(s, ph, lo, hi)
				strength *= 0.9
				if cq.auto && s.said && !ph.borrowed && found*2 > ph.nContent {
					// A point decomposed from free tips is a few words
					// of the interviewer's, not a list of ways to say it:
					// most of its words in a sentence that says
					// something show it.
					strength = max(strength, 0.8)
				}
			}
			if !ph.problem && (negated || a.rejected(s, lo, hi) || a.laterNegated(s, ph, hi)) {
				// Said, but rejected: "we never measured", "versioning is
				// unnecessary", "I skip documentation".
				if contra[ph.point].strength == 0 && strength >= 0.5 {
					contra[ph.point] = pointMatch{strength: strength, lo: s.tokLo, hi: s.tokHi - 1}
				}
				continue
			}
			strength *= s.form
			if !s.said {
				strength = min(strength, namedOnly) // named, nothing said of it
			}
			keepBest(&best[ph.point], pointMatch{strength: strength, lo: lo, hi: hi})
		}
	}
	// Quantity points: a quantified result is measurable evidence, in an
	// answer that is about the question at all.
	for pi, cp := range cq.points {
		if !cp.quantity || !onTopic {
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
	cov.Contradicted = 0
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
		if c := contra[pi]; c.strength > 0 && pc.Status != Covered {
			// The answer rejects the point (a passing mention elsewhere does
			// not undo that): shown as such, with the sentence that
			// rejects it, and it costs.
			if pc.Status == Partial {
				total -= 0.5
			}
			pc.Status = Missing
			pc.Contradicted = true
			cov.Contradicted++
			total -= contradictedCost
			pc.Evidence = evSlab.take(1)
			pc.Evidence = append(pc.Evidence, a.evidence(a.toks[c.lo].start, a.toks[c.hi].end))
			continue
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
	cov.Score = round2(max(0, total) / float64(np))
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

// phraseAt finds the first occurrence of the phrase's words in order
// between tokens lo and hi, with at most three other words between two of
// them, that no negation governs. It returns its first and last token.
func (a *analysis) phraseAt(s *sentence, hs []uint64, lo, hi int32) (int32, int32, bool) {
	for start := lo; start <= hi; start++ {
		if a.toks[start].hash != hs[0] {
			continue
		}
		end, ok := a.inOrderFrom(hs, start, hi)
		if ok && !a.negatedSpan(s, hs, start, end) {
			return start, end, true
		}
	}
	return 0, 0, false
}

// inOrderFrom matches the phrase from token start (which holds its first
// word) and returns the token of its last word.
func (a *analysis) inOrderFrom(hs []uint64, start, hi int32) (int32, bool) {
	pos, gap := 1, 0
	end := start
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
			end = k
			continue
		}
		gap++
		if gap > 3 {
			break
		}
	}
	return end, pos == len(hs)
}

// negatedSpan reports whether a negation governs the match [lo, hi]: one
// before it in its clause ("I did not add an index", "instead of adding an
// index"), one inside it that the phrase does not hold ("I added no
// index", "an index was not added"), or one right after it on its verb
// ("the index wasn't needed").
func (a *analysis) negatedSpan(s *sentence, hs []uint64, lo, hi int32) bool {
	if a.negatedBefore(s, lo, hs) {
		return true
	}
	for k := lo + 1; k < hi; k++ {
		if t := &a.toks[k]; t.is(wNegation) && !slices.Contains(hs, t.hash) && !a.notOnly(k) {
			return true
		}
	}
	for k := hi + 1; k < s.tokHi && k <= hi+3; k++ {
		t := &a.toks[k]
		switch {
		case t.kind == tokPunct:
			return false
		case t.is(wNegation):
			return !a.notOnly(k)
		case t.is(wBeHave|wModal) || t.is(wVerb) && t.is(wStop):
			continue // "was", "did", "could": the verb of the clause
		default:
			return false
		}
	}
	return false
}

// anyNegated reports whether a negation governs any of the phrase's words
// found between lo and hi (a match out of order or in part).
func (a *analysis) anyNegated(s *sentence, ph *phrase, lo, hi int32) bool {
	for k := lo; k <= hi; k++ {
		h := a.toks[k].hash
		for pos, x := range ph.hashes {
			if x == h && ph.content&(1<<uint(pos)) != 0 {
				if a.negatedSpan(s, ph.hashes, k, k) {
					return true
				}
				break
			}
		}
	}
	return false
}

// hasHeavyWord reports whether a partial match between lo and hi holds a
// content word of the phrase that is not a light word.
func (a *analysis) hasHeavyWord(ph *phrase, lo, hi int32) bool {
	for k := lo; k <= hi; k++ {
		t := &a.toks[k]
		if t.is(wLight) || !t.content() {
			continue
		}
		if slices.Contains(ph.hashes, t.hash) {
			return true
		}
	}
	return false
}

// negatedBefore reports whether a negation governs a match starting at
// token lo: "not", "never", "didn't", "without", "instead of", "rather
// than" up to five words before it, in the same clause, unless the phrase
// itself holds the negation or it is "not only".
func (a *analysis) negatedBefore(s *sentence, lo int32, hs []uint64) bool {
	// Negations in the clause before the match cancel in pairs: "I never
	// deploy without a rollback plan" has one.
	neg := false
	for k := lo - 1; k >= s.tokLo && k >= lo-negationWindow; k-- {
		t := &a.toks[k]
		if t.kind == tokPunct || t.id == idBut {
			break
		}
		if t.is(wNegation) && !slices.Contains(hs, t.hash) && !a.notOnly(k) {
			neg = !neg
			continue
		}
		if k > s.tokLo && (t.id == idOf && a.toks[k-1].id == idInstead || t.id == idThan && a.toks[k-1].id == idRather) {
			neg = !neg
		}
	}
	return neg
}

// notOnly reports whether the negation at token k opens "not only" or
// "not just", which add rather than deny.
func (a *analysis) notOnly(k int32) bool {
	if k+1 >= int32(len(a.toks)) {
		return false
	}
	n := a.toks[k+1].lower
	return a.toks[k].id == idNot && (n == "only" || n == "just")
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

// answerTerms collects the distinct content terms of the answer's
// countable sentences (not repeated, not injected, not salad) into a.terms.
func (a *analysis) answerTerms() {
	a.terms.reset(len(a.toks))
	for si := range a.sents {
		s := &a.sents[si]
		if s.duplicate || s.injected || s.salad || s.echo {
			continue
		}
		for k := s.tokLo; k < s.tokHi; k++ {
			t := &a.toks[k]
			if t.content() && !t.is(wFiller|wGeneric) {
				a.terms.add(t.hash)
			}
		}
	}
}

// nearIndex finds the answer's stems by their first four letters, for
// near matches against reference words: a small hash table of prefixes,
// each heading a chain of the stems that share it.
type nearIndex struct {
	stems []string
	next  []int32  // per stem: the previous stem with the same prefix, or -1
	slots []uint64 // prefix << 32 | (index of the latest stem with it + 1); 0 is empty
	mask  uint64
}

func prefix4(s string) uint64 {
	return uint64(s[0])<<24 | uint64(s[1])<<16 | uint64(s[2])<<8 | uint64(s[3])
}

// slot returns the table slot of a prefix: its own, or the empty one
// where it goes.
func (n *nearIndex) slot(key uint64) uint64 {
	i := (key * 0x9e3779b97f4a7c15 >> 40) & n.mask
	for n.slots[i] != 0 && n.slots[i]>>32 != key {
		i = (i + 1) & n.mask
	}
	return i
}

// buildNear indexes the content stems of the answer's countable sentences.
func (a *analysis) buildNear() *nearIndex {
	n := &a.near
	n.stems, n.next = n.stems[:0], n.next[:0]
	size := 64
	for size < 2*len(a.toks) {
		size <<= 1
	}
	n.slots = grow(n.slots, size)
	clear(n.slots)
	n.mask = uint64(size - 1)
	for si := range a.sents {
		s := &a.sents[si]
		if s.duplicate || s.injected {
			continue
		}
		for k := s.tokLo; k < s.tokHi; k++ {
			if t := &a.toks[k]; t.content() && len(t.stem) >= 4 {
				key := prefix4(t.stem)
				i := n.slot(key)
				prev := int32(n.slots[i]&0xffffffff) - 1
				n.next = append(n.next, prev)
				n.stems = append(n.stems, t.stem)
				n.slots[i] = key<<32 | uint64(len(n.stems))
			}
		}
	}
	return n
}

// has reports whether the answer holds a near form of the reference stem.
func (n *nearIndex) has(ref string) bool {
	if len(ref) < 4 || len(n.slots) == 0 {
		return false
	}
	for j := int32(n.slots[n.slot(prefix4(ref))]&0xffffffff) - 1; j >= 0; j = n.next[j] {
		if nearStem(ref, n.stems[j]) {
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
const negationWindow = 7

// problemStems are words that name a bad outcome: a phrase holding one is
// shown, not rejected, by "we missed no incidents" or "to avoid downtime".
// counterStems keep a problem down: a phrase that names one after them
// ("preventing new debt", "reducing alert noise") names a practice.
var counterStems = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range strings.Fields(`prevent preventing prevention avoid avoiding reduce reducing reduction minimise
		minimize minimising minimizing eliminate eliminating detect detecting detection fix fixing handle handling
		manage managing mitigate mitigating mitigation pay paying limit limiting stop stopping catch catching
		track tracking lower lowering cut cutting`) {
		m[stemHash(stem(w))] = true
		m[conceptHash(stem(w))] = true
	}
	return m
}()

var problemStems = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range strings.Fields(`miss missed failure failures fail error errors outage outages downtime incident incidents
		bug bugs regression regressions leak leaks loss lost breach breaches crash crashes flaky flakiness toil burnout
		debt risk risks vulnerability vulnerabilities deadlock deadlocks race corruption duplicate duplicates
		timeout timeouts churn complaints defect defects escape escapes noise alert-fatigue`) {
		m[stemHash(stem(w))] = true
		m[conceptHash(stem(w))] = true
	}
	return m
}()
