package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/sqlite"
)

func runPracticeScript(t *testing.T, db, script string, flags ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := append([]string{"mockinterview", "practice", "--db", db, "--llm", "off"}, flags...)
	getenv := func(k string) string {
		if k == "USER" {
			return "tester"
		}
		return ""
	}
	if err := run(t.Context(), args, getenv, strings.NewReader(script), &stdout, &stderr); err != nil {
		t.Fatalf("practice %v: %v\nstdout:\n%s\nstderr:\n%s", flags, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func storedSessions(t *testing.T, db string) []interview.Session {
	t.Helper()
	st, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.Sessions(context.Background(), interview.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []interview.Session
	for _, s := range list {
		full, err := st.Session(t.Context(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, full)
	}
	return out
}

func TestPracticeCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "practice.db")
	// Practice mode, 2 questions: a short answer over two lines gets a
	// follow-up (answered), the second question is skipped.
	script := "\nWe had slow pages.\nI added caching.\n\nLatency went from 2 s to 300 ms.\n\n:skip\n"
	out := runPracticeScript(t, db, script, "--count", "2", "--seed", "5")
	for _, want := range []string{
		"Backend Developer mock interview, practice mode: 2 questions (seed 5).",
		"Question 1 of 2 (",
		"Feedback on question 1: ",
		"Score for question 1: ",
		"Follow-up: ",
		"Question 2 of 2 (",
		"Interview finished: 1 of 2 questions answered, 1 skipped.",
		"Average score: ",
		"is saved in " + db,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "Score for question 1: ") != 2 || !strings.Contains(out, "Score for question 1: first answer ") {
		t.Errorf("want turn 1 scored twice (answer, then with its follow-up, beside the first answer's):\n%s", out)
	}
	if s := storedSessions(t, db)[0]; s.Turns[0].InitialScore == nil ||
		!strings.Contains(out, fmt.Sprintf("first answer %d → after follow-up %d/100", s.Turns[0].InitialScore.Overall, s.Turns[0].Score.Overall)) {
		t.Errorf("the rescore line does not show the stored first and final scores:\n%s", out)
	}
	sessions := storedSessions(t, db)
	if len(sessions) != 1 {
		t.Fatalf("%d sessions stored; want 1", len(sessions))
	}
	s := sessions[0]
	if s.Owner != "local:tester" || s.State != interview.StateFinished || s.Plan.Seed != 5 {
		t.Errorf("stored session: owner %q state %s seed %d", s.Owner, s.State, s.Plan.Seed)
	}
	if got, want := s.Turns[0].Answer, "We had slow pages.\nI added caching.\n\nLatency went from 2 s to 300 ms."; got != want {
		t.Errorf("turn 1 answer = %q; want %q", got, want)
	}
	if !s.Turns[1].Skipped {
		t.Errorf("turn 2 not skipped: %+v", s.Turns[1])
	}
}

func TestPracticeCommandExamAndQuit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "practice.db")
	// Exam mode: the first answer is acknowledged without feedback, :quit
	// ends the interview, then the given answer is scored.
	out := runPracticeScript(t, db, "Our API was slow, so I profiled it.\n\n:quit\n",
		"--count", "3", "--mode", "exam", "--categories", "technical,situational", "--seed", "8")
	q2 := strings.Index(out, "Question 2 of 3")
	score := strings.Index(out, "Score for question 1")
	if q2 < 0 || score < q2 {
		t.Errorf("exam mode: want question 2 before any score:\n%s", out)
	}
	if strings.Contains(out, "Follow-up") || strings.Contains(out, "Question 3 of 3") {
		t.Errorf("exam mode asked a follow-up or went on after :quit:\n%s", out)
	}
	if !strings.Contains(out, "Interview finished: 1 of 3 questions answered, 1 skipped.") {
		t.Errorf("summary missing:\n%s", out)
	}
	// End of input works like :quit.
	out = runPracticeScript(t, db, "", "--count", "1")
	if !strings.Contains(out, "Interview finished: 0 of 1 questions answered, 1 skipped.") {
		t.Errorf("end of input did not end the interview:\n%s", out)
	}
	if n := len(storedSessions(t, db)); n != 2 {
		t.Errorf("%d sessions stored; want 2", n)
	}
}

func TestPracticeCommandErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "practice.db")
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--role", "astronaut"}, "--role: unknown role"},
		{[]string{"--count", "50"}, "--count: count must be between 1 and 20"},
		{[]string{"--mode", "quiz"}, "--mode: unknown mode"},
		{[]string{"--categories", "trivia"}, "--categories: unknown category"},
		{[]string{"--llm", "maybe"}, "--llm must be off, auto or on"},
	} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"mockinterview", "practice", "--db", db}, tc.flags...)
		err := run(t.Context(), args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("practice %v: error %v; want %q", tc.flags, err, tc.want)
		}
	}
}
