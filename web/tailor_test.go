package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/web"
)

func TestSessionFromJobPosting(t *testing.T) {
	ts := newTestServer(t, web.Config{}, withSessions(t))
	body, _ := json.Marshal(map[string]any{
		"job_description": "Site Reliability Engineer. Kubernetes, Terraform, SLOs and error budgets, incident response and postmortems, capacity planning, Prometheus alerting.",
		"resume":          "- Migrated 120 services to Kubernetes with zero downtime\n- Reduced incident response time by 45% by rewriting the on-call runbooks",
		"seed":            4,
	})
	_, key := ts.createKey(t, "tailor")
	auth := []string{"Authorization", "Bearer " + key}
	res := ts.do(t, "POST", "/api/v1/sessions", body, auth...)
	if res.status != http.StatusCreated {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	var created struct {
		ID   string
		Plan struct {
			Role      string   `json:"role"`
			JDTerms   []string `json:"jd_terms"`
			Questions []struct {
				ID      string   `json:"id"`
				Targets []string `json:"targets"`
				Source  string   `json:"source"`
			} `json:"questions"`
		} `json:"plan"`
	}
	if err := json.Unmarshal(res.body, &created); err != nil {
		t.Fatal(err)
	}
	p := created.Plan
	if p.Role != "devops-sre" || len(p.JDTerms) == 0 || len(p.Questions) != 8 {
		t.Fatalf("plan %+v", p)
	}
	generated := 0
	for _, q := range p.Questions {
		if len(q.Targets) == 0 {
			t.Errorf("question %s has no targets", q.ID)
		}
		if q.Source == "generated" {
			generated++
		}
	}
	if generated == 0 {
		t.Errorf("no résumé probe in %+v", p.Questions)
	}
	// The transcript shows the posting the session was made from.
	tr := ts.do(t, "GET", "/api/v1/sessions/"+created.ID, nil, auth...)
	if tr.status != 200 || !strings.Contains(string(tr.body), `"job_description":"Site Reliability Engineer.`) {
		t.Errorf("transcript %d: %.300s", tr.status, tr.body)
	}

	for _, c := range []struct {
		name, body string
		status     int
		field      string
	}{
		{"empty posting", `{"job_description":"  "}`, 400, "job_description"},
		{"explicitly empty posting", `{"job_description":""}`, 400, "job_description"},
		{"no role, no posting", `{}`, 400, "role"},
		{"too long", `{"job_description":"` + strings.Repeat("Kubernetes and Terraform. ", 700) + `"}`, 400, "job_description"},
		{"résumé too long", `{"job_description":"Kubernetes, Terraform, SLOs.","resume":"` + strings.Repeat("Led the migration of services. ", 1100) + `"}`, 400, "resume"},
		{"not english", `{"job_description":"Мы ищем опытного инженера по надёжности: Kubernetes, Terraform, дежурства и разбор инцидентов"}`, 400, "job_description"},
	} {
		res := ts.do(t, "POST", "/api/v1/sessions", []byte(c.body))
		if res.status != c.status || !strings.Contains(string(res.body), `"field":"`+c.field+`"`) {
			t.Errorf("%s: status %d (%.200s); want %d naming %s", c.name, res.status, res.body, c.status, c.field)
		}
	}
	// An empty posting with a role falls back to the role.
	if res := ts.do(t, "POST", "/api/v1/sessions", []byte(`{"job_description":"","role":"qa-engineer","count":2}`)); res.status != 201 {
		t.Errorf("empty posting with a role: %d %s", res.status, res.body)
	}
}
