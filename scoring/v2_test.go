package scoring

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mockinterview/mockinterview/questions"
)

// tipSalad is the gaming answer of issue 11: the tips' words, the STAR
// labels and a number, with no sentence.
func tipSalad(q questions.Question) string {
	var words []string
	for _, w := range strings.FieldsFunc(q.Tips, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == ';' }) {
		words = append(words, w)
	}
	return strings.Join(words, " ") + " situation task action result improved reduced 50% latency"
}

// tipSentences says the tips back in sentences with light verbs: "I used
// X. I had Y. The result improved by 40%."
func tipSentences(q questions.Question) string {
	var b strings.Builder
	for i, p := range DecomposeTips(q.Tips) {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "I used %s. ", strings.ToLower(p.Label))
		case 1:
			fmt.Fprintf(&b, "We had %s in place. ", strings.ToLower(p.Label))
		default:
			fmt.Fprintf(&b, "I made sure of %s. ", strings.ToLower(p.Label))
		}
	}
	b.WriteString("The situation was hard and my task was clear, so I took action and the result improved by 40%.")
	return b.String()
}

// TestTipEchoEarnsNothing: over the whole bank, the tips' own words said
// back (as a salad, or in sentences with light verbs) score below 40 and
// at least 25 below the question's model answer, on the bank question and
// on the same question sent as custom text with tips only (where the model
// answer, which need not use the tips' words, scores 65 or more).
func TestTipEchoEarnsNothing(t *testing.T) {
	s := testScorer(t)
	var gaps []int
	for _, q := range s.bank.Questions("") {
		if q.ReferenceAnswer == "" {
			continue
		}
		good := score(t, s, Input{QuestionID: q.ID, Answer: q.ReferenceAnswer}).Overall
		for _, gaming := range []string{tipSalad(q), tipSentences(q)} {
			for _, in := range []Input{
				{QuestionID: q.ID, Answer: gaming},
				{Question: q.Text, Tips: q.Tips, Answer: gaming},
			} {
				got := score(t, s, in).Overall
				ref := good
				if in.QuestionID == "" {
					ref = score(t, s, Input{Question: q.Text, Tips: q.Tips, Answer: q.ReferenceAnswer}).Overall
				}
				gaps = append(gaps, ref-got)
				if got >= 40 || ref >= 65 && ref-got < 25 {
					t.Errorf("%s (bank id %v): echo %.60q scores %d, the model answer %d; want < 40 and 25 below", q.ID, in.QuestionID != "", gaming, got, ref)
				}
			}
		}
	}
	sort.Ints(gaps)
	t.Logf("%d echo answers; gap to the model answer: min %d, median %d", len(gaps), gaps[0], gaps[len(gaps)/2])
}

// TestRejectedPointsCost: an answer that names every point only to reject
// it scores below 40, 30 or more below a good answer, with no point
// covered and the rejected ones shown as contradicted.
func TestRejectedPointsCost(t *testing.T) {
	s := testScorer(t)
	tests := []struct{ id, bad, good string }{
		{"be-restful-api-design",
			"Versioning is unnecessary, so I never version my APIs. I avoid pagination because clients can just filter. Error handling is overkill for internal services, so every response is a 200. I skip documentation since the code is the documentation, and naming conventions are a waste of time.",
			"I design around resources, with plural nouns for collections and HTTP verbs for the actions, and I keep field casing consistent across the API. List endpoints use cursor pagination with a capped page size, since offsets get slow on big tables. Errors come back as RFC 7807 problem details with a machine-readable code and the offending field, and I separate client errors from retryable 5xx ones. I version in the path and keep changes additive, so v1 lives long; breaking changes get a deprecation header. The OpenAPI spec is written first and generates the docs and contract tests."},
		{"be-secure-backend-code",
			"Input validation is unnecessary when the frontend already checks fields. I don't use prepared statements or an ORM, they get in the way. Authentication is unnecessary for internal tools, so we never bother with MFA or password hashing. Authorization checks slow requests down, so I leave them out. I ignore the OWASP top 10 because nobody attacks internal tools.",
			"I treat every input as untrusted: requests are validated against a schema with length limits and unknown fields rejected. All SQL goes through prepared statements with bind parameters, which closes off SQL injection. Users sign in through OpenID Connect with short-lived tokens and MFA for admins, and passwords are hashed with argon2. Every handler runs an object-level permission check, deny by default, so one tenant cannot read another's records. We run dependency scanning in CI and a threat model review for new features against the OWASP top 10."},
	}
	for _, tc := range tests {
		bad := score(t, s, Input{QuestionID: tc.id, Answer: tc.bad})
		good := score(t, s, Input{QuestionID: tc.id, Answer: tc.good})
		if bad.Overall >= 40 || good.Overall-bad.Overall < 30 {
			t.Errorf("%s: rejecting answer %d, good answer %d; want < 40 and 30 below", tc.id, bad.Overall, good.Overall)
		}
		rejected := 0
		for _, p := range bad.Coverage.Points {
			if p.Status == Covered {
				t.Errorf("%s: point %s covered by a rejecting answer: %v", tc.id, p.ID, p.Evidence)
			}
			if p.Contradicted {
				rejected++
				if len(p.Evidence) == 0 {
					t.Errorf("%s: contradicted point %s has no evidence", tc.id, p.ID)
				}
			}
		}
		if rejected*2 < len(bad.Coverage.Points) {
			t.Errorf("%s: %d of %d points contradicted; want most", tc.id, rejected, len(bad.Coverage.Points))
		}
		t.Logf("%s: rejecting %d, good %d, %d contradicted", tc.id, bad.Overall, good.Overall, rejected)
	}
}

// TestNegationStillCovers: a negation that is not a rejection leaves the
// point covered.
func TestNegationStillCovers(t *testing.T) {
	s := testScorer(t)
	for _, answer := range []string{
		"I never deploy without a rollback plan: the old table stays for two weeks and switching back is one flag.",
		"We didn't have a rollback plan at first, but then I wrote a rollback plan that restores the old table from the shadow copy.",
	} {
		res := score(t, s, Input{QuestionID: "be-zero-downtime-migration", Answer: answer})
		for _, p := range res.Coverage.Points {
			if p.ID == "rollback-plan" && p.Contradicted {
				t.Errorf("%q: rollback plan contradicted", answer)
			}
		}
	}
}

func TestDetectKind(t *testing.T) {
	for q, want := range map[string]Kind{
		"So, tell me about yourself.":                                   KindIntroduction,
		"Walk me through your resume.":                                  KindIntroduction,
		"Why do you want to work here?":                                 KindMotivation,
		"Why should we hire you?":                                       KindMotivation,
		"Where do you see yourself in five years?":                      KindMotivation,
		"What is your greatest weakness?":                               KindStrengths,
		"How are you doing today?":                                      KindSmallTalk,
		"mm-hmm":                                                        KindBackchannel,
		"Okay.":                                                         KindBackchannel,
		"Do you have any questions for us?":                             KindClosing,
		"Tell me about a time you showed leadership.":                   KindBehavioral,
		"Explain why you chose that answer.":                            KindTechnical,
		"What is the difference between a process and a thread?":        KindTechnical,
		"What would you do if the database went down during a release?": KindSituational,
	} {
		if got := DetectKind(q); got != want {
			t.Errorf("DetectKind(%q) = %s; want %s", q, got, want)
		}
	}
}

// TestGeneralKindsScoredByDelivery: answers to general questions are not
// scored as technical, and the same content with many fillers scores lower.
func TestGeneralKindsScoredByDelivery(t *testing.T) {
	s := testScorer(t)
	clean := "I'm a backend engineer with six years at two fintech companies. Most recently I led the payments team's move to event sourcing, which cut reconciliation errors by half. I like owning a service end to end, from design reviews to on-call, and I'm looking for a team where reliability matters."
	filled := "Um, so I'm, uh, a backend engineer, like, with six years at, um, two fintech companies. Um, most recently I, I led the, uh, payments team's move to, like, event sourcing, which, um, cut reconciliation errors by half. I, uh, like owning a service end to end, um, from design reviews to on-call, and, uh, I'm looking for a team where, like, reliability matters."
	in := func(a string) Input { return Input{Question: "So tell me a little about yourself.", Answer: a} }
	c, f := score(t, s, in(clean)), score(t, s, in(filled))
	if c.Kind != KindIntroduction || c.Category != questions.Behavioral {
		t.Errorf("kind %s, category %s; want introduction, behavioral", c.Kind, c.Category)
	}
	if c.Overall-f.Overall < 15 {
		t.Errorf("clean %d, with fillers %d; want fillers to cost at least 15", c.Overall, f.Overall)
	}
	if !f.Delivery.Spoken || f.Delivery.FillerCount < 10 || f.Delivery.RepeatCount < 1 {
		t.Errorf("delivery %+v; want spoken, >= 10 fillers, a repeat", f.Delivery)
	}
	for _, sp := range f.Delivery.Spans {
		if sp.Start < 0 || sp.End > len(filled) || sp.Start >= sp.End {
			t.Fatalf("span %+v out of the answer", sp)
		}
		if sp.Kind == DeliveryFiller {
			switch w := strings.ToLower(filled[sp.Start:sp.End]); w {
			case "um", "uh", "like":
			default:
				t.Errorf("filler span %q", w)
			}
		}
	}
	// A backchannel: a short reply is not "too short".
	bc := score(t, s, Input{Question: "mm-hmm", Answer: "And then we shipped it the next week."})
	if bc.Kind != KindBackchannel || hasFlag(bc, FlagTooShort) {
		t.Errorf("backchannel: kind %s flags %v", bc.Kind, bc.Flags)
	}
}

// TestStrongAnswersCoverTheirPoints: every bank model answer shows at
// least three quarters of its question's points, none contradicted.
func TestStrongAnswersCoverTheirPoints(t *testing.T) {
	s := testScorer(t)
	weak := 0
	for _, q := range s.bank.Questions("") {
		if q.ReferenceAnswer == "" {
			continue
		}
		res := score(t, s, Input{QuestionID: q.ID, Answer: q.ReferenceAnswer})
		covered := 0
		for _, p := range res.Coverage.Points {
			if p.Status == Covered {
				covered++
			}
			if p.Contradicted {
				t.Errorf("%s: the model answer contradicts %s: %v", q.ID, p.ID, p.Evidence)
			}
		}
		if covered*4 < 3*len(res.Coverage.Points) {
			weak++
			t.Errorf("%s: the model answer covers %d of %d points", q.ID, covered, len(res.Coverage.Points))
		}
	}
}

// FuzzScoreKinds: no valid UTF-8 answer panics the scorer, and every span it
// returns lies inside the answer.
func FuzzScoreKinds(f *testing.F) {
	for _, seed := range []string{plainAnswer, conciseAnswer, "", "um uh I I- I", "Versioning is unnecessary, so I skip it.",
		"Situation: x\nTask: y\n- did z\n- 40% faster", "ignore previous instructions ]]]]]]]] %%%%", "日本語の回答です。", "a\u200bb",
		// the tagger's multi-word cues at the edges of a clause
		"could not", "so we could", "in the end", "by the end of each", "asked by the", "wanted the kids to", "said I should",
		"it was up to me to", "• a. • b.", "I learned that", "since then", "now I always", "I was brought in to", "no one could",
		"Reviews kept mentioning", "we did not", "by about half", "I used to", "I needed a"} {
		f.Add(seed)
	}
	s := testScorer(f)
	f.Fuzz(func(t *testing.T, answer string) {
		if !utf8.ValidString(answer) || strings.TrimSpace(answer) == "" || len(answer) > MaxAnswerBytes {
			return
		}
		for _, in := range []Input{{QuestionID: "be-restful-api-design", Answer: answer}, {Question: "Tell me about yourself.", Answer: answer},
			{Question: "Tell me about a time you demonstrated leadership.", Category: "behavioral", Answer: answer},
			{Question: "How do you approach writing secure backend code?", Tips: "Cover input validation, parameterized queries, authentication, authorization, and OWASP top 10.", Answer: answer},
			{Question: "What is a variable?", ReferenceAnswer: "A named location in memory that holds a value.", Answer: answer}} {
			res, err := s.Score(context.Background(), in)
			if err != nil {
				continue
			}
			check := func(what string, start, end int) {
				if start < 0 || end > len(answer) || start > end {
					t.Fatalf("%s span [%d,%d) outside the %d-byte answer", what, start, end, len(answer))
				}
			}
			for _, sl := range res.Star.Sentences {
				check("sentence", sl.Start, sl.End)
			}
			for _, p := range res.Coverage.Points {
				for _, e := range p.Evidence {
					check("evidence", e.Start, e.End)
				}
			}
			for _, d := range res.Delivery.Spans {
				check("delivery", d.Start, d.End)
			}
			if res.Overall < 0 || res.Overall > 100 {
				t.Fatalf("overall %d", res.Overall)
			}
		}
	})
}

// TestRejectedPointsHeldOut: answers that reject their points (testdata/v2),
// each set written before a round of rejection rules: rejecting.jsonl
// before version 2.0's last round, rejecting2.jsonl (bank ids and custom
// questions with tips) before version 2.1's, whose misses were then fixed,
// and rejecting3.jsonl after 2.1's rules were frozen, never tuned on. The
// first two must meet the bar (< 40, 30 below the good answer);
// rejecting3 was scored once after 2.1's first rules (seven of eight below
// 40, every gap >= 30), then tuned on like rejecting2; rejecting4 was
// written after the last rules and is held only to what they reached on it
// when first scored (five of eight below 40, the worst at 60, the smallest
// gap 15: docs/scoring.md), so it guards against going back without
// pretending to more.
func TestRejectedPointsHeldOut(t *testing.T) {
	s := testScorer(t)
	for _, set := range []struct {
		file   string
		maxBad int // a rejecting answer scores below this
		minGap int // and at least this much below the good answer
	}{{"rejecting.jsonl", 40, 30}, {"rejecting2.jsonl", 40, 30}, {"rejecting3.jsonl", 40, 30}, {"rejecting4.jsonl", 61, 15}} {
		file := set.file
		t.Run(file, func(t *testing.T) {
			f, err := os.ReadFile(filepath.Join("testdata", "v2", file))
			if err != nil {
				t.Fatal(err)
			}
			var gaps []int
			for _, line := range strings.Split(strings.TrimSpace(string(f)), "\n") {
				var c struct {
					ID       string `json:"question_id"`
					Question string `json:"question"`
					Tips     string `json:"tips"`
					Bad      string `json:"bad"`
					Good     string `json:"good"`
				}
				if err := json.Unmarshal([]byte(line), &c); err != nil {
					t.Fatal(err)
				}
				name := c.ID
				if name == "" {
					name = c.Question
				}
				bad := score(t, s, Input{QuestionID: c.ID, Question: c.Question, Tips: c.Tips, Answer: c.Bad})
				good := score(t, s, Input{QuestionID: c.ID, Question: c.Question, Tips: c.Tips, Answer: c.Good})
				covered, rejected := 0, 0
				for _, p := range bad.Coverage.Points {
					if p.Status == Covered {
						covered++
					}
					if p.Contradicted {
						rejected++
					}
				}
				gaps = append(gaps, good.Overall-bad.Overall)
				t.Logf("%-40.40s rejecting %3d (%d/%d contradicted, %d covered), good %3d", name, bad.Overall, rejected, len(bad.Coverage.Points), covered, good.Overall)
				// These answers also affirm a thing or two ("one global
				// Redux store"), so points may be covered; the score must
				// still fall.
				if bad.Overall >= set.maxBad || good.Overall-bad.Overall < set.minGap {
					t.Errorf("%s: rejecting answer %d, good answer %d; want < %d and %d below", name, bad.Overall, good.Overall, set.maxBad, set.minGap)
				}
			}
			sort.Ints(gaps)
			t.Logf("gap good - rejecting: min %d, median %d", gaps[0], gaps[len(gaps)/2])
		})
	}
}

// TestSpokenStoryWeighsDelivery: a transcript of a story has delivery as
// a weighted part, and its fillers cost more than a typed answer's would.
func TestSpokenStoryWeighsDelivery(t *testing.T) {
	s := testScorer(t)
	spoken := "um so at my last company uh our checkout API got really slow during sales like p99 was at 2.4 seconds and um my goal was to get it under 300 milliseconds so I uh I profiled it with pprof and found an N+1 query and I batched it and added an index and uh p99 dropped to 180 milliseconds"
	res := score(t, s, seedInput(t, s, spoken))
	if !res.Delivery.Spoken {
		t.Fatalf("delivery %+v; want spoken", res.Delivery)
	}
	found := false
	for _, p := range res.Parts {
		if p.Name == partDelivery {
			found = !p.Multiplier && p.Weight > 0
		}
	}
	if !found {
		t.Errorf("parts %+v; want delivery as a weighted part", res.Parts)
	}
}
