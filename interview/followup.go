package interview

import (
	"slices"
	"strings"
	"unicode"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// Follow-up questions aimed at a missing or weak STAR part.
const (
	followUpResult     = "What was the measurable result?"
	followUpAction     = "What did you personally do, step by step?"
	followUpTask       = "What exactly were you responsible for?"
	followUpSituation  = "What was the situation: where were you, and what was at stake?"
	followUpQuantify   = "Can you put a number on the result: what changed, and by how much?"
	followUpOwnership  = "Which of those steps did you take yourself?"
	starWeakConfidence = 0.5
)

// maxSuggestedFollowUpBytes bounds a scorer's suggested follow-up: a
// longer one is not a question a candidate should get, and the engine's
// own is used instead.
const maxSuggestedFollowUpBytes = 400

// pickFollowUp picks the follow-up question for a scored answer: the
// scorer's suggestion (the LLM judge's, aimed at the weakest part) when it
// is a usable question not yet asked on the turn, else chooseFollowUp's.
// The caller has already applied the follow-up policy (mode, maximum per
// turn, score threshold).
func pickFollowUp(q questions.Question, t *Turn, res scoring.Result, suggested string) (string, bool) {
	suggested = strings.Join(strings.Fields(suggested), " ")
	if suggested != "" && len(suggested) <= maxSuggestedFollowUpBytes &&
		!slices.ContainsFunc(t.FollowUps, func(f FollowUp) bool { return f.Text == suggested }) {
		return suggested, true
	}
	return chooseFollowUp(q, t, res)
}

// chooseFollowUp picks the follow-up question for a scored answer, or
// reports false when there is nothing worth asking. Behavioral answers are
// probed first on their weakest STAR part, then on the first missing
// talking point, then with the question's own follow-ups; technical ones on
// talking points, then own follow-ups; situational ones on talking points,
// own follow-ups, then the action or result of the STAR structure. A
// question already asked on the turn is never asked again.
func chooseFollowUp(q questions.Question, t *Turn, res scoring.Result) (string, bool) {
	var candidates []string
	switch t.Question.Category {
	case questions.Behavioral:
		candidates = append(candidates, starFollowUps(res.Star, true)...)
		candidates = append(candidates, talkingPointFollowUps(res.Coverage)...)
		candidates = append(candidates, q.FollowUps...)
	case questions.Situational:
		candidates = append(candidates, talkingPointFollowUps(res.Coverage)...)
		candidates = append(candidates, q.FollowUps...)
		candidates = append(candidates, starFollowUps(res.Star, false)...)
	default:
		candidates = append(candidates, talkingPointFollowUps(res.Coverage)...)
		candidates = append(candidates, q.FollowUps...)
	}
	for _, c := range candidates {
		if !slices.ContainsFunc(t.FollowUps, func(f FollowUp) bool { return f.Text == c }) {
			return c, true
		}
	}
	return "", false
}

// starFollowUps asks for the weakest STAR part when it is missing or weak
// (parts in order result, action, task, situation break ties), then for a
// number on the result and for the candidate's own part. Situational
// answers are hypothetical, so only action and result count there.
func starFollowUps(star scoring.Star, story bool) []string {
	parts := []struct {
		c        scoring.Component
		question string
	}{
		{star.Result, followUpResult},
		{star.Action, followUpAction},
		{star.Task, followUpTask},
		{star.Situation, followUpSituation},
	}
	if !story {
		parts = parts[:2]
	}
	strength := func(c scoring.Component) float64 {
		if !c.Present {
			return 0
		}
		return c.Confidence
	}
	weakest := 0
	for i, p := range parts {
		if strength(p.c) < strength(parts[weakest].c) {
			weakest = i
		}
	}
	var out []string
	if strength(parts[weakest].c) < starWeakConfidence {
		out = append(out, parts[weakest].question)
	}
	if story && star.Result.Present && !star.QuantifiedResult {
		out = append(out, followUpQuantify)
	}
	if story && star.Action.Present && star.Ownership < 0.5 {
		out = append(out, followUpOwnership)
	}
	return out
}

// talkingPointFollowUps asks about the first talking point the answer
// missed.
func talkingPointFollowUps(cov scoring.Coverage) []string {
	for _, p := range cov.Points {
		if p.Status == scoring.Missing && p.Label != "" {
			return []string{"Could you say more about " + lowerFirst(p.Label) + "?"}
		}
	}
	return nil
}

// lowerFirst lower-cases a label's first letter unless it starts an
// acronym ("Root cause" → "root cause", "OWASP top 10" stays).
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && unicode.IsUpper(r[1]) {
		return s
	}
	return strings.ToLower(string(r[:1])) + string(r[1:])
}
