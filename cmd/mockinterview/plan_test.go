package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runPlanCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(string) string { return "" }
	err = run(context.Background(), append([]string{"mockinterview", "plan"}, args...), getenv, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

const planJD = `Site Reliability Engineer, Payments. Keep our payment processing platform available: SLOs for card authorization latency,
incident response and postmortems, database failover, capacity planning for peak traffic, idempotent retries, PCI compliance, Kubernetes and Terraform.`

const planResume = `- Cut card authorization p99 latency from 900ms to 250ms by tuning connection pools
- Ran the on-call rotation for a payments platform processing $2B a year`

func TestPlanJSON(t *testing.T) {
	dir := t.TempDir()
	jd := filepath.Join(dir, "jd.txt")
	cv := filepath.Join(dir, "cv.txt")
	os.WriteFile(jd, []byte(planJD), 0o644)
	os.WriteFile(cv, []byte(planResume), 0o644)
	out, stderr, err := runPlanCmd(t, "--jd", jd, "--resume", cv, "--seed", "3", "--json")
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, stderr)
	}
	var got struct {
		JDTerms   []string `json:"jd_terms"`
		Questions []struct {
			ID            string            `json:"id"`
			Question      string            `json:"question"`
			Category      string            `json:"category"`
			Tips          string            `json:"tips"`
			TalkingPoints []json.RawMessage `json:"talking_points"`
			Targets       []string          `json:"targets"`
			Source        string            `json:"source"`
		} `json:"questions"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	if len(got.JDTerms) < 8 || len(got.Questions) != 8 {
		t.Fatalf("%d terms, %d questions", len(got.JDTerms), len(got.Questions))
	}
	sources := map[string]int{}
	for _, q := range got.Questions {
		sources[q.Source]++
		if q.ID == "" || q.Question == "" || q.Category == "" || q.Tips == "" || len(q.TalkingPoints) == 0 || len(q.Targets) == 0 {
			t.Errorf("incomplete question %+v", q)
		}
	}
	if sources["generated"] == 0 || sources["bank"] == 0 {
		t.Errorf("sources %v", sources)
	}
	again, _, _ := runPlanCmd(t, "--jd", jd, "--resume", cv, "--seed", "3", "--json")
	if again != out {
		t.Errorf("two runs differ")
	}
	text, _, err := runPlanCmd(t, "--jd", jd, "--count", "4")
	if err != nil || !strings.Contains(text, "Posting terms:") || !strings.Contains(text, "4. [") {
		t.Errorf("text plan (%v):\n%s", err, text)
	}
}

func TestPlanErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, []byte("  \n"), 0o644)
	if _, _, err := runPlanCmd(t, "--jd", empty); err == nil || !strings.Contains(err.Error(), "job_description") {
		t.Errorf("empty posting: %v", err)
	}
	if _, _, err := runPlanCmd(t, "--jd", empty, "--role", "qa-engineer"); err != nil {
		t.Errorf("empty posting with a role: %v", err)
	}
	big := filepath.Join(dir, "big.txt")
	os.WriteFile(big, []byte(strings.Repeat("Kubernetes. ", 2000)), 0o644)
	if _, _, err := runPlanCmd(t, "--jd", big); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("big posting: %v", err)
	}
	if _, _, err := runPlanCmd(t); err == nil {
		t.Errorf("no --jd: no error")
	}
}

func TestPlanPracticeWithPosting(t *testing.T) {
	dir := t.TempDir()
	jd := filepath.Join(dir, "jd.txt")
	cv := filepath.Join(dir, "cv.txt")
	os.WriteFile(jd, []byte(planJD), 0o644)
	os.WriteFile(cv, []byte(planResume), 0o644)
	script := "I tuned the connection pools and we cut card authorization latency by 70% after the incident.\n\n" +
		"I would plan capacity for peak traffic with load tests.\n\n" +
		"I would check the failover runbook first.\n\n"
	out := runPracticeScript(t, filepath.Join(dir, "p.db"), script, "--jd", jd, "--resume", cv, "--count", "3", "--mode", "exam", "--seed", "2")
	if !strings.Contains(out, "Tell me about when you ") {
		t.Errorf("no résumé probe asked:\n%s", out)
	}
	if !strings.Contains(out, "Job fit: ") || !strings.Contains(out, "  covered ") || !strings.Contains(out, "never addressed: ") {
		t.Errorf("no job fit in the summary:\n%s", out)
	}
}
