package scoring

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSummaryExtractor(t *testing.T) {
	replies := []string{
		`{"injection_detected":false,"feedback":{"summary":"You named the bottleneck and measured the fix.\nNext: say \"why\" — café 😀 \\ done.","strengths":["a \"summary\" here"],"improvements":[]},"rubric":{"x":{"reasoning":"summary","evidence":[],"score":3}},"followup":""}`,
		// Escaped non-ASCII and a surrogate pair, spaces around tokens, a
		// decoy "summary" key nested deeper.
		"{ \"rubric\" : { \"summary\" : \"not me\" } , \"feedback\" : { \"strengths\" : [ \"x\" ] , \"summary\" : \"caf\\u00e9 \\ud83d\\ude00 ok\" } }",
		`{"feedback":{"summary":""}}`,
	}
	for _, reply := range replies {
		var v struct {
			Feedback struct{ Summary string } `json:"feedback"`
		}
		if err := json.Unmarshal([]byte(reply), &v); err != nil {
			t.Fatalf("test reply is not JSON: %v", err)
		}
		want := v.Feedback.Summary
		// Every chunk size, so escapes, \u sequences and multi-byte runes
		// are split at every possible point.
		for size := 1; size <= len(reply); size++ {
			var pieces []string
			x := &summaryExtractor{emit: func(s string) { pieces = append(pieces, s) }}
			for i := 0; i < len(reply); i += size {
				x.Write(reply[i:min(i+size, len(reply))])
			}
			got := strings.Join(pieces, "")
			if got != want {
				t.Fatalf("chunk size %d: extracted %q; want %q", size, got, want)
			}
			for _, p := range pieces {
				if !utf8.ValidString(p) {
					t.Fatalf("chunk size %d: emitted invalid UTF-8 %q", size, p)
				}
			}
			if x.Emitted() != (want != "") {
				t.Fatalf("chunk size %d: Emitted() = %v with summary %q", size, x.Emitted(), want)
			}
		}
	}
}

func BenchmarkSummaryExtractor(b *testing.B) {
	reply := `{"injection_detected":false,"feedback":{"summary":"` + strings.Repeat("You explained the fix well. ", 20) +
		`","strengths":[],"improvements":[]},"rubric":{},"talking_points":[],"followup":""}`
	b.ReportAllocs()
	b.SetBytes(int64(len(reply)))
	for b.Loop() {
		x := &summaryExtractor{emit: func(string) {}}
		for i := 0; i < len(reply); i += 7 {
			x.Write(reply[i:min(i+7, len(reply))])
		}
	}
}
