package web

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/mockinterview/mockinterview/scoring"
)

// sameAsDecodeJSON checks decodeScoreInput against decodeJSON on data: the
// same Input or the same error; and that the fast path, when it answers,
// answers what decodeJSON does. It returns whether the fast path answered.
func sameAsDecodeJSON(t *testing.T, data []byte) (fast bool) {
	t.Helper()
	var want scoring.Input
	wantErr := decodeJSON(data, &want)
	var got scoring.Input
	gotErr := decodeScoreInput(data, &got)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeScoreInput(%q) = %+v, %v;\ndecodeJSON gives %+v, %v", data, got, gotErr, want, wantErr)
	}
	var quick scoring.Input
	if !decodeScoreInputFast(data, &quick) {
		return false
	}
	if wantErr != nil || !reflect.DeepEqual(quick, want) {
		t.Fatalf("fast path on %q = %+v; decodeJSON gives %+v, %v", data, quick, want, wantErr)
	}
	return true
}

func TestDecodeScoreInput(t *testing.T) {
	fast := []string{
		`{"question_id":"be-performance-bottleneck","answer":"I profiled it."}`,
		" \r\n\t{ \"answer\" : \"a\" , \"question\":\"q\"\n}\n ",
		`{"question":"Why?","tips":"ownership","category":"behavioral","reference_answer":"Because.","answer":"Line one.\nLine \"two\" \\ \/ \t\b\f\r end"}`,
		"{\"answer\":\"café 漢字 🚀 <b> & \u2028 \x7f\"}",
		`{}`,
		`{"answer":""}`,
	}
	for _, body := range fast {
		t.Run("fast "+body, func(t *testing.T) {
			if !sameAsDecodeJSON(t, []byte(body)) {
				t.Errorf("decodeScoreInput(%q) did not take the fast path", body)
			}
		})
	}
	// Everything else goes to encoding/json, with its results and errors.
	slow := []string{
		``, ` `, `[]`, `"answer"`, `null`, `{`, `{"answer"`, `{"answer":`, `{"answer":"a"`, `{"answer":"a",}`, `{,}`,
		`{"answer":"a"} {}`, `{"answer":"a"}x`, `{"answer":"a""question":"q"}`,
		`{"Answer":"case-folded key"}`, `{"ANSWER":"a"}`, `{"answr":"typo"}`, `{"answer":"a","answer":"twice"}`,
		`{"an\u0073wer":"escaped key"}`, `{"answer":"\u00e9 escape"}`, `{"answer":"\ud83d\ude80 pair"}`, `{"answer":"\ud800 lone"}`,
		`{"answer":"bad \x escape"}`, `{"answer":"tab` + "\t" + `raw"}`, "{\"answer\":\"invalid \xff utf-8\"}",
		`{"answer":null}`, `{"answer":42}`, `{"answer":true}`, `{"answer":["a"]}`,
		`{"talking_points":["idempotency keys"],"question":"q","answer":"a"}`,
		`{"reference_answers":["one","two"],"question":"q","answer":"a"}`, `{"reference_answers":[],"answer":"a"}`,
		"\xef\xbb\xbf{\"answer\":\"BOM\"}", `{"answer":"a\`,
	}
	for _, body := range slow {
		t.Run("slow "+body, func(t *testing.T) {
			if sameAsDecodeJSON(t, []byte(body)) {
				t.Errorf("decodeScoreInput(%q) took the fast path; want encoding/json", body)
			}
		})
	}
}

func FuzzDecodeScoreInput(f *testing.F) {
	for _, s := range []string{
		`{"question_id":"q","answer":"a\nb"}`, `{"question":"q","tips":"t","category":"technical","answer":"\"x\""}`,
		`{"Answer":"a"}`, `{"answer":"\u00e9"}`, `{"answer":null}`, `{"talking_points":[{"id":"a","label":"b","phrases":["c"]}],"answer":"a"}`,
		"{\"answer\":\"\xff\"}", `{"answer":"a"} `, `{"answer":"a"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsDecodeJSON(t, data)
	})
}

func BenchmarkDecodeScoreInput(b *testing.B) {
	answer := `Last year I was the backend lead on our payments team when checkout latency started climbing during peak hours. ` +
		`Customers were abandoning carts and support tickets doubled within two weeks, so the situation was urgent for the whole company.\n\n` +
		`My task was to find the bottleneck and bring p99 latency under 300 milliseconds before the holiday sale, without a risky rewrite. `
	for range 3 {
		answer += answer
	}
	body := []byte(`{"question_id":"be-performance-bottleneck","answer":"` + answer + `"}`)
	for _, bench := range []struct {
		name   string
		decode func([]byte, *scoring.Input) error
	}{
		{"decodeScoreInput", decodeScoreInput},
		{"decodeJSON", func(data []byte, in *scoring.Input) error { return decodeJSON(data, in) }},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				var in scoring.Input
				if err := bench.decode(body, &in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
