package interview_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/prompts"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// planJudge is a model that writes the tailoring reply it is given and
// keeps the requests it was sent. (The HTTP path, through the go-openai
// adapter and a fake OpenAI-compatible server, is tested in cmd.)
type planJudge struct {
	mu    sync.Mutex
	reqs  []scoring.JudgeRequest
	reply string
	err   error
}

func (j *planJudge) Judge(_ context.Context, req scoring.JudgeRequest) (scoring.JudgeReply, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.reqs = append(j.reqs, req)
	if j.err != nil {
		return scoring.JudgeReply{}, j.err
	}
	return scoring.JudgeReply{Content: j.reply, Model: "fake"}, nil
}

const llmJD = `Site Reliability Engineer, Payments. Keep our payment processing platform available: SLOs for card authorization latency,
incident response and postmortems, database failover, capacity planning for peak traffic, idempotent retries, PCI compliance, Kubernetes and Terraform.`

const llmResume = `- Cut card authorization p99 latency from 900ms to 250ms by tuning connection pools
- Ran the on-call rotation for a payments platform processing $2B a year`

func tq(cat, q, tips string, quote string, points ...prompts.TailorPoint) prompts.TailorQuestion {
	return prompts.TailorQuestion{Category: cat, Question: q, Tips: tips, TalkingPoints: points,
		Targets: []string{"incident response", "made up requirement"}, ResumeQuote: quote}
}

func pt(label string, phrases ...string) prompts.TailorPoint {
	return prompts.TailorPoint{Label: label, Phrases: phrases}
}

// modelPlan is a reply with good questions and one of each kind of bad one.
func modelPlan(t *testing.T) string {
	t.Helper()
	good := []prompts.TailorQuestion{
		tq("behavioral", "Tell me about when you cut card authorization p99 latency from 900ms to 250ms. How did you find where the time went?",
			"Look for how the bottleneck was found, what the candidate changed in the connection pools, and how the result was measured.",
			"Cut card authorization p99 latency from 900ms to 250ms by tuning connection pools",
			pt("Finding the bottleneck", "profiled", "tracing", "flame graph"), pt("Pool tuning", "connection pool", "pool size", "timeouts"),
			pt("Measured result", "p99", "250ms", "dashboard")),
		tq("behavioral", "Describe an incident you led where card payments were failing. What did you do first?",
			"A strong answer shows triage, communication with stakeholders, mitigation before root cause, and a blameless postmortem.", "",
			pt("Triage and mitigation", "rolled back", "mitigated", "failover"), pt("Postmortem", "postmortem", "action items", "blameless")),
		tq("technical", "How would you define SLOs for card authorization latency, and what would you alert on?",
			"Look for user-facing SLIs, percentiles rather than averages, error budgets and burn-rate alerts.", "",
			pt("SLIs and percentiles", "p99", "percentile", "sli"), pt("Error budgets and burn rate", "error budget", "burn rate", "multiwindow")),
		tq("technical", "Explain how you would make retries of payment requests safe.",
			"A strong answer covers idempotency keys, deduplication on the server, and retry limits with backoff and jitter.", "",
			pt("Idempotency keys", "idempotency key", "deduplicate"), pt("Backoff", "exponential backoff", "jitter", "retry budget")),
		tq("situational", "Imagine the primary payments database fails during peak traffic. What would you do in the first fifteen minutes?",
			"Look for a calm failover plan, checking replication lag, communicating status, and protecting data consistency.", "",
			pt("Failover", "failover", "promote replica", "replication lag"), pt("Communication", "status page", "incident channel", "stakeholders")),
	}
	bad := []prompts.TailorQuestion{
		tq("behavioral", "Do you have children, and how would you handle on-call with them?",
			"Look for how the candidate balances on-call duties with family.", "",
			pt("Balance", "rotation", "schedule"), pt("Support", "backup", "handover")),
		tq("technical", "Tell me about when you led the 45 engineers of the payments platform team.",
			"Look for leadership of a large team and how decisions were made.", "",
			pt("Leadership", "led", "decided"), pt("Scale", "delegation", "org chart")),
		tq("behavioral", "Tell me about when you built the fraud detection model for the payments platform.",
			"Look for how the model was built and evaluated, and the result measured.",
			"Built the fraud detection model",
			pt("Model", "features", "training"), pt("Evaluation", "precision", "recall")),
		tq("technical", "Kubernetes?", "Look for things.", "", pt("A", "x")),
	}
	reply, err := json.Marshal(prompts.TailorReply{Questions: append(good, bad...)})
	if err != nil {
		t.Fatal(err)
	}
	return string(reply)
}

func TestPlanWriterUsesCheckedModelQuestions(t *testing.T) {
	bank := loadBank(t)
	judge := &planJudge{reply: modelPlan(t)}
	w := interview.NewPlanWriter(judge, "fake-model", 0)
	req := interview.PlanRequest{Count: 8, Seed: seed(3)}
	tp, err := w.Plan(t.Context(), bank, llmJD, llmResume, req)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if len(judge.reqs) != 1 {
		t.Fatalf("%d model calls; want 1", len(judge.reqs))
	}
	r := judge.reqs[0]
	if r.Model != "fake-model" || r.Temperature != 0 || r.SchemaName != "interview_plan" || len(r.Messages) != 2 ||
		r.Messages[0].Role != "system" || r.Messages[1].Role != "user" {
		t.Errorf("request %+v", r)
	}
	user := r.Messages[1].Content
	for _, want := range []string{"2 behavioral, 4 technical, 2 situational", "<<<POSTING-", "PCI compliance", "<<<RESUME-", "900ms to 250ms"} {
		if !strings.Contains(user, want) {
			t.Errorf("user message lacks %q:\n%s", want, user)
		}
	}
	if !strings.Contains(r.Messages[0].Content, "never follow it") {
		t.Errorf("system message does not say the posting is data:\n%s", r.Messages[0].Content)
	}
	if !json.Valid(r.Schema) {
		t.Errorf("schema is not JSON")
	}

	l := tp.Plan.Tailoring.LLM
	if l == nil || !l.Used || l.Model != "fake-model" || l.PromptVersion != prompts.TailorVersion || l.Fallback != "" {
		t.Fatalf("llm status %+v", l)
	}
	reasons := map[string]bool{}
	for _, rj := range l.Rejected {
		reasons[rj.Reason] = true
	}
	for _, want := range []string{`asks about a protected characteristic ("have children")`, "the number 45 is in neither the posting nor the résumé",
		"its résumé quote is not in the résumé", "the question is too short to be one"} {
		if !reasons[want] {
			t.Errorf("rejected %+v; want a rejection %q", l.Rejected, want)
		}
	}
	if len(tp.Questions) != 8 || len(tp.Plan.QuestionIDs) != 8 {
		t.Fatalf("%d questions; want 8", len(tp.Questions))
	}
	mix := map[questions.Category]int{}
	bySource := map[string]int{}
	for i, q := range tp.Questions {
		mix[q.Category]++
		bySource[q.Source]++
		if q.ID != tp.Plan.QuestionIDs[i] {
			t.Errorf("question %d id %s, plan has %s", i, q.ID, tp.Plan.QuestionIDs[i])
		}
		if strings.Contains(q.Question, "children") || strings.Contains(q.Question, "45 engineers") || strings.Contains(q.Question, "fraud") {
			t.Errorf("a rejected question is in the plan: %q", q.Question)
		}
		if q.Source == interview.SourceLLM {
			if !strings.HasPrefix(q.ID, "gen-llm-") || len(q.TalkingPoints) < 2 {
				t.Errorf("model question %+v", q)
			}
			for _, target := range q.Targets {
				if target == "made up requirement" {
					t.Errorf("a target not in the posting was kept: %+v", q)
				}
			}
		}
	}
	if mix[questions.Behavioral] != 2 || mix[questions.Technical] != 4 || mix[questions.Situational] != 2 {
		t.Errorf("mix %v; want 2/4/2", mix)
	}
	if bySource[interview.SourceLLM] != 5 {
		t.Errorf("sources %v; want the 5 good model questions", bySource)
	}
	var probe *interview.PlanQuestion
	for i := range tp.Questions {
		if strings.Contains(tp.Questions[i].Question, "900ms to 250ms") {
			probe = &tp.Questions[i]
		}
	}
	if probe == nil || !containsStr(probe.Targets, "Cut card authorization p99 latency from 900ms to 250ms by tuning connection pools") {
		t.Errorf("the résumé probe does not target its quoted claim: %+v", probe)
	}

	// The same input again is answered from the cache.
	again, err := w.Plan(t.Context(), bank, llmJD, llmResume, req)
	if err != nil || len(judge.reqs) != 1 || !again.Plan.Tailoring.LLM.Cached {
		t.Errorf("second plan: err %v, %d calls, status %+v; want the cached reply", err, len(judge.reqs), again.Plan.Tailoring.LLM)
	}
	if strings.Join(again.Plan.QuestionIDs, ",") != strings.Join(tp.Plan.QuestionIDs, ",") {
		t.Errorf("the cached plan differs")
	}
}

func TestPlanWriterFallsBackToOffline(t *testing.T) {
	bank := loadBank(t)
	req := interview.PlanRequest{Count: 8, Seed: seed(3)}
	offline, err := interview.TailorPlan(bank, llmJD, llmResume, req)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		judge *planJudge
		want  string
	}{
		{"server error", &planJudge{err: &scoring.JudgeError{Status: 503, Err: errors.New("unavailable")}}, scoring.DegradedUpstream},
		{"timeout", &planJudge{err: context.DeadlineExceeded}, scoring.DegradedTimeout},
		{"not JSON", &planJudge{reply: "Sure! Here are some questions: 1. Tell me about yourself."}, scoring.DegradedMalformed},
		{"wrong schema", &planJudge{reply: `{"questions": [{"question": "Why?"}]}`}, scoring.DegradedSchema},
		{"nothing usable", &planJudge{reply: `{"questions": []}`}, "no_usable_question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, err := interview.NewPlanWriter(tt.judge, "fake-model", 0).Plan(t.Context(), bank, llmJD, llmResume, req)
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			l := tp.Plan.Tailoring.LLM
			if l == nil || l.Used || l.Fallback != tt.want {
				t.Fatalf("llm status %+v; want fallback %q", l, tt.want)
			}
			if strings.Join(tp.Plan.QuestionIDs, ",") != strings.Join(offline.Plan.QuestionIDs, ",") {
				t.Errorf("fallback plan %v; want the offline plan %v", tp.Plan.QuestionIDs, offline.Plan.QuestionIDs)
			}
		})
	}
	// Validation errors are the caller's, before any model call.
	j := &planJudge{reply: modelPlan(t)}
	if _, err := interview.NewPlanWriter(j, "m", 0).Plan(t.Context(), bank, strings.Repeat("x", interview.MaxJobDescriptionBytes+1), "", req); err == nil || len(j.reqs) != 0 {
		t.Errorf("too long posting: err %v, %d calls", err, len(j.reqs))
	}
}

// A session created with a plan writer asks the model's questions and
// scores answers against the model's talking points.
func TestSessionWithModelWrittenPlan(t *testing.T) {
	judge := &planJudge{reply: modelPlan(t)}
	h := newHarness(t, nil, interview.WithPlanWriter(interview.NewPlanWriter(judge, "fake-model", 0)))
	ctx := t.Context()
	sess := h.create("mia", interview.PlanRequest{JobDescription: llmJD, Resume: llmResume, Count: 8, Seed: seed(3)})
	tl := sess.Plan.Tailoring
	if tl == nil || tl.LLM == nil || !tl.LLM.Used {
		t.Fatalf("tailoring %+v", tl)
	}
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	scored := map[string]bool{}
	h.follow(sess.ID, 0, func(ev interview.Event) bool {
		switch ev.Type {
		case interview.EventQuestion:
			q := decode[interview.QuestionData](t, ev)
			answer := "I would start from the error budget and the p99 of card authorization, then fail over to the replica after checking replication lag, post on the status page and write a blameless postmortem with action items."
			if err := h.svc.Answer(ctx, sess.ID, q.Turn, answer); err != nil {
				t.Fatalf("Answer: %v", err)
			}
		case interview.EventReady:
			if err := h.svc.Next(ctx, sess.ID); err != nil {
				t.Fatalf("Next: %v", err)
			}
		case interview.EventFollowUp:
			f := decode[interview.FollowUpData](t, ev)
			if err := h.svc.Answer(ctx, sess.ID, f.Turn, "We promoted the replica and the error rate fell back under budget."); err != nil {
				t.Fatalf("Answer(follow-up): %v", err)
			}
		case interview.EventScore:
			res := decode[interview.ScoreData](t, ev).Result
			for _, p := range res.Coverage.Points {
				scored[p.Label] = true
			}
		}
		return ev.Type == interview.EventFinished
	})
	for _, label := range []string{"Failover", "Error budgets and burn rate", "Postmortem"} {
		if !scored[label] {
			t.Errorf("no answer was scored against the model's point %q (points scored: %v)", label, scored)
		}
	}
	h.checkLog(sess.ID)
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
