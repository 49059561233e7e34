package nlp

import (
	"math/bits"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// scratch is the per-call state of TagWords, pooled so a warm tagger does
// not allocate.
type scratch struct {
	word []uint64 // hash of each context word (normalised), 2 before and 2 after
	suf  []uint64 // hash of its last three bytes
	buf  []byte   // a lower-cased word
	// plain reports that a word is its own normalised form.
	plain []bool
	recs  []*wordRecord // the record of each context word
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Context words around the sentence, as prose pads it.
var (
	hStart  = hashString("-START-")
	hStart2 = hashString("-START2-")
	hEnd    = hashString("-END-")
	hEnd2   = hashString("-END2-")
	hHyphen = hashString("!HYPHEN")
	hYear   = hashString("!YEAR")
	hDigits = hashString("!DIGITS")

	sStart  = hashString("RT-") // suffixes: -START- ...
	sStart2 = hashString("T2-")
	sEnd    = hashString("ND-")
	sEnd2   = hashString("D2-")
	sHyphen = hashString("HEN")
	sYear   = hashString("EAR")
	sDigits = hashString("ITS")
)

// TagWords tags one sentence of words (tokens as written, case kept) and
// writes the tags into out, which must be as long as words. It computes
// what prose's perceptron tagger computes for the same tokens, with the
// same features and weights, without building strings: after the model is
// loaded it does not allocate.
//
// Words are expected as prose's tokenizer splits them: punctuation marks
// and clitics ("n't", "'s") as words of their own.
func TagWords(words []string, out []Tag) {
	if len(out) < len(words) {
		panic("nlp: TagWords: out shorter than words")
	}
	if len(words) == 0 {
		return
	}
	m := loaded()
	sc := scratchPool.Get().(*scratch)
	m.tag(sc, words, out)
	scratchPool.Put(sc)
}

func (m *model) tag(sc *scratch, words []string, out []Tag) {
	n := len(words) + 4
	if cap(sc.word) < n {
		sc.word = make([]uint64, n)
		sc.suf = make([]uint64, n)
		sc.plain = make([]bool, n)
		sc.recs = make([]*wordRecord, n)
	}
	hw, hs := sc.word[:n], sc.suf[:n]
	hw[0], hs[0] = hStart, sStart
	hw[1], hs[1] = hStart2, sStart2
	for i, w := range words {
		hw[i+2], hs[i+2], sc.plain[i] = sc.normalized(w)
	}
	hw[n-2], hs[n-2] = hEnd, sEnd
	hw[n-1], hs[n-1] = hEnd2, sEnd2
	recs := sc.recs[:n]
	for j, h := range hw {
		recs[j] = m.record(h)
	}

	// The previous two tags: the hash of the name prose would use as
	// context, and the index of the tag in the pair table (noPair for a
	// Treebank bracket, whose name is the word itself).
	p1, p2 := hStart, hStart2
	c1, c2 := uint8(ctxStart), uint8(ctxStart2)
	for i, w := range words {
		var t Tag
		var key uint64
		switch {
		case w == "":
			// prose cannot take an empty word; it is Unknown here.
		case w == "-":
			t = Hyphen
		default:
			h := hw[i+2]
			if !sc.plain[i] {
				h = hashString(w)
			}
			var ok bool
			if t, ok = m.lookupWord(h, w); ok {
				break
			}
			if t = m.patternTag(w); t == Unknown {
				t = m.predict(i+2, w, sc.plain[i], hw, hs, recs, p1, p2, c1, c2)
			}
		}
		key = m.tagKey[t]
		if t == Bracket {
			key = hashString(w) // prose tags "-LRB-" as "-LRB-"
		}
		out[i] = t
		c := uint8(t)
		if t == Bracket {
			c = noPair
		}
		p2, p1 = p1, key
		c2, c1 = c1, c
	}
}

// Context indices of the pair table beyond the tags.
const (
	ctxStart  = int(nTags)
	ctxStart2 = int(nTags) + 1
	nCtx      = int(nTags) + 2
	noPair    = 255
)

// pairScores is the sum of the four features that depend only on the
// previous two tags (bias, i-1 tag, i-2 tag, both), computed at load time
// for every pair, and the classes they give a weight.
type pairScores struct {
	w       [64]int32
	touched uint64
}

// accumulate adds a feature's packed weights to the scores and returns
// the classes they touch. ws is empty for a missing feature, else two
// words of class bits and then the weights.
func accumulate(scores *[64]int32, ws []int32) uint64 {
	if len(ws) < 2 {
		return 0
	}
	touched := uint64(uint32(ws[0])) | uint64(uint32(ws[1]))<<32
	for _, p := range ws[2:] {
		scores[p&63] += p >> 6
	}
	return touched
}

// predict scores the classes for word i of the padded context and returns
// the best; ties go to the class listed first in the model (prose breaks
// them by map order, which is random).
//
// plain reports that w is its own normalised form (a word in lower case).
func (m *model) predict(i int, w string, plain bool, hw, hs []uint64, recs []*wordRecord, p1, p2 uint64, c1, c2 uint8) Tag {
	var scores [64]int32
	var touched uint64
	if c1 != noPair && c2 != noPair {
		row := &m.pairs[int(c1)*nCtx+int(c2)]
		scores, touched = row.w, row.touched
	} else {
		touched = m.contextScores(&scores, p1, p2)
	}
	// A word's record holds its features in the word templates; a role it
	// lacks means the word has no feature there, and the template summed
	// with it (a suffix, the first letter) is looked up on its own.
	rec := recs[i]
	if ws := rec.role[roleWordCombo]; plain && ws.end != 0 {
		touched |= m.add(&scores, ws)
	} else {
		touched |= accumulate(&scores, m.weights(featureKey(featSuffix, hashString(w[len(w)-min(len(w), 3):]), 0)))
		touched |= accumulate(&scores, m.weights(featureKey(featPref1, m.pref1[w[0]], 0)))
		touched |= m.add(&scores, rec.role[roleWord])
	}
	touched |= accumulate(&scores, m.weights(featureKey(featTagWord, p1, hw[i])))
	if ws := recs[i-1].role[roleWord1Combo]; ws.end != 0 {
		touched |= m.add(&scores, ws)
	} else {
		touched |= accumulate(&scores, m.weights(featureKey(featSuffix1, hs[i-1], 0)))
	}
	touched |= m.add(&scores, recs[i-2].role[roleWord2])
	if ws := recs[i+1].role[roleNextCombo]; ws.end != 0 {
		touched |= m.add(&scores, ws)
	} else {
		touched |= accumulate(&scores, m.weights(featureKey(featNextSuffix, hs[i+1], 0)))
	}
	touched |= m.add(&scores, recs[i+2].role[roleNext2])

	best, bestScore := -1, int32(0)
	for t := touched; t != 0; t &= t - 1 {
		c := bits.TrailingZeros64(t)
		if best < 0 || scores[c] > bestScore {
			best, bestScore = c, scores[c]
		}
	}
	if best < 0 {
		return Unknown
	}
	return m.classTag[best]
}

// contextScores adds the features of the previous two tags, named by the
// hashes of their names.
func (m *model) contextScores(scores *[64]int32, p1, p2 uint64) uint64 {
	touched := accumulate(scores, m.weights(featureKey(featBias, 0, 0)))
	touched |= accumulate(scores, m.weights(featureKey(featTag1, p1, 0)))
	touched |= accumulate(scores, m.weights(featureKey(featTag2, p2, 0)))
	touched |= accumulate(scores, m.weights(featureKey(featTagTag, p1, p2)))
	return touched
}

// ctxKey is the hash of the name of context index c.
func (m *model) ctxKey(c int) uint64 {
	switch c {
	case ctxStart:
		return hStart
	case ctxStart2:
		return hStart2
	}
	return m.tagKey[c]
}

// buildPairs fills the pair table.
func (m *model) buildPairs() {
	m.pairs = make([]pairScores, nCtx*nCtx)
	for a := 0; a < nCtx; a++ {
		for b := 0; b < nCtx; b++ {
			row := &m.pairs[a*nCtx+b]
			row.touched = m.contextScores(&row.w, m.ctxKey(a), m.ctxKey(b))
		}
	}
}

// normalized returns the hashes of prose's normalize(w) and of its last
// three bytes: "!HYPHEN" for a hyphenated word, "!YEAR" for a four-digit
// number, "!DIGITS" for anything else starting with a digit, else the
// lower case. plain reports an ASCII word already in lower case.
func (sc *scratch) normalized(w string) (word, suffix uint64, plain bool) {
	if w == "" {
		return 0, 0, false
	}
	if w[0] != '-' && strings.IndexByte(w, '-') >= 0 {
		return hHyphen, sHyphen, false
	}
	if len(w) == 4 && isAtoi(w) {
		return hYear, sYear, false
	}
	if w[0] >= '0' && w[0] <= '9' {
		return hDigits, sDigits, false
	}
	lower := w
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			sc.buf = appendLower(sc.buf[:0], w)
			word = hashBytes(sc.buf)
			return word, hashBytes(sc.buf[len(sc.buf)-min(len(sc.buf), 3):]), false
		}
	}
	return hashString(lower), hashString(lower[len(lower)-min(len(lower), 3):]), true
}

// appendLower appends strings.ToLower(s) to b.
func appendLower(b []byte, s string) []byte {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
			continue
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return b
}

// isAtoi reports whether strconv.Atoi accepts s: an optional sign and
// decimal digits (s is short here, so no overflow).
func isAtoi(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// The patterns prose checks before its dictionary (commonregex's link and
// e-mail patterns and its own Treebank patterns). They run only on words
// holding a byte they require.
var (
	linkRe  = regexp.MustCompile(`(?:(?:https?:\/\/)?(?:[a-z0-9.\-]+|www|[a-z0-9.\-])[.](?:[^\s()<>]+|\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\))+(?:\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\)|[^\s!()\[\]{};:\'".,<>?]))`)
	emailRe = regexp.MustCompile(`(?i)([A-Za-z0-9!#$%&'*+\/=?^_{|.}~-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)`)
	noneRe  = regexp.MustCompile(`^(?:0|\*[\w?]\*|\*\-\d{1,3}|\*[A-Z]+\*\-\d{1,3}|\*)$`)
)

// patternTag returns the tag prose gives a word matching one of the
// patterns it checks before its dictionary, or Unknown. (The other words
// prose tags before consulting its model, "-" and the emoticons, the
// caller handles.)
func (m *model) patternTag(w string) Tag {
	if w == "" {
		return Unknown
	}
	for i := 0; i < len(w); i++ {
		if w[i] == '.' || w[i] == '@' {
			if w[0] == '@' || linkRe.MatchString(w) || emailRe.MatchString(w) {
				return NN
			}
			break
		}
	}
	if (w[0] == '0' || w[0] == '*') && noneRe.MatchString(w) {
		return None
	}
	if len(w) == 5 && w[0] == '-' && w[4] == '-' && isUpperASCII(w[1:4]) {
		return Bracket
	}
	return Unknown
}

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
