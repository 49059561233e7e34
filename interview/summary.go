package interview

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// summarize writes the end-of-session report from the turns.
func summarize(sess *Session) Summary {
	sum := Summary{Total: sess.Plan.Count, Asked: len(sess.Turns), Categories: []CategoryScore{}}
	type acc struct {
		n     int
		total float64
	}
	byCategory := map[questions.Category]*acc{}
	var all, initial acc
	var star [4]float64
	for i := range sess.Turns {
		t := &sess.Turns[i]
		if t.Skipped {
			sum.Skipped++
			continue
		}
		if t.Answer == "" {
			continue
		}
		sum.Answered++
		if t.Overtime {
			sum.Overtime++
		}
		if t.Score == nil {
			continue
		}
		sum.Scored++
		overall := t.Score.Overall
		all.n++
		all.total += float64(overall)
		first := overall
		if t.InitialScore != nil {
			first = t.InitialScore.Overall
		}
		initial.n++
		initial.total += float64(first)
		a := byCategory[t.Question.Category]
		if a == nil {
			a = &acc{}
			byCategory[t.Question.Category] = a
		}
		a.n++
		a.total += float64(overall)
		if t.Question.Category != questions.Technical {
			s := t.Score.Star
			sum.Star.Answers++
			for j, c := range []struct {
				present bool
				conf    float64
			}{
				{s.Situation.Present, s.Situation.Confidence},
				{s.Task.Present, s.Task.Confidence},
				{s.Action.Present, s.Action.Confidence},
				{s.Result.Present, s.Result.Confidence},
			} {
				if c.present {
					star[j] += c.conf
				}
			}
		}
		ref := &TurnScore{Turn: t.Index, QuestionID: t.Question.ID, Overall: overall}
		if sum.Best == nil || overall > sum.Best.Overall {
			sum.Best = ref
		}
		if sum.Weakest == nil || overall < sum.Weakest.Overall {
			sum.Weakest = ref
		}
	}
	if all.n > 0 {
		sum.Average = round1(all.total / float64(all.n))
		sum.InitialAverage = round1(initial.total / float64(initial.n))
	}
	for _, c := range sess.Plan.Categories {
		if sess.Plan.Mix[c] == 0 {
			continue // too few questions to ask one of this category
		}
		cs := CategoryScore{Category: c}
		if a := byCategory[c]; a != nil {
			cs.Scored, cs.Average = a.n, round1(a.total/float64(a.n))
		}
		sum.Categories = append(sum.Categories, cs)
	}
	if n := float64(sum.Star.Answers); n > 0 {
		sum.Star.Situation = round2(star[0] / n)
		sum.Star.Task = round2(star[1] / n)
		sum.Star.Action = round2(star[2] / n)
		sum.Star.Result = round2(star[3] / n)
	}
	sum.JobFit = jobFit(sess)
	sum.Turns = turnResults(sess)
	sum.Practise = practise(sess)
	sum.Verdict = verdict(sum)
	return sum
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// Verdict is the one-line reading of a whole interview.
type Verdict struct {
	// Level is strong, solid, mixed, needs_work or not_scored: the
	// average overall score's bracket (80, 65, 50), for styling.
	Level string `json:"level"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// The verdict levels.
const (
	VerdictStrong    = "strong"
	VerdictSolid     = "solid"
	VerdictMixed     = "mixed"
	VerdictNeedsWork = "needs_work"
	VerdictNotScored = "not_scored"
)

// MaxPractise is how many things to practise a summary names at most.
const MaxPractise = 3

// PractiseItem is one thing to practise, drawn from one answer: a STAR
// part it lacks or only hints at (Part), a talking point it missed or only
// touched (Point), with the answer's own words when there are some (Quote).
type PractiseItem struct {
	Turn       int    `json:"turn"`
	QuestionID string `json:"question_id"`
	What       string `json:"what"`
	Why        string `json:"why"`
	Part       string `json:"part,omitempty"`  // situation, task, action or result
	Point      string `json:"point,omitempty"` // the talking point's label
	Quote      string `json:"quote,omitempty"`
}

// TurnResult is one turn's outcome in a summary, so that lists of
// sessions can compare attempts at the same question without the turns.
type TurnResult struct {
	Turn       int                `json:"turn"`
	QuestionID string             `json:"question_id"`
	Category   questions.Category `json:"category"`
	Skipped    bool               `json:"skipped,omitempty"`
	Scored     bool               `json:"scored"`
	Overall    int                `json:"overall"`
	Band       int                `json:"band"`
	// Covered is how many of the question's Points the answer covered.
	Covered int `json:"covered"`
	Points  int `json:"points"`
}

func turnResults(sess *Session) []TurnResult {
	out := make([]TurnResult, 0, len(sess.Turns))
	for _, t := range sess.Turns {
		r := TurnResult{Turn: t.Index, QuestionID: t.Question.ID, Category: t.Question.Category, Skipped: t.Skipped}
		if s := t.Score; s != nil && !t.Skipped && t.Answer != "" {
			r.Scored, r.Overall, r.Band = true, s.Overall, s.Band
			r.Points = len(s.Coverage.Points)
			for _, p := range s.Coverage.Points {
				if p.Status == scoring.Covered {
					r.Covered++
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// verdict reads the average: at least 80 strong, 65 solid, 50 mixed,
// below that needs work. The text names the counts, the best and weakest
// answers and the first thing to practise, so it says why.
func verdict(sum Summary) *Verdict {
	if sum.Scored == 0 {
		text := "No answer was scored, so there is no verdict yet: answer at least one question."
		if sum.Answered > 0 {
			text = "Your answers were not scored, so there is no verdict yet."
		}
		return &Verdict{Level: VerdictNotScored, Label: "Not scored", Text: text}
	}
	v := &Verdict{}
	switch avg := sum.Average; {
	case avg >= 80:
		v.Level, v.Label = VerdictStrong, "Strong"
		v.Text = "Strong answers: you are ready for these questions."
	case avg >= 65:
		v.Level, v.Label = VerdictSolid, "Solid"
		v.Text = "Solid answers with a few gaps to close."
	case avg >= 50:
		v.Level, v.Label = VerdictMixed, "Mixed"
		v.Text = "Mixed: some answers land, others miss what the interviewer listens for."
	default:
		v.Level, v.Label = VerdictNeedsWork, "Needs work"
		v.Text = "Needs work: the answers miss most of what the interviewer listens for."
	}
	v.Text += fmt.Sprintf(" Average %s/100 over %s", trimFloat(sum.Average), plural(sum.Scored, "scored answer"))
	if sum.Skipped > 0 {
		v.Text += fmt.Sprintf(", %s skipped", plural(sum.Skipped, "question"))
	}
	v.Text += "."
	if sum.Scored > 1 && sum.Best != nil && sum.Weakest != nil {
		v.Text += fmt.Sprintf(" Best: question %d (%d); weakest: question %d (%d).",
			sum.Best.Turn, sum.Best.Overall, sum.Weakest.Turn, sum.Weakest.Overall)
	}
	if len(sum.Practise) > 0 {
		v.Text += " Practise first: " + lowerFirst(sum.Practise[0].What) + "."
	}
	return v
}

// practise chooses up to MaxPractise things to practise. Each scored
// answer gives its candidates, most important first (a missing STAR part,
// then one only hinted at, a missed talking point, one only touched, a
// result without a number); answers are taken weakest first, one
// candidate from each in turn, so that the three things are spread over
// the weakest answers, and a thing already named for a weaker answer is
// not named again.
func practise(sess *Session) []PractiseItem {
	type answer struct {
		overall    int
		candidates []PractiseItem
	}
	var answers []answer
	for i := range sess.Turns {
		t := &sess.Turns[i]
		if t.Skipped || t.Answer == "" || t.Score == nil {
			continue
		}
		if c := practiseCandidates(t); len(c) > 0 {
			answers = append(answers, answer{t.Score.Overall, c})
		}
	}
	sort.SliceStable(answers, func(i, j int) bool { return answers[i].overall < answers[j].overall })
	var out []PractiseItem
	named := map[string]bool{}
	for round := 0; len(out) < MaxPractise; round++ {
		more := false
		for _, a := range answers {
			if round >= len(a.candidates) {
				continue
			}
			more = true
			c := a.candidates[round]
			if named[c.What] {
				continue
			}
			named[c.What] = true
			out = append(out, c)
			if len(out) == MaxPractise {
				break
			}
		}
		if !more {
			break
		}
	}
	return out
}

var partWhat = map[scoring.Label]string{
	scoring.LabelSituation: "Set the scene: where you were and what was at stake",
	scoring.LabelTask:      "Say what you were responsible for",
	scoring.LabelAction:    "Tell the steps you took yourself",
	scoring.LabelResult:    "End with the result: what changed because of you",
}

// practiseCandidates lists what one scored answer should work on, most
// important first.
func practiseCandidates(t *Turn) []PractiseItem {
	r := t.Score
	item := func(what, why string) PractiseItem {
		return PractiseItem{Turn: t.Index, QuestionID: t.Question.ID, What: what, Why: fmt.Sprintf("Question %d: %s", t.Index, why)}
	}
	var out []PractiseItem
	kind := r.Kind
	if kind == "" {
		kind = scoring.Kind(t.Question.Category)
	}
	var parts []scoring.Label
	switch kind {
	case scoring.KindBehavioral:
		parts = []scoring.Label{scoring.LabelResult, scoring.LabelAction, scoring.LabelTask, scoring.LabelSituation}
	case scoring.KindSituational:
		parts = []scoring.Label{scoring.LabelAction, scoring.LabelResult}
	}
	component := func(l scoring.Label) scoring.Component {
		switch l {
		case scoring.LabelSituation:
			return r.Star.Situation
		case scoring.LabelTask:
			return r.Star.Task
		case scoring.LabelAction:
			return r.Star.Action
		}
		return r.Star.Result
	}
	for _, l := range parts {
		if c := component(l); !c.Present {
			it := item(partWhat[l], fmt.Sprintf("no sentence of your answer gives the %s.", l))
			it.Part = string(l)
			out = append(out, it)
		}
	}
	for _, l := range parts {
		if c := component(l); c.Present && c.Confidence < 0.5 {
			it := item(partWhat[l], fmt.Sprintf("the %s is only hinted at.", l))
			it.Part = string(l)
			if len(c.Spans) > 0 {
				it.Quote = quote(t.Answer, c.Spans[0].Start, c.Spans[0].End)
			}
			out = append(out, it)
		}
	}
	for _, p := range r.Coverage.Points {
		if p.Status != scoring.Missing {
			continue
		}
		it := item("Cover "+lowerFirst(p.Label), "the interviewer listens for it and your answer does not mention it.")
		if p.Contradicted {
			it.Why = fmt.Sprintf("Question %d: your answer rejects it.", t.Index)
		}
		it.Point = p.Label
		if len(p.Evidence) > 0 {
			it.Quote = quote(t.Answer, p.Evidence[0].Start, p.Evidence[0].End)
		}
		out = append(out, it)
	}
	for _, p := range r.Coverage.Points {
		if p.Status != scoring.Partial {
			continue
		}
		it := item("Say more about "+lowerFirst(p.Label), "you only touched on it.")
		it.Point = p.Label
		if len(p.Evidence) > 0 {
			it.Quote = quote(t.Answer, p.Evidence[0].Start, p.Evidence[0].End)
		}
		out = append(out, it)
	}
	if kind == scoring.KindBehavioral && r.Star.Result.Present && !r.Star.QuantifiedResult {
		it := item("Put a number on the result", "the result has no figure to remember it by.")
		it.Part = string(scoring.LabelResult)
		if s := r.Star.Result.Spans; len(s) > 0 {
			it.Quote = quote(t.Answer, s[0].Start, s[0].End)
		}
		out = append(out, it)
	}
	return out
}

// maxQuote bounds a quoted passage, in bytes.
const maxQuote = 160

// quote is answer[start:end] trimmed to maxQuote bytes at a word boundary,
// or "" when the span is not inside the answer.
func quote(answer string, start, end int) string {
	if start < 0 || end > len(answer) || start >= end {
		return ""
	}
	q := strings.TrimSpace(answer[start:end])
	if len(q) <= maxQuote {
		return q
	}
	cut := maxQuote
	for cut > 0 && !utf8.RuneStart(q[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(q[:cut], ' '); i > maxQuote/2 {
		cut = i
	}
	return strings.TrimSpace(q[:cut]) + "…"
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func trimFloat(x float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", x), ".0") }

// lowerFirst lower-cases a label's first letter unless it starts an
// acronym ("Root cause" → "root cause", "OWASP top 10" stays).
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 || len(r) > 1 && unicode.IsUpper(r[1]) {
		return s
	}
	return strings.ToLower(string(r[:1])) + string(r[1:])
}
