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

// sentFeatures are the cues one sentence gives the tagger.
type sentFeatures struct {
	firstSingular bool // "I", "my" as the speaker
	firstPlural   bool
	iAction       bool // "I profiled", "I then added": a first-person action
	weAction      bool
	conditional   bool // "I would", "I'd", "we could"
	pastProg      bool // "was growing", "were seeing"
	quantified    bool // a number with a unit, a before/after, "halved"
	number        bool
	past          int
	action        int
	resultCue     int
	situationCue  int
	taskCue       int
	taskPhrase    bool // "my goal", "I needed to", "I was asked to", "responsible for"
	sequence      bool // "then", "first", "after that"
	causal        bool
	tradeOff      bool
}

// Transition log-weights: staying or moving forward through S, T, A, R is
// cheap, going back is dear, "other" can appear anywhere.
var (
	startLog = [nStates]float64{-0.3, -1.2, -1.4, -3.0, -1.2}
	transLog = [nStates][nStates]float64{
		stS: {-0.4, -0.9, -1.0, -2.5, -1.6},
		stT: {-2.5, -0.7, -0.5, -2.0, -1.6},
		stA: {-3.0, -2.5, -0.3, -0.8, -1.6},
		stR: {-3.5, -3.5, -1.4, -0.3, -1.2},
		stO: {-1.0, -1.2, -1.0, -1.2, -0.6},
	}
)

// features computes the cues of sentence si.
func (a *analysis) features(si int) sentFeatures {
	var f sentFeatures
	s := &a.sents[si]
	toks := a.toks[s.tokLo:s.tokHi]
	for k := range toks {
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
		if fl&(wNumber|wChange) != 0 {
			f.number = true
			if fl&(wNumberUnit|wChange) != 0 {
				f.quantified = true
			} else if k+1 < len(toks) && toks[k+1].flags&wUnit != 0 {
				f.quantified = true
			}
		}
		// Subject pronoun, then (after at most two adverbs or auxiliaries) a verb.
		if fl&(wFirstSingular|wFirstPlural) != 0 && (t.id == idI || t.id == idWe || t.id == idIWould || t.id == idWeWould || t.id == idIWill || t.id == idWeWill) {
			singular := fl&wFirstSingular != 0
			if fl&wModal != 0 || t.id == idIWill || t.id == idWeWill {
				f.conditional = true
			}
			for j := k + 1; j < len(toks) && j <= k+3; j++ {
				n := &toks[j]
				if n.kind == tokPunct {
					break
				}
				if n.flags&wModal != 0 || n.id == idWill {
					f.conditional = true
					break
				}
				if n.flags&(wPast|wAction) != 0 && n.flags&wBeHave == 0 || n.flags&wAction != 0 && n.flags&wPast == 0 && j > k+1 && toks[j-1].id == idThen {
					if singular {
						f.iAction = true
					} else {
						f.weAction = true
					}
					break
				}
				if n.flags&wBeHave != 0 && n.id != idHad {
					break // "I was", "we were": a state, not an action
				}
			}
		}
		if k+1 < len(toks) && isTaskPhrase(toks, k) {
			f.taskPhrase = true
		}
		if fl&wBeHave != 0 && (t.id == idWas || t.id == idWere) && k+1 < len(toks) && hasSuffix(toks[k+1].lower, "ing") {
			f.pastProg = true
		}
		// "from 800 to 120", "from 2 hours to 10 minutes": a before and after.
		if t.id == idFrom {
			for j := k + 1; j < len(toks) && j <= k+4; j++ {
				if toks[j].flags&wNumber != 0 {
					for m := j + 1; m < len(toks) && m <= j+5; m++ {
						if toks[m].id == idTo && m+1 < len(toks) && (toks[m+1].flags&wNumber != 0 || m+2 < len(toks) && toks[m+2].flags&wNumber != 0) {
							f.quantified = true
						}
					}
					break
				}
			}
		}
	}
	return f
}

// isTaskPhrase reports whether the words from k state a goal or a duty:
// "my goal", "our task", "I needed to", "I was asked to", "responsible for".
func isTaskPhrase(toks []token, k int) bool {
	w, n := toks[k].id, toks[k+1].id
	switch {
	case (w == idMy || w == idOur) && toks[k+1].is(wTaskCue):
		return true
	case w == idResponsible && n == idFor, w == idIn && n == idCharge:
		return true
	case (w == idI || w == idWe) && (n == idNeeded || n == idHad || n == idWanted) && k+2 < len(toks) && toks[k+2].id == idTo:
		return true
	case (w == idWas || w == idWere) && (n == idAsked || n == idTasked || n == idAssigned) && k+2 < len(toks) && toks[k+2].id == idTo:
		return true
	}
	return false
}

func hasSuffix(s, suffix string) bool {
	return len(s) > len(suffix) && s[len(s)-len(suffix):] == suffix
}

// emission gives each state's log-weight for one sentence.
func emission(f sentFeatures, pos float64, behavioral bool, dup, fill bool) [nStates]float64 {
	var e [nStates]float64
	if dup || fill {
		e = [nStates]float64{-4, -4, -4, -4, 0}
		return e
	}
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	cap3 := func(n int) float64 { return float64(min(n, 3)) }
	e[stS] = -0.6 + 0.7*cap3(f.situationCue) + 0.5*b(f.past > 0 && f.action == 0) + 0.8*b(f.pastProg) +
		0.8*(1-pos) - 1.0*b(f.iAction) - 0.6*b(f.quantified) - 0.5*cap3(f.resultCue)
	e[stT] = -0.8 + 1.3*cap3(f.taskCue) + 1.2*b(f.taskPhrase) + 0.3*b(f.firstSingular) - 0.4*b(f.quantified) - 0.3*b(f.iAction && f.taskCue == 0)
	e[stA] = -0.6 + 1.4*b(f.iAction) + 0.9*b(f.weAction) + 0.5*cap3(f.action) + 0.4*b(f.sequence) + 0.2*b(f.past > 0) -
		0.4*b(f.quantified)
	e[stR] = -0.9 + 0.8*cap3(f.resultCue) + 1.3*b(f.quantified) + 0.3*b(f.number) + 0.9*pos - 0.2*b(f.iAction)
	e[stO] = 0
	if f.conditional {
		// "I would": a plan, not a story; it is an action only in a scenario answer.
		if behavioral {
			e[stA] -= 1.0
			e[stO] += 0.5
		} else {
			e[stA] += 0.8
		}
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
	for i := 0; i < n; i++ {
		a.feats[i] = a.features(i)
		pos := 0.5
		if n > 1 {
			pos = float64(i) / float64(n-1)
		}
		s := &a.sents[i]
		a.emit[i] = emission(a.feats[i], pos, behavioral, s.duplicate || s.injected || s.echo, s.filler)
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
	var conf [nStates]float64
	var count [nStates]int
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
			count[l]++
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
	if actions > 0 {
		star.Ownership = round2(float64(owned) / float64(actions))
	}
	star.Order = round2(labelOrder(labels))
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
