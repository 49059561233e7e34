package web

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// decodeScoreInput decodes a score input as decodeJSON does (strict: one
// object, no unknown fields, the same 400s), with a fast path for the
// usual shape of a score request: an object of plain string fields.
//
// encoding/json's Decoder copies the body, scans it twice and decodes
// through reflection, which cost about an eighth of a score request. The
// fast path reads the body once; anything it is not sure to decode exactly
// as encoding/json would (talking points, reference answer lists, nulls,
// \u escapes, invalid UTF-8, duplicate or differently-cased keys, any
// error) goes to decodeJSON, so results and error messages are the same.
// FuzzDecodeScoreInput holds the two to that.
func decodeScoreInput(data []byte, in *scoring.Input) error {
	if err := checkUTF8(data); err != nil {
		return err
	}
	if decodeScoreInputFast(data, in) {
		return nil
	}
	*in = scoring.Input{}
	return decodeJSON(data, in)
}

// decodeScoreInputFast decodes data into in and reports true when data is
// an object of the Input string fields, each at most once, with string
// values encoding/json decodes to the same bytes. On false, in may hold
// part of data.
func decodeScoreInputFast(data []byte, in *scoring.Input) bool {
	i := skipJSONSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return false
	}
	i = skipJSONSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return skipJSONSpace(data, i+1) == len(data)
	}
	var seen uint8
	for {
		key, next, ok := plainJSONKey(data, i)
		if !ok {
			return false
		}
		i = skipJSONSpace(data, next)
		if i == len(data) || data[i] != ':' {
			return false
		}
		value, next, ok := simpleJSONString(data, skipJSONSpace(data, i+1))
		if !ok {
			return false
		}
		bit := inputStringField(in, key, value)
		if bit == 0 || seen&bit != 0 {
			return false
		}
		seen |= bit
		i = skipJSONSpace(data, next)
		if i == len(data) {
			return false
		}
		switch data[i] {
		case ',':
			i = skipJSONSpace(data, i+1)
		case '}':
			return skipJSONSpace(data, i+1) == len(data)
		default:
			return false
		}
	}
}

// inputStringField sets the string field of in whose JSON name is key
// (exactly, as sent) and returns its bit, or 0 for any other key.
func inputStringField(in *scoring.Input, key []byte, value string) uint8 {
	switch string(key) {
	case "question_id":
		in.QuestionID = value
		return 1 << 0
	case "question":
		in.Question = value
		return 1 << 1
	case "tips":
		in.Tips = value
		return 1 << 2
	case "category":
		in.Category = questions.Category(value)
		return 1 << 3
	case "reference_answer":
		in.ReferenceAnswer = value
		return 1 << 4
	case "answer":
		in.Answer = value
		return 1 << 5
	}
	return 0
}

func skipJSONSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// plainJSONKey reads a key of lower-case ASCII letters and underscores at
// data[i:], returning it and the index after its closing quote.
func plainJSONKey(data []byte, i int) (key []byte, next int, ok bool) {
	if i == len(data) || data[i] != '"' {
		return nil, 0, false
	}
	for j := i + 1; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			return data[i+1 : j], j + 1, true
		case c != '_' && (c < 'a' || c > 'z'):
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// jsonPlain marks the bytes that stand for themselves inside a JSON
// string: all but controls, the quote and the backslash. (Bytes of
// multi-byte characters are plain here; the string is checked for valid
// UTF-8 as a whole.)
var jsonPlain = func() (plain [256]bool) {
	for c := 0x20; c < 256; c++ {
		plain[c] = c != '"' && c != '\\'
	}
	return plain
}()

// simpleJSONString reads a JSON string at data[i:] that holds valid UTF-8
// and no escape other than \" \\ \/ \b \f \n \r \t, returning its value
// and the index after its closing quote.
func simpleJSONString(data []byte, i int) (value string, next int, ok bool) {
	if i == len(data) || data[i] != '"' {
		return "", 0, false
	}
	start, j, escaped := i+1, i+1, false
	for {
		for j < len(data) && jsonPlain[data[j]] {
			j++
		}
		if j >= len(data) {
			return "", 0, false
		}
		if data[j] == '"' {
			break
		}
		if data[j] != '\\' {
			return "", 0, false // a control byte: a syntax error
		}
		escaped = true
		j += 2 // the escaped byte is checked below; it cannot end the string
	}
	raw := data[start:j]
	if !utf8.Valid(raw) {
		return "", 0, false // encoding/json would replace the bad bytes
	}
	if !escaped {
		return string(raw), j + 1, true
	}
	var out strings.Builder
	out.Grow(len(raw))
	for {
		k := bytes.IndexByte(raw, '\\')
		if k < 0 {
			out.Write(raw)
			return out.String(), j + 1, true
		}
		out.Write(raw[:k])
		c := raw[k+1]
		switch c {
		case '"', '\\', '/':
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		default: // \u and invalid escapes
			return "", 0, false
		}
		out.WriteByte(c)
		raw = raw[k+2:]
	}
}
