package interview_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// postings are job postings written for the tests: ten across the bank's
// roles and three outside it.
var postings = []struct {
	name, jd, resume string
}{
	{"backend", `Senior Backend Engineer (Go). You will design and operate REST APIs and gRPC services backed by PostgreSQL.
Requirements: 5+ years building distributed systems; database indexing and query optimization; caching with Redis;
message queues such as Kafka; idempotency and retries for payment flows; API versioning; observability with metrics and tracing.
You will own services end to end, write design docs and review code.`,
		`- Led the migration of 40 services from RabbitMQ to Kafka, cutting message lag by 70%
- Built an idempotent payments API in Go handling 3,000 requests per second
- Mentored four junior engineers`},
	{"frontend", `Frontend Developer (React, TypeScript). Build accessible, performant user interfaces for our web app.
You will own component architecture, state management, and rendering performance; improve Core Web Vitals;
ensure accessibility (WCAG, screen readers, keyboard navigation); write unit and end-to-end tests; work with designers on a design system.`, ""},
	{"data-engineer", `Data Engineer. Build and maintain batch and streaming data pipelines (Spark, Airflow, Kafka) feeding our data warehouse.
Own data quality checks, schema evolution, partitioning and late-arriving data; model tables for analytics; keep pipelines idempotent and backfills safe.`,
		`Designed a streaming pipeline in Spark processing 2 TB per day. Reduced warehouse costs by 35% by partitioning fact tables.`},
	{"data-scientist", `Data Scientist. Design and analyse A/B tests and experiments, build statistical and machine learning models,
communicate insights to product stakeholders. Strong statistics: hypothesis testing, p-values, confidence intervals, regression, causal inference; SQL and Python.`, ""},
	{"devops", `Site Reliability Engineer. Run Kubernetes clusters and CI/CD pipelines; define SLOs and error budgets; lead incident response and postmortems;
infrastructure as code with Terraform; monitoring and alerting with Prometheus; capacity planning and on-call.`,
		`- Reduced incident response time by 45% by rewriting the on-call runbooks
- Migrated 120 services to Kubernetes with zero downtime`},
	{"ml-engineer", `Machine Learning Engineer. Train, deploy and monitor models in production: feature pipelines, model serving with low latency,
data drift and model monitoring, offline and online evaluation, retraining, GPU inference optimization.`, ""},
	{"mobile", `iOS/Android Mobile Developer. Ship features in Swift and Kotlin; offline support and data sync; app performance, battery and memory;
push notifications; crash reporting; release management through the App Store and Play Store.`, ""},
	{"product-manager", `Product Manager. Own the roadmap for our onboarding product: discover customer problems through user research, prioritize with data,
define metrics and success criteria, write requirements, align engineering, design and sales stakeholders, launch and iterate.`,
		`Launched a self-serve onboarding flow that raised activation by 18%. Prioritized the roadmap for 3 squads.`},
	{"qa", `QA Engineer. Design test plans and test strategy; build test automation (Selenium, Playwright) for regression suites; fix flaky tests;
API and performance testing; track defects and release quality; work with developers on testability.`, ""},
	{"security", `Security Engineer. Threat modeling, secure code review, vulnerability management and penetration testing; authentication and authorization
(OAuth, OIDC); secrets management and encryption; incident response for security incidents; OWASP Top 10.`, ""},
	{"engineering-manager", `Engineering Manager. Lead a team of 8 engineers: hiring, one-on-ones, performance reviews and career growth;
delivery planning and execution; manage stakeholders; handle underperformance and conflict; technical direction with tech leads.`,
		`Grew the platform team from 3 to 9 engineers. Led the delivery of a billing rewrite on schedule.`},
	// Outside the bank.
	{"technical-writer", `Technical Writer. Write and maintain developer documentation: API reference, tutorials, getting-started guides and release notes.
Work with engineers to understand features; review docs for accuracy and clarity; own the docs style guide; measure documentation usage and feedback.`,
		`Rewrote the API reference for 200 endpoints. Built a docs-as-code pipeline with Markdown and CI checks.`},
	{"solutions-engineer", `Solutions Engineer. Partner with sales on technical discovery with customers, run product demos and proofs of concept,
design integrations with customer systems via REST APIs and webhooks, answer security questionnaires, and relay customer feedback to product.`, ""},
	{"sre-payments", `Site Reliability Engineer, Payments. Keep our payment processing platform available: SLOs for card authorization latency,
incident response and postmortems, database failover, capacity planning for peak traffic, idempotent retries, PCI compliance, Kubernetes and Terraform.`,
		`- Cut card authorization p99 latency from 900ms to 250ms by tuning connection pools
- Ran the on-call rotation for a payments platform processing $2B a year`},
}

func tailor(t *testing.T, bank *questions.Bank, jd, resume string, req interview.PlanRequest) interview.TailoredPlan {
	t.Helper()
	tp, err := interview.TailorPlan(bank, jd, resume, req)
	if err != nil {
		t.Fatalf("TailorPlan: %v", err)
	}
	return tp
}

func TestTailorPostings(t *testing.T) {
	bank := loadBank(t)
	for _, p := range postings {
		t.Run(p.name, func(t *testing.T) {
			for _, withResume := range []bool{false, true} {
				resume := ""
				if withResume {
					if p.resume == "" {
						continue
					}
					resume = p.resume
				}
				tp := tailor(t, bank, p.jd, resume, interview.PlanRequest{Seed: seed(7)})
				if len(tp.Terms) < 8 {
					t.Errorf("%d terms: %+v", len(tp.Terms), tp.Terms)
				}
				terms := map[string]bool{}
				for _, term := range tp.Terms {
					terms[term.Term] = true
					if term.Term == "experience" || term.Term == "team" || term.Term == "work" {
						t.Errorf("generic term %q kept", term.Term)
					}
				}
				if len(tp.Questions) != 8 {
					t.Fatalf("%d questions", len(tp.Questions))
				}
				mix := map[questions.Category]int{}
				touched := 0
				probes := 0
				for _, q := range tp.Questions {
					mix[q.Category]++
					if len(q.Targets) == 0 {
						t.Errorf("question %s has no targets", q.ID)
					}
					for _, tg := range q.Targets {
						if !terms[tg] && !strings.Contains(resume, tg) {
							t.Errorf("question %s target %q is neither a term nor a résumé line", q.ID, tg)
						}
					}
					switch q.Source {
					case interview.SourceBank:
						if len(q.Targets) > 0 {
							touched++
						}
					case interview.SourceGenerated:
						probes++
						if !strings.Contains(resume, q.Targets[0]) {
							t.Errorf("probe %s targets %q, not a résumé line", q.ID, q.Targets[0])
						}
						if !strings.HasPrefix(q.Question, "Tell me about when you ") || len(q.TalkingPoints) < 3 || len(q.TalkingPoints) > 4 {
							t.Errorf("probe %+v", q)
						}
					default:
						t.Errorf("question %s source %q", q.ID, q.Source)
					}
				}
				want := map[questions.Category]int{questions.Behavioral: 2, questions.Technical: 4, questions.Situational: 2}
				if !reflect.DeepEqual(mix, want) {
					t.Errorf("mix %v; want %v", mix, want)
				}
				if withResume && probes == 0 {
					t.Errorf("no résumé probe")
				}
				if !withResume && probes != 0 {
					t.Errorf("%d probes without a résumé", probes)
				}
				if touched < 6-probes {
					t.Errorf("only %d bank questions touch the posting", touched)
				}
				again := tailor(t, bank, p.jd, resume, interview.PlanRequest{Seed: seed(7)})
				if !reflect.DeepEqual(tp.Questions, again.Questions) || !reflect.DeepEqual(tp.Terms, again.Terms) {
					t.Errorf("two runs differ")
				}
				checkNoNearDuplicates(t, tp.Questions)
				if testing.Verbose() {
					var ts []string
					for _, term := range tp.Terms {
						ts = append(ts, term.Term)
					}
					t.Logf("resume=%v terms=%v roles=%v", withResume, ts, tp.Roles)
					for _, q := range tp.Questions {
						t.Logf("  %s [%s/%s] %v", q.ID, q.Category, q.Source, q.Targets)
					}
				}
			}
		})
	}
}

func checkNoNearDuplicates(t *testing.T, qs []interview.PlanQuestion) {
	t.Helper()
	stems := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
			if len(w) > 3 {
				m[w] = true
			}
		}
		return m
	}
	for i := range qs {
		for j := i + 1; j < len(qs); j++ {
			if qs[i].ID == qs[j].ID {
				t.Errorf("question %s twice", qs[i].ID)
			}
			a, b := stems(qs[i].Question), stems(qs[j].Question)
			inter := 0
			for w := range a {
				if b[w] {
					inter++
				}
			}
			if u := len(a) + len(b) - inter; u > 0 && float64(inter)/float64(u) > 0.6 {
				t.Errorf("near duplicates: %q and %q", qs[i].Question, qs[j].Question)
			}
		}
	}
}

func TestTailorCountAndSeed(t *testing.T) {
	bank := loadBank(t)
	p := postings[0]
	tp := tailor(t, bank, p.jd, "", interview.PlanRequest{Count: 4, Seed: seed(1)})
	if len(tp.Questions) != 4 {
		t.Errorf("%d questions; want 4", len(tp.Questions))
	}
	tp12 := tailor(t, bank, p.jd, p.resume, interview.PlanRequest{Count: 12, Seed: seed(2)})
	mix := map[questions.Category]int{}
	for _, q := range tp12.Questions {
		mix[q.Category]++
	}
	if mix[questions.Behavioral] != 3 || mix[questions.Technical] != 6 || mix[questions.Situational] != 3 {
		t.Errorf("mix of 12: %v", mix)
	}
	if tp12.Plan.Role == "" || tp12.Plan.Tailoring == nil || tp12.Plan.Tailoring.JobDescription != p.jd {
		t.Errorf("plan role %q tailoring %v", tp12.Plan.Role, tp12.Plan.Tailoring != nil)
	}
	if tp.Roles[0].Role != "backend-developer" {
		t.Errorf("closest roles %v; want backend-developer first", tp.Roles)
	}
}

func TestTailorValidation(t *testing.T) {
	bank := loadBank(t)
	field := func(err error) string {
		var v *interview.ValidationError
		if !errors.As(err, &v) {
			return "not a validation error: " + err.Error()
		}
		return v.Field
	}
	for _, c := range []struct {
		name, jd, resume, role string
		field                  string
	}{
		{"empty without role", "   ", "", "", "job_description"},
		{"only stop words", "the and of with you we our", "", "", "job_description"},
		{"too long", strings.Repeat("Kubernetes operator. ", 1000), "", "", "job_description"},
		{"resume too long", postings[0].jd, strings.Repeat("Led the migration. ", 2000), "", "resume"},
		{"not english", "Wir suchen einen erfahrenen Softwareentwickler für unser Team in Berlin. Sie entwickeln und betreiben Dienste mit Go und Kubernetes, arbeiten eng mit dem Produktteam zusammen und übernehmen Verantwortung für die Qualität der Software und die Zuverlässigkeit der Systeme.", "", "", "job_description"},
		{"cyrillic", "Мы ищем опытного разработчика бэкенда для работы с распределёнными системами и базами данных", "", "", "job_description"},
	} {
		_, err := interview.TailorPlan(bank, c.jd, c.resume, interview.PlanRequest{Role: c.role, Seed: seed(1)})
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if f := field(err); f != c.field {
			t.Errorf("%s: field %q (%v); want %q", c.name, f, err, c.field)
		}
	}
	// An unusable posting falls back to the role.
	tp, err := interview.TailorPlan(bank, "the and of", "", interview.PlanRequest{Role: "qa-engineer", Seed: seed(1)})
	if err != nil {
		t.Fatalf("fallback: %v", err)
	}
	for _, q := range tp.Questions {
		if bq, _ := bank.Question(q.ID); bq.Role != "qa-engineer" {
			t.Errorf("fallback picked %s of %s", q.ID, bq.Role)
		}
	}
}

func TestTailorSessionJobFit(t *testing.T) {
	h := newHarness(t, nil)
	ctx := t.Context()
	p := postings[len(postings)-1] // SRE, payments: outside the bank
	sess := h.create("tess", interview.PlanRequest{JobDescription: p.jd, Resume: p.resume, Count: 3, Mode: "exam", Seed: seed(5)})
	tl := sess.Plan.Tailoring
	if sess.Plan.Role == "" || tl == nil || tl.JobDescription != p.jd || tl.Resume != p.resume || len(sess.Plan.QuestionIDs) != 3 {
		t.Fatalf("plan = %+v", sess.Plan)
	}
	if !strings.HasPrefix(sess.Plan.QuestionIDs[0], "gen-") {
		t.Fatalf("first question %s is not the résumé probe", sess.Plan.QuestionIDs[0])
	}
	// Stored: the tailoring survives the store.
	stored, err := h.svc.Session(ctx, sess.ID)
	if err != nil || !reflect.DeepEqual(stored.Plan.Tailoring, tl) {
		t.Fatalf("stored tailoring differs: %v", err)
	}
	covered := tl.Terms[0].Term
	answer := "I ran the on-call rotation for two years. We had an outage and I talked about " + covered + " with my lead. As a result we cut latency by 40%."
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	h.follow(sess.ID, 0, func(ev interview.Event) bool {
		if ev.Type == interview.EventQuestion {
			q := decode[interview.QuestionData](t, ev)
			if q.Turn == 1 && !strings.HasPrefix(q.Text, "Tell me about when you ") {
				t.Errorf("turn 1 asked %q", q.Text)
			}
			a := "I would check the dashboards first and then roll back."
			if q.Turn == 1 {
				a = answer
			}
			if err := h.svc.Answer(ctx, sess.ID, q.Turn, a); err != nil {
				t.Fatalf("turn %d: %v", q.Turn, err)
			}
		}
		return ev.Type == interview.EventFinished
	})
	got, _ := h.svc.Session(ctx, sess.ID)
	if got.Summary == nil || got.Summary.Scored != 3 {
		t.Fatalf("summary %+v", got.Summary)
	}
	if got.Turns[0].Score == nil || len(got.Turns[0].Score.Coverage.Points) < 3 {
		t.Errorf("the probe was not scored against its own points: %+v", got.Turns[0].Score)
	}
	fit := got.Summary.JobFit
	if len(fit) != len(tl.Terms) {
		t.Fatalf("job fit has %d terms; want %d", len(fit), len(tl.Terms))
	}
	if !fit[0].Covered || fit[0].Turn != 1 || fit[0].Evidence == nil {
		t.Fatalf("term %q not covered: %+v", covered, fit[0])
	}
	ev := fit[0].Evidence
	if answer[ev.Start:ev.End] != ev.Text || !strings.Contains(ev.Text, covered) {
		t.Errorf("evidence %+v", ev)
	}
	uncovered := 0
	for _, f := range fit {
		if !f.Covered {
			uncovered++
			if f.Evidence != nil {
				t.Errorf("uncovered %q has evidence", f.Term)
			}
		}
	}
	if uncovered == 0 {
		t.Errorf("every term covered by three short answers: %+v", fit)
	}
}

func TestTailorResumeClaims(t *testing.T) {
	bank := loadBank(t)
	jd := postings[0].jd
	// A résumé of skills and duties, no claim: no probe, all bank questions.
	tp := tailor(t, bank, jd, "Skills: Go, Kafka, PostgreSQL\nResponsible for backend services\nTeam player", interview.PlanRequest{Seed: seed(1)})
	for _, q := range tp.Questions {
		if q.Source != interview.SourceBank {
			t.Errorf("probe %q made from a résumé without claims", q.Question)
		}
	}
	// The strongest claim (a number, the posting's terms) is probed first,
	// in the second person.
	resume := "I mentored two interns\nI led the rewrite of my team's Kafka consumers, cutting lag by 70%\nWrote docs"
	tp = tailor(t, bank, jd, resume, interview.PlanRequest{Seed: seed(1), Count: 4})
	var probe *interview.PlanQuestion
	for i := range tp.Questions {
		if tp.Questions[i].Source == interview.SourceGenerated {
			probe = &tp.Questions[i]
		}
	}
	if probe == nil {
		t.Fatalf("no probe in %+v", tp.Questions)
	}
	want := "Tell me about when you led the rewrite of your team's Kafka consumers, cutting lag by 70%. What was your part, and what came of it?"
	if probe.Question != want || probe.Targets[0] != "I led the rewrite of my team's Kafka consumers, cutting lag by 70%" {
		t.Errorf("probe %q targets %q", probe.Question, probe.Targets)
	}
	if !strings.Contains(probe.Tips, "70%") || !strings.HasPrefix(probe.ID, "gen-") {
		t.Errorf("probe tips %q id %q", probe.Tips, probe.ID)
	}
	// A résumé with a role and no posting: the role's questions and a probe.
	tp = tailor(t, bank, "", resume, interview.PlanRequest{Role: "backend-developer", Seed: seed(1)})
	if tp.Plan.Role != "backend-developer" || tp.Questions[0].Source != interview.SourceGenerated {
		t.Errorf("résumé only: role %s, first %+v", tp.Plan.Role, tp.Questions[0])
	}
}

func TestTailorPracticeProbeFollowUp(t *testing.T) {
	h := newHarness(t, nil)
	ctx := t.Context()
	p := postings[0]
	sess := h.create("pia", interview.PlanRequest{JobDescription: p.jd, Resume: p.resume, Count: 1, Categories: []string{"behavioral"}, Seed: seed(9)})
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	var followUp string
	h.follow(sess.ID, 0, func(ev interview.Event) bool {
		switch ev.Type {
		case interview.EventQuestion:
			q := decode[interview.QuestionData](t, ev)
			if !strings.HasPrefix(q.ID, "gen-") {
				t.Fatalf("asked %s; want the résumé probe", q.ID)
			}
			if err := h.svc.Answer(ctx, sess.ID, q.Turn, "We moved to Kafka."); err != nil {
				t.Fatal(err)
			}
		case interview.EventReady:
			if err := h.svc.Next(ctx, sess.ID); err != nil {
				t.Fatalf("Next: %v", err)
			}
		case interview.EventFollowUp:
			followUp = decode[interview.FollowUpData](t, ev).Text
			if err := h.svc.Answer(ctx, sess.ID, 1, "I planned the cut-over and as a result lag fell by 70%."); err != nil {
				t.Fatal(err)
			}
		case interview.EventError:
			t.Fatalf("error event %s", ev.Data)
		}
		return ev.Type == interview.EventFinished
	})
	if followUp == "" {
		t.Errorf("a weak answer to the probe got no follow-up")
	}
	got, _ := h.svc.Session(ctx, sess.ID)
	if got.Turns[0].Score == nil || got.Summary.JobFit == nil {
		t.Errorf("turn %+v summary %+v", got.Turns[0], got.Summary)
	}
}
