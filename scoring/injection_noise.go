package scoring

import (
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Noise and encodings. Prompt-injection players pad their text with runs
// that mean nothing to a person but move a model: the same bracket or
// symbol dozens of times ("]]]]]]]]", "%%%%%%"), the same letter, word or
// emoji over and over ("ö ö ö ö", "END END END"), stretches of unusual
// scripts (runes, braille, upside-down or zalgo text), and payloads encoded
// so a keyword filter cannot read them (base64, hex, \x escapes, URL
// escapes, binary or decimal character codes, Morse). Each detector is a
// linear scan with a threshold well beyond what an honest answer, code,
// ASCII table or hash contains; an encoded blob counts only when it decodes
// to text in words, so hashes, UUIDs and tokens in a debugging story pass.

const (
	symbolRunMin      = 10 // the same ASCII symbol in a row: "]]]]]]]]]]"
	runeRunMin        = 8  // the same non-ASCII rune, spaces allowed: "ö ö ö ö ö ö ö ö"
	tokenRunMin       = 6  // the same token in a row: "END END END END END END"
	pairRunMin        = 8  // two tokens in turn, four times: "access granted access granted ..."
	lowVarietyMin     = 16 // a token of three distinct bytes or fewer: "hahahahahahahahaha"
	mixedSymbolRunMin = 16 // mixed brackets and symbols in a row: "}]}]}]}]}]}]}]}]"
	dotRunMin         = 40 // dots in a row: leaders that go nowhere
	symbolRuneRunMin  = 12 // non-ASCII symbols in a row: "♠♣♥♦♠♣♥♦♠♣♥♦"
	unusualRunMin     = 10 // unusual-script runes in one stretch
	combiningMin      = 3  // combining marks on one letter: zalgo
	encodedMinLen     = 16 // shortest base64/hex token worth decoding
	byteTokenRunMin   = 6  // "49 67 6e 6f 72 65", "73 103 110", "01001001 ..."
)

// tableSymbol reports the symbols honest answers repeat in long runs:
// rules, table borders, underlines, leaders and bullets.
func tableSymbol(c byte) bool {
	return strings.IndexByte("-=_*#~.+|: ", c) >= 0
}

// scanInjectionRunes appends the runs of invisible characters, of one
// repeated non-ASCII rune and of unusual scripts, and notes look-alike
// letters in hints. Answers in plain ASCII cost one byte test a byte.
func scanInjectionRunes(answer string, spans []injectionSpan, hints *obfuscationHints) []injectionSpan {
	if isASCII(answer) {
		return spans
	}
	var (
		same      rune // the rune of the current run of one rune
		sameStart int
		sameEnd   int
		sameN     int
		odd       int // start of the current stretch of unusual runes
		oddEnd    int
		oddN      int
		marks     int // combining marks in a row
	)
	flushSame := func() {
		if sameN >= runeRunMin {
			spans = append(spans, injectionSpan{sameStart, sameEnd, spanPhrase})
		}
		sameN = 0
	}
	var symStart, symEnd, symN int // non-ASCII symbols in a row
	flushSym := func() {
		if symN >= symbolRuneRunMin {
			spans = append(spans, injectionSpan{symStart, symEnd, spanPhrase})
		}
		symN = 0
	}
	flushOdd := func() {
		if oddN >= unusualRunMin {
			spans = append(spans, injectionSpan{odd, oddEnd, spanPhrase})
		}
		oddN = 0
	}
	for i := 0; i < len(answer); {
		c := answer[i]
		if c < utf8.RuneSelf {
			if c != ' ' {
				if sameN > 0 {
					flushSame()
				}
				if oddN > 0 && (c == '\n' || i-oddEnd > 12) {
					flushOdd()
				}
			}
			marks = 0
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(answer[i:])
		if invisibleRune(r) {
			start := i
			for i < len(answer) {
				r2, s2 := utf8.DecodeRuneInString(answer[i:])
				if !invisibleRune(r2) {
					break
				}
				i += s2
			}
			// A lone zero-width joiner inside an emoji sequence (👩‍💻)
			// is how emoji are written, not hidden text.
			if !(i-start == 3 && r == 0x200D && start > 0 && i < len(answer) && pictographBefore(answer[:start]) && pictographAt(answer[i:])) {
				spans = append(spans, injectionSpan{start, i, spanInvisible})
			}
			continue
		}
		if r == 0xFE0F { // emoji presentation selector: part of the emoji before it
			i += size
			continue
		}
		if r >= 0x0300 && r <= 0x036F || r >= 0x1AB0 && r <= 0x1AFF || r >= 0x1DC0 && r <= 0x1DFF || r >= 0x20D0 && r <= 0x20FF {
			marks++
			hints.confusable = true
			if marks >= combiningMin {
				spans = append(spans, injectionSpan{wordStart(answer, i), wordEnd(answer, i+size), spanPhrase})
			}
			i += size
			continue
		}
		marks = 0
		if !hints.confusable && confusableHint(r) && (styledRune(r) || i > 0 && isASCIILetter(answer[i-1]) || i+size < len(answer) && isASCIILetter(answer[i+size])) {
			hints.confusable = true
		}
		if r == same && sameN > 0 {
			sameN++
			sameEnd = i + size
		} else {
			flushSame()
			same, sameStart, sameEnd, sameN = r, i, i+size, 1
		}
		if unicode.IsSymbol(r) && !pictograph(r) || r >= 0x2600 && r <= 0x26FF {
			if symN > 0 && i != symEnd {
				flushSym()
			}
			if symN == 0 {
				symStart = i
			}
			symN++
			symEnd = i + size
		} else if symN > 0 {
			flushSym()
		}
		if unusualRune(r) {
			if oddN > 0 && i-oddEnd > 12 {
				flushOdd()
			}
			if oddN == 0 {
				odd = i
			}
			oddN++
			oddEnd = i + size
		}
		i += size
	}
	flushSame()
	flushOdd()
	flushSym()
	return spans
}

// isASCII reports whether s is all ASCII, eight bytes at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func pictographBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == 0xFE0F {
		r, _ = utf8.DecodeLastRuneInString(s[:len(s)-3])
	}
	return pictograph(r)
}

func pictographAt(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return pictograph(r)
}

func pictograph(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF || r >= 0x2190 && r <= 0x21FF || r == 0x2640 || r == 0x2642
}

// styledRune reports letters that are never plain prose: full-width,
// mathematical, circled, squared and small-capital forms.
func styledRune(r rune) bool {
	return r >= 0xFF01 && r <= 0xFF5E || r >= 0x1D400 && r <= 0x1D7FF || r >= 0x24B6 && r <= 0x24E9 ||
		r >= 0x1F130 && r <= 0x1F189 || r >= 0x1D00 && r <= 0x1D2B || r >= 0x0250 && r <= 0x02AF || r >= 0x2160 && r <= 0x217F
}

// unusualRune reports scripts and symbols that honest interview answers do
// not write in long stretches: IPA and upside-down letters, runes, ogham,
// Canadian syllabics and Cherokee (both used as look-alikes), braille,
// geometric shapes, enclosed and styled letters, private use.
func unusualRune(r rune) bool {
	switch {
	case r >= 0x0250 && r <= 0x02FF, // IPA, spacing modifiers
		r >= 0x13A0 && r <= 0x13FF,   // Cherokee
		r >= 0x1400 && r <= 0x167F,   // Canadian syllabics
		r >= 0x1680 && r <= 0x16FF,   // ogham, runic
		r >= 0x1D00 && r <= 0x1DBF,   // phonetic extensions, small capitals
		r >= 0x2460 && r <= 0x24FF,   // enclosed alphanumerics
		r >= 0x25A0 && r <= 0x25FF,   // geometric shapes
		r >= 0x2800 && r <= 0x28FF,   // braille
		r >= 0xA4D0 && r <= 0xA4FF,   // Lisu (look-alike capitals)
		r >= 0xE000 && r <= 0xF8FF,   // private use
		r >= 0xFF01 && r <= 0xFF5E,   // full-width ASCII
		r >= 0x1D400 && r <= 0x1D7FF, // mathematical letters
		r >= 0x1F100 && r <= 0x1F1E5, // enclosed letters (not the flag letters)
		r >= 0xF0000:
		return true
	}
	return false
}

func wordStart(s string, i int) int {
	for i > 0 && s[i-1] != ' ' && s[i-1] != '\n' && s[i-1] != '\t' {
		i--
	}
	return i
}

func wordEnd(s string, i int) int {
	for i < len(s) && s[i] != ' ' && s[i] != '\n' && s[i] != '\t' {
		i++
	}
	return i
}

// scanInjectionTokens appends runs of one ASCII symbol, runs of one
// repeated token, and encoded payloads. It walks the answer once, token by
// token (white space between).
func scanInjectionTokens(answer string, spans []injectionSpan) []injectionSpan {
	var (
		reps                   tokenRepeats
		hexRun                 = byteTokenRun{base: 16}
		decRun                 = byteTokenRun{base: 10}
		octRun                 = byteTokenRun{base: 8}
		binRun                 = byteTokenRun{base: 2}
		morseStart             int
		morseEnd, morseN       int
		morseDots, morseDashes bool
	)
	flushMorse := func() {
		if morseN >= 8 && morseDots && morseDashes {
			spans = append(spans, injectionSpan{morseStart, morseEnd, spanPhrase})
		}
		morseN, morseDots, morseDashes = 0, false, false
	}
	for i := 0; i < len(answer); {
		if tokenClass[answer[i]]&classSpace != 0 {
			i++
			continue
		}
		// One pass over the token: where it ends, and what it could be.
		j := i
		all, some := byte(0xFF), byte(0)
		for j < len(answer) {
			cl := tokenClass[answer[j]]
			if cl&classSpace != 0 {
				break
			}
			all &= cl
			some |= cl
			j++
		}
		tok := answer[i:j]
		if all == 0 && some&(classSymbol|classPercent) == 0 && len(tok) < encodedMinLen {
			// A plain word (the common case): it can only repeat the last
			// token or end a run.
			spans = reps.add(tok, i, j, spans)
			if morseN > 0 {
				flushMorse()
			}
			if hexRun.n+decRun.n+binRun.n+octRun.n > 0 {
				spans = hexRun.flush(spans)
				spans = decRun.flush(spans)
				spans = binRun.flush(spans)
				spans = octRun.flush(spans)
			}
			i = j
			continue
		}
		if some&classSymbol != 0 {
			spans = symbolRuns(tok, i, spans)
		}
		digitsOnly := all&classDigit != 0
		// The same token again.
		if digitsOnly {
			spans = reps.add("", i, j, spans)
		} else {
			spans = reps.add(tok, i, j, spans)
		}
		if len(tok) >= lowVarietyMin && some&classDigit == 0 && lowVariety(tok) {
			spans = append(spans, injectionSpan{i, j, spanPhrase})
		}
		if len(tok) >= 20 && all&classDotDash != 0 && strings.IndexByte(tok, '.') >= 0 && strings.IndexByte(tok, '-') >= 0 {
			spans = append(spans, injectionSpan{i, j, spanPhrase}) // Morse without spaces
		}
		if len(tok) >= 20 && concatenatedKeywords(tok) {
			spans = append(spans, injectionSpan{i, j, spanPhrase})
		}
		// Morse code: tokens of dots and dashes.
		if all&classDotDash != 0 && len(tok) <= 7 {
			if morseN == 0 {
				morseStart = i
			}
			morseN++
			morseEnd = j
			morseDots = morseDots || strings.IndexByte(tok, '.') >= 0
			morseDashes = morseDashes || strings.IndexByte(tok, '-') >= 0
		} else if tok != "/" && morseN > 0 {
			flushMorse()
		}
		// Character codes, one a token.
		if len(tok) <= 9 {
			tc := tok
			if last := tc[len(tc)-1]; last == ',' || last == ';' {
				tc = tc[:len(tc)-1]
			}
			n := len(tc)
			if n == 2 && all&classHex != 0 || n == 4 && (strings.HasPrefix(tc, "0x") || strings.HasPrefix(tc, `\x`)) {
				spans = hexRun.add(tc, i, j, spans)
			} else if hexRun.n > 0 {
				spans = hexRun.flush(spans)
			}
			if (n == 2 || n == 3) && allDigitsStrict(tc) {
				spans = decRun.add(tc, i, j, spans)
			} else if decRun.n > 0 {
				spans = decRun.flush(spans)
			}
			if n == 3 && allDigitsStrict(tc) {
				spans = octRun.add(tc, i, j, spans)
			} else if octRun.n > 0 {
				spans = octRun.flush(spans)
			}
			if n == 8 && all&classDigit != 0 {
				spans = binRun.add(tc, i, j, spans)
			} else if binRun.n > 0 {
				spans = binRun.flush(spans)
			}
		} else if hexRun.n+decRun.n+binRun.n+octRun.n > 0 {
			spans = hexRun.flush(spans)
			spans = decRun.flush(spans)
			spans = binRun.flush(spans)
			spans = octRun.flush(spans)
		}
		// Blobs inside the token.
		if len(tok) >= encodedMinLen || some&classPercent != 0 && strings.Count(tok, "%") >= 5 {
			spans = encodedBlobs(answer, i, tok, spans)
		}
		i = j
	}
	spans = reps.flush(spans)
	flushMorse()
	spans = hexRun.flush(spans)
	spans = decRun.flush(spans)
	spans = binRun.flush(spans)
	spans = octRun.flush(spans)
	return spans
}

// Byte classes for the token scan.
const (
	classDigit   = 1 << iota // 0-9
	classHex                 // 0-9, a-f, A-F
	classDotDash             // '.' and '-'
	classSymbol              // an ASCII symbol that is noise when repeated
	classPercent             // '%'
	classSpace               // ' ', '\t', '\n', '\r': between tokens
)

var tokenClass = func() (t [256]byte) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		switch {
		case isDecimalDigit(b):
			t[c] = classDigit | classHex
		case 'a' <= b|0x20 && b|0x20 <= 'f':
			t[c] = classHex
		case b == '.' || b == '-':
			t[c] = classDotDash
		}
		if b < utf8.RuneSelf && !isWordByte(b) && !tableSymbol(b) {
			t[c] |= classSymbol
		}
		if b == '%' {
			t[c] |= classPercent
		}
		if b == ' ' || b == '\t' || b == '\n' || b == '\r' {
			t[c] = classSpace
		}
	}
	return t
}()

// symbolRuns appends the runs of one ASCII symbol in tok (at answer[at:])
// long enough to be noise.
func symbolRuns(tok string, at int, spans []injectionSpan) []injectionSpan {
	for k := 0; k < len(tok); {
		s := tok[k]
		if s >= utf8.RuneSelf || isWordByte(s) || tableSymbol(s) {
			k++
			continue
		}
		e := k + 1
		for e < len(tok) && tok[e] == s {
			e++
		}
		if e-k >= symbolRunMin {
			spans = append(spans, injectionSpan{at + k, at + e, spanPhrase})
			k = e
			continue
		}
		// A run of mixed brackets and symbols: "}]}]}]}]}]}]}]}]",
		// "~!@#$%^&*()~!@#$%^&*()"; table borders ("+----+----+")
		// have too few symbols of the other kind to count.
		m, other := k, 0
		for m < len(tok) && tok[m] < utf8.RuneSelf && !isWordByte(tok[m]) {
			if tokenClass[tok[m]]&classSymbol != 0 {
				other++
			}
			m++
		}
		if m-k >= mixedSymbolRunMin && (2*other >= m-k || m-k >= 20 && evenMix(tok[k:m])) {
			spans = append(spans, injectionSpan{at + k, at + m, spanPhrase})
			k = m
			continue
		}
		k = e
	}
	// Leaders: a long run of dots.
	if n := strings.Count(tok, "."); n >= dotRunMin {
		if k := strings.Index(tok, strings.Repeat(".", dotRunMin)); k >= 0 {
			e := k
			for e < len(tok) && tok[e] == '.' {
				e++
			}
			spans = append(spans, injectionSpan{at + k, at + e, spanPhrase})
		}
	}
	return spans
}

// tokenRepeats follows a token repeated ("END END END") or a pair of
// tokens repeated ("access granted access granted").
type tokenRepeats struct {
	prev, prev2           string
	prevStart, prev2Start int
	n1, start1, end1      int // period 1
	n2, start2, end2      int // period 2
}

func (r *tokenRepeats) add(tok string, i, j int, spans []injectionSpan) []injectionSpan {
	if tok != "" && len(tok) == len(r.prev) && strings.EqualFold(tok, r.prev) {
		if r.n1 == 0 {
			r.n1, r.start1 = 1, r.prevStart
		}
		r.n1++
		r.end1 = j
	} else if r.n1 > 0 {
		spans = r.flush1(spans)
	}
	if tok != "" && len(tok) == len(r.prev2) && !strings.EqualFold(tok, r.prev) && strings.EqualFold(tok, r.prev2) {
		if r.n2 == 0 {
			r.n2, r.start2 = 2, r.prev2Start
		}
		r.n2++
		r.end2 = j
	} else if r.n2 > 0 {
		spans = r.flush2(spans)
	}
	r.prev2, r.prev2Start = r.prev, r.prevStart
	r.prev, r.prevStart = tok, i
	return spans
}

func (r *tokenRepeats) flush1(spans []injectionSpan) []injectionSpan {
	if r.n1 >= tokenRunMin {
		spans = append(spans, injectionSpan{r.start1, r.end1, spanPhrase})
	}
	r.n1 = 0
	return spans
}

func (r *tokenRepeats) flush2(spans []injectionSpan) []injectionSpan {
	if r.n2 >= pairRunMin {
		spans = append(spans, injectionSpan{r.start2, r.end2, spanPhrase})
	}
	r.n2 = 0
	return spans
}

func (r *tokenRepeats) flush(spans []injectionSpan) []injectionSpan {
	return r.flush2(r.flush1(spans))
}

// evenMix reports a symbol run in which no byte makes up 60 % or more:
// "_-_-_-_-_-_-" rather than a rule or a table border ("+-----+-----+").
func evenMix(run string) bool {
	var counts [128]int
	top := 0
	for i := 0; i < len(run); i++ {
		counts[run[i]&0x7F]++
		top = max(top, counts[run[i]&0x7F])
	}
	return top*10 < len(run)*6
}

// concatenatedKeywords reports a long run of letters that hides two
// attack words without spaces: "ignoreallpreviousinstructions".
func concatenatedKeywords(tok string) bool {
	var buf [64]byte
	n := 0
	for i := 0; i < len(tok) && n < len(buf); i++ {
		if c := tok[i] | 0x20; 'a' <= c && c <= 'z' {
			buf[n] = c
			n++
		}
	}
	if n < 20 {
		return false
	}
	w := string(buf[:n])
	found := 0
	for _, k := range foldedKeywords {
		if strings.Contains(w, k) {
			found++
		}
	}
	return found >= 2
}

// lowVariety reports a long token of at most three distinct bytes with a
// letter in it: "hahahahahaha", "zzzzzzzz", "lolololol".
func lowVariety(tok string) bool {
	var seen [3]byte
	n, letter := 0, false
	for i := 0; i < len(tok); i++ {
		c := tok[i] | 0x20
		letter = letter || 'a' <= c && c <= 'z'
		known := false
		for k := 0; k < n; k++ {
			if seen[k] == c {
				known = true
				break
			}
		}
		if !known {
			if n == len(seen) {
				return false
			}
			seen[n] = c
			n++
		}
	}
	return letter
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			if s[i] == '.' || s[i] == ',' || s[i] == '%' {
				continue
			}
			return false
		}
	}
	return true
}

func morseToken(t string) bool {
	if len(t) == 0 || len(t) > 7 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] != '.' && t[i] != '-' {
			return false
		}
	}
	return true
}

// byteTokenRun follows runs of tokens that each spell one character code
// in its base: two hex digits ("6e"), eight bits ("01101110") or a decimal
// code in the printable range ("110").
type byteTokenRun struct {
	base       int
	start, end int
	n          int
	buf        [96]byte
	kept       int
}

func (r *byteTokenRun) add(tok string, i, j int, spans []injectionSpan) []injectionSpan {
	v, ok := byteCode(tok, r.base)
	if !ok {
		return r.flush(spans)
	}
	if r.n == 0 {
		r.start, r.kept = i, 0
	}
	r.n++
	r.end = j
	if r.kept < len(r.buf) {
		r.buf[r.kept] = v
		r.kept++
	}
	return spans
}

func (r *byteTokenRun) flush(spans []injectionSpan) []injectionSpan {
	if r.n == 0 {
		return spans
	}
	if r.n >= byteTokenRunMin && wordsText(r.buf[:r.kept]) {
		spans = append(spans, injectionSpan{r.start, r.end, spanPhrase})
	}
	r.n = 0
	return spans
}

// byteCode reads a token as one character code in base.
func byteCode(t string, base int) (byte, bool) {
	switch base {
	case 2:
		if len(t) != 8 || strings.Trim(t, "01") != "" {
			return 0, false
		}
		var b byte
		for i := 0; i < 8; i++ {
			b = b<<1 | (t[i] - '0')
		}
		return b, true
	case 16:
		t = strings.TrimPrefix(strings.TrimPrefix(t, "0x"), `\x`)
		if len(t) != 2 || !isHex(t[0]) || !isHex(t[1]) {
			return 0, false
		}
		return hexValue(t[0])<<4 | hexValue(t[1]), true
	}
	if base == 8 {
		if len(t) != 3 || t[0] > '3' || t[1] > '7' || t[2] > '7' || !allDigitsStrict(t) {
			return 0, false
		}
		n := int(t[0]-'0')<<6 | int(t[1]-'0')<<3 | int(t[2]-'0')
		return byte(n), n >= 32 && n <= 126 || n == '\n'
	}
	if len(t) < 2 || len(t) > 3 || !allDigitsStrict(t) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		n = n*10 + int(t[i]-'0')
	}
	return byte(n), n >= 32 && n <= 126
}

func hexValue(c byte) byte {
	if isDecimalDigit(c) {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

func isHex(c byte) bool { return isDecimalDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

func allDigitsStrict(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDecimalDigit(s[i]) {
			return false
		}
	}
	return len(s) > 0
}

// encodedBlobs looks inside one token (at answer[at:]) for base64, hex,
// \x-escaped or URL-escaped text, and appends the ones that decode to words.
func encodedBlobs(answer string, at int, tok string, spans []injectionSpan) []injectionSpan {
	// URL escapes and \x escapes: decode the whole token.
	if strings.Count(tok, "%") >= 5 || strings.Count(tok, `\x`) >= 4 {
		var buf [256]byte
		n := 0
		for k := 0; k < len(tok) && n < len(buf); k++ {
			switch {
			case tok[k] == '%' && k+2 < len(tok) && isHex(tok[k+1]) && isHex(tok[k+2]):
				buf[n] = hexValue(tok[k+1])<<4 | hexValue(tok[k+2])
				k += 2
			case tok[k] == '\\' && k+3 < len(tok) && tok[k+1] == 'x' && isHex(tok[k+2]) && isHex(tok[k+3]):
				buf[n] = hexValue(tok[k+2])<<4 | hexValue(tok[k+3])
				k += 3
			case tok[k] == '+':
				buf[n] = ' '
			default:
				buf[n] = tok[k]
			}
			n++
		}
		if wordsText(buf[:n]) {
			return append(spans, injectionSpan{at, at + len(tok), spanPhrase})
		}
	}
	// Base64 and hex runs inside the token.
	for k := 0; k < len(tok); {
		if !base64Byte(tok[k]) {
			k++
			continue
		}
		e := k
		for e < len(tok) && base64Byte(tok[e]) {
			e++
		}
		for e < len(tok) && tok[e] == '=' {
			e++
		}
		if e-k >= encodedMinLen && decodesToWords(tok[k:e]) {
			spans = append(spans, injectionSpan{at + k, at + e, spanPhrase})
		}
		k = e
	}
	return spans
}

func base64Byte(c byte) bool {
	return isWordByte(c) || c == '+' || c == '/' || c == '-'
}

// decodesToWords reports whether s, read as hex or base64 (standard or
// URL alphabet, padded or not), is text in words.
func decodesToWords(s string) bool {
	var buf [384]byte
	if len(s) > 512 {
		s = s[:512]
	}
	allHex := true
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			allHex = false
			break
		}
	}
	if allHex && len(s)%2 == 0 {
		n, err := hex.Decode(buf[:], []byte(s))
		if err == nil && wordsText(buf[:n]) {
			return true
		}
	}
	raw := strings.TrimRight(s, "=")
	if m := len(raw) % 4; m == 1 {
		raw = raw[:len(raw)-1]
	}
	if n, err := base32.StdEncoding.WithPadding(base32.NoPadding).Decode(buf[:], []byte(raw)); err == nil && wordsText(buf[:n]) {
		return true
	}
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		n, err := enc.Decode(buf[:], []byte(raw))
		if err == nil && wordsText(buf[:n]) {
			return true
		}
	}
	return false
}

// wordsText reports whether b is printable ASCII in words: mostly letters,
// at least two spaces. A hash, a key or a JSON header is not.
func wordsText(b []byte) bool {
	if len(b) < 8 {
		return false
	}
	letters, spaces := 0, 0
	for _, c := range b {
		switch {
		case c == ' ':
			spaces++
		case isASCIILetter(c):
			letters++
		case c == '\n' || c == '\t' || c >= 0x21 && c <= 0x7E:
		default:
			return false
		}
	}
	return spaces >= 2 && letters*10 >= (len(b)-spaces)*7
}

func isDecimalDigit(c byte) bool { return '0' <= c && c <= '9' }
