package scoring

import (
	"sync"

	"github.com/mockinterview/mockinterview/scoring/nlp"
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	tokWord uint8 = iota
	tokNumber
	tokPunct
)

// token is one word, number or punctuation mark of the answer, as a byte
// range into it (never a copy), with what the lexicon knows about it.
type token struct {
	start, end int32
	sent       int32 // index of the sentence holding the token
	kind       uint8
	newlines   uint8 // newlines between the previous token and this one (capped)
	// flags, hash and id are copied from the word's analysis, which the
	// token points to (shared, read-only) for its lower case and stem.
	id    wordID
	flags wordFlag
	hash  uint64
	*wordInfo
}

func (t *token) is(f wordFlag) bool { return t.flags&f != 0 }

// content reports whether the token carries meaning: a word that is not a
// function word, or a number.
func (t *token) content() bool {
	return t.kind != tokPunct && t.flags&wStop == 0
}

// sentence is a byte range of the answer and the tokens it holds, with the
// per-sentence features the tagger and the matcher use.
type sentence struct {
	start, end     int32
	tokLo, tokHi   int32 // tokens [tokLo, tokHi)
	words, content int32
	stops          int32
	// form is how much a sentence counts as language rather than a list of
	// terms: 1 for a sentence, fragWeight for a short fragment or bullet,
	// saladWeight for a keyword salad.
	form      float64
	bullet    bool  // the line opened with a bullet marker ("-", "•", "1.")
	lastNeg   int32 // the last negation token of the sentence, -1 when none
	duplicate bool  // repeats an earlier sentence: it earns nothing
	salad     bool
	filler    bool // has no informative word at all
	injected  bool // overlaps a passage flagged as prompt injection
	// echo: the sentence only repeats the question's or tips' words (see
	// echo.go); said: it has a verb and says something of its own.
	echo, said bool
	fresh      int32 // content words that are not light and not echoed
}

const (
	fragWeight  = 0.8
	saladWeight = 0.3
)

// analysis is the scratch state for scoring one answer. It lives in a
// sync.Pool so a warm scorer reuses its slices.
type analysis struct {
	text  string
	toks  []token
	sents []sentence
	// per-sentence scratch for the tagger and coverage
	emit    [][nStates]float64
	back    [][nStates]uint8
	alpha   [][nStates]float64
	beta    [][nStates]float64
	feats   []sentFeatures
	masks   []uint64
	seen    []int32
	hashes  []uint64
	bigrams []uint64
	labels  []uint8
	terms   hashSet // distinct content terms of countable sentences (not salad)
	tech    hashSet // distinct technical terms; then trigrams, for repetition
	near    nearIndex
	// the answer as reference matching sees it: polar terms and bigrams
	refTerms   hashSet
	refBigrams hashSet
	ansTerms   []ansTerm
	habitual   bool    // the answer tells what one does as a rule (tagStar)
	synSet     hashSet // WordNet first senses of what the answer states
	antSet     hashSet // and of what it states the opposite of
	best       [][3]pointMatch
	contra     []pointMatch // per point: the first sentence that rejects it
	dspans     []DeliverySpan
	hinted     bool      // feedback quoted the tips once
	tagWords   []string  // scratch of taggedVerb
	tags       []nlp.Tag // scratch of taggedVerb
}

var analysisPool = sync.Pool{New: func() any { return new(analysis) }}

func getAnalysis(text string) *analysis {
	a := analysisPool.Get().(*analysis)
	a.text = text
	a.toks = a.toks[:0]
	a.sents = a.sents[:0]
	return a
}

func putAnalysis(a *analysis) {
	a.text = ""
	if cap(a.toks) > 1<<14 {
		return // do not keep a huge answer's buffers around
	}
	analysisPool.Put(a)
}

// words makes text the analysis's text and fills its tokens with their
// word analyses, without sentences: what compiling a question's phrases,
// terms and families needs.
func (a *analysis) words(text string) {
	a.text = text
	a.toks = a.toks[:0]
	a.tokenize()
	lookupWords(text, a.toks)
}

// tokenize splits text into tokens in one pass over the bytes.
func (a *analysis) tokenize() {
	s := a.text
	n := len(s)
	newlines := 0
	for i := 0; i < n; {
		c := s[i]
		if c == '\n' {
			newlines++
			i++
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				i += size
				continue
			}
		}
		t := token{start: int32(i), newlines: uint8(min(newlines, 9))}
		newlines = 0
		switch {
		case isDigit(c) || isCurrency(r) && i+size < n && isDigit(s[i+size]):
			t.kind = tokNumber
			t.end = int32(scanNumber(s, i+size))
		case isLetter(r):
			t.kind = tokWord
			t.end = int32(scanWord(s, i+size))
		default:
			t.kind = tokPunct
			t.end = int32(i + size)
		}
		a.toks = append(a.toks, t)
		i = int(t.end)
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isCurrency(r rune) bool { return r == '$' || r == '€' || r == '£' }

func isLetter(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_'
	}
	return unicode.IsLetter(r)
}

func isWordRune(r rune) bool { return isLetter(r) || r >= '0' && r <= '9' }

// asciiWord marks the ASCII bytes that may continue a word: letters,
// digits and '_'.
var asciiWord = func() (t [128]bool) {
	for c := 0; c < 128; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
	}
	return t
}()

// scanWord returns the end of a word starting before i: letters and
// digits, with inner apostrophes (didn't), hyphens (trade-off) and dots
// (e.g, node.js) when a letter follows.
func scanWord(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < 0x80 && asciiWord[c] {
			i++ // the common case: an ASCII letter or digit
			continue
		}
		r, size := rune(c), 1
		if r >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isWordRune(r) {
			i += size
			continue
		}
		if r == '\'' || r == '’' || r == '-' || r == '.' {
			if i+size < len(s) {
				next, _ := utf8.DecodeRuneInString(s[i+size:])
				if isLetter(next) || r == '-' && isWordRune(next) {
					i += size
					continue
				}
			}
		}
		break
	}
	return i
}

// scanNumber returns the end of a number starting before i: digits with
// inner separators (1,200 and 1.5), then a glued unit (ms, x, k, M) and a
// percent sign.
func scanNumber(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if isDigit(c) {
			i++
			continue
		}
		if (c == '.' || c == ',') && i+1 < len(s) && isDigit(s[i+1]) {
			i++
			continue
		}
		break
	}
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	if i < len(s) && s[i] == '%' {
		i++
	}
	return i
}

// abbreviations end with a dot that does not end a sentence.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "eg": true, "ie": true, "vs": true, "mr": true, "mrs": true, "ms": false,
	"dr": true, "prof": true, "approx": true, "incl": true, "cf": true, "al": true, "st": true,
	"jr": true, "sr": true, "fig": true, "no": false, "etc": true, "resp": true, "esp": true, "w.r.t": true,
}

// isBullet reports whether the token opens a list item: "-", "*", "•", or a
// number followed by "." or ")" at the start of a line.
func (a *analysis) isBullet(i int) bool {
	t := &a.toks[i]
	if t.kind == tokPunct {
		switch a.text[t.start:t.end] {
		case "-", "*", "•", "–", "—", "+":
			return true
		}
		return false
	}
	if t.kind == tokNumber && t.end-t.start <= 2 && i+1 < len(a.toks) {
		p := a.text[a.toks[i+1].start:a.toks[i+1].end]
		return p == "." || p == ")"
	}
	return false
}

// splitSentences groups tokens into sentences: at ".", "!" and "?" (not
// after an abbreviation), at blank lines, and at line breaks that start a
// new line with a bullet or a capital.
func (a *analysis) splitSentences() {
	toks := a.toks
	start := 0
	flush := func(end int) {
		if end <= start {
			return
		}
		lo := start
		// A leading bullet marker is not part of the sentence; bullets run
		// into one line ("• Joined a shop. • Asked to…") are bullets too.
		bullet := a.isBullet(lo)
		if bullet && (lo == 0 || toks[lo].newlines > 0) {
			if toks[lo].kind == tokNumber {
				lo += 2
			} else {
				lo++
			}
		}
		for lo < end && toks[lo].kind == tokPunct && !isOpener(a.text[toks[lo].start:toks[lo].end]) {
			lo++
		}
		if lo >= end {
			start = end
			return
		}
		idx := int32(len(a.sents))
		for k := lo; k < end; k++ {
			toks[k].sent = idx
		}
		a.sents = append(a.sents, sentence{
			start: toks[lo].start, end: toks[end-1].end,
			tokLo: int32(lo), tokHi: int32(end), bullet: bullet,
		})
		start = end
	}
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if i > start && t.newlines > 0 {
			if t.newlines >= 2 || a.isBullet(i) || startsUpper(a.text, int(t.start)) || t.kind == tokNumber {
				flush(i)
			}
		}
		if t.kind != tokPunct {
			continue
		}
		p := a.text[t.start:t.end]
		if p != "." && p != "!" && p != "?" && p != "…" {
			continue
		}
		if p == "." && i > start && toks[i-1].kind == tokWord && toks[i-1].end == t.start {
			prev := lowerASCII(a.text[toks[i-1].start:toks[i-1].end])
			if abbreviations[prev] && !(prev == "etc" && i+1 < len(toks) && startsUpper(a.text, int(toks[i+1].start))) {
				continue
			}
		}
		// Take closing marks (more dots, quotes, brackets) with the sentence.
		j := i + 1
		for j < len(toks) && toks[j].kind == tokPunct && toks[j].newlines == 0 && isCloser(a.text[toks[j].start:toks[j].end]) {
			j++
		}
		flush(j)
		i = j - 1
	}
	flush(len(toks))
}

func isOpener(p string) bool {
	switch p {
	case "(", "[", "\"", "“", "'", "‘", "$", "€", "£":
		return true
	}
	return false
}

func isCloser(p string) bool {
	switch p {
	case ".", "!", "?", ")", "]", "\"", "”", "'", "’", "…":
		return true
	}
	return false
}

func startsUpper(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsUpper(r)
}

// lowerASCII lower-cases short ASCII strings for table lookups; the
// common all-lower case does not allocate.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := range b {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// analyse tokenizes, looks words up and splits sentences, then computes
// each sentence's form: real sentence, fragment, or keyword salad.
func (a *analysis) analyse() {
	a.tokenize()
	lookupWords(a.text, a.toks)
	a.markLike()
	a.splitSentences()
	for i := range a.sents {
		a.measureSentence(i)
	}
	a.markDuplicates()
}

// markLike keeps "like" as a filler only where it is one (", like,"
// "it was like"), not as a verb or preposition ("I'd like", "like Redis").
func (a *analysis) markLike() {
	for i := range a.toks {
		t := &a.toks[i]
		if t.id != idLike {
			continue
		}
		filler := false
		if i+1 < len(a.toks) && a.toks[i+1].kind == tokPunct && a.text[a.toks[i+1].start:a.toks[i+1].end] == "," {
			filler = true
		}
		if i > 0 {
			p := &a.toks[i-1]
			if p.kind == tokPunct && a.text[p.start:p.end] == "," || p.id == idWas || p.id == idIs || p.id == idJust || p.id == idUm || p.id == idUh {
				filler = true
			}
		}
		if !filler {
			t.flags &^= wFiller
		}
	}
}

// measureSentence counts a sentence's words and decides its form.
func (a *analysis) measureSentence(si int) {
	s := &a.sents[si]
	verbs := int32(0)
	informative := 0
	s.lastNeg = -1
	for k := s.tokLo; k < s.tokHi; k++ {
		t := &a.toks[k]
		if t.kind == tokPunct {
			continue
		}
		if t.flags&wNegation != 0 {
			s.lastNeg = k
		}
		s.words++
		if t.flags&wStop != 0 {
			s.stops++
		} else {
			s.content++
			if t.flags&(wFiller|wHedge|wGeneric) == 0 {
				informative++
			}
		}
		if t.flags&(wVerb|wPast|wModal) != 0 {
			verbs++
		}
	}
	s.filler = informative == 0
	switch {
	case s.content >= 5 && s.stops*8 < s.words && verbs == 0,
		s.content >= 7 && s.stops*10 < s.words:
		s.salad = true
		s.form = saladWeight
	case s.words < 4 || s.stops == 0 || verbs == 0 && s.words < 8:
		s.form = fragWeight
	default:
		s.form = 1
	}
}

// markDuplicates marks sentences whose content words mostly repeat an
// earlier sentence's: a repeated sentence earns nothing. Sentences are
// compared by a hash of their content words' hashes.
func (a *analysis) markDuplicates() {
	a.hashes = a.hashes[:0]
	for i := range a.sents {
		s := &a.sents[i]
		h := uint64(14695981039346656037)
		for k := s.tokLo; k < s.tokHi; k++ {
			t := &a.toks[k]
			if !t.content() {
				continue
			}
			h = (h ^ t.hash) * 1099511628211
		}
		for _, prev := range a.hashes {
			if prev == h && s.content > 0 {
				s.duplicate = true
				break
			}
		}
		a.hashes = append(a.hashes, h)
	}
}

// span returns the evidence for bytes [start, end) of the answer.
func (a *analysis) evidence(start, end int32) Evidence {
	return Evidence{Start: int(start), End: int(end), Text: a.text[start:end]}
}
