package interview

import (
	"math"

	"github.com/mockinterview/mockinterview/questions"
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
	return sum
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
func round2(x float64) float64 { return math.Round(x*100) / 100 }
