package interview

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

const (
	B = questions.Behavioral
	T = questions.Technical
	S = questions.Situational
)

func TestApportion(t *testing.T) {
	all := []questions.Category{B, T, S}
	plenty := map[questions.Category]int{B: 20, T: 20, S: 20}
	for _, tc := range []struct {
		count int
		cats  []questions.Category
		sizes map[questions.Category]int
		want  map[questions.Category]int
	}{
		{8, all, plenty, map[questions.Category]int{B: 2, T: 4, S: 2}},
		{16, all, plenty, map[questions.Category]int{B: 4, T: 8, S: 4}},
		{1, all, plenty, map[questions.Category]int{B: 0, T: 1, S: 0}},
		{3, all, plenty, map[questions.Category]int{B: 1, T: 1, S: 1}},
		{4, all, plenty, map[questions.Category]int{B: 1, T: 2, S: 1}},
		{5, all, plenty, map[questions.Category]int{B: 1, T: 3, S: 1}},
		{3, []questions.Category{B, T}, plenty, map[questions.Category]int{B: 1, T: 2}},
		{4, []questions.Category{S}, plenty, map[questions.Category]int{S: 4}},
		// Technical has only 2: its share moves to the others.
		{8, all, map[questions.Category]int{B: 5, T: 2, S: 5}, map[questions.Category]int{B: 3, T: 2, S: 3}},
		{10, all, map[questions.Category]int{B: 3, T: 4, S: 3}, map[questions.Category]int{B: 3, T: 4, S: 3}},
	} {
		got := apportion(tc.count, tc.cats, tc.sizes)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("apportion(%d, %v, %v) = %v; want %v", tc.count, tc.cats, tc.sizes, got, tc.want)
		}
	}
	for count := 1; count <= MaxCount; count++ {
		total := 0
		for _, n := range apportion(count, all, plenty) {
			total += n
		}
		if total != count {
			t.Errorf("apportion(%d) adds up to %d", count, total)
		}
	}
}

func TestInterleave(t *testing.T) {
	got := interleave([]questions.Category{B, T, S}, map[questions.Category][]string{
		B: {"b1", "b2"}, T: {"t1", "t2", "t3", "t4"}, S: {"s1", "s2"},
	})
	want := "[b1 t1 s1 t2 b2 t3 s2 t4]"
	if fmt.Sprint(got) != want {
		t.Errorf("interleave = %v; want %s", got, want)
	}
}

func TestQuestionPieces(t *testing.T) {
	for _, text := range []string{
		"Explain the CAP theorem and how it influences your database design decisions.",
		"Short?",
		"One two three four",
		"One two three four five",
		"Tabs\tand  double  spaces\nand a line break, then café — unicode.",
		"",
	} {
		pieces := questionPieces(text, 4)
		if strings.Join(pieces, "") != text {
			t.Errorf("questionPieces(%q) = %q; does not concatenate back", text, pieces)
		}
		for _, p := range pieces {
			if n := len(strings.Fields(p)); n > 4 || (n == 0 && text != "") {
				t.Errorf("questionPieces(%q): piece %q has %d words", text, p, n)
			}
		}
	}
	if n := len(questionPieces("Explain the CAP theorem and how it influences your database design decisions.", 4)); n != 3 {
		t.Errorf("12 words in %d pieces; want 3", n)
	}
}

func TestChooseFollowUp(t *testing.T) {
	present := func(c float64) scoring.Component { return scoring.Component{Present: true, Confidence: c} }
	q := questions.Question{FollowUps: []string{"Own follow-up?"}}
	missingPoint := scoring.Coverage{Points: []scoring.PointCoverage{
		{Label: "Profiling", Status: scoring.Covered}, {Label: "Root cause analysis", Status: scoring.Missing}}}
	for _, tc := range []struct {
		name  string
		cat   questions.Category
		res   scoring.Result
		asked []string
		want  string
	}{
		{"behavioral no result", B, scoring.Result{Star: scoring.Star{Situation: present(.9), Task: present(.9), Action: present(.9)}},
			nil, followUpResult},
		{"behavioral weakest is action", B, scoring.Result{Star: scoring.Star{Situation: present(.9), Task: present(.9),
			Action: present(.2), Result: present(.6), QuantifiedResult: true, Ownership: 1}}, nil, followUpAction},
		{"behavioral all missing: result first", B, scoring.Result{}, nil, followUpResult},
		{"behavioral unquantified", B, scoring.Result{Star: scoring.Star{Situation: present(.9), Task: present(.9),
			Action: present(.9), Result: present(.9), Ownership: 1}}, nil, followUpQuantify},
		{"behavioral then talking point", B, scoring.Result{Star: scoring.Star{Situation: present(.9), Task: present(.9),
			Action: present(.9), Result: present(.9), QuantifiedResult: true, Ownership: 1}, Coverage: missingPoint},
			nil, "What did you check first, and what did it tell you?"},
		{"behavioral not twice", B, scoring.Result{}, []string{followUpResult}, "Own follow-up?"},
		{"technical talking point", T, scoring.Result{Coverage: missingPoint}, nil, "What would you check first, and why?"},
		{"technical point of another kind", T, scoring.Result{Coverage: scoring.Coverage{Points: []scoring.PointCoverage{
			{Label: "Circuit breaker", Status: scoring.Missing}}}}, nil, "What happens when a part of this stops answering, and what do you do then?"},
		{"own follow-up naming the missed point skipped", T, scoring.Result{Coverage: scoring.Coverage{Points: []scoring.PointCoverage{
			{Label: "Follow", Status: scoring.Missing}}}}, []string{"What is the hardest part of this, and how would you handle it?"}, "What would you do first, and why?"},
		{"technical own follow-up", T, scoring.Result{}, nil, "Own follow-up?"},
		{"technical nothing left", T, scoring.Result{}, []string{"Own follow-up?"}, ""},
		{"situational action", S, scoring.Result{}, []string{"Own follow-up?"}, followUpResult},
	} {
		t.Run(tc.name, func(t *testing.T) {
			turn := &Turn{Question: TurnQuestion{Category: tc.cat}}
			for _, a := range tc.asked {
				turn.FollowUps = append(turn.FollowUps, FollowUp{Text: a})
			}
			got, ok := chooseFollowUp(q, turn, tc.res)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("chooseFollowUp = %q, %v; want %q", got, ok, tc.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	res := func(overall int, result bool) *scoring.Result {
		r := &scoring.Result{Overall: overall}
		r.Star.Action = scoring.Component{Present: true, Confidence: 0.8}
		if result {
			r.Star.Result = scoring.Component{Present: true, Confidence: 0.6}
		}
		return r
	}
	sess := &Session{
		Plan: Plan{Count: 5, Categories: []questions.Category{B, T, S}, Mix: map[questions.Category]int{B: 2, T: 2, S: 1}},
		Turns: []Turn{
			{Index: 1, Question: TurnQuestion{ID: "b1", Category: B}, Answer: "a", Score: res(40, false), Overtime: true},
			{Index: 2, Question: TurnQuestion{ID: "t1", Category: T}, Answer: "a", Score: res(90, false)},
			{Index: 3, Question: TurnQuestion{ID: "s1", Category: S}, Skipped: true},
			{Index: 4, Question: TurnQuestion{ID: "b2", Category: B}, Answer: "a\n\nb", Score: res(60, true), InitialScore: res(30, false)},
			{Index: 5, Question: TurnQuestion{ID: "t2", Category: T}, Answer: "a"}, // scoring failed
		},
	}
	got := summarize(sess)
	if got.Total != 5 || got.Asked != 5 || got.Answered != 4 || got.Skipped != 1 || got.Scored != 3 || got.Overtime != 1 {
		t.Errorf("counts = %+v", got)
	}
	if got.Average != 63.3 || got.InitialAverage != 53.3 {
		t.Errorf("Average = %v, InitialAverage = %v; want 63.3 (final scores) and 53.3 (first answers)", got.Average, got.InitialAverage)
	}
	if want := "[{behavioral 2 50} {technical 1 90} {situational 0 0}]"; fmt.Sprint(got.Categories) != want {
		t.Errorf("Categories = %v; want %s", got.Categories, want)
	}
	if got.Star.Answers != 2 || got.Star.Action != 0.8 || got.Star.Result != 0.3 || got.Star.Situation != 0 {
		t.Errorf("Star = %+v; want 2 answers, action 0.8, result 0.3", got.Star)
	}
	if got.Best.Turn != 2 || got.Weakest.Turn != 1 || got.Weakest.QuestionID != "b1" {
		t.Errorf("best %+v weakest %+v", got.Best, got.Weakest)
	}
}

func TestBrokerNeverBlocks(t *testing.T) {
	b := NewBroker()
	ch, cancel := b.Subscribe("s")
	other, cancelOther := b.Subscribe("t")
	defer cancelOther()
	for seq := int64(1); seq <= 100; seq++ { // nobody reads: must not block
		b.Notify(context.Background(), "s", seq)
	}
	if got := <-ch; got != 100 {
		t.Errorf("pending seq = %d; want the latest, 100", got)
	}
	select {
	case got := <-other:
		t.Errorf("subscriber of another session got %d", got)
	default:
	}
	cancel()
	if _, open := <-ch; open {
		t.Errorf("channel still open after cancel")
	}
	cancel()                                 // idempotent
	b.Notify(context.Background(), "s", 101) // no subscriber left: no panic
}

// TestFollowUpsNeverGiveTheAnswerAway answers every question of the bank
// weakly and checks the follow-up the engine picks: it never holds a
// missed talking point's label or a word of the label or its phrases (what
// the interviewer looks for) that the answer did not say itself, it is a question (capital first, "?" last,
// single spaces), and the same answer always gets the same follow-up.
func TestFollowUpsNeverGiveTheAnswerAway(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc := scoring.New(bank)
	generic := map[string]bool{}
	for _, w := range strings.Fields("what when where which with that this would could your have from about into then than them they were does made make first next else part") {
		generic[w] = true
	}
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	asked, n := map[string]int{}, 0
	for _, r := range bank.Roles() {
		for _, q := range r.Questions {
			for _, answer := range []string{"I am not sure, I think it depends on the situation really.", "We fixed it quickly and it was fine."} {
				res, err := sc.Score(t.Context(), scoring.Input{QuestionID: q.ID, Answer: answer})
				if err != nil {
					t.Fatal(err)
				}
				turn := &Turn{Question: TurnQuestion{ID: q.ID, Category: q.Category}, Answer: answer}
				got, ok := chooseFollowUp(q, turn, res)
				if !ok {
					continue
				}
				n++
				asked[got]++
				if again, _ := chooseFollowUp(q, turn, res); again != got {
					t.Errorf("%s: follow-up %q, then %q: want the same", q.ID, got, again)
				}
				if !unicode.IsUpper([]rune(got)[0]) || !strings.HasSuffix(got, "?") || strings.Contains(got, "  ") || strings.TrimSpace(got) != got {
					t.Errorf("%s: follow-up %q is not a tidy question", q.ID, got)
				}
				said := map[string]bool{} // the candidate's own words give nothing away
				for _, w := range words(answer) {
					said[w] = true
				}
				have := map[string]bool{}
				for _, w := range words(got) {
					have[w], have[strings.TrimSuffix(w, "s")] = true, true
				}
				for i, p := range res.Coverage.Points {
					if p.Status == scoring.Covered {
						continue
					}
					if strings.Contains(strings.ToLower(got), strings.ToLower(p.Label)) {
						t.Errorf("%s: follow-up %q names the missed point %q", q.ID, got, p.Label)
					}
					cues := append([]string{p.Label}, q.TalkingPoints[i].Phrases...)
					for _, c := range cues {
						for _, w := range words(c) {
							if len(w) >= 4 && !generic[w] && !said[w] && (have[w] || have[strings.TrimSuffix(w, "s")]) {
								t.Errorf("%s: follow-up %q holds %q of the missed point %q (%q)", q.ID, got, w, p.Label, c)
							}
						}
					}
				}
			}
		}
	}
	if n < 300 {
		t.Fatalf("%d follow-ups checked; want the whole bank", n)
	}
	t.Logf("%d follow-ups, %d different questions", n, len(asked))
}

// TestFollowUpsVaryAcrossTheInterview: a follow-up asked on one question is
// not asked again on the next when another one fits, and still is when none
// does.
func TestFollowUpsVaryAcrossTheInterview(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc := scoring.New(bank)
	const answer = "We fixed it quickly and it was fine."
	varied, checked := 0, 0
	for _, r := range bank.Roles() {
		for _, q := range r.Questions {
			res, err := sc.Score(t.Context(), scoring.Input{QuestionID: q.ID, Answer: answer})
			if err != nil {
				t.Fatal(err)
			}
			first, ok := chooseFollowUp(q, &Turn{Index: 2, Question: TurnQuestion{ID: q.ID, Category: q.Category}, Answer: answer}, res)
			if !ok {
				continue
			}
			checked++
			sess := &Session{Turns: []Turn{
				{Index: 1, FollowUps: []FollowUp{{Text: first}}},
				{Index: 2, Question: TurnQuestion{ID: q.ID, Category: q.Category}, Answer: answer},
			}}
			got, ok := pickFollowUp(q, sess, &sess.Turns[1], res, "")
			if !ok {
				t.Fatalf("%s: no follow-up once %q was asked on question 1", q.ID, first)
			}
			if got != first {
				varied++
			}
		}
	}
	if checked == 0 || varied < checked*9/10 {
		t.Errorf("a different follow-up on the next question for %d of %d questions; want at least 90%%", varied, checked)
	}
	t.Logf("%d of %d questions get another follow-up than the one asked on question 1", varied, checked)
}
