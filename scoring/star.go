package scoring

import "math"

// The tagger's hidden states, in STAR order; other last.
const (
	stS = iota
	stT
	stA
	stR
	stO
	nStates
)

// startProb and transProb are the exponentials of startLog and transLog.
var startProb, transProb = func() (st [nStates]float64, tr [nStates][nStates]float64) {
	for j := 0; j < nStates; j++ {
		st[j] = math.Exp(startLog[j])
		for k := 0; k < nStates; k++ {
			tr[j][k] = math.Exp(transLog[j][k])
		}
	}
	return st, tr
}()

var stateLabels = [nStates]Label{LabelSituation, LabelTask, LabelAction, LabelResult, LabelOther}

// sentFeatures are the cues one sentence (or one clause of it) gives the
// tagger.
type sentFeatures struct {
	firstSingular bool // "I", "my" as the speaker
	firstPlural   bool
	iAction       bool // "I profiled", "so I go and profile it": a first-person action, any tense
	weAction      bool
	bareAction    bool // "Added retries": a clause that opens with a verb
	conditional   bool // "I would", "I'd", "we could"
	pastProg      bool // "was growing", "were seeing"
	quantified    bool // a number with a unit, a before/after, "halved"
	number        bool
	state         bool // "I was a", "we had this", "there was", "I'm the lead"
	taskPhrase    bool // "it was my job to", "I had to", "my manager wanted me to"
	outcome       bool // "in the end", "as a result", "ended up"
	delta         bool // a change measured: "by 60 percent", "from 3.6 to 4.5", "halved"
	reflection    bool // a lesson drawn: "I learned that", "it taught me", "since then"
	bullet        bool // the sentence is a bullet line: telegraphic, subjects left out
	you           bool
	hedge         bool
	past          int
	action        int
	resultCue     int
	situationCue  int
	taskCue       int
	sequence      bool // "then", "first", "after that"
	causal        bool
	tradeOff      bool
	heading       uint8 // the state a "Situation:" heading names, or stO
	headingOnly   bool  // the sentence is only the heading
	// The best clause for each part, by emission: a run-on sentence
	// labelled Action may still show its Result in a clause.
	clauseE  [stO]float32
	clauseLo [stO]int32
	clauseHi [stO]int32
}

// merge adds a clause's cues to the sentence's.
func (f *sentFeatures) merge(c *sentFeatures) {
	f.firstSingular = f.firstSingular || c.firstSingular
	f.firstPlural = f.firstPlural || c.firstPlural
	f.iAction = f.iAction || c.iAction
	f.weAction = f.weAction || c.weAction
	f.bareAction = f.bareAction || c.bareAction
	f.conditional = f.conditional || c.conditional
	f.pastProg = f.pastProg || c.pastProg
	f.quantified = f.quantified || c.quantified
	f.number = f.number || c.number
	f.state = f.state || c.state
	f.taskPhrase = f.taskPhrase || c.taskPhrase
	f.outcome = f.outcome || c.outcome
	f.delta = f.delta || c.delta
	f.reflection = f.reflection || c.reflection
	f.you = f.you || c.you
	f.hedge = f.hedge || c.hedge
	f.sequence = f.sequence || c.sequence
	f.causal = f.causal || c.causal
	f.tradeOff = f.tradeOff || c.tradeOff
	f.past += c.past
	f.action += c.action
	f.resultCue += c.resultCue
	f.situationCue += c.situationCue
	f.taskCue += c.taskCue
}

// Transition log-weights: staying or moving forward through S, T, A, R is
// cheap, going back is dear, "other" can appear anywhere. A story may open
// with its result ("We cut costs 30 %. Here's how."), so R may start and
// may go back to S once.
var (
	startLog = [nStates]float64{-0.4, -1.2, -1.3, -1.6, -1.2}
	transLog = [nStates][nStates]float64{
		stS: {-0.5, -0.8, -0.9, -2.2, -1.8},
		stT: {-2.2, -0.9, -0.4, -1.3, -1.8},
		stA: {-3.0, -2.4, -0.4, -0.8, -1.8},
		stR: {-1.8, -2.2, -1.4, -0.5, -1.0},
		stO: {-0.9, -1.2, -1.0, -1.2, -0.6},
	}
)

// wordFeatures counts the one-word cues of tokens [lo, hi).
func (a *analysis) wordFeatures(lo, hi int, f *sentFeatures) {
	toks := a.toks
	for k := lo; k < hi; k++ {
		t := &toks[k]
		if t.kind == tokPunct {
			continue
		}
		fl := t.flags
		if fl&wFirstSingular != 0 {
			f.firstSingular = true
		}
		if fl&wFirstPlural != 0 {
			f.firstPlural = true
		}
		if fl&wPast != 0 {
			f.past++
		}
		if fl&wAction != 0 {
			f.action++
		}
		if fl&wResultCue != 0 {
			f.resultCue++
		}
		if fl&wSituationCue != 0 {
			f.situationCue++
		}
		if fl&wTaskCue != 0 {
			f.taskCue++
		}
		if fl&wSequence != 0 {
			f.sequence = true
		}
		if fl&wCausal != 0 {
			f.causal = true
		}
		if fl&wTradeOff != 0 {
			f.tradeOff = true
		}
		if fl&wChange != 0 {
			f.delta = true
		}
		// "by 60 percent", "by a third", "by about half": a change measured.
		if t.id == idBy && k+1 < hi {
			j := k + 1
			if j+1 < hi && (toks[j].lower == "about" || toks[j].lower == "around" || toks[j].lower == "almost" || toks[j].lower == "nearly" || toks[j].lower == "over" || toks[j].lower == "roughly") {
				j++
			}
			if toks[j].flags&(wNumber|wNumberUnit) != 0 || toks[j].lower == "half" || j+1 < hi && toks[j].id == idA && (toks[j+1].lower == "third" || toks[j+1].lower == "quarter" || toks[j+1].lower == "fifth") {
				f.delta = true
			}
		}
		if fl&(wNumber|wChange) != 0 {
			f.number = true
			if fl&(wNumberUnit|wChange) != 0 {
				f.quantified = true
			} else if k+1 < hi && toks[k+1].flags&wUnit != 0 {
				f.quantified = true
			}
		}
		if fl&wBeHave != 0 && (t.id == idWas || t.id == idWere) && k+1 < hi && hasSuffix(toks[k+1].lower, "ing") {
			f.pastProg = true
		}
		// "kept failing", "kept on missing": a state that went on.
		if t.id == idKept && k+1 < hi && (hasSuffix(toks[k+1].lower, "ing") || toks[k+1].lower == "on" && k+2 < hi && hasSuffix(toks[k+2].lower, "ing")) {
			f.pastProg = true
		}
		// "from 800 to 120", "from 2 hours to 10 minutes": a before and after.
		if t.id == idFrom {
			for j := k + 1; j < hi && j <= k+4; j++ {
				if toks[j].flags&wNumber != 0 {
					for m := j + 1; m < hi && m <= j+5; m++ {
						if toks[m].id == idTo && m+1 < hi && (toks[m+1].flags&wNumber != 0 || m+2 < hi && toks[m+2].flags&wNumber != 0) {
							f.quantified, f.delta = true, true
						}
					}
					break
				}
			}
		}
	}
}

// features computes the cues of sentence si.
func (a *analysis) features(si int) sentFeatures {
	f, _ := a.clauses(si, 0.5, true, true)
	return f
}

// clauses computes the cues of sentence si clause by clause, and its
// emission: for each state, the best of the whole sentence's and of any
// clause's.
func (a *analysis) clauses(si int, pos float64, behavioral, narrative bool) (sentFeatures, [nStates]float64) {
	var f sentFeatures
	s := &a.sents[si]
	lo, hi := int(s.tokLo), int(s.tokHi)
	var buf [96]starWord
	sc := a.scan(lo, hi, buf[:])
	h, only := sc.heading(lo, hi)
	f.heading, f.headingOnly = uint8(h), only
	f.bullet = s.bullet
	var best [nStates]float64
	for k := range best {
		best[k] = math.Inf(-1)
	}
	nClauses := 0
	for c := lo; c < hi; {
		end := c + 1
		for end < hi && !sc.isBoundary(end, c) {
			end++
		}
		var cf sentFeatures
		a.wordFeatures(c, end, &cf)
		cc := sc.cues(c, end)
		cf.iAction, cf.weAction, cf.bareAction = cc.iAction, cc.weAction, cc.bareAction
		cf.conditional, cf.state, cf.taskPhrase, cf.outcome = cc.conditional, cc.state, cc.task, cc.outcome
		cf.you, cf.hedge, cf.reflection = cc.you, cc.hedge, cc.reflection
		cf.quantified = cf.quantified || cc.quantity
		cf.conditional = cf.conditional || a.habitual
		cf.heading = stO
		leadWhen := c == lo && end < hi && sc.sw(c)&swSubord != 0 && sc.sw(c)&swBoundary != 0 && a.toks[c].id == idWhen
		if c > lo && sc.sw(c)&swSubord != 0 || leadWhen {
			// "When I took it over, it was the worst region": the action
			// of a subordinate clause dates the scene; it is not one of
			// the story's actions.
			sub := cf
			sub.iAction, sub.weAction, sub.bareAction = false, false, false
			f.merge(&sub)
		} else {
			f.merge(&cf)
		}
		ce := emission(&cf, pos, behavioral, narrative)
		if leadWhen {
			for k := 0; k < stO; k++ {
				ce[k] -= 1.2 // as a subordinate clause after the first
			}
		}
		// A clause after the first counts for less, and a subordinate one
		// ("before we hired more people") sets a background, not a part.
		if c > lo {
			d := 0.3
			if sc.sw(c)&swSubord != 0 {
				d = 1.2
			}
			for k := 0; k < stO; k++ {
				ce[k] -= d
			}
		}
		for k := 0; k < stO; k++ {
			if ce[k] > best[k] || nClauses == 0 {
				best[k] = ce[k]
				f.clauseE[k] = float32(ce[k])
				f.clauseLo[k], f.clauseHi[k] = a.toks[c].start, a.toks[end-1].end
			}
		}
		nClauses++
		c = end
	}
	e := emission(&f, pos, behavioral, narrative)
	if nClauses > 1 {
		for k := 0; k < stO; k++ {
			e[k] = math.Max(e[k], best[k])
		}
	}
	if s.duplicate || s.injected || s.filler || s.echo {
		e = [nStates]float64{-4, -4, -4, -4, 0}
		if f.headingOnly {
			e[f.heading] = 2
		}
	}
	return f, e
}

func hasSuffix(s, suffix string) bool {
	return len(s) > len(suffix) && s[len(s)-len(suffix):] == suffix
}

// emission gives each state's log-weight for one sentence or clause.
// narrative says the answer tells of the speaker at all (a first-person
// word or a past-tense verb somewhere): only then does a sentence's
// position hint at its part.
func emission(f *sentFeatures, pos float64, behavioral, narrative bool) [nStates]float64 {
	var e [nStates]float64
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	cap3 := func(n int) float64 { return float64(min(n, 3)) }
	act := f.iAction || f.weAction || f.bareAction
	e[stS] = -0.9 + 0.5*cap3(f.situationCue) + 1.0*b(f.state) + 0.4*b(f.past > 0 && !act) + 0.8*b(f.pastProg) +
		0.9*(1-pos)*b(narrative) - 1.2*b(f.iAction) - 0.8*b(f.weAction) - 0.5*b(f.bareAction) - 0.6*b(f.quantified) -
		0.4*cap3(f.resultCue) - 0.8*b(f.outcome) - 1.2*b(f.taskPhrase)
	e[stT] = -1.1 + 0.5*cap3(f.taskCue) + 2.4*b(f.taskPhrase) + 0.2*b(f.firstSingular) - 0.4*b(f.quantified) -
		0.5*b(f.iAction && !f.taskPhrase) - 0.6*b(f.outcome)
	e[stA] = -0.7 - 0.6*b(!act) + 1.5*b(f.iAction) + 1.3*b(f.weAction) + 0.9*b(f.bareAction && !f.iAction && !f.weAction) +
		0.3*cap3(f.action) + 0.3*b(f.sequence) + 0.2*b(f.past > 0) - 0.5*b(f.quantified) - 0.8*b(f.outcome) -
		0.6*b(f.state && !f.iAction && !f.weAction) - 0.3*pos*b(f.delta) - 0.8*pos*b(f.reflection)
	// What happened to others late in a story ("They started working
	// together again", "Complaints fell") tells its result; early on it
	// sets the scene (the position term of e[stS]).
	change := f.past > 0 && !act && !f.state && !f.pastProg && !f.taskPhrase && !f.conditional
	e[stR] = -1.0 + 0.7*cap3(f.resultCue) + 1.3*b(f.quantified) + 0.3*b(f.number) + 0.9*pos*b(narrative) +
		1.8*b(f.outcome) + 0.5*b(f.quantified && f.resultCue > 0) - 0.4*b(f.iAction) - 0.3*b(f.weAction) - 0.8*b(f.taskPhrase) +
		0.9*pos*b(f.delta) + 1.4*pos*b(f.reflection && narrative) + 0.8*pos*b(change && narrative)
	// "Customer service is about listening first": a general claim,
	// nobody in it and nothing that happened, frames a story; it is not
	// one of its parts.
	general := !f.bullet && !f.firstSingular && !f.firstPlural && f.past == 0 && !f.pastProg && !f.number && !f.you && !act && f.heading == stO
	e[stO] = 0.6*b(f.hedge) + 1.0*b(f.you && !f.firstSingular && !f.firstPlural) + 0.6*b(!narrative) + 0.7*b(general && narrative)
	if f.conditional {
		// "I would": a plan, not a story; it is an action only in a scenario answer.
		e[stS] -= 1.5
		e[stT] -= 1.0
		e[stR] -= 1.0
		if behavioral {
			e[stA] -= 1.0
			e[stO] += 0.8
		} else {
			e[stA] += 0.8
		}
	}
	if f.heading != stO {
		e[f.heading] += 4
	}
	return e
}

// tagStar decodes the STAR label of every sentence over the whole answer
// (Viterbi over a five-state HMM), with posterior confidences from the
// forward-backward pass, and fills res.Star.
func (a *analysis) tagStar(behavioral bool, star *Star, slab *spanSlab) {
	n := len(a.sents)
	*star = Star{Sentences: make([]SentenceLabel, n)}
	if n == 0 {
		star.Situation.Spans, star.Task.Spans, star.Action.Spans, star.Result.Spans = []Span{}, []Span{}, []Span{}, []Span{}
		return
	}
	a.feats = grow(a.feats, n)
	a.emit = grow(a.emit, n)
	a.back = grow(a.back, n)
	a.alpha = grow(a.alpha, n)
	a.beta = grow(a.beta, n)
	narrative := false
	// An answer that tells what one does as a rule ("When I get a new
	// project, I usually start by...") rather than what happened is read
	// like a plan: habit words and few past verbs.
	habits, past := 0, 0
	for k := range a.toks {
		t := &a.toks[k]
		if t.flags&(wFirstSingular|wFirstPlural|wPast) != 0 {
			narrative = true
		}
		if s := &a.sents[t.sent]; s.injected || s.duplicate {
			continue // a pasted instruction is not how the story is told
		}
		if t.flags&wPast != 0 {
			past++
		}
		if t.kind == tokWord && t.star&swHabit != 0 {
			habits++
		}
	}
	// One habit word decides only a short answer with no past at all: a
	// story told in the present may say "whenever the queue grows".
	a.habitual = habits >= 2 && past < 2*habits || habits == 1 && past == 0 && n <= 3
	carry := stO // the part a heading line ("Situation:") opens for the lines after it
	for i := 0; i < n; i++ {
		pos := 0.5
		if n > 1 {
			pos = float64(i) / float64(n-1)
		}
		a.feats[i], a.emit[i] = a.clauses(i, pos, behavioral, narrative)
		f := &a.feats[i]
		switch {
		case f.headingOnly:
			carry = int(f.heading)
		case f.heading != stO:
			carry = stO
		case carry != stO:
			a.emit[i][carry] += 2.5
		}
	}
	// A story that has gone on for a while ends with how it came out more
	// often than not, whoever is its subject ("we won four of the next
	// six", "nobody missed their train").
	if narrative && !a.habitual && n >= 4 {
		a.emit[n-1][stR] += 0.8
	}
	// Viterbi.
	var score, next [nStates]float64
	for k := 0; k < nStates; k++ {
		score[k] = startLog[k] + a.emit[0][k]
	}
	for i := 1; i < n; i++ {
		for k := 0; k < nStates; k++ {
			best, arg := math.Inf(-1), 0
			for j := 0; j < nStates; j++ {
				if v := score[j] + transLog[j][k]; v > best {
					best, arg = v, j
				}
			}
			next[k] = best + a.emit[i][k]
			a.back[i][k] = uint8(arg)
		}
		score = next
	}
	last, best := 0, math.Inf(-1)
	for k := 0; k < nStates; k++ {
		if score[k] > best {
			best, last = score[k], k
		}
	}
	a.labels = grow(a.labels, n)
	labels := a.labels
	labels[n-1] = uint8(last)
	for i := n - 1; i > 0; i-- {
		labels[i-1] = a.back[i][labels[i]]
	}
	// Forward-backward with per-step scaling (probabilities, not logs: no
	// exp or log in the inner loops) for the confidence of each label.
	for i := 0; i < n; i++ {
		for k := 0; k < nStates; k++ {
			a.emit[i][k] = math.Exp(a.emit[i][k])
		}
	}
	var scale float64
	for k := 0; k < nStates; k++ {
		a.alpha[0][k] = startProb[k] * a.emit[0][k]
		scale += a.alpha[0][k]
	}
	for k := 0; k < nStates; k++ {
		a.alpha[0][k] /= scale
	}
	for i := 1; i < n; i++ {
		scale = 0
		for k := 0; k < nStates; k++ {
			v := 0.0
			for j := 0; j < nStates; j++ {
				v += a.alpha[i-1][j] * transProb[j][k]
			}
			v *= a.emit[i][k]
			a.alpha[i][k] = v
			scale += v
		}
		for k := 0; k < nStates; k++ {
			a.alpha[i][k] /= scale
		}
	}
	for k := 0; k < nStates; k++ {
		a.beta[n-1][k] = 1
	}
	for i := n - 2; i >= 0; i-- {
		scale = 0
		for j := 0; j < nStates; j++ {
			v := 0.0
			for k := 0; k < nStates; k++ {
				v += transProb[j][k] * a.emit[i+1][k] * a.beta[i+1][k]
			}
			a.beta[i][j] = v
			scale += v
		}
		for j := 0; j < nStates; j++ {
			a.beta[i][j] /= scale
		}
	}
	// A Result told only in a clause ("…and in the end failures stopped")
	// takes the sentence's label: feedback quotes a Result sentence. The
	// part the sentence held is then credited through its own clause.
	var count [nStates]int
	for i := 0; i < n; i++ {
		count[labels[i]]++
	}
	if count[stR] == 0 && n > count[stO] {
		if i := a.bestClause(labels, stR); i >= 0 {
			count[labels[i]]--
			labels[i] = stR
			count[stR]++
		}
	}
	var conf [nStates]float64
	for i := 0; i < n; i++ {
		l := labels[i]
		var z float64
		for k := 0; k < nStates; k++ {
			z += a.alpha[i][k] * a.beta[i][k]
		}
		c := a.alpha[i][l] * a.beta[i][l] / z
		s := &a.sents[i]
		star.Sentences[i] = SentenceLabel{Start: int(s.start), End: int(s.end), Label: stateLabels[l], Confidence: round2(c)}
		if l != stO {
			conf[l] = math.Max(conf[l], c)
		}
	}
	comps := [4]*Component{&star.Situation, &star.Task, &star.Action, &star.Result}
	for k, comp := range comps {
		comp.Spans = slab.take(count[k])
		comp.Present = count[k] > 0
		comp.Confidence = round2(conf[k])
	}
	actions, owned := 0, 0
	for i := 0; i < n; i++ {
		l := labels[i]
		if l == stO {
			continue
		}
		s := &a.sents[i]
		comps[l].Spans = append(comps[l].Spans, Span{Start: int(s.start), End: int(s.end)})
		f := &a.feats[i]
		if l == stA {
			actions++
			if f.iAction || f.firstSingular && !f.weAction {
				owned++
			}
		}
		if l == stR && f.quantified {
			star.QuantifiedResult = true
		}
	}
	if count[stS]+count[stT]+count[stA]+count[stR] > 0 {
		for k := 0; k < stR; k++ {
			if count[k] > 0 {
				continue
			}
			i := a.bestClause(labels, k)
			if i < 0 {
				continue
			}
			var z float64
			for j := 0; j < nStates; j++ {
				z += a.alpha[i][j] * a.beta[i][j]
			}
			f := &a.feats[i]
			comps[k].Present = true
			comps[k].Confidence = round2(math.Max(0.3, a.alpha[i][k]*a.beta[i][k]/z))
			comps[k].Spans = append(comps[k].Spans, Span{Start: int(f.clauseLo[k]), End: int(f.clauseHi[k])})
		}
	}
	if actions > 0 {
		star.Ownership = round2(float64(owned) / float64(actions))
	}
	star.Order = round2(labelOrder(labels))
}

// clauseCredit is the least clause emission that makes a part present
// though no sentence carries its label.
const clauseCredit = 0.6

// bestClause returns the labelled sentence whose clause says part k most
// plainly, at least clauseCredit, or -1: a run-on sentence labelled Action
// may hold the Situation or the Result in a clause ("so I rewrote it and
// in the end failures stopped"), and the part is there. Plans ("I would")
// and sentences that earn nothing are never used.
func (a *analysis) bestClause(labels []uint8, k int) int {
	bi, be := -1, float32(clauseCredit)
	for i, l := range labels {
		s := &a.sents[i]
		f := &a.feats[i]
		if l == stO || s.duplicate || s.injected || s.filler || s.echo || f.conditional {
			continue
		}
		if f.clauseE[k] >= be {
			bi, be = i, f.clauseE[k]
		}
	}
	return bi
}

// labelOrder is the share of ordered pairs of labelled (non-other)
// sentences that follow S, T, A, R order: 1 in order, 0 reversed. Ties
// (two sentences with the same label) count as in order.
func labelOrder(labels []uint8) float64 {
	var seen [nStates]int
	pairs, inOrder := 0, 0
	for _, l := range labels {
		if l == stO {
			continue
		}
		for k := 0; k < stO; k++ {
			pairs += seen[k]
			if k <= int(l) {
				inOrder += seen[k]
			}
		}
		seen[l]++
	}
	if pairs == 0 {
		return 1
	}
	return float64(inOrder) / float64(pairs)
}

// grow returns s resized to n, reusing its array when it can.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2)
	}
	return s[:n]
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// spanSlab hands out span slices from one allocation.
type spanSlab struct{ buf []Span }

func (s *spanSlab) take(n int) []Span {
	if n > len(s.buf) {
		return make([]Span, 0, n)
	}
	out := s.buf[:0:n]
	s.buf = s.buf[n:]
	return out
}
