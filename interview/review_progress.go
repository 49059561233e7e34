package interview

import (
	"slices"
	"time"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// ProgressPoint is one session's value in a progress series.
type ProgressPoint struct {
	SessionID string    `json:"session_id"`
	At        time.Time `json:"at"`
	Value     float64   `json:"value"`
}

// TalkingPointProgress is how a candidate covers one talking point over
// the sessions that asked for it: 1 covered, 0.5 partial, 0 missing, the
// mean of a session's turns.
type TalkingPointProgress struct {
	ID      string          `json:"id"`
	Label   string          `json:"label"`
	Covered int             `json:"covered"`
	Partial int             `json:"partial"`
	Missing int             `json:"missing"`
	Series  []ProgressPoint `json:"series"`
}

// Progress is a candidate's scores over time, one point per session that
// has scored turns, oldest first. Overall and the categories are the mean
// effective overall score (overrides count); the STAR parts are the mean
// part strength (confidence when present, 0 when missing) over behavioral
// and situational turns, 0-100.
type Progress struct {
	Sessions      int                                    `json:"sessions"`
	Overall       []ProgressPoint                        `json:"overall"`
	Categories    map[questions.Category][]ProgressPoint `json:"categories"`
	Star          map[string][]ProgressPoint             `json:"star"`
	TalkingPoints []TalkingPointProgress                 `json:"talking_points"`
}

// StarParts are the STAR part names, in order, as Progress.Star keys.
var StarParts = []string{"situation", "task", "action", "result"}

// BuildProgress computes a candidate's progress from their sessions (with
// turns) and the reviews of those sessions (by session id; missing ones
// mean no overrides).
func BuildProgress(sessions []Session, reviews map[string]Review) Progress {
	sorted := slices.Clone(sessions)
	slices.SortStableFunc(sorted, func(a, b Session) int { return a.CreatedAt.Compare(b.CreatedAt) })
	p := Progress{Categories: map[questions.Category][]ProgressPoint{}, Star: map[string][]ProgressPoint{}}
	points := map[string]*TalkingPointProgress{}
	var pointOrder []string
	for _, s := range sorted {
		rev := reviews[s.ID]
		var (
			all      mean
			cats     = map[questions.Category]*mean{}
			star     = make([]mean, len(StarParts))
			coverage = map[string]*mean{}
		)
		for _, t := range s.Turns {
			overall, _, ok := rev.EffectiveOverall(t)
			if !ok {
				continue
			}
			all.add(float64(overall))
			if cats[t.Question.Category] == nil {
				cats[t.Question.Category] = &mean{}
			}
			cats[t.Question.Category].add(float64(overall))
			if t.Score == nil {
				continue
			}
			if c := t.Question.Category; c == questions.Behavioral || c == questions.Situational {
				for i, part := range []scoring.Component{t.Score.Star.Situation, t.Score.Star.Task, t.Score.Star.Action, t.Score.Star.Result} {
					v := 0.0
					if part.Present {
						v = 100 * part.Confidence
					}
					star[i].add(v)
				}
			}
			for _, pc := range t.Score.Coverage.Points {
				tp := points[pc.ID]
				if tp == nil {
					tp = &TalkingPointProgress{ID: pc.ID, Label: pc.Label}
					points[pc.ID] = tp
					pointOrder = append(pointOrder, pc.ID)
				}
				v := 0.0
				switch pc.Status {
				case scoring.Covered:
					tp.Covered++
					v = 1
				case scoring.Partial:
					tp.Partial++
					v = 0.5
				default:
					tp.Missing++
				}
				if coverage[pc.ID] == nil {
					coverage[pc.ID] = &mean{}
				}
				coverage[pc.ID].add(v)
			}
		}
		if all.n == 0 {
			continue
		}
		p.Sessions++
		at := func(v float64) ProgressPoint { return ProgressPoint{SessionID: s.ID, At: s.CreatedAt, Value: v} }
		p.Overall = append(p.Overall, at(all.value()))
		for c, m := range cats {
			p.Categories[c] = append(p.Categories[c], at(m.value()))
		}
		for i, m := range star {
			if m.n > 0 {
				p.Star[StarParts[i]] = append(p.Star[StarParts[i]], at(m.value()))
			}
		}
		for id, m := range coverage {
			points[id].Series = append(points[id].Series, at(m.value()))
		}
	}
	for _, id := range pointOrder {
		p.TalkingPoints = append(p.TalkingPoints, *points[id])
	}
	return p
}

type mean struct {
	sum float64
	n   int
}

func (m *mean) add(v float64) { m.sum += v; m.n++ }

func (m *mean) value() float64 {
	if m.n == 0 {
		return 0
	}
	return m.sum / float64(m.n)
}
