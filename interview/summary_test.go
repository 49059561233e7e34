package interview

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// scoredSession answers each bank question with its answer through the
// real scorer ("" skips the question).
func scoredSession(t *testing.T, bank *questions.Bank, answers map[string]string, ids ...string) *Session {
	t.Helper()
	scorer := scoring.New(bank)
	sess := &Session{Plan: Plan{Count: len(ids), Categories: questions.Categories, Mix: map[questions.Category]int{}}}
	for i, id := range ids {
		q, ok := bank.Question(id)
		if !ok {
			t.Fatalf("no bank question %s", id)
		}
		sess.Plan.Mix[q.Category]++
		turn := Turn{Index: i + 1, Question: TurnQuestion{ID: id, Category: q.Category, Text: q.Text}}
		if a := answers[id]; a == "" {
			turn.Skipped = true
		} else {
			r, err := scorer.Score(context.Background(), scoring.Input{QuestionID: id, Answer: a})
			if err != nil {
				t.Fatalf("Score(%s): %v", id, err)
			}
			turn.Answer, turn.Score = a, &r
		}
		sess.Turns = append(sess.Turns, turn)
	}
	return sess
}

func loadTestBank(t *testing.T) *questions.Bank {
	t.Helper()
	bank, err := questions.Load()
	if err != nil {
		t.Fatalf("questions.Load: %v", err)
	}
	return bank
}

const (
	storyNoResult = "At my last job our checkout API was slow at peak. My task was to make it faster before the sale. " +
		"I profiled the service, found an N+1 query and added an index."
	storyFull = "At my last job our checkout API slowed to 2 seconds at peak. My task was to bring p99 under 300 ms. " +
		"I profiled the service, found an N+1 query, added an index and a Redis cache. " +
		"As a result p99 dropped from 2 s to 180 ms and conversion rose by 4 percent."
	capShort = "CAP says you can pick two of consistency, availability and partition tolerance."
)

func TestSummaryVerdictAndPractise(t *testing.T) {
	bank := loadTestBank(t)
	answers := map[string]string{
		"be-performance-bottleneck": storyNoResult,
		"be-cap-theorem":            capShort,
		"be-observability-gap":      storyFull,
	}
	sess := scoredSession(t, bank, answers, "be-performance-bottleneck", "be-cap-theorem", "be-traffic-spike-10x", "be-observability-gap")
	sum := summarize(sess)

	if sum.Verdict == nil || sum.Verdict.Label == "" || sum.Verdict.Text == "" {
		t.Fatalf("Verdict = %+v; want a label and a text", sum.Verdict)
	}
	var wantLevel string
	switch avg := sum.Average; {
	case avg >= 80:
		wantLevel = VerdictStrong
	case avg >= 65:
		wantLevel = VerdictSolid
	case avg >= 50:
		wantLevel = VerdictMixed
	default:
		wantLevel = VerdictNeedsWork
	}
	if sum.Verdict.Level != wantLevel {
		t.Errorf("Verdict.Level = %q for average %v; want %q", sum.Verdict.Level, sum.Average, wantLevel)
	}
	for _, want := range []string{"over 3 scored answers", "1 question skipped", "weakest: question"} {
		if !strings.Contains(sum.Verdict.Text, want) {
			t.Errorf("Verdict.Text = %q; want it to say %q", sum.Verdict.Text, want)
		}
	}

	if n := len(sum.Practise); n == 0 || n > MaxPractise {
		t.Fatalf("Practise has %d items; want 1 to %d: %+v", n, MaxPractise, sum.Practise)
	}
	whats := map[string]bool{}
	for i, p := range sum.Practise {
		if p.Part == "" && p.Point == "" && p.Quote == "" {
			t.Errorf("Practise[%d] = %+v names no STAR part or talking point and quotes nothing", i, p)
		}
		if p.What == "" || !strings.HasPrefix(p.Why, "Question ") {
			t.Errorf("Practise[%d] = %+v; want what and a why naming the question", i, p)
		}
		if p.Turn < 1 || p.Turn > len(sess.Turns) || sess.Turns[p.Turn-1].Question.ID != p.QuestionID {
			t.Errorf("Practise[%d] turn %d / %s does not name a turn of the session", i, p.Turn, p.QuestionID)
		}
		if sess.Turns[p.Turn-1].Skipped {
			t.Errorf("Practise[%d] draws on skipped turn %d", i, p.Turn)
		}
		if p.Quote != "" && !strings.Contains(answers[p.QuestionID], strings.TrimSuffix(p.Quote, "…")) {
			t.Errorf("Practise[%d].Quote %q is not from the answer of turn %d", i, p.Quote, p.Turn)
		}
		if whats[p.What] {
			t.Errorf("Practise names %q twice", p.What)
		}
		whats[p.What] = true
	}
	// The weakest answer gives the first thing to practise.
	if sum.Weakest == nil || sum.Practise[0].Turn != sum.Weakest.Turn {
		t.Errorf("Practise[0] is from turn %d; want the weakest, %+v", sum.Practise[0].Turn, sum.Weakest)
	}
	// The story without a result is told to end with one.
	found := false
	for _, p := range sum.Practise {
		found = found || (p.QuestionID == "be-performance-bottleneck" && p.Part == "result")
	}
	if !found {
		t.Errorf("Practise %+v; want the missing result of be-performance-bottleneck", sum.Practise)
	}

	if len(sum.Turns) != 4 {
		t.Fatalf("Turns = %+v; want 4", sum.Turns)
	}
	for i, tr := range sum.Turns {
		turn := sess.Turns[i]
		if tr.Turn != turn.Index || tr.QuestionID != turn.Question.ID || tr.Skipped != turn.Skipped || tr.Scored != (turn.Score != nil) {
			t.Errorf("Turns[%d] = %+v; want turn %d %s", i, tr, turn.Index, turn.Question.ID)
		}
		if turn.Score != nil && (tr.Overall != turn.Score.Overall || tr.Band != turn.Score.Band || tr.Points != len(turn.Score.Coverage.Points) || tr.Covered > tr.Points) {
			t.Errorf("Turns[%d] = %+v; want the score's %d/%d and %d points", i, tr, turn.Score.Overall, turn.Score.Band, len(turn.Score.Coverage.Points))
		}
	}

	// Deterministic: the same turns give the same summary, byte for byte.
	a, _ := json.Marshal(sum)
	b, _ := json.Marshal(summarize(scoredSession(t, bank, answers, "be-performance-bottleneck", "be-cap-theorem", "be-traffic-spike-10x", "be-observability-gap")))
	if string(a) != string(b) {
		t.Errorf("summaries differ:\n%s\n%s", a, b)
	}
}

func TestSummaryPractiseAtMostThree(t *testing.T) {
	// Many weak answers, each with several gaps: still three things.
	bank := loadTestBank(t)
	ids := []string{"be-performance-bottleneck", "be-cap-theorem", "be-restful-api-design", "be-zero-downtime-migration", "be-secure-backend-code"}
	answers := map[string]string{}
	for _, id := range ids {
		answers[id] = "I am not sure, I would probably look into it."
	}
	sum := summarize(scoredSession(t, bank, answers, ids...))
	if len(sum.Practise) != MaxPractise {
		t.Fatalf("Practise has %d items; want %d: %+v", len(sum.Practise), MaxPractise, sum.Practise)
	}
	turns := map[int]bool{}
	for _, p := range sum.Practise {
		turns[p.Turn] = true
	}
	if len(turns) < 2 {
		t.Errorf("Practise %+v draws on one answer only; want them spread over the weakest", sum.Practise)
	}
}

func TestSummaryNotScored(t *testing.T) {
	bank := loadTestBank(t)
	sum := summarize(scoredSession(t, bank, nil, "be-cap-theorem", "be-restful-api-design"))
	if sum.Verdict == nil || sum.Verdict.Level != VerdictNotScored || !strings.Contains(sum.Verdict.Text, "answer at least one") {
		t.Errorf("Verdict = %+v; want not_scored asking for an answer", sum.Verdict)
	}
	if len(sum.Practise) != 0 {
		t.Errorf("Practise = %+v; want none without answers", sum.Practise)
	}
}

func TestPractiseCandidates(t *testing.T) {
	answer := "We were losing orders. I rewrote the retry logic. It got better."
	// "We were losing orders." [0,22) "I rewrote the retry logic." [23,49) "It got better." [50,64)
	r := &scoring.Result{Overall: 40, Kind: scoring.KindBehavioral}
	r.Star.Situation = scoring.Component{Present: true, Confidence: 0.9, Spans: []scoring.Span{{Start: 0, End: 22}}}
	r.Star.Action = scoring.Component{Present: true, Confidence: 0.3, Spans: []scoring.Span{{Start: 23, End: 49}}}
	r.Star.Result = scoring.Component{Present: true, Confidence: 0.8, Spans: []scoring.Span{{Start: 50, End: 64}}}
	r.Coverage.Points = []scoring.PointCoverage{
		{ID: "p1", Label: "Idempotency keys", Status: scoring.Missing},
		{ID: "p2", Label: "Backoff", Status: scoring.Partial, Evidence: []scoring.Evidence{{Start: 25, End: 48, Text: "rewrote the retry logic"}}},
	}
	turn := &Turn{Index: 2, Question: TurnQuestion{ID: "q", Category: questions.Behavioral}, Answer: answer, Score: r}
	got := practiseCandidates(turn)
	type short struct{ What, Part, Point, Quote string }
	var gotShort []short
	for _, p := range got {
		gotShort = append(gotShort, short{p.What, p.Part, p.Point, p.Quote})
	}
	want := []short{
		{partWhat[scoring.LabelTask], "task", "", ""},
		{partWhat[scoring.LabelAction], "action", "", "I rewrote the retry logic."},
		{"Cover idempotency keys", "", "Idempotency keys", ""},
		{"Say more about backoff", "", "Backoff", "rewrote the retry logic"},
		{"Put a number on the result", "result", "", "It got better."},
	}
	if !reflect.DeepEqual(gotShort, want) {
		t.Errorf("practiseCandidates =\n%+v\nwant\n%+v", gotShort, want)
	}
}

func TestQuote(t *testing.T) {
	long := strings.Repeat("word ", 60) // 300 bytes
	for _, tc := range []struct {
		text       string
		start, end int
		want       string
	}{
		{"abc def", 0, 3, "abc"},
		{"abc", 2, 9, ""}, // out of the answer
		{"abc", 2, 2, ""},
		{long, 0, len(long), strings.TrimSpace(strings.Repeat("word ", 32)) + "…"}, // cut at a space
		{"ü" + strings.Repeat("é", 100), 0, 201, strings.Repeat("é", 0)},           // checked below
	} {
		got := quote(tc.text, tc.start, tc.end)
		if tc.start == 0 && tc.end == 201 {
			if len(got) > maxQuote+len("…") || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "ü") {
				t.Errorf("quote of a long multi-byte text = %q", got)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("quote(%q, %d, %d) = %q; want %q", tc.text, tc.start, tc.end, got, tc.want)
		}
	}
}

func TestPlanQuestionIDs(t *testing.T) {
	bank := loadTestBank(t)
	req := func(ids ...string) PlanRequest { return PlanRequest{Role: "backend-developer", QuestionIDs: ids} }
	t.Run("kept in order", func(t *testing.T) {
		ids := []string{"be-cap-theorem", "be-performance-bottleneck", "be-restful-api-design"}
		p, err := validatePlan(bank, req(ids...))
		if err != nil {
			t.Fatalf("validatePlan: %v", err)
		}
		got, mix, err := pickQuestions(bank, p, []string{"be-cap-theorem"}) // recent: still kept
		if err != nil || !reflect.DeepEqual(got, ids) {
			t.Fatalf("pickQuestions = %v, %v; want %v", got, err, ids)
		}
		if p.Count != 3 || !reflect.DeepEqual(p.Categories, []questions.Category{B, T}) || mix[T] != 2 || mix[B] != 1 {
			t.Errorf("plan count %d categories %v mix %v; want 3, [behavioral technical], 1/2", p.Count, p.Categories, mix)
		}
	})
	for _, tc := range []struct {
		name  string
		req   PlanRequest
		field string
		want  string
	}{
		{"empty", PlanRequest{Role: "backend-developer", QuestionIDs: []string{}}, "question_ids", "question_ids is empty"},
		{"unknown", req("be-cap-theorem", "nope"), "question_ids", `question_ids[1]: no question has the id "nope"`},
		{"blank", req(" "), "question_ids", "question_ids[0] is empty"},
		{"other role", req("ca-multi-region"), "question_ids", "not one of role backend-developer"},
		{"repeat", req("be-cap-theorem", "be-index-design", "be-cap-theorem"), "question_ids", "question_ids[2] repeats question \"be-cap-theorem\" (also question_ids[0])"},
		{"too many", req(strings.Fields(strings.Repeat("x ", MaxCount+1))...), "question_ids", "at most 20"},
		{"count differs", PlanRequest{Role: "backend-developer", Count: 2, QuestionIDs: []string{"be-cap-theorem"}}, "count", "count is 2 but 1 question_ids were given"},
		{"category left out", PlanRequest{Role: "backend-developer", Categories: []string{"behavioral"}, QuestionIDs: []string{"be-cap-theorem"}}, "question_ids", "which categories leaves out"},
		{"difficulty", PlanRequest{Role: "backend-developer", Difficulty: "hard", QuestionIDs: []string{"be-cap-theorem"}}, "question_ids", "not difficulty hard"},
		{"with a posting", PlanRequest{JobDescription: "Go developer", QuestionIDs: []string{"be-cap-theorem"}}, "question_ids", "cannot be combined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := validatePlan(bank, tc.req)
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field || !strings.Contains(ve.Message, tc.want) {
				t.Errorf("validatePlan(%+v) = %v; want %s: …%s…", tc.req, err, tc.field, tc.want)
			}
		})
	}
}
