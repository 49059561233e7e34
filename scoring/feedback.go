package scoring

import (
	"strconv"
	"strings"

	"github.com/mockinterview/mockinterview/questions"
)

// quote returns the first words of bytes [start, end) of the answer, in
// quotes, cut at maxWords with an ellipsis, with runs of white space
// folded to one space.
func (a *analysis) quote(start, end int32, maxWords int) string {
	text := a.text[start:end]
	var b strings.Builder
	b.Grow(min(len(text), 16*maxWords) + 8)
	b.WriteByte('"')
	words, space, cut := 0, false, false
	last := 0 // length of b after the last word
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			space = true
			continue
		}
		if space || words == 0 {
			if words == maxWords {
				cut = true
				break
			}
			if words > 0 {
				b.WriteByte(' ')
			}
			words++
			space = false
		}
		b.WriteByte(c)
		last = b.Len()
	}
	q := b.String()[:last]
	if cut {
		q = strings.TrimRight(q, ",;:") + "…"
	} else {
		q = strings.TrimRight(q, ".")
	}
	return q + `"`
}

func (a *analysis) quoteSentence(si int, maxWords int) string {
	s := &a.sents[si]
	return a.quote(s.start, s.end, maxWords)
}

// firstLabelled returns the first sentence with label l, or -1.
func firstLabelled(st *Star, l Label, pred func(int) bool) int {
	for i, s := range st.Sentences {
		if s.Label == l && (pred == nil || pred(i)) {
			return i
		}
	}
	return -1
}

// feedback writes the summary, strengths and improvements from the
// findings, quoting the answer. The wording is fixed so the same answer
// always reads the same.
func (a *analysis) feedback(in judgeInputs, res *Result) {
	st, cov, m, c := in.star, in.cov, in.m, in.c
	good, fix := make([]string, 0, 4), make([]string, 0, 8)
	behavioral := in.cat == questions.Behavioral
	has := func(f string) bool {
		for _, x := range res.Flags {
			if x == f {
				return true
			}
		}
		return false
	}

	if has(FlagKeywordStuffing) {
		fix = append(fix, "A list of keywords is not an answer: explain each point in a full sentence, saying what you did and why.")
	}
	if has(FlagOffTopic) {
		fix = append(fix, "Your answer does not address the question: answer \""+strings.TrimSpace(in.cq.q.Text)+"\" directly.")
	}
	if behavioral {
		if st.Hypothetical {
			i := firstLabelledCond(a)
			q := ""
			if i >= 0 {
				q = " (" + a.quoteSentence(i, 6) + ")"
			}
			fix = append(fix, "You answered hypothetically"+q+": tell a real past story, in the past tense, with what you actually did.")
		}
		if i := firstLabelled(st, LabelSituation, nil); i >= 0 {
			good = append(good, "You set the scene: "+a.quoteSentence(i, 8)+".")
		} else {
			fix = append(fix, "Open with the situation: where you were, what system or team, and what was at stake.")
		}
		if !st.Task.Present {
			fix = append(fix, "Say what your goal or responsibility was (\"My task was to…\") before the actions.")
		}
		if st.Action.Present && !st.Hypothetical {
			if st.Ownership >= 0.6 {
				i := firstLabelled(st, LabelAction, func(i int) bool { return a.feats[i].iAction || a.feats[i].firstSingular })
				if i >= 0 {
					good = append(good, "You own your actions: "+a.quoteSentence(i, 8)+".")
				}
			} else if c.weActions > 0 {
				fix = append(fix, "Most actions are \"we\": say what you did, e.g. "+a.quoteSentence(c.firstWeQuote, 6)+" becomes \"I…\".")
			}
		} else if !st.Action.Present {
			fix = append(fix, "Describe the steps you took yourself, in order (\"First I…, then I…\").")
		}
		switch {
		case st.QuantifiedResult:
			i := firstLabelled(st, LabelResult, func(i int) bool { return a.feats[i].quantified })
			good = append(good, "You quantified the result: "+a.quoteSentence(i, 10)+".")
		case st.Result.Present:
			i := firstLabelled(st, LabelResult, nil)
			fix = append(fix, "Your Result gives no numbers: say how much "+a.resultMetric(i, in.cq)+" changed, before and after.")
		default:
			fix = append(fix, "End with the result: what changed because of you, with a number if you can.")
		}
	}

	// Talking points.
	var covered []string
	missing, partial := 0, 0
	for _, p := range cov.Points {
		switch p.Status {
		case Covered:
			covered = append(covered, p.Label)
		case Partial:
			if partial < 2 && len(fix) < 6 {
				q := ""
				if len(p.Evidence) > 0 {
					q = " (you only say " + a.quote(int32(p.Evidence[0].Start), int32(p.Evidence[0].End), 8) + ")"
				}
				fix = append(fix, "Say more about "+p.Label+q+".")
			}
			partial++
		case Missing:
			if missing < 3 && len(fix) < 6 {
				fix = append(fix, "You never mentioned "+p.Label+".")
			}
			missing++
		}
	}
	if len(covered) > 0 {
		good = append(good, "You covered "+joinList(covered, 4)+".")
	}

	switch in.cat {
	case questions.Situational:
		if c.sequenced >= 2 {
			good = append(good, "You laid out a plan in steps.")
		} else {
			fix = append(fix, "Lay out your plan as ordered steps: what you do first, what next, and why.")
		}
		if c.tradeOffs == 0 {
			fix = append(fix, "Name a trade-off or risk of your approach and how you would limit it.")
		}
	case questions.Technical:
		if c.causal == 0 {
			fix = append(fix, "Explain why, not only what: give a reason or an example (\"because…\", \"for example…\").")
		}
		if !in.hasRef && c.quantified == 0 && m.TechnicalTerms < 3 {
			fix = append(fix, "Be concrete: name the tools, numbers and systems you have used.")
		}
	}
	if behavioral && m.TechnicalTerms < 2 && c.quantified == 0 && !in.hasRef {
		fix = append(fix, "Be specific: name the tools, systems and numbers involved.")
	}
	if has(FlagTooShort) {
		fix = append(fix, "Your answer is short ("+strconv.Itoa(m.Words)+" words): add the steps you took and the outcome.")
	}
	if has(FlagRepetitive) {
		fix = append(fix, "You repeat yourself: say each point once; repeated sentences earn nothing.")
	}
	if m.Fillers >= 3 && m.Fillers*100 >= 3*m.Words {
		fix = append(fix, "Cut the filler words ("+quoteWords(c.fillerWords)+"): "+strconv.Itoa(m.Fillers)+" in this answer.")
	}
	if m.Hedges >= 3 {
		fix = append(fix, "Sound sure of what you did: drop hedges like "+quoteWords(c.hedgeWords)+" ("+strconv.Itoa(m.Hedges)+" times).")
	}
	if len(good) > 4 {
		good = good[:4]
	}
	if len(fix) > 6 {
		fix = fix[:6]
	}
	res.Feedback = Feedback{Summary: summary(in, res, len(covered)), Strengths: good, Improvements: fix}
}

// firstLabelledCond returns the first conditional first-person sentence.
func firstLabelledCond(a *analysis) int {
	for i := range a.sents {
		if a.feats[i].conditional && !a.sents[i].duplicate {
			return i
		}
	}
	return -1
}

// resultMetric names what a result sentence should quantify: its first
// technical term, else the question's, else "the key metric".
func (a *analysis) resultMetric(si int, cq *compiledQuestion) string {
	if si >= 0 {
		s := &a.sents[si]
		for k := s.tokLo; k < s.tokHi; k++ {
			if t := &a.toks[k]; t.is(wTechnical) && t.content() {
				return a.text[t.start:t.end]
			}
		}
	}
	for _, w := range strings.Fields(cq.q.Text) {
		w = strings.Trim(w, ".,?!;:")
		if lexicon[strings.ToLower(w)]&wTechnical != 0 {
			return strings.ToLower(w)
		}
	}
	return "the key metric"
}

func quoteWords(ws [2]string) string {
	switch {
	case ws[0] == "":
		return ""
	case ws[1] == "":
		return `"` + ws[0] + `"`
	}
	return `"` + ws[0] + `", "` + ws[1] + `"`
}

// joinList joins up to max items as "a, b and c" (" and N more" beyond).
func joinList(items []string, max int) string {
	extra := 0
	if len(items) > max {
		extra = len(items) - max
		items = items[:max]
	}
	var b strings.Builder
	for i, it := range items {
		switch {
		case i == 0:
		case i == len(items)-1 && extra == 0:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(it)
	}
	if extra > 0 {
		b.WriteString(" and " + strconv.Itoa(extra) + " more")
	}
	return b.String()
}

// summary is one or two sentences: the score, then the headline finding.
func summary(in judgeInputs, res *Result, covered int) string {
	var b strings.Builder
	b.Grow(160)
	b.WriteString(strconv.Itoa(res.Overall))
	b.WriteString("/100 (band ")
	b.WriteString(strconv.Itoa(res.Band))
	b.WriteString(") for a ")
	b.WriteString(string(in.cat))
	b.WriteString(" answer")
	if n := len(in.cq.points); n > 0 {
		b.WriteString(" covering ")
		b.WriteString(strconv.Itoa(covered))
		b.WriteString(" of ")
		b.WriteString(strconv.Itoa(n))
		b.WriteString(" talking points")
	}
	b.WriteString(".")
	if in.cat == questions.Behavioral {
		st := in.star
		var parts []string
		for _, p := range []struct {
			name string
			c    Component
		}{{"Situation", st.Situation}, {"Task", st.Task}, {"Action", st.Action}, {"Result", st.Result}} {
			if !p.c.Present {
				parts = append(parts, p.name)
			}
		}
		switch {
		case st.Hypothetical:
			b.WriteString(" It describes what you would do, not what you did.")
		case len(parts) == 0:
			b.WriteString(" The story has all four STAR parts.")
		default:
			b.WriteString(" The story lacks ")
			b.WriteString(joinList(parts, 4))
			b.WriteString(".")
		}
	}
	return b.String()
}
