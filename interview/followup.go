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
// is a usable question not yet asked on the turn that does not give away a
// missed talking point, else chooseFollowUp's, preferring one not yet
// asked on another question of the interview. The caller has already
// applied the follow-up policy (mode, maximum per turn, score threshold).
func pickFollowUp(q questions.Question, sess *Session, t *Turn, res scoring.Result, suggested string) (string, bool) {
	suggested = strings.Join(strings.Fields(suggested), " ")
	if suggested != "" && len(suggested) <= maxSuggestedFollowUpBytes &&
		!slices.ContainsFunc(t.FollowUps, func(f FollowUp) bool { return f.Text == suggested }) &&
		!givesAway(suggested, missedWords(q, res.Coverage, t.Answer)) {
		return suggested, true
	}
	return chooseFollowUpIn(q, t, res, askedBefore(sess, t))
}

// chooseFollowUp picks the follow-up question for a scored answer, or
// reports false when there is nothing worth asking. Behavioral answers are
// probed first on their weakest STAR part, then on the first missing
// talking point, then with the question's own follow-ups; technical ones on
// talking points, then own follow-ups; situational ones on talking points,
// own follow-ups, then the action or result of the STAR structure. A
// question already asked on the turn is never asked again, and none names
// what the answer missed: a follow-up probes, it does not give the answer
// away (a candidate asked "could you say more about circuit breakers?"
// has been told what to say, and asked to say more of what was never said).
func chooseFollowUp(q questions.Question, t *Turn, res scoring.Result) (string, bool) {
	return chooseFollowUpIn(q, t, res, nil)
}

// chooseFollowUpIn is chooseFollowUp preferring follow-ups for which
// askedEarlier (when not nil) is false: those not yet asked on another
// question of the interview.
func chooseFollowUpIn(q questions.Question, t *Turn, res scoring.Result, askedEarlier func(string) bool) (string, bool) {
	var candidates []string
	switch t.Question.Category {
	case questions.Behavioral:
		candidates = append(candidates, starFollowUps(res.Star, true)...)
		candidates = append(candidates, talkingPointFollowUps(res.Coverage, true)...)
		candidates = append(candidates, q.FollowUps...)
	case questions.Situational:
		candidates = append(candidates, talkingPointFollowUps(res.Coverage, false)...)
		candidates = append(candidates, q.FollowUps...)
		candidates = append(candidates, starFollowUps(res.Star, false)...)
	default:
		candidates = append(candidates, talkingPointFollowUps(res.Coverage, false)...)
		candidates = append(candidates, q.FollowUps...)
	}
	missed := missedWords(q, res.Coverage, t.Answer)
	usable := func(c string) bool {
		return !slices.ContainsFunc(t.FollowUps, func(f FollowUp) bool { return f.Text == c }) && !givesAway(c, missed)
	}
	for _, c := range candidates {
		if usable(c) && (askedEarlier == nil || !askedEarlier(c)) {
			return c, true
		}
	}
	for _, c := range candidates { // every fresh one was asked on an earlier question
		if usable(c) {
			return c, true
		}
	}
	return "", false
}

// askedBefore reports a follow-up already asked on another turn of the
// session: the same probe twice in one interview reads as a script.
func askedBefore(sess *Session, t *Turn) func(string) bool {
	return func(text string) bool {
		for i := range sess.Turns {
			if o := &sess.Turns[i]; o.Index != t.Index && slices.ContainsFunc(o.FollowUps, func(f FollowUp) bool { return f.Text == text }) {
				return true
			}
		}
		return false
	}
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

// probe is a follow-up for a kind of talking point: asked about the
// situation the candidate described (story) or would face, never naming
// the point.
type probe struct {
	cues         []string // word stems in a point's label or phrases that make it this kind
	story, would string
}

// probes, in order of precedence: a point of several kinds gets the first.
var probes = []probe{
	{[]string{"secur", "auth", "encrypt", "permission", "secret", "token", "inject", "attack", "vulnerab", "privacy", "owasp", "access"},
		"Where could someone have abused what you built, and what stopped them?",
		"Where could someone abuse this, and what would stop them?"},
	{[]string{"fail", "retry", "retri", "timeout", "fallback", "outage", "incident", "breaker", "degrad", "rollback", "roll back", "recover", "resilien", "mitigat", "backoff", "partition"},
		"What did you do when that kept failing?",
		"What happens when a part of this stops answering, and what do you do then?"},
	{[]string{"monitor", "metric", "measur", "alert", "dashboard", "telemetry", "observab", "log", "trace", "verif", "test", "benchmark", "prove", "proof", "valid", "p99", "latency"},
		"How did you know it worked?",
		"How would you know it worked?"},
	{[]string{"root cause", "cause", "reproduc", "diagnos", "debug", "investigat", "profil", "bisect", "isolat", "hypothes"},
		"What did you check first, and what did it tell you?",
		"What would you check first, and why?"},
	{[]string{"prevent", "recur", "guardrail", "postmortem", "post-mortem", "lesson", "process", "checklist", "automat"},
		"What did you change so that it would not happen again?",
		"What would you change so that it does not happen again?"},
	{[]string{"stakeholder", "communicat", "inform", "customer", "team", "manager", "align", "agree", "feedback", "mentor", "conflict", "negotiat", "status"},
		"Who else was involved, and how did you bring them along?",
		"Who else would you involve, and how would you bring them along?"},
	{[]string{"consisten", "transaction", "idempot", "duplicat", "migrat", "schema", "data", "integrity", "ordering", "lock", "race", "concurren"},
		"What happened to the data while this was going on?",
		"What happens to the data if this runs twice, or stops halfway?"},
	{[]string{"trade", "cost", "scal", "design", "option", "alternativ", "choice", "decid", "priorit", "budget", "capacity"},
		"What other options did you weigh, and why did you choose this one?",
		"What other options would you weigh, and why would you choose this one?"},
}

// Probes of last resort, for a point of no known kind (two, in case one
// holds a word of the missed point).
const (
	followUpDeeperStory  = "What was the hardest part of that, and how did you handle it?"
	followUpDeeperWould  = "What is the hardest part of this, and how would you handle it?"
	followUpDeeperStory2 = "Looking back, what would you do differently?"
	followUpDeeperWould2 = "What would you do first, and why?"
)

// talkingPointFollowUps probes the first talking point the answer missed by
// its kind (security, failure, verification, diagnosis, prevention, people,
// data, trade-offs), about the situation of the answer: a story's when
// story, else what the candidate would do.
func talkingPointFollowUps(cov scoring.Coverage, story bool) []string {
	for _, p := range cov.Points {
		if p.Status != scoring.Missing || p.Label == "" {
			continue
		}
		text := strings.ToLower(p.Label + " " + p.ID)
		var out []string
		for _, pr := range probes {
			if slices.ContainsFunc(pr.cues, func(c string) bool { return strings.Contains(text, c) }) {
				out = append(out, pick(story, pr.story, pr.would))
				break
			}
		}
		return append(out, pick(story, followUpDeeperStory, followUpDeeperWould), pick(story, followUpDeeperStory2, followUpDeeperWould2))
	}
	return nil
}

func pick(story bool, a, b string) string {
	if story {
		return a
	}
	return b
}

// missedWords are the content words of the talking points the answer
// missed (their labels and phrases), as stems, less the words the answer
// itself holds: a follow-up holding one of them names what the answer
// should have said, while one taking up the candidate's own words ("the
// N+1 query" they mentioned) gives nothing away.
func missedWords(q questions.Question, cov scoring.Coverage, answer string) map[string]bool {
	words := map[string]bool{}
	add := func(s string) {
		for _, w := range contentWords(s) {
			words[w] = true
		}
	}
	for _, p := range cov.Points {
		if p.Status == scoring.Covered {
			continue
		}
		add(p.Label)
		for _, tp := range q.TalkingPoints {
			if tp.ID == p.ID {
				for _, ph := range tp.Phrases {
					add(ph)
				}
			}
		}
	}
	for _, w := range contentWords(answer) {
		delete(words, w)
	}
	return words
}

// givesAway reports whether question holds one of the missed words.
func givesAway(question string, missed map[string]bool) bool {
	for _, w := range contentWords(question) {
		if missed[w] {
			return true
		}
	}
	return false
}

// contentWords returns the stems of the words of s that carry meaning:
// lower-cased, without function words and the question words every
// follow-up has, and without a plural or verb ending.
func contentWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(w) < 3 || functionWords[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

func stem(w string) string {
	for _, suf := range []string{"ing", "ied", "ies", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			w = strings.TrimSuffix(w, suf)
			break
		}
	}
	if len(w) > 6 {
		w = w[:6]
	}
	return w
}

var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for with that this what when where which who whom whose why how
		you your yours did does doing done was were are have has had not but from into onto over under about
		than then them they their there these those its it's our ours out off own can could would should will
		shall may might must also just very much more most some any all each every both either neither other
		such only same too again once here way ways thing things one two make made get got take took give gave
		know knew tell told say said see saw show shown use used like way else first next last let`) {
		m[w] = true
	}
	return m
}()
