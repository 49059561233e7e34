package scoring

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// A hand-written JSON encoder for Result, for the hot path of the scoring
// API, where encoding/json's reflection cost a quarter of a request.
//
// Contract: Result.AppendJSON appends exactly the bytes json.Marshal(r)
// gives, and fails exactly when json.Marshal fails (a NaN or infinite
// number). Field order, omitempty, nil slices as null and empty ones as [],
// number formatting and string escaping (HTML-safe, U+2028/U+2029, invalid
// UTF-8 as \ufffd) all follow encoding/json. TestAppendJSONMatchesMarshal
// and FuzzAppendJSON enforce it, including for fields added to the structs
// later: when you add a field to Result or a type inside it, add it here,
// in the same place as its struct tag order, or those tests fail.
//
// There is deliberately no Result.MarshalJSON: types embedding *Result
// (web's BatchResult) would inherit it and lose their own fields, and
// encoding/json re-validates a Marshaler's output anyway.

// ErrNonFiniteNumber is returned by AppendJSON for a NaN or infinite number,
// which JSON cannot represent (json.Marshal fails on them too).
var ErrNonFiniteNumber = errors.New("a number in the score result is not finite")

// nonFinite is the panic value appendFloat uses to abort encoding; as in
// encoding/json, AppendJSON recovers it and returns it as an error.
type nonFinite struct{ err error }

// AppendJSON appends the JSON encoding of r to b, byte for byte what
// json.Marshal(r) gives, without reflection. On error b is returned
// unchanged.
func (r *Result) AppendJSON(b []byte) (out []byte, err error) {
	start := len(b)
	defer func() {
		if p := recover(); p != nil {
			nf, ok := p.(nonFinite)
			if !ok {
				panic(p)
			}
			out, err = b[:start], nf.err
		}
	}()
	return appendResult(b, r), nil
}

func appendResult(b []byte, r *Result) []byte {
	b = append(b, '{')
	if r.QuestionID != "" {
		b = append(b, `"question_id":`...)
		b = appendJSONString(b, r.QuestionID)
		b = append(b, ',')
	}
	b = append(b, `"overall":`...)
	b = strconv.AppendInt(b, int64(r.Overall), 10)
	b = append(b, `,"band":`...)
	b = strconv.AppendInt(b, int64(r.Band), 10)
	b = append(b, `,"category":`...)
	b = appendJSONString(b, string(r.Category))
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, string(r.Kind))
	b = append(b, `,"star":`...)
	b = appendStar(b, &r.Star)
	b = append(b, `,"coverage":`...)
	b = appendCoverage(b, &r.Coverage)
	b = append(b, `,"metrics":`...)
	b = appendMetrics(b, &r.Metrics)
	b = append(b, `,"delivery":`...)
	b = appendDelivery(b, &r.Delivery)
	b = append(b, `,"parts":`...)
	b = appendSlice(b, r.Parts, appendScorePart)
	if len(r.Rubric) > 0 {
		b = append(b, `,"rubric":`...)
		b = appendSlice(b, r.Rubric, appendCriterion)
	}
	b = append(b, `,"feedback":`...)
	b = appendFeedback(b, &r.Feedback)
	b = append(b, `,"flags":`...)
	b = appendSlice(b, r.Flags, appendStringElem)
	if r.DegradedReason != "" {
		b = append(b, `,"degraded_reason":`...)
		b = appendJSONString(b, r.DegradedReason)
	}
	b = append(b, `,"engine":`...)
	b = appendEngine(b, &r.Engine)
	return append(b, '}')
}

func appendStar(b []byte, s *Star) []byte {
	b = append(b, `{"situation":`...)
	b = appendComponent(b, &s.Situation)
	b = append(b, `,"task":`...)
	b = appendComponent(b, &s.Task)
	b = append(b, `,"action":`...)
	b = appendComponent(b, &s.Action)
	b = append(b, `,"result":`...)
	b = appendComponent(b, &s.Result)
	b = append(b, `,"order":`...)
	b = appendFloat(b, s.Order)
	b = append(b, `,"ownership":`...)
	b = appendFloat(b, s.Ownership)
	b = append(b, `,"quantified_result":`...)
	b = strconv.AppendBool(b, s.QuantifiedResult)
	b = append(b, `,"hypothetical":`...)
	b = strconv.AppendBool(b, s.Hypothetical)
	b = append(b, `,"sentences":`...)
	b = appendSlice(b, s.Sentences, appendSentenceLabel)
	return append(b, '}')
}

func appendComponent(b []byte, c *Component) []byte {
	b = append(b, `{"present":`...)
	b = strconv.AppendBool(b, c.Present)
	b = append(b, `,"confidence":`...)
	b = appendFloat(b, c.Confidence)
	b = append(b, `,"spans":`...)
	b = appendSlice(b, c.Spans, appendSpan)
	return append(b, '}')
}

func appendSpan(b []byte, s *Span) []byte {
	b = append(b, `{"start":`...)
	b = strconv.AppendInt(b, int64(s.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(s.End), 10)
	return append(b, '}')
}

func appendSentenceLabel(b []byte, s *SentenceLabel) []byte {
	b = append(b, `{"start":`...)
	b = strconv.AppendInt(b, int64(s.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(s.End), 10)
	b = append(b, `,"label":`...)
	b = appendJSONString(b, string(s.Label))
	b = append(b, `,"confidence":`...)
	b = appendFloat(b, s.Confidence)
	return append(b, '}')
}

func appendCoverage(b []byte, c *Coverage) []byte {
	b = append(b, `{"score":`...)
	b = appendFloat(b, c.Score)
	b = append(b, `,"points":`...)
	b = appendSlice(b, c.Points, appendPointCoverage)
	if c.Reference != nil {
		b = append(b, `,"reference":`...)
		b = appendFloat(b, *c.Reference)
	}
	if c.Contradicted != 0 {
		b = append(b, `,"contradicted":`...)
		b = strconv.AppendInt(b, int64(c.Contradicted), 10)
	}
	return append(b, '}')
}

func appendPointCoverage(b []byte, p *PointCoverage) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, p.ID)
	b = append(b, `,"label":`...)
	b = appendJSONString(b, p.Label)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, p.Status)
	b = append(b, `,"evidence":`...)
	b = appendSlice(b, p.Evidence, appendEvidence)
	if p.Contradicted {
		b = append(b, `,"contradicted":true`...)
	}
	return append(b, '}')
}

func appendEvidence(b []byte, e *Evidence) []byte {
	b = append(b, `{"start":`...)
	b = strconv.AppendInt(b, int64(e.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(e.End), 10)
	b = append(b, `,"text":`...)
	b = appendJSONString(b, e.Text)
	return append(b, '}')
}

func appendMetrics(b []byte, m *Metrics) []byte {
	b = append(b, `{"words":`...)
	b = strconv.AppendInt(b, int64(m.Words), 10)
	b = append(b, `,"sentences":`...)
	b = strconv.AppendInt(b, int64(m.Sentences), 10)
	b = append(b, `,"fillers":`...)
	b = strconv.AppendInt(b, int64(m.Fillers), 10)
	b = append(b, `,"hedges":`...)
	b = strconv.AppendInt(b, int64(m.Hedges), 10)
	b = append(b, `,"numbers":`...)
	b = strconv.AppendInt(b, int64(m.Numbers), 10)
	b = append(b, `,"technical_terms":`...)
	b = strconv.AppendInt(b, int64(m.TechnicalTerms), 10)
	b = append(b, `,"repetition":`...)
	b = appendFloat(b, m.Repetition)
	b = append(b, `,"lexical_density":`...)
	b = appendFloat(b, m.LexicalDensity)
	b = append(b, `,"quantities":`...)
	b = strconv.AppendInt(b, int64(m.Quantities), 10)
	b = append(b, `,"duplicate_sentences":`...)
	b = strconv.AppendInt(b, int64(m.DuplicateSentences), 10)
	return append(b, '}')
}

func appendDelivery(b []byte, d *Delivery) []byte {
	b = append(b, `{"score":`...)
	b = appendFloat(b, d.Score)
	b = append(b, `,"spoken":`...)
	b = strconv.AppendBool(b, d.Spoken)
	b = append(b, `,"filler_count":`...)
	b = strconv.AppendInt(b, int64(d.FillerCount), 10)
	b = append(b, `,"filler_rate":`...)
	b = appendFloat(b, d.FillerRate)
	b = append(b, `,"hedge_count":`...)
	b = strconv.AppendInt(b, int64(d.HedgeCount), 10)
	b = append(b, `,"repeat_count":`...)
	b = strconv.AppendInt(b, int64(d.RepeatCount), 10)
	b = append(b, `,"words_per_point":`...)
	b = appendFloat(b, d.WordsPerPoint)
	b = append(b, `,"spans":`...)
	b = appendSlice(b, d.Spans, appendDeliverySpan)
	return append(b, '}')
}

func appendDeliverySpan(b []byte, s *DeliverySpan) []byte {
	b = append(b, `{"start":`...)
	b = strconv.AppendInt(b, int64(s.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(s.End), 10)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, s.Kind)
	return append(b, '}')
}

func appendScorePart(b []byte, p *ScorePart) []byte {
	b = append(b, `{"name":`...)
	b = appendJSONString(b, p.Name)
	b = append(b, `,"weight":`...)
	b = appendFloat(b, p.Weight)
	b = append(b, `,"score":`...)
	b = appendFloat(b, p.Score)
	if p.Multiplier {
		b = append(b, `,"multiplier":true`...)
	}
	return append(b, '}')
}

func appendCriterion(b []byte, c *Criterion) []byte {
	b = append(b, `{"criterion":`...)
	b = appendJSONString(b, c.Criterion)
	b = append(b, `,"score":`...)
	b = strconv.AppendInt(b, int64(c.Score), 10)
	b = append(b, `,"reasoning":`...)
	b = appendJSONString(b, c.Reasoning)
	b = append(b, `,"evidence":`...)
	b = appendSlice(b, c.Evidence, appendEvidence)
	return append(b, '}')
}

func appendFeedback(b []byte, f *Feedback) []byte {
	b = append(b, `{"summary":`...)
	b = appendJSONString(b, f.Summary)
	b = append(b, `,"strengths":`...)
	b = appendSlice(b, f.Strengths, appendStringElem)
	b = append(b, `,"improvements":`...)
	b = appendSlice(b, f.Improvements, appendStringElem)
	return append(b, '}')
}

func appendEngine(b []byte, e *Engine) []byte {
	b = append(b, `{"version":`...)
	b = appendJSONString(b, e.Version)
	b = append(b, `,"prompt_version":`...)
	b = appendJSONString(b, e.PromptVersion)
	b = append(b, `,"model":`...)
	b = appendJSONString(b, e.Model)
	return append(b, '}')
}

// appendSlice appends s as a JSON array, or null when s is nil, as
// encoding/json does.
func appendSlice[T any](b []byte, s []T, appendElem func([]byte, *T) []byte) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendElem(b, &s[i])
	}
	return append(b, ']')
}

func appendStringElem(b []byte, s *string) []byte { return appendJSONString(b, *s) }

// appendFloat is encoding/json's float64 encoder: ES6 number formatting,
// 'f' except for very small or large magnitudes, with the exponent
// un-padded (1e-07 becomes 1e-7).
func appendFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		panic(nonFinite{fmt.Errorf("encode score result: %v: %w", f, ErrNonFiniteNumber)})
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// jsonSafe marks the ASCII bytes encoding/json writes as they are with
// HTML escaping on: printable ones other than " \ < > &.
var jsonSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		safe[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return safe
}()

const lowerHex = "0123456789abcdef"

// appendJSONString is encoding/json's string encoder with HTML escaping
// (json.Marshal's default): \" \\ \b \f \n \r \t, other control bytes and
// < > & as \u00XX, U+2028 and U+2029 escaped, invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', lowerHex[c>>4], lowerHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', lowerHex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
