package interview

import (
	"strings"

	"github.com/mockinterview/mockinterview/scoring"
)

// JobFitTerm is one posting term at the end of a session: covered by an
// answer (the turn and the evidence span in its answer), or never addressed.
type JobFitTerm struct {
	Term     string            `json:"term"`
	Weight   float64           `json:"weight"`
	Covered  bool              `json:"covered"`
	Turn     int               `json:"turn,omitempty"`
	Evidence *scoring.Evidence `json:"evidence,omitempty"`
}

// jobFit checks each posting term against the answers, in turn order: a
// term is covered by the first answer sentence holding all its stems (or,
// failing a sentence, the first answer holding them all, the span of its
// first word there).
func jobFit(sess *Session) []JobFitTerm {
	tl := sess.Plan.Tailoring
	if tl == nil || len(tl.Terms) == 0 {
		return nil
	}
	type sent struct {
		start, end int
		stems      map[string]bool
	}
	type ans struct {
		turn  int
		text  string
		sents []sent
		words []word
		all   map[string]bool
	}
	var answers []ans
	for _, t := range sess.Turns {
		if t.Skipped || strings.TrimSpace(t.Answer) == "" {
			continue
		}
		a := ans{turn: t.Index, text: t.Answer, words: tokenize(t.Answer), all: map[string]bool{}}
		var cur *sent
		prevEnd := 0
		for _, w := range a.words {
			gap := t.Answer[prevEnd:w.start]
			if cur == nil || strings.ContainsAny(gap, ".!?\n") {
				a.sents = append(a.sents, sent{start: w.start, stems: map[string]bool{}})
				cur = &a.sents[len(a.sents)-1]
			}
			cur.stems[w.stem] = true
			cur.end = w.end
			a.all[w.stem] = true
			prevEnd = w.end
		}
		answers = append(answers, a)
	}
	hasAll := func(set map[string]bool, stems []string) bool {
		for _, s := range stems {
			if !set[s] {
				return false
			}
		}
		return true
	}
	out := make([]JobFitTerm, 0, len(tl.Terms))
	for _, term := range tl.Terms {
		jt := JobFitTerm{Term: term.Term, Weight: term.Weight}
	search:
		for _, a := range answers {
			for _, s := range a.sents {
				if hasAll(s.stems, term.Stems) {
					jt.Covered, jt.Turn = true, a.turn
					jt.Evidence = &scoring.Evidence{Start: s.start, End: s.end, Text: a.text[s.start:s.end]}
					break search
				}
			}
			if hasAll(a.all, term.Stems) {
				for _, w := range a.words {
					if w.stem == term.Stems[0] {
						jt.Covered, jt.Turn = true, a.turn
						jt.Evidence = &scoring.Evidence{Start: w.start, End: w.end, Text: a.text[w.start:w.end]}
						break search
					}
				}
			}
		}
		out = append(out, jt)
	}
	return out
}
