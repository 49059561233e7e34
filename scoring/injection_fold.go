package scoring

import (
	"strings"
	"unicode/utf8"
)

// Obfuscation: "i g n o r e", "i.g.n.o.r.e", "1gn0r3", "іgnоrе" (Cyrillic
// і, о, е), "ｉｇｎｏｒｅ", "𝐢𝐠𝐧𝐨𝐫𝐞", "ɪɢɴᴏʀᴇ", "ïgnörë", "ig*no*re". The
// patterns are written for plain ASCII, so an answer in which the first
// pass saw one of these gets a folded copy (look-alikes to ASCII, leet
// digits to letters inside words, spaced and punctuated letters joined)
// that keeps, for each of its bytes, the offset of the answer's rune it came
// from; the patterns run on the copy and their spans map back exactly.

// obfuscationHints are what the first passes saw that only a folded copy
// can read.
type obfuscationHints struct {
	spaced     bool // single letters in a row, or short chunks joined by punctuation
	leet       bool // a word with digits that reads as a keyword in leetspeak
	confusable bool // a look-alike, full-width, styled or accented letter next to ASCII
	noise      bool // a token shape the token scan looks for (not an obfuscation)
}

func (h obfuscationHints) any() bool { return h.spaced || h.leet || h.confusable }

// letterRun follows runs of one- and two-letter words: "i g n o r e" (one
// letter apart by spaces) or "ig.no.re" (chunks joined by one punctuation
// mark).
type letterRun struct {
	end, n, singles int
}

func (r *letterRun) reset() bool {
	r.n, r.singles = 0, 0
	return false
}

// add takes the word text[pos:pos+n] and reports whether the run it ends
// looks like spelled-out or punctuated letters.
func (r *letterRun) add(text string, pos, n int) bool {
	if n > 2 || !isASCIILetter(text[pos]) || n == 2 && !isASCIILetter(text[pos+1]) {
		r.n, r.singles = 0, 0
		return false
	}
	joined := false
	if r.n > 0 && pos > r.end {
		gap := text[r.end:pos]
		switch {
		case len(gap) == 1 && strings.IndexByte(".-_*~|+'`/,", gap[0]) >= 0:
			joined = true
		case len(gap) <= 3 && strings.Trim(gap, " ") == "" && n == 1:
			joined = true
		}
	}
	if joined {
		r.n++
	} else {
		r.n, r.singles = 1, 0
	}
	if n == 1 {
		r.singles++
	}
	r.end = pos + n
	return r.singles >= 4 || r.n >= 3 && strings.IndexByte(".-_*~|+`,", text[pos-1]) >= 0
}

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// leetDigit maps the digits and signs leetspeak uses for letters.
func leetDigit(c byte) byte {
	switch c {
	case '0':
		return 'o'
	case '1':
		return 'i'
	case '3':
		return 'e'
	case '4', '@':
		return 'a'
	case '5', '$':
		return 's'
	case '7':
		return 't'
	}
	return 0
}

// leetStems are the words an attack spells in leetspeak, with l read as i
// (1 stands for both).
var leetStems = []string{"ignor", "disreg", "previo", "instruc", "access", "grant", "passw", "prompt", "system", "rubric", "forget", "perfec", "score", "answer", "ruies", "overr", "bypas"}

// leetKeyword reports whether word, digits read as letters, starts with one
// of leetStems.
func leetKeyword(word string) bool {
	var buf [16]byte
	n := 0
	letters := 0
	for i := 0; i < len(word) && n < len(buf); i++ {
		c := word[i] | 0x20
		if l := leetDigit(word[i]); l != 0 {
			c = l
		} else if 'a' <= c && c <= 'z' {
			letters++
		} else {
			return false
		}
		if c == 'l' {
			c = 'i'
		}
		buf[n] = c
		n++
	}
	if letters < 2 {
		return false
	}
	w := string(buf[:n])
	for _, s := range leetStems {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// foldedText is the folded copy: text, and for each of its bytes the
// offset in the answer of the rune it came from.
type foldedText struct {
	b    []byte
	from []int32
}

func (f *foldedText) add(c byte, at int) {
	f.b = append(f.b, c)
	f.from = append(f.from, int32(at))
}

// fold builds the folded copy of answer.
func fold(answer string) foldedText {
	f := foldedText{b: make([]byte, 0, len(answer)), from: make([]int32, 0, len(answer))}
	for i := 0; i < len(answer); {
		c := answer[i]
		if c < utf8.RuneSelf {
			f.add(c, i)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(answer[i:])
		switch a := foldLookAlike(r); {
		case a == dropRune:
		case a != 0:
			f.add(a, i)
		default:
			for k := 0; k < size; k++ {
				f.add(answer[i+k], i)
			}
		}
		i += size
	}
	f = foldLeet(f)
	return joinLetters(f)
}

// foldLeet reads leet digits as letters inside words that have letters:
// "1gn0r3" is "ignore", "p@ssw0rd" "password"; "p99", "5/5" and "10x"
// keep their digits only when they have no letters or spell nothing, which
// is harmless either way: the copy is only matched, never shown.
func foldLeet(f foldedText) foldedText {
	b := f.b
	for i := 0; i < len(b); {
		if !isWordByte(b[i]) && b[i] != '@' && b[i] != '$' {
			i++
			continue
		}
		j := i
		letters, leet := 0, 0
		for j < len(b) && (isWordByte(b[j]) || b[j] == '@' || b[j] == '$') {
			switch {
			case isASCIILetter(b[j]):
				letters++
			case leetDigit(b[j]) != 0:
				leet++
			}
			j++
		}
		if letters >= 1 && leet > 0 && j-i >= 2 {
			for k := i; k < j; k++ {
				if l := leetDigit(b[k]); l != 0 {
					b[k] = l
				}
			}
		}
		i = j
	}
	return f
}

// joinLetters joins spelled-out letters ("i g n o r e  a l l" becomes
// "ignore all": one space between letters goes, a wider gap is a word
// break) and short chunks joined by punctuation ("i.g.n.o.r.e", "ig*no*re").
func joinLetters(f foldedText) foldedText {
	b, from := f.b, f.from
	out := foldedText{b: make([]byte, 0, len(b)), from: make([]int32, 0, len(b))}
	for i := 0; i < len(b); {
		if !isASCIILetter(b[i]) || i > 0 && isWordByte(b[i-1]) {
			out.add(b[i], int(from[i]))
			i++
			continue
		}
		// A run of short chunks: letters, then one joiner or spaces, again.
		j, chunks, short, singles, spaced, minGap := i, 0, 0, 0, false, 0
		var ends []int // end of each chunk
		for {
			k := j
			for k < len(b) && isASCIILetter(b[k]) {
				k++
			}
			if k < len(b) && isWordByte(b[k]) && b[k] != '_' {
				break
			}
			chunks++
			if k-j <= 2 {
				short++
			}
			if k-j == 1 {
				singles++
			}
			ends = append(ends, k)
			// the gap to the next chunk
			g := k
			for g < len(b) && b[g] == ' ' && g-k < 6 {
				g++
			}
			switch {
			case g > k && g < len(b) && isASCIILetter(b[g]) && k-j == 1 && (g+1 >= len(b) || !isASCIILetter(b[g+1]) || g-k >= 2):
				spaced = true
				if minGap == 0 || g-k < minGap {
					minGap = g - k
				}
				j = g
				continue
			case g == k && k+1 < len(b) && strings.IndexByte(".-_*~|+'`/,", b[k]) >= 0 && isASCIILetter(b[k+1]):
				j = k + 1
				continue
			}
			break
		}
		collapse := chunks >= 3 && (singles >= 4 || 2*short >= chunks)
		if len(ends) == 0 {
			out.add(b[i], int(from[i]))
			i++
			continue
		}
		if !collapse {
			end := ends[0]
			for k := i; k < end; k++ {
				out.add(b[k], int(from[k]))
			}
			i = end
			continue
		}
		// Gaps wider than the narrowest one between spelled-out letters
		// are word breaks.
		end := ends[len(ends)-1]
		for k := i; k < end; {
			if isASCIILetter(b[k]) {
				out.add(b[k], int(from[k]))
				k++
				continue
			}
			g := k
			for g < end && b[g] == ' ' {
				g++
			}
			if spaced && g-k > minGap {
				out.add(' ', int(from[k]))
			}
			if g == k {
				g++ // a joiner
			}
			k = g
		}
		i = end
	}
	// '*' between letters is never prose: "in*struc*tions".
	w := 0
	for k := 0; k < len(out.b); k++ {
		if out.b[k] == '*' && w > 0 && isASCIILetter(out.b[w-1]) && k+1 < len(out.b) && isASCIILetter(out.b[k+1]) {
			continue
		}
		out.b[w], out.from[w] = out.b[k], out.from[k]
		w++
	}
	out.b, out.from = out.b[:w], out.from[:w]
	return out
}

// foldedKeywords are looked for in joined letters, where the word breaks
// may be lost ("ignoreallpreviousinstructions").
var foldedKeywords = []string{"ignore", "disregard", "instruction", "previous", "accessgranted", "password", "prompt", "rubric", "forget", "override", "system", "fullmarks", "perfectscore", "grader"}

// matchFolded runs the patterns on the folded copy of answer, and the
// keywords on its joined-letter runs, and appends what they find, mapped
// back to the answer's bytes.
func matchFolded(answer string, spans []injectionSpan) []injectionSpan {
	f := fold(answer)
	text := string(f.b)
	back := func(s, e int) injectionSpan {
		start := int(f.from[s])
		last := int(f.from[e-1])
		_, size := utf8.DecodeRuneInString(answer[last:])
		return injectionSpan{start, last + size, spanPhrase}
	}
	for _, sp := range matchInjectionPatterns(text, nil, nil) {
		spans = append(spans, back(sp.start, sp.end))
	}
	// Joined runs: stretches of the copy whose letters came from answer
	// bytes further apart than their own length.
	for i := 0; i < len(f.b); {
		if !isASCIILetter(f.b[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(f.b) && isASCIILetter(f.b[j]) {
			j++
		}
		word := strings.ToLower(text[i:j])
		if j-i >= 6 && int(f.from[j-1])-int(f.from[i]) > j-i {
			for _, k := range foldedKeywords {
				if strings.Contains(word, k) {
					spans = append(spans, back(i, j))
					break
				}
			}
		}
		i = j
	}
	return spans
}

// dropRune marks runes the folded copy leaves out: combining marks, soft
// hyphens, variation selectors and invisible characters.
const dropRune = 0xFF

// foldLookAlike maps a look-alike of an ASCII letter or digit to it, returns
// dropRune for marks that only decorate, and 0 for anything else.
func foldLookAlike(r rune) byte {
	switch {
	case r >= 0x0300 && r <= 0x036F, r >= 0x1AB0 && r <= 0x1AFF, r >= 0x1DC0 && r <= 0x1DFF,
		r >= 0x20D0 && r <= 0x20FF, r >= 0xFE20 && r <= 0xFE2F, r >= 0xFE00 && r <= 0xFE0F,
		r == 0x00AD, invisibleRune(r):
		return dropRune
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return byte(r - 0xFEE0)
	case r == 0x3000: // ideographic space
		return ' '
	case r >= 0x1D400 && r <= 0x1D6A3: // mathematical letters, 13 styles of A-Za-z
		k := (r - 0x1D400) % 52
		if k < 26 {
			return byte('A' + k)
		}
		return byte('a' + k - 26)
	case r >= 0x1D7CE && r <= 0x1D7FF: // mathematical digits
		return byte('0' + (r-0x1D7CE)%10)
	case r >= 0x24B6 && r <= 0x24CF: // circled capitals
		return byte('a' + r - 0x24B6)
	case r >= 0x24D0 && r <= 0x24E9: // circled small letters
		return byte('a' + r - 0x24D0)
	case r >= 0x1F130 && r <= 0x1F149: // squared capitals
		return byte('a' + r - 0x1F130)
	case r >= 0x1F150 && r <= 0x1F169:
		return byte('a' + r - 0x1F150)
	case r >= 0x1F170 && r <= 0x1F189:
		return byte('a' + r - 0x1F170)
	case r >= 0x2170 && r <= 0x217F: // small roman numerals: ⅰ, ⅴ, ⅹ, ⅼ, ⅽ, ⅾ, ⅿ
		return "ivxlcdm"[romanIndex(r-0x2170)]
	case r >= 0x2160 && r <= 0x216F:
		return "ivxlcdm"[romanIndex(r-0x2160)]
	}
	if c, ok := lookAlikes[r]; ok {
		return c
	}
	return 0
}

func romanIndex(k rune) int {
	switch k {
	case 0:
		return 0
	case 4:
		return 1
	case 9:
		return 2
	case 11:
		return 3
	case 12:
		return 4
	case 13:
		return 5
	case 14:
		return 6
	}
	return 0
}

// lookAlikes maps Cyrillic, Greek, IPA, small-capital and accented letters
// to the ASCII letter they pass for.
var lookAlikes = func() map[rune]byte {
	m := map[rune]byte{}
	for _, p := range []struct {
		to    byte
		runes string
	}{
		{'a', "аАαΑàáâãäåāăąǎȁȃɐᴀ@ạả"},
		{'b', "ВвΒβʙЬь"},
		{'c', "сСϲϹçćĉċčᴄ"},
		{'d', "ԁďđᴅ"},
		{'e', "еЕεΕèéêëēĕėęěȅȇᴇẹẽǝ"},
		{'f', "ғ"},
		{'g', "ɡɢĝğġģƃց"},
		{'h', "һНнΗʜĥħɥհ"},
		{'i', "іІιΙìíîïĩīĭįıɪᴉ"},
		{'j', "јЈᴊĵ"},
		{'k', "кКκΚᴋķ"},
		{'l', "ʟĺļľŀłӏ"},
		{'m', "мМΜᴍɯ"},
		{'n', "ΝηпɴñńņňŉŋИո"},
		{'o', "оОοΟσòóôõöøōŏőᴏọօ"},
		{'p', "рРρΡᴘþ"},
		{'q', "ԛǫ"},
		{'r', "ʀгŕŗřɹ"},
		{'s', "ѕЅśŝşšꜱ"},
		{'t', "тТτΤᴛţťŧʇ"},
		{'u', "υùúûüũūŭůűųᴜμս"},
		{'v', "νѵᴠʌ"},
		{'w', "ԝᴡŵʍ"},
		{'x', "хХχΧ×"},
		{'y', "уУΥγýÿŷʏʎ"},
		{'z', "ΖᴢźżžƶZ"},
	} {
		for _, r := range p.runes {
			if r >= utf8.RuneSelf {
				m[r] = p.to
			}
		}
	}
	return m
}()

// confusableHint reports whether a non-ASCII rune is one the folded copy
// reads as ASCII (so a word made of them may hide a keyword).
func confusableHint(r rune) bool {
	a := foldLookAlike(r)
	return a != 0 && a != dropRune || r >= 0x0300 && r <= 0x036F || r == 0x00AD
}
