package scoring

import (
	"slices"
	"strconv"
	"strings"

	"github.com/mockinterview/mockinterview/questions"
)

// appendQuote appends to b the first words of bytes [start, end) of the
// answer, in quotes, cut at maxWords with an ellipsis, with runs of white
// space folded to one space.
func (a *analysis) appendQuote(b []byte, start, end int32, maxWords int) []byte {
	text := a.text[start:end]
	b = append(b, '"')
	open := len(b)
	words, space, cut := 0, false, false
	last := len(b) // length of b after the last word
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
				b = append(b, ' ')
			}
			words++
			space = false
		}
		b = append(b, c)
		last = len(b)
	}
	b = b[:last]
	trim := func(set string) {
		for len(b) > open && strings.IndexByte(set, b[len(b)-1]) >= 0 {
			b = b[:len(b)-1]
		}
	}
	if cut {
		trim(",;:")
		b = append(b, "…"...)
	} else {
		trim(".")
	}
	return append(b, '"')
}

// quote returns bytes [start, end) of the answer quoted (see appendQuote).
func (a *analysis) quote(start, end int32, maxWords int) string {
	var buf [256]byte
	return string(a.appendQuote(buf[:0], start, end, maxWords))
}

func (a *analysis) quoteSentence(si int, maxWords int) string {
	s := &a.sents[si]
	return a.quote(s.start, s.end, maxWords)
}

// quoted returns prefix, the quote of sentence si and suffix as one
// string: one allocation per feedback line.
func (a *analysis) quoted(prefix string, si int, maxWords int, suffix string) string {
	var buf [320]byte
	s := &a.sents[si]
	b := append(buf[:0], prefix...)
	b = a.appendQuote(b, s.start, s.end, maxWords)
	return string(append(b, suffix...))
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
	a.hinted = false
	good, fix := make([]string, 0, 4), make([]string, 0, 8)
	behavioral := in.cat == questions.Behavioral && !in.cq.kind.General()
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
				q = a.quoted(" (", i, 6, ")")
			}
			fix = append(fix, "You answered hypothetically"+q+": tell a real past story, in the past tense, with what you actually did.")
		}
		if i := firstLabelled(st, LabelSituation, nil); i >= 0 {
			good = append(good, a.quoted("You set the scene: ", i, 8, "."))
		} else if len(a.sents) > 0 {
			fix = append(fix, a.quoted("Open with the situation before ", 0, 6, ": where you were, what system or team, and what was at stake."))
		}
		if !st.Task.Present {
			where := "before the actions"
			if i := lastLabelled(st, LabelSituation); i >= 0 {
				where = "right after " + a.quoteSentence(i, 6)
			}
			fix = append(fix, "Say what your goal or responsibility was (\"My goal was to…\") "+where+".")
		}
		if st.Action.Present && !st.Hypothetical {
			if st.Ownership >= 0.6 {
				i := firstLabelled(st, LabelAction, func(i int) bool { return a.feats[i].iAction || a.feats[i].firstSingular })
				if i >= 0 {
					good = append(good, a.quoted("You own your actions: ", i, 8, "."))
				}
			} else if c.weActions > 0 {
				fix = append(fix, a.quoted("Most actions are \"we\": say what you did, e.g. ", c.firstWeQuote, 6, " becomes \"I…\"."))
			}
		} else if !st.Action.Present {
			fix = append(fix, "Describe the steps you took yourself, in order (\"First I…, then I…\").")
		}
		switch {
		case st.QuantifiedResult:
			i := firstLabelled(st, LabelResult, func(i int) bool { return a.feats[i].quantified })
			good = append(good, a.quoted("You quantified the result: ", i, 10, "."))
		case st.Result.Present:
			i := firstLabelled(st, LabelResult, nil)
			fix = append(fix, "Your Result gives no numbers: in "+a.quoteSentence(i, 8)+", say how much "+a.resultMetric(i, in.cq)+" changed, before and after.")
		default:
			where := ""
			if i := lastLabelled(st, LabelAction); i >= 0 {
				where = " after " + a.quoteSentence(i, 6)
			}
			fix = append(fix, "End with the result"+where+": what changed because of you, with a number if you can.")
		}
	}

	// Talking points: rejected ones first, then the missing and the
	// merely named, each with what to say about it.
	var covered []string
	missing, partial := 0, 0
	for _, p := range cov.Points {
		if p.Contradicted && len(fix) < 6 {
			q := ""
			if len(p.Evidence) > 0 {
				q = " (" + a.quote(int32(p.Evidence[0].Start), int32(p.Evidence[0].End), 10) + ")"
			}
			fix = append(fix, "You reject "+lowerFirst(p.Label)+q+": interviewers count it as part of a good answer. Say when you do it, how, and what it protects against"+a.tipHint(in.cq, p.Label)+".")
		}
	}
	for _, p := range cov.Points {
		switch p.Status {
		case Covered:
			covered = append(covered, p.Label)
		case Partial:
			if partial < 2 && len(fix) < 6 {
				q := ""
				if len(p.Evidence) > 0 {
					q = " (" + a.quote(int32(p.Evidence[0].Start), int32(p.Evidence[0].End), 8) + ")"
				}
				fix = append(fix, "You only name "+lowerFirst(p.Label)+q+": say what you did with it, why, and what it changed.")
			}
			partial++
		case Missing:
			if !p.Contradicted && missing < 3 && len(fix) < 6 {
				fix = append(fix, "Add "+lowerFirst(p.Label)+": say what you did about it and why"+a.tipHint(in.cq, p.Label)+".")
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
	// Anything short of perfect gets specific advice: when the checks
	// above found little, the weakest parts say what would raise the
	// score, quoting the answer.
	want := 0
	switch {
	case res.Overall < 90:
		want = 3
	case res.Overall < 100:
		want = 1
	}
	if len(fix) < want {
		fix = a.polish(in, res, fix, want)
	}
	if len(good) > 4 {
		good = good[:4]
	}
	if len(fix) > 6 {
		fix = fix[:6]
	}
	res.Feedback = Feedback{Summary: summary(in, res, len(covered)), Strengths: good, Improvements: fix}
}

// lastLabelled returns the last sentence with label l, or -1.
func lastLabelled(st *Star, l Label) int {
	for i := len(st.Sentences) - 1; i >= 0; i-- {
		if st.Sentences[i].Label == l {
			return i
		}
	}
	return -1
}

// polish appends to fix, up to want items, advice for the parts of the
// score that lost the most, each quoting the sentence it is about.
func (a *analysis) polish(in judgeInputs, res *Result, fix []string, want int) []string {
	type gap struct {
		name string
		loss float64
	}
	var gaps [16]gap
	n := 0
	for _, p := range res.Parts {
		if n == len(gaps) {
			break
		}
		loss := p.Weight * (1 - p.Score)
		switch {
		case p.Multiplier:
			loss = 1 - p.Score
		case p.Name == partReference:
			loss /= 2 // one model answer's words are a weaker hint than the answer's own gaps
		}
		if loss > 0.005 {
			gaps[n] = gap{p.Name, loss}
			n++
		}
	}
	// Largest loss first (insertion sort: a handful of parts).
	for i := 1; i < n; i++ {
		for j := i; j > 0 && gaps[j].loss > gaps[j-1].loss; j-- {
			gaps[j], gaps[j-1] = gaps[j-1], gaps[j]
		}
	}
	for _, g := range gaps[:n] {
		if len(fix) >= want {
			break
		}
		if tip := a.advice(g.name, in); tip != "" && !slices.Contains(fix, tip) {
			fix = append(fix, tip)
		}
	}
	return fix
}

// advice is one specific improvement for a weak part, or "".
func (a *analysis) advice(part string, in judgeInputs) string {
	st, c := in.star, in.c
	switch part {
	case partStar:
		// The least certain STAR part that is there.
		comps := [4]*Component{&st.Situation, &st.Task, &st.Action, &st.Result}
		weakest, conf := -1, 0.8
		for k, comp := range comps {
			if comp.Present && comp.Confidence < conf {
				weakest, conf = k, comp.Confidence
			}
		}
		if weakest < 0 {
			return ""
		}
		i := firstLabelled(st, stateLabels[weakest], nil)
		if i < 0 {
			return ""
		}
		q := a.quoteSentence(i, 8)
		switch weakest {
		case stS:
			return "Give more context in " + q + ": the system, its scale and what was at stake."
		case stT:
			if a.feats[i].taskPhrase {
				return "Give your goal its stakes: " + q + " could say by when, and what depended on it."
			}
			return "State your goal explicitly: " + q + " should say what you had to achieve and by when (\"My goal was to…\")."
		case stA:
			return "Make your actions concrete: in " + q + ", say what you did yourself, step by step, with the tools you used."
		}
		return "Make the ending count: after " + q + ", say what changed, by how much, and what you would keep doing."
	case partOwnership:
		for i := range a.sents {
			f := &a.feats[i]
			if a.labels[i] == stA && !(f.iAction || f.firstSingular && !f.weAction) {
				return a.quoted("Say what you did yourself in ", i, 8, ": make \"I\" the subject.")
			}
		}
	case partQuantified:
		if i := lastLabelled(st, LabelResult); i >= 0 {
			return a.quoted("Put a number in your result: ", i, 8, " could say how much it changed, before and after.")
		}
	case partSpecificity:
		if i := a.vaguestSentence(); i >= 0 {
			return a.quoted("Be specific in ", i, 8, ": name the tool, the system or the number.")
		}
	case partExplanation:
		for i := range a.sents {
			if !a.feats[i].causal && !a.sents[i].duplicate && a.sents[i].content >= 4 {
				return a.quoted("Give the reason behind ", i, 8, " (\"because…\"), or an example.")
			}
		}
	case partTradeOffs:
		if i := a.vaguestSentence(); i >= 0 && c.tradeOffs < 2 {
			return a.quoted("Weigh your approach: what is the risk or cost of ", i, 8, ", and how would you limit it?")
		}
	case partPlan:
		if c.sequenced < 3 && len(a.sents) > 0 {
			// The first step that does not say where it falls; when the
			// plan already opens with "First…", the steps after it.
			for i := range a.sents {
				if a.sents[i].duplicate || a.sents[i].injected || a.feats[i].sequence {
					continue
				}
				if i == 0 {
					return a.quoted("Order your plan explicitly: begin with ", 0, 6, " as \"First…\", then say what comes next and why.")
				}
				return a.quoted("Mark the later steps too: open ", i, 6, " with \"Then…\", \"Next…\" or \"If that fails…\", so the order and the reason for it are plain.")
			}
		}
	case partRelevance:
		if in.relevance >= 0.6 {
			return "" // close enough: the answer plainly is about the question
		}
		if len(a.sents) > 0 {
			return a.quoted("Answer the question head-on: before ", 0, 6, ", say in one sentence what you did (or would do) about what was asked, then give the details.")
		}
	case partReference:
		// Only when the reference is the one statement of what to cover:
		// beside talking points, its words are one way of many.
		if len(in.cq.points) > 0 {
			return ""
		}
		if words := a.missingReferenceWords(in, 3); words != "" {
			return "A strong answer would also mention " + words + "."
		}
	case partConcision:
		if i := a.vaguestSentence(); i >= 0 {
			return "Tighten it: " + strconv.Itoa(in.m.Words) + a.quoted(" words is long for a spoken answer (aim for 150-300); cut detours such as ", i, 8, ".")
		}
	case partLength:
		if i := len(a.sents) - 1; i >= 0 {
			return a.quoted("Add substance after ", i, 6, ": what you did, how, and what changed.")
		}
	}
	return ""
}

// vaguestSentence is the longest countable sentence with no technical
// term and no number, or -1.
func (a *analysis) vaguestSentence() int {
	best, words := -1, int32(5)
	for i := range a.sents {
		s := &a.sents[i]
		if s.duplicate || s.injected || s.content <= words || a.feats[i].number {
			continue
		}
		vague := true
		for k := s.tokLo; k < s.tokHi; k++ {
			if a.toks[k].is(wTechnical) {
				vague = false
				break
			}
		}
		if vague {
			best, words = i, s.content
		}
	}
	return best
}

// missingQuestionWords lists up to n words of the question the answer
// never uses: "performance and bottleneck".
func (a *analysis) missingQuestionWords(cq *compiledQuestion, n int) string {
	b := getAnalysis(cq.q.Text)
	defer putAnalysis(b)
	b.tokenize()
	lookupWords(b.text, b.toks)
	var words []string
	for i := range b.toks {
		t := &b.toks[i]
		if t.kind != tokWord || !has(cq.qTerms, t.hash) || a.terms.has(t.hash) || slices.Contains(words, t.lower) {
			continue
		}
		if words = append(words, t.lower); len(words) == n {
			break
		}
	}
	return joinList(words, n)
}

// missingReferenceWords lists up to n distinctive words of the closest
// reference answer that the answer lacks, technical terms first.
func (a *analysis) missingReferenceWords(in judgeInputs, n int) string {
	if !in.hasRef || in.refBest >= len(in.cq.refs) {
		return ""
	}
	ref := &in.cq.refs[in.refBest]
	var words []string
	for _, technical := range []bool{true, false} {
		for _, w := range ref.keyWords {
			if len(words) == n {
				break
			}
			if w.technical == technical && !a.refTerms.has(w.hash) && !a.terms.has(w.hash) {
				words = append(words, w.word)
			}
		}
	}
	return joinList(words, n)
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

// lowerFirst lower-cases the first letter of a label for use inside a
// sentence, unless it is an acronym ("SQL injection" stays).
func lowerFirst(s string) string {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' || s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// tipHint returns ", as the tips put it: …" with the tips sentence that
// names a point, or "" when the tips do not name it.
func (a *analysis) tipHint(cq *compiledQuestion, label string) string {
	tips := strings.TrimSpace(cq.q.Tips)
	if tips == "" || label == "" || a.hinted {
		return ""
	}
	words := strings.Fields(strings.ToLower(label))
	for _, sent := range splitTipSentences(tips) {
		l := strings.ToLower(sent)
		for _, w := range words {
			if len(w) > 3 && strings.Contains(l, w) && !strings.EqualFold(strings.TrimSpace(sent), label) {
				a.hinted = true // once: the tips name every point in one sentence
				return " (the tips: \"" + strings.TrimRight(strings.TrimSpace(sent), ".") + "\")"
			}
		}
	}
	return ""
}
