package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/scoring"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files under testdata/")

func noEnv(string) string { return "" }

func runScoreCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), append([]string{"mockinterview", "score", "--llm", "off"}, args...), noEnv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

const cliAnswer = "At my last company our nightly billing job took 3 hours and often missed its window. " +
	"I owned the job, so my goal was to finish before 6am. I profiled it and found the root cause: one query per invoice. " +
	"I rewrote it to batch the queries and added an index. As a result the job fell from 3 hours to 20 minutes."

func cliLine(t *testing.T, in map[string]any) string {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestScoreJSONLines(t *testing.T) {
	custom := map[string]any{
		"question": "Describe a time you fixed a slow batch job.",
		"tips":     "Walk through profiling, root cause analysis, the fix, and measurable improvement.",
		"answer":   cliAnswer,
	}
	lines := []string{
		cliLine(t, custom),
		"",
		"not json",
		`{"question":"Why?","answer":""}`,
		`{"question_id":"no-such-id","answer":"An answer."}`,
		`{"question":"Why?","answer":5}`,
		"{",
		`  "question": "Explain the CAP theorem.",`,
		`  "answer": "During a partition a system chooses consistency or availability, because the network cannot be trusted."`,
		"}",
		cliLine(t, custom),
		`{"question":"Why?","answer":"` + strings.Repeat("x", maxScoreLineBytes) + `"}`,
		cliLine(t, custom),
	}
	stdout, _, err := runScoreCmd(t, strings.Join(lines, "\n"))
	if !errors.Is(err, errSilentFailure) {
		t.Fatalf("run error = %v; want errSilentFailure (exit 1) after bad lines", err)
	}
	type errLine struct {
		Line  int `json:"line"`
		Error struct {
			Code, Message, Field string
		} `json:"error"`
	}
	want := []struct {
		line  int // 0 for a result
		code  string
		field string
	}{
		{0, "", ""},
		{3, "invalid_json", ""},
		{4, scoring.CodeAnswerRequired, "answer"},
		{5, scoring.CodeUnknownQuestion, "question_id"},
		{6, "invalid_field", "answer"},
		{0, "", ""}, // the object spanning lines 7-10
		{0, "", ""},
		{12, "line_too_long", ""},
		{0, "", ""},
	}
	got := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d output lines; want %d:\n%s", len(got), len(want), stdout)
	}
	var first string
	for i, w := range want {
		if w.line == 0 {
			var res scoring.Result
			if err := json.Unmarshal([]byte(got[i]), &res); err != nil || res.Band == 0 {
				t.Errorf("output %d = %.80s; want a result", i, got[i])
			}
			if i == 0 {
				first = got[i]
			} else if i != 5 && got[i] != first {
				t.Errorf("output %d differs from output 0 for the same input", i)
			}
			continue
		}
		var el errLine
		if err := json.Unmarshal([]byte(got[i]), &el); err != nil {
			t.Fatalf("output %d = %q: %v", i, got[i], err)
		}
		if el.Line != w.line || el.Error.Code != w.code || el.Error.Field != w.field || el.Error.Message == "" {
			t.Errorf("output %d = %s; want line %d code %q field %q", i, got[i], w.line, w.code, w.field)
		}
	}
}

func TestScoreSingleObjectFile(t *testing.T) {
	in := "{\n  \"question\": \"How would you handle a sudden 10x spike in API traffic?\",\n  \"answer\": \"First I would check which endpoints the traffic hits. Then I would scale out and add a cache, and rate limit per client.\"\n}\n"
	path := filepath.Join(t.TempDir(), "one.json")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runScoreCmd(t, "", path)
	if err != nil {
		t.Fatalf("score %s: %v (stderr %q)", path, err, stderr)
	}
	var res scoring.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("output %q: %v", stdout, err)
	}
	if res.Category != "situational" {
		t.Errorf("Category = %q; want situational (detected)", res.Category)
	}
}

func TestScoreOrderUnderConcurrency(t *testing.T) {
	var b strings.Builder
	for i := range 200 {
		fmt.Fprintf(&b, "{\"question\":\"Question %d: explain caching.\",\"answer\":\"Answer %d uses a cache because reads dominate.\"}\n", i, i)
	}
	stdout, _, err := runScoreCmd(t, b.String())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 200 {
		t.Fatalf("got %d lines; want 200", len(lines))
	}
	// Each answer says its number: the output must follow the input order.
	for i, l := range lines {
		var res scoring.Result
		if err := json.Unmarshal([]byte(l), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Star.Sentences) == 0 {
			t.Fatalf("line %d: no sentences", i)
		}
	}
	again, _, _ := runScoreCmd(t, b.String())
	if again != stdout {
		t.Errorf("two runs of the same batch differ")
	}
}

// TestScoreTextGolden checks the --text report against
// testdata/score_text.golden; go test -run TestScoreTextGolden -update
// rewrites it.
func TestScoreTextGolden(t *testing.T) {
	lines := []string{
		cliLine(t, map[string]any{
			"question":       "Describe a time you fixed a slow batch job.",
			"talking_points": []any{"profiling", map[string]any{"id": "root-cause", "label": "Root cause", "phrases": []string{"root cause", "turned out"}}, "rollback plan"},
			"answer":         cliAnswer,
		}),
		`{"question":"Why?","answer":""}`,
	}
	stdout, _, err := runScoreCmd(t, strings.Join(lines, "\n"), "--text")
	if !errors.Is(err, errSilentFailure) {
		t.Fatalf("run error = %v; want errSilentFailure", err)
	}
	golden := filepath.Join("testdata", "score_text.golden")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if stdout != string(want) {
		t.Errorf("--text report differs from %s (run with -update if intended):\n%s", golden, stdout)
	}
}

func TestScoreFlags(t *testing.T) {
	if _, _, err := runScoreCmd(t, "", "a.json", "b.json"); err == nil {
		t.Error("two input files accepted; want an error")
	}
	if _, _, err := runScoreCmd(t, "", filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing input file accepted; want an error")
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"mockinterview", "score", "--llm", "sometimes"}, noEnv, strings.NewReader(""), &out, &errOut)
	if err == nil {
		t.Error("--llm sometimes accepted; want an error")
	}
}

// BenchmarkScoreBatch scores a 2,000-line batch through the subcommand's
// pipeline (read, score concurrently, write in order).
func BenchmarkScoreBatch(b *testing.B) {
	var in strings.Builder
	for i := range 2000 {
		ans := strings.Replace(cliAnswer, "3 hours", fmt.Sprintf("%d hours", 2+i%7), 1)
		line, _ := json.Marshal(map[string]any{
			"question": "Describe a time you fixed a slow batch job.",
			"tips":     "Walk through profiling, root cause analysis, the fix, and measurable improvement.",
			"answer":   ans,
		})
		in.Write(line)
		in.WriteByte('\n')
	}
	input := in.String()
	scorer := scoring.New(nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		if _, err := scoreStream(context.Background(), scorer, strings.NewReader(input), io.Discard, false); err != nil {
			b.Fatal(err)
		}
	}
}
