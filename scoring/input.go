package scoring

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mockinterview/mockinterview/questions"
)

// Input limits. An answer is a spoken or typed interview answer: 32 KiB is
// several thousand words, far beyond any real answer.
const (
	MaxAnswerBytes    = 32 << 10
	MaxQuestionBytes  = 4 << 10
	MaxTipsBytes      = 8 << 10
	MaxReferenceBytes = 32 << 10
	MaxReferences     = 32
	MaxTalkingPoints  = 32
)

// Input error codes (InputError.Code).
const (
	CodeAnswerRequired       = "answer_required"
	CodeAnswerTooLong        = "answer_too_long"
	CodeInvalidUTF8          = "invalid_utf8"
	CodeUnknownQuestion      = "unknown_question"
	CodeQuestionRequired     = "question_required"
	CodeQuestionTooLong      = "question_too_long"
	CodeInvalidCategory      = "invalid_category"
	CodeInvalidCharacters    = "invalid_characters"
	CodeInvalidTalkingPoints = "invalid_talking_points"
	CodeTooManyTalkingPoints = "too_many_talking_points"
	CodeFieldTooLong         = "field_too_long"
	CodeTooManyReferences    = "too_many_references"
)

// ErrInvalidInput is wrapped by every *InputError, for errors.Is.
var ErrInvalidInput = errors.New("invalid score input")

// InputError says what is wrong with a score Input and where: the JSON
// field name, a stable code and a message for people.
type InputError struct {
	Field   string `json:"field,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *InputError) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Unwrap makes errors.Is(err, ErrInvalidInput) true.
func (e *InputError) Unwrap() error { return ErrInvalidInput }

func inputErr(field, code, format string, args ...any) *InputError {
	return &InputError{Field: field, Code: code, Message: fmt.Sprintf(format, args...)}
}

// UnmarshalJSON accepts talking points as strings ("idempotency keys") or
// objects {"id", "label", "phrases"}, mixed freely. A string becomes a
// point whose label and only phrase is the string; a missing id is made
// from the label.
func (tp *TalkingPointsInput) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		*tp = nil
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return inputErr("talking_points", CodeInvalidTalkingPoints, "talking_points must be an array of strings or {id, label, phrases} objects")
	}
	if len(raw) > MaxTalkingPoints {
		return inputErr("talking_points", CodeTooManyTalkingPoints, "at most %d talking points, got %d", MaxTalkingPoints, len(raw))
	}
	out := make(TalkingPointsInput, 0, len(raw))
	for i, r := range raw {
		r = bytes.TrimSpace(r)
		var p questions.TalkingPoint
		switch {
		case len(r) > 0 && r[0] == '"':
			var s string
			if err := json.Unmarshal(r, &s); err != nil {
				return inputErr("talking_points", CodeInvalidTalkingPoints, "talking point %d: %v", i, err)
			}
			p.Label = strings.TrimSpace(s)
		case len(r) > 0 && r[0] == '{':
			// Strict, as the request body is: a misspelt "phrase" is an
			// error, not a point without phrases.
			dec := json.NewDecoder(bytes.NewReader(r))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&p); err != nil {
				return inputErr("talking_points", CodeInvalidTalkingPoints, "talking point %d must be {id, label, phrases} with no other keys", i)
			}
			p.Label = strings.TrimSpace(p.Label)
			if p.Label == "" && len(p.Phrases) > 0 {
				p.Label = strings.TrimSpace(p.Phrases[0])
			}
		default:
			return inputErr("talking_points", CodeInvalidTalkingPoints, "talking point %d must be a string or an object", i)
		}
		if p.Label == "" {
			return inputErr("talking_points", CodeInvalidTalkingPoints, "talking point %d has no label", i)
		}
		out = append(out, p)
	}
	// Ids: given ones kept, missing ones from the label, all unique.
	used := map[string]bool{}
	for i := range out {
		if out[i].ID != "" {
			used[out[i].ID] = true
		}
	}
	for i := range out {
		if out[i].ID != "" {
			continue
		}
		id := slug(out[i].Label)
		for n := 2; used[id]; n++ {
			id = fmt.Sprintf("%s-%d", slug(out[i].Label), n)
		}
		used[id] = true
		out[i].ID = id
	}
	*tp = out
	return nil
}

// validate checks the fields every input needs, whatever its question.
func validate(in *Input) error {
	if !utf8.ValidString(in.Answer) {
		return inputErr("answer", CodeInvalidUTF8, "answer is not valid UTF-8")
	}
	if len(in.Answer) > MaxAnswerBytes {
		return inputErr("answer", CodeAnswerTooLong, "answer is %d bytes; the limit is %d", len(in.Answer), MaxAnswerBytes)
	}
	if strings.TrimSpace(in.Answer) == "" {
		return inputErr("answer", CodeAnswerRequired, "answer is required")
	}
	if i, r := controlChar(in.Answer); i >= 0 {
		return inputErr("answer", CodeInvalidCharacters, "answer holds a control character (U+%04X) at byte %d", r, i)
	}
	fields := []struct {
		name, value string
		limit       int
	}{
		{"question_id", in.QuestionID, 256},
		{"question", in.Question, MaxQuestionBytes},
		{"tips", in.Tips, MaxTipsBytes},
		{"reference_answer", in.ReferenceAnswer, MaxReferenceBytes},
	}
	for _, f := range fields {
		if !utf8.ValidString(f.value) {
			return inputErr(f.name, CodeInvalidUTF8, "%s is not valid UTF-8", f.name)
		}
		if len(f.value) > f.limit {
			code := CodeFieldTooLong
			if f.name == "question" {
				code = CodeQuestionTooLong
			}
			return inputErr(f.name, code, "%s is %d bytes; the limit is %d", f.name, len(f.value), f.limit)
		}
	}
	if len(in.ReferenceAnswers) > MaxReferences {
		return inputErr("reference_answers", CodeTooManyReferences, "at most %d reference answers, got %d", MaxReferences, len(in.ReferenceAnswers))
	}
	for _, r := range in.ReferenceAnswers {
		if !utf8.ValidString(r) {
			return inputErr("reference_answers", CodeInvalidUTF8, "reference_answers holds invalid UTF-8")
		}
		if len(r) > MaxReferenceBytes {
			return inputErr("reference_answers", CodeFieldTooLong, "a reference answer is %d bytes; the limit is %d", len(r), MaxReferenceBytes)
		}
	}
	if len(in.TalkingPoints) > MaxTalkingPoints {
		return inputErr("talking_points", CodeTooManyTalkingPoints, "at most %d talking points, got %d", MaxTalkingPoints, len(in.TalkingPoints))
	}
	for i, p := range in.TalkingPoints {
		if strings.TrimSpace(p.Label) == "" && len(p.Phrases) == 0 {
			return inputErr("talking_points", CodeInvalidTalkingPoints, "talking point %d has no label", i)
		}
		for _, s := range append([]string{p.ID, p.Label}, p.Phrases...) {
			if !utf8.ValidString(s) {
				return inputErr("talking_points", CodeInvalidUTF8, "talking point %d is not valid UTF-8", i)
			}
			if len(s) > MaxQuestionBytes {
				return inputErr("talking_points", CodeFieldTooLong, "talking point %d is longer than %d bytes", i, MaxQuestionBytes)
			}
		}
	}
	if in.Category != "" {
		if _, ok := questions.ParseCategory(string(in.Category)); !ok {
			return inputErr("category", CodeInvalidCategory, "category must be behavioral, technical or situational, not %q", in.Category)
		}
	}
	return nil
}

// resolve returns the question an input is scored against, with its
// compiled tables: the bank question for question_id (the bank's tables
// are built once, in New), else the custom question, compiled once per
// distinct question and cached.
func (s *Scorer) resolve(in *Input) (*compiledQuestion, error) {
	if id := strings.TrimSpace(in.QuestionID); id != "" {
		if cq, ok := s.bankQuestions[id]; ok {
			return cq, nil
		}
		return nil, inputErr("question_id", CodeUnknownQuestion, "no question with id %q in the bank", id)
	}
	text := strings.TrimSpace(in.Question)
	if text == "" {
		return nil, inputErr("question", CodeQuestionRequired, "question or question_id is required")
	}
	cat, ok := questions.ParseCategory(string(in.Category))
	if !ok {
		cat = DetectCategory(text)
		if generalKind(text) != "" {
			cat = questions.Behavioral // about the candidate; scored by the general policy
		}
	}
	q := questions.Question{
		Category:        cat,
		Text:            text,
		Tips:            strings.TrimSpace(in.Tips),
		TalkingPoints:   []questions.TalkingPoint(in.TalkingPoints),
		ReferenceAnswer: strings.TrimSpace(in.ReferenceAnswer),
	}
	return s.custom.get(q, in.ReferenceAnswers, s.concepts), nil
}

// references lists a question's reference answers: its own and the extra
// alternatives of the input.
func references(q questions.Question, extra []string) []string {
	var refs []string
	if q.ReferenceAnswer != "" {
		refs = append(refs, q.ReferenceAnswer)
	}
	for _, r := range extra {
		if r = strings.TrimSpace(r); r != "" {
			refs = append(refs, r)
		}
	}
	return refs
}

// controlChar returns the first control character of s other than tab,
// line feed and carriage return (NUL, escape, delete…) and its byte
// offset, or -1: people do not type them, and they break exports and
// terminals.
//
// It scans bytes, not runes: every control character is one ASCII byte,
// and no byte of a multi-byte UTF-8 sequence is below 0x80.
//
// Eight bytes are tested at a time: a word with no byte below 0x20 and
// none equal to 0x7f is skipped whole; only words holding one (a line feed
// will do) are looked at byte by byte.
func controlChar(s string) (int, rune) {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		del := x ^ (0x7f * ones)
		if (x-0x20*ones)&^x&highs == 0 && (del-ones)&^del&highs == 0 {
			continue
		}
		for j := i; j < i+8; j++ {
			if controlByte[s[j]] {
				return j, rune(s[j])
			}
		}
	}
	for ; i < len(s); i++ {
		if controlByte[s[i]] {
			return i, rune(s[i])
		}
	}
	return -1, 0
}

var controlByte = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\t' && c != '\n' && c != '\r'
	}
	t[0x7f] = true
	return t
}()
