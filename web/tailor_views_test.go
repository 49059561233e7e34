package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"slices"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

const (
	srePosting = "Site Reliability Engineer. Kubernetes, Terraform, SLOs and error budgets, incident response and postmortems, capacity planning, Prometheus alerting."
	sreResume  = "- Migrated 120 services to Kubernetes with zero downtime"
)

// tailoredFinished is a finished session made from srePosting, its first
// answer covering Kubernetes and Terraform, the others saying little.
func (s *accountServer) tailoredFinished(t *testing.T, g *guest) (string, []interview.JobFitTerm) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"job_description": srePosting, "resume": sreResume, "count": 3, "seed": 7, "mode": "exam"})
	created := g.createSession(t, string(body))
	ctx := context.Background()
	if err := s.engine.Start(ctx, created.ID); err != nil {
		t.Fatalf("Start: %v", err)
	}
	answers := []string{
		"I ran our Kubernetes clusters for two years. I wrote the Terraform modules for every environment, and we cut deploy time by 40%.",
		"I would ask the team what they need first, then decide.",
		"I like to keep things simple and talk to people.",
	}
	for i := 1; i <= 3; i++ {
		if err := s.engine.Answer(ctx, created.ID, i, answers[i-1]); err != nil {
			t.Fatalf("Answer %d: %v", i, err)
		}
	}
	var fit []interview.JobFitTerm
	waitFor(t, "the session to finish", func() bool {
		sess, err := s.engine.Session(ctx, created.ID)
		if err == nil && sess.State == interview.StateFinished && sess.Summary != nil {
			fit = sess.Summary.JobFit
			return true
		}
		return false
	})
	return created.ID, fit
}

func TestJobFitInTranscriptPageAndExports(t *testing.T) {
	s := newAccountServer(t)
	g := s.newGuest(t)
	g.signup(t, "jobfit@example.com", "")
	id, fit := s.tailoredFinished(t, g)
	var covered, missing *interview.JobFitTerm
	for i := range fit {
		switch {
		case fit[i].Covered && covered == nil:
			covered = &fit[i]
		case !fit[i].Covered && missing == nil:
			missing = &fit[i]
		}
	}
	if covered == nil || missing == nil || covered.Evidence == nil {
		t.Fatalf("job fit %+v; want a covered term with evidence and a term never addressed", fit)
	}

	page := g.page(t, "/coach/sessions/"+id)
	for _, want := range []string{`id="job-fit"`, `data-term="` + html.EscapeString(covered.Term) + `"`, "never addressed",
		`href="#turn-1"`, html.EscapeString(covered.Evidence.Text), "Kubernetes, Terraform, SLOs"} {
		if !strings.Contains(page, want) {
			t.Errorf("transcript page lacks %q", want)
		}
	}
	if print := g.page(t, "/coach/sessions/"+id+"/print"); !strings.Contains(print, `id="job-fit"`) {
		t.Errorf("printable view has no job fit")
	}

	md := g.getExport(t, id, "md", "text/markdown")
	for _, want := range []string{"## Job fit", "**" + covered.Term + "**: covered in question 1", "**" + missing.Term + "**: never addressed", "### Job posting", "### Résumé"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown export lacks %q:\n%s", want, md)
		}
	}

	var exp web.ExportJSON
	if err := json.Unmarshal([]byte(g.getExport(t, id, "json", "application/json")), &exp); err != nil {
		t.Fatal(err)
	}
	if exp.Transcript.Summary == nil || len(exp.Transcript.Summary.JobFit) != len(fit) || exp.Transcript.Plan.JobDescription != srePosting {
		t.Errorf("JSON export summary %+v, posting %q; want the job fit and the posting", exp.Transcript.Summary, exp.Transcript.Plan.JobDescription)
	}

	rows, err := csv.NewReader(strings.NewReader(g.getExport(t, id, "csv", "text/csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	col := slices.Index(head, "job_fit")
	if col < 0 || !strings.Contains(rows[1][col], covered.Term) {
		t.Fatalf("CSV job_fit column: header %v, turn 1 %q; want it to hold %q", head, rows[1][max(col, 0)], covered.Term)
	}
}
