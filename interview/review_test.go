package interview_test

import (
	"math"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

func scoredTurn(index int, cat questions.Category, overall int, situation bool, points ...scoring.PointCoverage) interview.Turn {
	r := &scoring.Result{Overall: overall, Category: cat, Coverage: scoring.Coverage{Points: points}}
	r.Star.Situation = scoring.Component{Present: situation, Confidence: 0.5}
	r.Star.Action = scoring.Component{Present: true, Confidence: 1}
	return interview.Turn{Index: index, Question: interview.TurnQuestion{Category: cat}, Status: interview.TurnScored,
		Answer: "answer", Score: r}
}

func TestBuildProgress(t *testing.T) {
	day0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	covered := scoring.PointCoverage{ID: "cache", Label: "Caching", Status: scoring.Covered}
	missing := scoring.PointCoverage{ID: "cache", Label: "Caching", Status: scoring.Missing}
	sessions := []interview.Session{
		{ID: "later", CreatedAt: day0.Add(48 * time.Hour), Turns: []interview.Turn{
			scoredTurn(1, questions.Behavioral, 80, true),
			scoredTurn(2, questions.Technical, 70, false, covered),
		}},
		{ID: "first", CreatedAt: day0, Turns: []interview.Turn{
			scoredTurn(1, questions.Behavioral, 40, false),
			scoredTurn(2, questions.Technical, 60, false, missing),
			{Index: 3, Status: interview.TurnSkipped, Skipped: true},
		}},
		{ID: "unscored", CreatedAt: day0.Add(time.Hour)},
	}
	reviews := map[string]interview.Review{
		"first": {Overrides: []interview.ScoreOverride{
			{Turn: 1, Overall: 30, CreatedAt: day0.Add(time.Minute)},
			{Turn: 1, Overall: 50, CreatedAt: day0.Add(2 * time.Minute)}, // the latest counts
		}},
	}
	p := interview.BuildProgress(sessions, reviews)
	if p.Sessions != 2 {
		t.Fatalf("Sessions = %d; want 2 (the unscored one left out)", p.Sessions)
	}
	check := func(name string, got []interview.ProgressPoint, want ...float64) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s has %d points; want %d", name, len(got), len(want))
			return
		}
		for i, w := range want {
			if math.Abs(got[i].Value-w) > 1e-9 {
				t.Errorf("%s[%d] = %v (%s); want %v", name, i, got[i].Value, got[i].SessionID, w)
			}
		}
	}
	check("overall", p.Overall, 55, 75) // first: (50 overridden + 60) / 2
	if p.Overall[0].SessionID != "first" {
		t.Errorf("Overall starts with %s; want the oldest session first", p.Overall[0].SessionID)
	}
	check("behavioral", p.Categories[questions.Behavioral], 50, 80)
	check("technical", p.Categories[questions.Technical], 60, 70)
	check("situation", p.Star["situation"], 0, 50)
	check("action", p.Star["action"], 100, 100)
	if len(p.TalkingPoints) != 1 {
		t.Fatalf("TalkingPoints = %+v; want one", p.TalkingPoints)
	}
	tp := p.TalkingPoints[0]
	if tp.ID != "cache" || tp.Covered != 1 || tp.Missing != 1 {
		t.Errorf("talking point = %+v; want cache covered once, missing once", tp)
	}
	check("cache", tp.Series, 0, 1)
}

func TestEffectiveAverage(t *testing.T) {
	s := interview.Session{Turns: []interview.Turn{
		scoredTurn(1, questions.Behavioral, 40, false),
		scoredTurn(2, questions.Technical, 60, false),
		{Index: 3, Status: interview.TurnSkipped, Skipped: true},
	}}
	rev := interview.Review{Overrides: []interview.ScoreOverride{{Turn: 1, Overall: 80}}}
	if avg, ok := rev.EffectiveAverage(s); !ok || avg != 70 {
		t.Errorf("EffectiveAverage = %v, %v; want 70 (80 overridden and 60), true", avg, ok)
	}
	if avg, ok := (interview.Review{}).EffectiveAverage(s); !ok || avg != 50 {
		t.Errorf("EffectiveAverage without overrides = %v, %v; want the engine's 50", avg, ok)
	}
	if _, ok := rev.EffectiveAverage(interview.Session{}); ok {
		t.Errorf("EffectiveAverage of a session without scores is ok")
	}
}

// TestSessionScore: the session's score that counts is the engine's
// average until a coach overrides a turn, then the mean effective score,
// rounded to one decimal half up (as the stores' SQL rounds it).
func TestSessionScore(t *testing.T) {
	turns := func(overalls ...int) []interview.Turn {
		var out []interview.Turn
		for i, o := range overalls {
			out = append(out, scoredTurn(i+1, questions.Behavioral, o, false))
		}
		return out
	}
	override := interview.Review{Overrides: []interview.ScoreOverride{{Turn: 1, Overall: 80}}}
	for _, c := range []struct {
		name   string
		sess   interview.Session
		rev    interview.Review
		want   float64
		wantOK bool
	}{
		{"engine's average", interview.Session{Turns: turns(40, 61), Summary: &interview.Summary{Average: 50.5}}, interview.Review{}, 50.5, true},
		{"a comment changes nothing", interview.Session{Turns: turns(40, 61), Summary: &interview.Summary{Average: 50.5}},
			interview.Review{Comments: []interview.Comment{{Turn: 1}}}, 50.5, true},
		{"no summary, no override", interview.Session{Turns: turns(40)}, interview.Review{}, 0, false},
		{"overridden", interview.Session{Turns: turns(40, 61), Summary: &interview.Summary{Average: 50.5}}, override, 70.5, true},
		{"overridden before the summary", interview.Session{Turns: turns(40)}, override, 80, true},
		{"thirds to one decimal", interview.Session{Turns: turns(40, 70, 71)}, override, 73.7, true}, // 221/3 = 73.67
		{"a half rounds up", interview.Session{Turns: turns(40, 60, 60, 49)}, override, 62.3, true},  // 249/4 = 62.25
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.rev.SessionScore(c.sess)
			if got != c.want || ok != c.wantOK {
				t.Errorf("SessionScore = %v, %v; want %v, %v", got, ok, c.want, c.wantOK)
			}
		})
	}
}
