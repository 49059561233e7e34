package scoring

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/questions"
)

// trickyAnswers exercise string escaping: multi-byte and invalid UTF-8,
// HTML characters, control characters, the JS line separators.
var trickyAnswers = []string{
	"I led the migration — café, naïve, 漢字, emoji 🚀 — and cut p99 from 2.4 s to 180 ms.",
	"I fixed <script>alert('x')</script> & the \"quoted\" bug in a\\b\\c paths > 3 < 4.",
	"Tabs\tnew\nlines\r\nform\ffeed\bback \x00 nul \x01 \x1f \x7f del.",
	"Invalid \xff\xfe UTF-8 \xc3 here and a lone \xed\xa0\x80 surrogate; I measured 40% less CPU.",
	"Line\u2028separator and paragraph\u2029separator; I owned the rollout and it worked.",
	"\ufeffBOM first. I reduced latency by 3x using a cache.",
}

// scoredResults scores a varied set of answers: every bank question with
// its reference answer and with a weak answer, custom questions with tips
// and references, the injection payloads, and tricky strings.
func scoredResults(t *testing.T) []Result {
	t.Helper()
	s := testScorer(t)
	ctx := context.Background()
	var out []Result
	add := func(in Input) {
		res, err := s.Score(ctx, in)
		if err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				return
			}
			t.Fatalf("Score(%.40q): %v", in.Answer, err)
		}
		out = append(out, res)
	}
	for _, q := range s.bank.Questions("") {
		add(Input{QuestionID: q.ID, Answer: q.ReferenceAnswer})
		add(Input{QuestionID: q.ID, Answer: badAnswer})
	}
	custom := []Input{
		{Question: seedText, Tips: seedTips, Answer: plainAnswer},
		{Question: seedText, Tips: seedTips, ReferenceAnswer: plainAnswer, Answer: plainAnswer},
		{Question: "How would you design a rate limiter?", Tips: "token bucket, <burst> & refill, per-key state",
			Category: questions.Technical, ReferenceAnswers: []string{"A token bucket per key.", "Sliding window log."},
			Answer: "I would use a token bucket per API key, stored in Redis, refilled at a fixed rate, with a burst of 10."},
		{Question: "Tell me about a conflict.", Answer: "I would probably maybe talk to them, I guess."},
	}
	for _, in := range custom {
		add(in)
	}
	for _, p := range injectionPayloads(t) {
		add(Input{Question: seedText, Tips: seedTips, Answer: p})
		add(Input{Question: seedText, Tips: seedTips, Answer: plainAnswer + " " + p})
	}
	for _, a := range trickyAnswers {
		add(Input{Question: seedText, Tips: seedTips, Answer: a})
		add(Input{Question: seedText, Tips: seedTips, Answer: plainAnswer + " " + a})
	}
	if len(out) < 200 {
		t.Fatalf("scored only %d results; want a varied set of 200 or more", len(out))
	}
	return out
}

func checkAppendJSON(t *testing.T, name string, r *Result) {
	t.Helper()
	want, wantErr := json.Marshal(r)
	prefix := []byte("prefix:")
	got, err := r.AppendJSON(prefix)
	if wantErr != nil || err != nil {
		if wantErr == nil || !errors.Is(err, ErrNonFiniteNumber) {
			t.Fatalf("%s: AppendJSON error %v; json.Marshal error %v", name, err, wantErr)
		}
		if string(got) != "prefix:" {
			t.Fatalf("%s: AppendJSON on error returned %q; want the prefix unchanged", name, got)
		}
		return
	}
	if !bytes.HasPrefix(got, prefix) {
		t.Fatalf("%s: AppendJSON dropped the prefix: %.40q", name, got)
	}
	if got = got[len(prefix):]; !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		lo := max(0, i-60)
		t.Fatalf("%s: AppendJSON differs from json.Marshal at byte %d:\n got  ...%s\n want ...%s",
			name, i, got[lo:min(len(got), i+60)], want[lo:min(len(want), i+60)])
	}
}

func TestAppendJSONMatchesMarshal(t *testing.T) {
	t.Run("scored", func(t *testing.T) {
		for i, res := range scoredResults(t) {
			checkAppendJSON(t, fmt.Sprintf("result %d (%s)", i, res.QuestionID), &res)
		}
	})
	t.Run("zero", func(t *testing.T) {
		checkAppendJSON(t, "zero Result", &Result{})
	})
	t.Run("judged and degraded", func(t *testing.T) {
		s := testScorer(t)
		res := score(t, s, seedInput(t, s, plainAnswer))
		ref := 0.123456789
		res.Coverage.Reference = &ref
		res.Rubric = []Criterion{
			{Criterion: "Ownership <I>", Score: 4, Reasoning: "Says \"I\" & owns it", Evidence: []Evidence{{Start: 1, End: 5, Text: "my \u2028 task"}}},
			{Criterion: "Result", Score: 0, Reasoning: "", Evidence: nil},
			{Criterion: "Empty evidence", Score: -1, Evidence: []Evidence{}},
		}
		res.DegradedReason = "llm timeout after 10s"
		res.Flags = append(res.Flags, FlagDegraded, FlagNeedsReview)
		res.Engine.Model = "gpt-4o-mini"
		res.Engine.PromptVersion = "judge/2"
		checkAppendJSON(t, "judged", &res)

		res.Rubric = []Criterion{} // empty: omitted like nil
		res.Flags = []string{}
		res.Parts = nil
		res.Feedback = Feedback{Strengths: []string{}, Improvements: nil}
		checkAppendJSON(t, "empty slices", &res)
	})
	t.Run("numbers", func(t *testing.T) {
		for _, f := range []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.0 / 3, 1e-6, 9.99e-7, 1e-7, 1.5e-300,
			5e-324, 1e20, 1e21, 123456789e15, math.MaxFloat64, -2.5e-8, 100, 0.5, 2.675} {
			r := Result{Overall: math.MaxInt64, Band: math.MinInt64, Star: Star{Order: f, Ownership: -f}, Coverage: Coverage{Reference: &f}}
			checkAppendJSON(t, fmt.Sprint("float ", f), &r)
		}
	})
	t.Run("non-finite", func(t *testing.T) {
		for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			checkAppendJSON(t, "order", &Result{Star: Star{Order: f}})
			checkAppendJSON(t, "reference", &Result{Coverage: Coverage{Reference: &f}})
			checkAppendJSON(t, "part", &Result{Parts: []ScorePart{{Name: "x", Score: 1}, {Weight: f}}})
		}
	})
	t.Run("strings", func(t *testing.T) {
		var all strings.Builder
		for c := range 256 {
			all.WriteByte(byte(c))
		}
		for _, s := range append(trickyAnswers, all.String(), "", "\xf4\x90\x80\x80", "\xe2\x80", "a\u2029") {
			r := Result{QuestionID: s, Category: questions.Category(s), Feedback: Feedback{Summary: s, Strengths: []string{s, s}}}
			checkAppendJSON(t, "string "+strings.ToValidUTF8(s[:min(len(s), 20)], "?"), &r)
		}
	})
	// A Result with every exported field of every nested type set, through
	// reflection: a field added to the structs but not to AppendJSON fails
	// here.
	t.Run("every field set", func(t *testing.T) {
		for seed := range 4 {
			var r Result
			fillEveryField(reflect.ValueOf(&r).Elem(), seed)
			checkAppendJSON(t, "filled", &r)
		}
	})
}

// fillEveryField sets every exported field reachable from v to a non-zero
// value (slices get two elements, pointers a value), varied by seed.
func fillEveryField(v reflect.Value, seed int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString([]string{"plain", "<b>&\"x\"</b>", "ünï\u2028\xff", "tab\there"}[seed%4])
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(seed*7 + 1))
	case reflect.Float64:
		v.SetFloat([]float64{0.25, 1e-7, 1e21, -3.5}[seed%4])
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillEveryField(v.Elem(), seed)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fillEveryField(v.Index(i), seed+i)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillEveryField(v.Field(i), seed+i)
			}
		}
	default:
		panic("fillEveryField: add a case for " + v.Type().String())
	}
}

// fuzzSource hands out values taken from fuzz input bytes.
type fuzzSource struct{ data []byte }

func (s *fuzzSource) byte() byte {
	if len(s.data) == 0 {
		return 0
	}
	b := s.data[0]
	s.data = s.data[1:]
	return b
}

func (s *fuzzSource) bytes(n int) []byte {
	n = min(n, len(s.data))
	b := s.data[:n]
	s.data = s.data[n:]
	return b
}

// edgeFloats are the numbers where float formatting changes.
var edgeFloats = []float64{0, math.Copysign(0, -1), 1e-6, 9.999999e-7, 1e21, 9.99999e20, 0.1, 1.0 / 3, 5e-324, math.NaN(), math.Inf(-1)}

// fillFromFuzz sets every exported field reachable from v from src: any
// string bytes, nil or empty or short slices, nil or set pointers, edge
// and arbitrary floats.
func fillFromFuzz(v reflect.Value, src *fuzzSource) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(string(src.bytes(int(src.byte() % 32))))
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(int8(src.byte())) * int64(src.byte()))
	case reflect.Float64:
		sel := src.byte()
		if int(sel) < len(edgeFloats) {
			v.SetFloat(edgeFloats[sel])
			return
		}
		var raw [8]byte
		copy(raw[:], src.bytes(8))
		v.SetFloat(math.Float64frombits(binary.LittleEndian.Uint64(raw[:])))
	case reflect.Bool:
		v.SetBool(src.byte()&1 == 1)
	case reflect.Pointer:
		if src.byte()&1 == 1 {
			v.Set(reflect.New(v.Type().Elem()))
			fillFromFuzz(v.Elem(), src)
		}
	case reflect.Slice:
		switch n := int(src.byte() % 5); n {
		case 0: // nil
		default:
			v.Set(reflect.MakeSlice(v.Type(), n-1, n-1))
			for i := range n - 1 {
				fillFromFuzz(v.Index(i), src)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillFromFuzz(v.Field(i), src)
			}
		}
	default:
		panic("fillFromFuzz: add a case for " + v.Type().String())
	}
}

// FuzzAppendJSON checks AppendJSON against json.Marshal on results built
// from the fuzz input through reflection, so new fields are covered too.
func FuzzAppendJSON(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x05hello\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"))
	f.Add(bytes.Repeat([]byte{0xff, 0x03, '<', 0xe2, 0x80, 0xa8, '&', '\n'}, 40))
	f.Add(bytes.Repeat([]byte{4, 1, 2, 3, 9, 0x20, 0x40}, 60))
	f.Add([]byte("\x1f\xc3\xa9\xff\"\\\x00\x7f</>\u2029 ok"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Result
		fillFromFuzz(reflect.ValueOf(&r).Elem(), &fuzzSource{data: data})
		checkAppendJSON(t, "fuzzed", &r)
	})
}

func BenchmarkResultJSON(b *testing.B) {
	s, in := benchQuestion(b)
	res, err := s.Score(context.Background(), in)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(&res); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AppendJSON", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			if buf, err = res.AppendJSON(buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
	})
	// What a MarshalJSON returning AppendJSON would cost callers of
	// json.Marshal: encoding/json re-scans and compacts Marshaler output.
	b.Run("json.Marshal via Marshaler", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(appendMarshaler{&res}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

type appendMarshaler struct{ r *Result }

func (m appendMarshaler) MarshalJSON() ([]byte, error) { return m.r.AppendJSON(nil) }
