package scoring

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// summaryExtractor pulls the value of feedback.summary out of a JSON reply
// that arrives in arbitrary pieces, decoding escapes as it goes, and emits
// the decoded text piece by piece. The reply schema puts feedback first, so
// the candidate reads the summary while the judge is still writing the
// rubric. It is a small JSON scanner: it tracks the container stack and the
// current key, and only decodes the one string it is after.
type summaryExtractor struct {
	emit func(string)

	stack    []jsonFrame
	inString bool
	isKey    bool
	target   bool
	escape   bool
	hex      []byte // pending \uXXXX digits
	high     rune   // pending high surrogate
	key      []byte
	out      []byte // decoded target bytes not yet emitted
	emitted  bool
}

type jsonFrame struct {
	object    bool
	key       string
	expectKey bool
}

// Write feeds the next piece of the reply and emits whatever summary text
// it completes (never a partial UTF-8 sequence).
func (x *summaryExtractor) Write(piece string) {
	for i := 0; i < len(piece); i++ {
		x.byte(piece[i])
	}
	x.flush()
}

// Emitted reports whether any text was emitted.
func (x *summaryExtractor) Emitted() bool { return x.emitted }

func (x *summaryExtractor) flush() {
	n := len(x.out)
	// Hold back an incomplete trailing rune for the next piece.
	for back := 1; back <= 3 && back <= n; back++ {
		if utf8.RuneStart(x.out[n-back]) {
			if !utf8.FullRune(x.out[n-back:]) {
				n -= back
			}
			break
		}
	}
	if n == 0 {
		return
	}
	x.emitted = true
	x.emit(string(x.out[:n]))
	x.out = append(x.out[:0], x.out[n:]...)
}

func (x *summaryExtractor) byte(c byte) {
	if x.inString {
		x.stringByte(c)
		return
	}
	top := len(x.stack) - 1
	switch c {
	case '{':
		x.stack = append(x.stack, jsonFrame{object: true, expectKey: true})
	case '[':
		x.stack = append(x.stack, jsonFrame{})
	case '}', ']':
		if top >= 0 {
			x.stack = x.stack[:top]
		}
	case ',':
		if top >= 0 && x.stack[top].object {
			x.stack[top].expectKey = true
		}
	case ':':
		if top >= 0 {
			x.stack[top].expectKey = false
		}
	case '"':
		x.inString = true
		x.isKey = top >= 0 && x.stack[top].object && x.stack[top].expectKey
		x.key = x.key[:0]
		x.target = !x.isKey && len(x.stack) == 2 && x.stack[0].object && x.stack[1].object &&
			x.stack[0].key == "feedback" && x.stack[1].key == "summary"
	}
}

func (x *summaryExtractor) stringByte(c byte) {
	if x.hex != nil {
		x.hex = append(x.hex, c)
		if len(x.hex) == 4 {
			n, err := strconv.ParseUint(string(x.hex), 16, 32)
			x.hex = nil
			if err != nil {
				n = utf8.RuneError
			}
			x.escapedRune(rune(n))
		}
		return
	}
	if x.escape {
		x.escape = false
		switch c {
		case 'u':
			x.hex = make([]byte, 0, 4)
			return
		case 'n':
			c = '\n'
		case 't':
			c = '\t'
		case 'r':
			c = '\r'
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		}
		x.plain(c)
		return
	}
	switch c {
	case '\\':
		x.escape = true
	case '"':
		x.inString = false
		x.flushHigh()
		if x.isKey {
			x.stack[len(x.stack)-1].key = string(x.key)
		}
		x.target = false
	default:
		x.plain(c)
	}
}

func (x *summaryExtractor) plain(c byte) {
	x.flushHigh()
	if x.isKey {
		x.key = append(x.key, c)
	} else if x.target {
		x.out = append(x.out, c)
	}
}

// escapedRune handles a \uXXXX escape, joining surrogate pairs.
func (x *summaryExtractor) escapedRune(r rune) {
	if utf16.IsSurrogate(r) && r < 0xDC00 {
		x.flushHigh()
		x.high = r
		return
	}
	if x.high != 0 {
		r = utf16.DecodeRune(x.high, r)
		x.high = 0
	}
	var b [4]byte
	n := utf8.EncodeRune(b[:], r)
	for _, c := range b[:n] {
		if x.isKey {
			x.key = append(x.key, c)
		} else if x.target {
			x.out = append(x.out, c)
		}
	}
}

// flushHigh writes a lone high surrogate as U+FFFD.
func (x *summaryExtractor) flushHigh() {
	if x.high != 0 {
		x.high = 0
		r := utf8.RuneError
		if x.target {
			x.out = utf8.AppendRune(x.out, r)
		}
	}
}
