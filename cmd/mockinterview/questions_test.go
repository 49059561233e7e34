package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/questions"
)

// runQuestionsCmd runs "mockinterview questions args..." the way main does.
func runQuestionsCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(string) string { return "" }
	err = run(context.Background(), append([]string{"mockinterview", "questions"}, args...), getenv, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

const smallRole = `id: small-role
name: Small Role
field: Testing
description: A role the command tests add with --bank-dir.
questions:
  - id: sr-flaky-test
    category: behavioral
    difficulty: easy
    text: Tell me about a time you fixed a flaky test.
    tips: Explain how you found the cause and how you proved the fix.
    talking_points:
      - id: cause
        label: Cause
        phrases: [root cause, timing, race, shared state, ordering, clock]
      - id: fix
        label: Fix
        phrases: [isolated, fake clock, removed the sleep, deterministic, seeded, fixed]
      - id: proof
        label: Proof
        phrases: [reran, thousand runs, stress, count flag, ci history, no failures]
`

func writeBankFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func embeddedBank(t *testing.T) *questions.Bank {
	t.Helper()
	b, err := questions.Load()
	if err != nil {
		t.Fatalf("questions.Load() error: %v", err)
	}
	return b
}

type listOutput struct {
	Roles []struct {
		ID            string         `json:"id"`
		Name          string         `json:"name"`
		File          string         `json:"file"`
		QuestionCount int            `json:"question_count"`
		Categories    map[string]int `json:"categories"`
	} `json:"roles"`
	Questions []questions.Question `json:"questions"`
}

func TestQuestionsListJSON(t *testing.T) {
	bank := embeddedBank(t)
	stdout, stderr, err := runQuestionsCmd(t, "list", "--json")
	if err != nil {
		t.Fatalf("questions list --json error: %v (stderr %q)", err, stderr)
	}
	var got listOutput
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("questions list --json printed invalid JSON: %v", err)
	}
	if len(got.Questions) != bank.Len() {
		t.Errorf("len(.questions) = %d; want %d", len(got.Questions), bank.Len())
	}
	if len(got.Roles) != len(bank.Roles()) {
		t.Errorf("len(.roles) = %d; want %d", len(got.Roles), len(bank.Roles()))
	}
	sum := 0
	for _, r := range got.Roles {
		sum += r.QuestionCount
		if r.ID == "backend-developer" {
			if r.Name != "Backend Developer" || r.File != "bank/backend-developer.yaml" || r.Categories["technical"] < 4 {
				t.Errorf("backend-developer summary = %+v; want name, file and at least 4 technical questions", r)
			}
		}
	}
	if sum != len(got.Questions) {
		t.Errorf("sum of question_count = %d; want %d", sum, len(got.Questions))
	}
	for _, q := range got.Questions {
		if q.Role == "" || len(q.TalkingPoints) == 0 || q.Tips == "" {
			t.Errorf("question %s is not a full question in the JSON: %+v", q.ID, q)
			break
		}
	}
}

func TestQuestionsListFilters(t *testing.T) {
	stdout, _, err := runQuestionsCmd(t, "list", "--role", "backend-developer", "--category", "Technical", "--json")
	if err != nil {
		t.Fatalf("questions list --role --category error: %v", err)
	}
	var got listOutput
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Roles) != 1 || got.Roles[0].ID != "backend-developer" {
		t.Errorf(".roles = %+v; want only backend-developer", got.Roles)
	}
	if want := len(embeddedBank(t).Questions("backend-developer", questions.Technical)); len(got.Questions) != want || want < 4 {
		t.Errorf("len(.questions) = %d; want the bank's %d technical backend questions (at least the seed's 4)", len(got.Questions), want)
	}
	for _, q := range got.Questions {
		if q.Role != "backend-developer" || q.Category != questions.Technical {
			t.Errorf("question %s (%s, %s) does not match the filters", q.ID, q.Role, q.Category)
		}
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "--role", "astronaut"}, `unknown role "astronaut"`},
		{[]string{"list", "--category", "trivia"}, `unknown category "trivia"`},
		{[]string{"list", "extra"}, `unexpected argument "extra"`},
		{[]string{"list", "--nope"}, "flag provided but not defined"},
	} {
		if _, _, err := runQuestionsCmd(t, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("questions %v error = %v; want it to contain %q", tc.args, err, tc.want)
		}
	}
}

func TestQuestionsListTable(t *testing.T) {
	stdout, _, err := runQuestionsCmd(t, "list", "--role", "frontend-developer")
	if err != nil {
		t.Fatalf("questions list error: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "QUESTION") {
		t.Fatalf("header = %q; want ID ... QUESTION", lines[0])
	}
	bank := embeddedBank(t)
	if want := len(bank.Questions("frontend-developer")) + 1; len(lines) != want {
		t.Errorf("table has %d lines; want %d (header and one per question)", len(lines), want)
	}
	col := strings.Index(lines[0], "ROLE")
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l[col:], "frontend-developer ") {
			t.Errorf("row %q: role column not aligned under ROLE", l)
		}
	}
}

func TestQuestionsShow(t *testing.T) {
	bank := embeddedBank(t)
	want, _ := bank.Question("be-cap-theorem")

	// Flags after the id work too.
	stdout, _, err := runQuestionsCmd(t, "show", "be-cap-theorem", "--json")
	if err != nil {
		t.Fatalf("questions show --json error: %v", err)
	}
	var got questions.Question
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != want.ID || got.Role != "backend-developer" || got.Tips != want.Tips || len(got.TalkingPoints) != len(want.TalkingPoints) {
		t.Errorf("questions show --json = %+v; want %+v", got, want)
	}

	stdout, _, err = runQuestionsCmd(t, "show", "be-cap-theorem")
	if err != nil {
		t.Fatalf("questions show error: %v", err)
	}
	for _, part := range []string{"be-cap-theorem (Backend Developer, technical, medium)", want.Text, "Tips:", "Talking points:", "(choose-consistency)", "Reference answer:", "Follow-ups:"} {
		if !strings.Contains(stdout, part) {
			t.Errorf("questions show output lacks %q:\n%s", part, stdout)
		}
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"show", "be-nope"}, `no question "be-nope"`},
		{[]string{"show"}, "want exactly one question id"},
		{[]string{"show", "a", "b"}, "want exactly one question id"},
	} {
		if _, _, err := runQuestionsCmd(t, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("questions %v error = %v; want it to contain %q", tc.args, err, tc.want)
		}
	}
}

func TestQuestionsBankDir(t *testing.T) {
	dir := t.TempDir()
	writeBankFile(t, dir, "small-role.yaml", smallRole)
	stdout, _, err := runQuestionsCmd(t, "list", "--bank-dir", dir, "--role", "small-role", "--json")
	if err != nil {
		t.Fatalf("questions list --bank-dir error: %v", err)
	}
	var got listOutput
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Questions) != 1 || got.Questions[0].ID != "sr-flaky-test" {
		t.Errorf("questions from --bank-dir = %v; want sr-flaky-test", got.Questions)
	}
	if _, _, err := runQuestionsCmd(t, "show", "sr-flaky-test", "--bank-dir", dir); err != nil {
		t.Errorf("questions show with --bank-dir error: %v", err)
	}
	if _, _, err := runQuestionsCmd(t, "list", "--bank-dir", filepath.Join(dir, "missing")); err == nil {
		t.Errorf("questions list --bank-dir missing: want an error")
	}
}

func TestQuestionsLint(t *testing.T) {
	bank := embeddedBank(t)

	t.Run("embedded bank is ok", func(t *testing.T) {
		if os.Getenv("MOCKINTERVIEW_BANK_PARTIAL") == "1" {
			t.Skip("MOCKINTERVIEW_BANK_PARTIAL=1: roles are still being filled; TestBankModelAnswers names the short ones")
		}
		stdout, stderr, err := runQuestionsCmd(t, "lint")
		if err != nil {
			t.Fatalf("questions lint error: %v (stderr %q)", err, stderr)
		}
		// The embedded bank is clean: no errors and no warnings (every
		// talking point is named in its tips).
		want := fmt.Sprintf("ok: %d roles, %d questions\n", len(bank.Roles()), bank.Len())
		if stdout != want || stderr != "" {
			t.Errorf("questions lint = %q, stderr %q; want %q and nothing on stderr", stdout, stderr, want)
		}
	})

	t.Run("a broken file fails with file, line, id and field", func(t *testing.T) {
		dir := t.TempDir()
		broken := strings.Replace(smallRole, "tips: Explain how you found the cause and how you proved the fix.", `tips: ""`, 1)
		path := writeBankFile(t, dir, "small-role.yaml", broken)
		stdout, stderr, err := runQuestionsCmd(t, "lint", path)
		if err == nil {
			t.Fatalf("questions lint %s: want an error", path)
		}
		want := path + `:10: question "sr-flaky-test": tips: empty` + "\n"
		if stderr != want || stdout != "" {
			t.Errorf("questions lint stderr = %q, stdout %q; want %q", stderr, stdout, want)
		}
		if !strings.Contains(err.Error(), "1 error") {
			t.Errorf("questions lint error = %v; want it to count 1 error", err)
		}
	})

	t.Run("a question id taken by the embedded bank names both files", func(t *testing.T) {
		dir := t.TempDir()
		path := writeBankFile(t, dir, "small-role.yaml", strings.Replace(smallRole, "id: sr-flaky-test", "id: be-cap-theorem", 1))
		_, stderr, err := runQuestionsCmd(t, "lint", dir)
		if err == nil {
			t.Fatalf("questions lint %s: want an error", dir)
		}
		if !strings.HasPrefix(stderr, path+`:6: question "be-cap-theorem": id: duplicate question id, also in bank/backend-developer.yaml:`) {
			t.Errorf("questions lint stderr = %q; want the duplicate naming both files", stderr)
		}
	})

	t.Run("warnings pass unless --strict", func(t *testing.T) {
		dir := t.TempDir()
		path := writeBankFile(t, dir, "small-role.yaml", smallRole)
		stdout, stderr, err := runQuestionsCmd(t, "lint", path)
		if err != nil {
			t.Fatalf("questions lint %s error: %v", path, err)
		}
		if stdout != "ok: 1 role, 1 question (6 warnings)\n" {
			t.Errorf("questions lint stdout = %q; want one role, one question, 6 warnings", stdout)
		}
		for _, want := range []string{
			"warning: " + path + `: question "sr-flaky-test": reference_answer: missing`,
			"warning: " + path + `: question "sr-flaky-test": talking_points[2]: point "proof" (Proof) is not named in the tips`,
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("questions lint stderr = %q; want it to contain %q", stderr, want)
			}
		}
		if !strings.Contains(stderr, "warning: "+path+":5: questions: only 1; a role wants at least 8 questions\n") {
			t.Errorf("questions lint stderr = %q; want the question-count warning", stderr)
		}
		if _, _, err := runQuestionsCmd(t, "lint", "--strict", path); err == nil {
			t.Errorf("questions lint --strict %s: want an error for warnings", path)
		}
	})

	t.Run("a model answer below band 5 or missing a point fails, naming the point", func(t *testing.T) {
		dir := t.TempDir()
		weak := smallRole + `    reference_answer: |
      I fixed a flaky test once. It was annoying and took a while, but in the end the test was fine and everyone was happy with how it went, and we moved on to other work that the team had planned for that sprint. There is not much more to say about it really, it was a normal piece of work like many others that I have done over the years in different teams and companies, and I learned a lot from it about testing in general and about working with other people on the team, which I think is important for any engineer who wants to grow.
`
		path := writeBankFile(t, dir, "small-role.yaml", weak)
		_, stderr, err := runQuestionsCmd(t, "lint", path)
		if err == nil {
			t.Fatalf("questions lint %s: want an error for a weak model answer", path)
		}
		for _, want := range []string{
			path + `: question "sr-flaky-test": reference_answer: the model answer scores `,
			path + `: question "sr-flaky-test": reference_answer: the model answer does not cover point "cause" (Cause): missing`,
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("questions lint stderr = %q; want it to contain %q", stderr, want)
			}
		}
	})

	t.Run("near-duplicate talking points fail", func(t *testing.T) {
		dir := t.TempDir()
		dup := strings.Replace(smallRole, "phrases: [isolated, fake clock, removed the sleep, deterministic, seeded, fixed]",
			"phrases: [root cause, timing, race, shared state, ordering, clock]", 1)
		path := writeBankFile(t, dir, "small-role.yaml", dup)
		_, stderr, err := runQuestionsCmd(t, "lint", path)
		if err == nil {
			t.Fatalf("questions lint %s: want an error for near-duplicate points", path)
		}
		want := path + `: question "sr-flaky-test": talking_points[1]: point "fix" is a near-duplicate of point "cause"`
		if !strings.Contains(stderr, want) {
			t.Errorf("questions lint stderr = %q; want it to contain %q", stderr, want)
		}
	})

	t.Run("--json reports problems", func(t *testing.T) {
		dir := t.TempDir()
		path := writeBankFile(t, dir, "small-role.yaml", strings.Replace(smallRole, "category: behavioral", "category: trivia", 1))
		stdout, _, err := runQuestionsCmd(t, "lint", "--json", path)
		if err == nil {
			t.Fatalf("questions lint --json %s: want an error", path)
		}
		var rep struct {
			OK     bool                `json:"ok"`
			Errors []questions.Problem `json:"errors"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatalf("questions lint --json printed invalid JSON: %v\n%s", err, stdout)
		}
		want := questions.Problem{File: path, Line: 7, QuestionID: "sr-flaky-test", Field: "category",
			Message: `"trivia" is not one of behavioral, technical, situational`}
		if rep.OK || len(rep.Errors) != 1 || rep.Errors[0] != want {
			t.Errorf("questions lint --json = %+v; want ok false and %+v", rep, want)
		}
	})

	t.Run("a missing target fails", func(t *testing.T) {
		if _, _, err := runQuestionsCmd(t, "lint", filepath.Join(t.TempDir(), "nope.yaml")); err == nil {
			t.Errorf("questions lint of a missing file: want an error")
		}
	})
}

func TestQuestionsUsage(t *testing.T) {
	if _, _, err := runQuestionsCmd(t); err == nil {
		t.Errorf("questions with no subcommand: want an error")
	}
	if _, _, err := runQuestionsCmd(t, "frobnicate"); err == nil || !strings.Contains(err.Error(), `unknown subcommand "frobnicate"`) {
		t.Errorf("questions frobnicate error = %v; want unknown subcommand", err)
	}
	stdout, _, err := runQuestionsCmd(t, "help")
	if err != nil || !strings.Contains(stdout, "usage: mockinterview questions") {
		t.Errorf("questions help = %q, %v; want the usage", stdout, err)
	}
	_, stderr, err := runQuestionsCmd(t, "list", "-h")
	if err != nil || !strings.Contains(stderr, "-bank-dir") {
		t.Errorf("questions list -h = %v, stderr %q; want nil and the flag list", err, stderr)
	}
}
