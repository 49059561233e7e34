package scoring

import (
	"math"
	"math/bits"
	"slices"

	"github.com/mockinterview/mockinterview/questions"
)

// Band cut-offs on Overall: band 1 below 30, 2 from 30, 3 from 50, 4 from
// 70, 5 from 85.
var bandFloors = [...]int{30, 50, 70, 85}

// BandOf returns the band (1-5) of an overall score (0-100).
func BandOf(overall int) int {
	band := 1
	for _, f := range bandFloors {
		if overall >= f {
			band++
		}
	}
	return band
}

// Part names.
const (
	partStar        = "star"
	partOwnership   = "ownership"
	partQuantified  = "quantified_result"
	partCoverage    = "coverage"
	partSpecificity = "specificity"
	partRelevance   = "relevance"
	partExplanation = "explanation"
	partPlan        = "plan"
	partTradeOffs   = "trade_offs"
	partStructure   = "structure"
	partReference   = "reference"
	partLength      = "length"
	partDelivery    = "delivery"
	partRepetition  = "repetition"
	partStuffing    = "keyword_stuffing"
	partOffTopic    = "off_topic"
	partConcision   = "concision"
	partSubstance   = "substance"
	partClarity     = "clarity"
	partContradict  = "contradicted"
)

type weight struct {
	name string
	w    float64
}

// categoryWeights are the weighted parts of each category; see
// docs/scoring.md for the reasoning. Each list sums to 1.
var categoryWeights = map[questions.Category][]weight{
	// A story: structure, the candidate's own actions and a measured result
	// carry as much as the talking points.
	questions.Behavioral: {
		{partStar, 0.30}, {partOwnership, 0.10}, {partQuantified, 0.10},
		{partCoverage, 0.25}, {partSpecificity, 0.10}, {partRelevance, 0.15},
	},
	// Knowledge: what is covered, with reasons; STAR does not matter.
	questions.Technical: {
		{partCoverage, 0.55}, {partSpecificity, 0.15}, {partExplanation, 0.15},
		{partRelevance, 0.15},
	},
	// A scenario: coverage, a plan in steps with priorities, and trade-offs.
	questions.Situational: {
		{partCoverage, 0.40}, {partPlan, 0.20}, {partTradeOffs, 0.10},
		{partSpecificity, 0.15}, {partRelevance, 0.10}, {partStructure, 0.05},
	},
}

// A technical question with a reference answer: the reference carries
// the score (on graded short answers it is the part that agrees with
// graders; specificity, explanation and structure do not), the talking
// points second.
var technicalWithReference = []weight{
	{partReference, 0.45}, {partCoverage, 0.35}, {partExplanation, 0.05}, {partRelevance, 0.15},
}

// generalWeights score the general kinds (introductions, motivation,
// strengths): what was said, how clearly, and how it was said.
var generalWeights = []weight{
	{partRelevance, 0.15}, {partSubstance, 0.30}, {partDelivery, 0.40}, {partClarity, 0.15},
}

// conversationalWeights score small talk and backchannels: only how it
// was said.
var conversationalWeights = []weight{{partDelivery, 0.70}, {partClarity, 0.30}}

// Tunables of the reference-answer part (tuned on SemEval-2013 train
// files only; see TestSemEvalTrain).
var (
	referenceWeight      = 0.85 // share of the score a reference answer takes when it is the only statement of content
	referenceWithTips    = 0.15 // its share when talking points say what to cover
	refQuestionWeight    = 0.25 // weight of reference words the question already states
	refBeta              = 3.0  // F-beta of reference recall against answer precision
	refNear              = 0.8  // credit of a near match ("harder" for "hard")
	refMix               = 1.0  // share of the F-beta (the rest: plain recall, question words included)
	interviewTarget      = 30.0 // informative terms at which an interview answer's length saturates
	substanceTarget      = 20.0 // informative terms at which a general answer's substance saturates
	spokenDeliveryWeight = 0.25 // delivery's share of a spoken answer to a behavioral, technical or situational question
	refFull              = 0.6  // with talking points: the reference similarity that counts as complete
	tooShortWords        = 25
	ramblingWords        = 300  // past this many words the concision multiplier applies
	relevanceTopic       = 10   // words of the question's whole topic that make an answer fully relevant
	offTopicRelevance    = 0.15 // below it (and with no coverage) an answer is off topic
)

// Tunables of coverage v2 (echo.go, coverage.go).
var (
	namedOnly        = 0.6 // strength of a point only named in a sentence that says nothing of it: partial
	contradictedCost = 0.5 // what a rejected point takes from coverage (a covered one adds 1)
)

// judgeInputs are the values the policy combines.
type judgeInputs struct {
	cat       questions.Category
	cq        *compiledQuestion
	star      *Star
	cov       *Coverage
	m         *Metrics
	c         *counts
	relevance float64
	refSim    float64
	refBest   int // index of the closest reference answer
	hasRef    bool
	d         *Delivery
}

// weightsFor picks the weighted parts of an answer: by kind, then by
// category, with the reference answer and the talking points where given.
func weightsFor(in judgeInputs) []ScorePart {
	hasPoints := len(in.cq.points) > 0
	var ws []weight
	rw := 0.0 // weight the reference takes from the others
	switch k := in.cq.kind; {
	case k.conversational():
		ws = conversationalWeights
	case k.General():
		ws = generalWeights
	case in.cat == questions.Technical && in.hasRef:
		if !hasPoints {
			ws = []weight{{partReference, 1}}
		} else {
			ws = technicalWithReference
		}
	default:
		ws = categoryWeights[in.cat]
		if in.hasRef {
			// A reference answer is one way to answer well, not the only
			// one: when talking points exist they lead and it assists.
			rw = referenceWeight
			if hasPoints {
				rw = referenceWithTips
			}
		}
	}
	parts := make([]ScorePart, 0, len(ws)+8) // the weighted parts, then the multipliers
	for _, w := range ws {
		parts = append(parts, ScorePart{Name: w.name, Weight: w.w, Score: round2(partScore(w.name, in))})
	}
	if in.cq.kind.General() && !in.cq.kind.conversational() && hasPoints {
		// Custom points on a general question: they count too.
		for i := range parts {
			parts[i].Weight *= 0.7
		}
		parts = append(parts, ScorePart{Name: partCoverage, Weight: 0.3, Score: round2(partScore(partCoverage, in))})
	}
	if !hasPoints {
		// No tips or points: coverage's weight goes to relevance and
		// specificity.
		var freed float64
		for i := range parts {
			if parts[i].Name == partCoverage {
				freed, parts[i].Weight = parts[i].Weight, 0
			}
		}
		parts = slices.DeleteFunc(parts, func(p ScorePart) bool { return p.Name == partCoverage })
		n := 0
		for i := range parts {
			if parts[i].Name == partRelevance || parts[i].Name == partSpecificity {
				n++
			}
		}
		for i := range parts {
			if freed > 0 && (parts[i].Name == partRelevance || parts[i].Name == partSpecificity) {
				parts[i].Weight += freed / float64(n)
			}
		}
	}
	if rw > 0 {
		for i := range parts {
			parts[i].Weight *= 1 - rw
		}
		parts = append(parts, ScorePart{Name: partReference, Weight: rw, Score: round2(partScore(partReference, in))})
	}
	if spokenDelivery(in) {
		// A spoken answer is heard: how it was said weighs as a part.
		for i := range parts {
			parts[i].Weight *= 1 - spokenDeliveryWeight
		}
		parts = append(parts, ScorePart{Name: partDelivery, Weight: spokenDeliveryWeight, Score: round2(in.d.Score)})
	}
	return parts
}

// spokenDelivery reports a transcript of one of the three categories,
// whose delivery is a weighted part (general kinds weigh it anyway).
func spokenDelivery(in judgeInputs) bool { return in.d.Spoken && !in.cq.kind.General() }

// combine computes the parts, the overall score, the band and the flags.
func combine(in judgeInputs, res *Result) {
	c, m := in.c, in.m
	hasPoints := len(in.cq.points) > 0
	kind := in.cq.kind
	parts := weightsFor(in)
	sum, wsum := 0.0, 0.0
	for i := range parts {
		parts[i].Weight = round4(parts[i].Weight)
		sum += parts[i].Weight * parts[i].Score
		wsum += parts[i].Weight
	}
	mean := sum / wsum

	// Multipliers.
	target := interviewTarget
	if in.hasRef {
		target = math.Max(3, math.Min(interviewTarget, float64(in.cq.refWords)))
	}
	nParts := len(parts)
	mult := parts[nParts:nParts]
	if (!in.hasRef || hasPoints) && !kind.General() {
		// A reference answer's recall already measures whether enough was
		// said, and a general answer's substance does; else informative
		// words do (and saturate).
		length := math.Min(1, float64(c.informative)/target)
		mult = append(mult, ScorePart{Name: partLength, Score: round2(0.4 + 0.6*length), Multiplier: true})
	}
	if d := in.d; d.Score < 1 && !kind.General() && !spokenDelivery(in) {
		mult = append(mult, ScorePart{Name: partDelivery, Score: round2(0.6 + 0.4*d.Score), Multiplier: true})
	}
	repetitive := m.Repetition >= 0.25 || c.duplicates >= 2 || c.duplicates > 0 && c.duplicates*3 >= m.Sentences
	if repetitive || c.duplicates > 0 {
		mult = append(mult, ScorePart{Name: partRepetition, Score: round2(1 - math.Min(0.3, 0.5*m.Repetition+0.05*float64(c.duplicates))), Multiplier: true})
	}
	if m.Words > ramblingWords {
		// A spoken answer past two minutes loses the listener: say it shorter.
		mult = append(mult, ScorePart{Name: partConcision, Score: round2(1 - math.Min(0.2, float64(m.Words-ramblingWords)/1000)), Multiplier: true})
	}
	stuffing := c.saladWords >= 6 && c.saladWords*3 >= c.contentWords || c.saladWords >= 12
	if stuffing {
		mult = append(mult, ScorePart{Name: partStuffing, Score: 0.7, Multiplier: true})
	}
	if n := in.cov.Contradicted; n > 0 && hasPoints {
		// Points named only to be rejected: the opposite of covering them.
		mult = append(mult, ScorePart{Name: partContradict, Score: round2(1 - 0.6*float64(n)/float64(len(in.cq.points))), Multiplier: true})
	}
	offTopic := !kind.General() && m.Words >= 20 && in.relevance < offTopicRelevance && in.cov.Score < 0.2 && (!in.hasRef || in.refSim < 0.1)
	if offTopic {
		mult = append(mult, ScorePart{Name: partOffTopic, Score: 0.5, Multiplier: true})
	}
	overall := mean
	for _, p := range mult {
		overall *= p.Score
	}
	res.Overall = int(math.Round(100 * math.Max(0, math.Min(1, overall))))
	res.Band = BandOf(res.Overall)
	res.Parts = parts[:nParts+len(mult)]

	// Flags, in a fixed order.
	flags := make([]string, 0, 4)
	short := tooShortWords
	if in.hasRef {
		short = min(tooShortWords, 1+in.cq.refWords)
	}
	if m.Words < short && !kind.conversational() {
		flags = append(flags, FlagTooShort)
	}
	if offTopic {
		flags = append(flags, FlagOffTopic)
	}
	if in.star.Hypothetical {
		flags = append(flags, FlagHypothetical)
	}
	if repetitive {
		flags = append(flags, FlagRepetitive)
	}
	if stuffing {
		flags = append(flags, FlagKeywordStuffing)
	}
	res.Flags = flags
}

// partScore is the 0-1 score of one weighted part.
func partScore(name string, in judgeInputs) float64 {
	st, c, m := in.star, in.c, in.m
	switch name {
	case partStar:
		return starScore(st)
	case partOwnership:
		if st.Hypothetical {
			return 0
		}
		return st.Ownership
	case partQuantified:
		switch {
		case st.QuantifiedResult:
			return 1
		case c.quantified > 0:
			return 0.5
		}
		return 0
	case partCoverage:
		return in.cov.Score
	case partSpecificity:
		x := 0.6*float64(min(c.quantified, 3)) + 0.25*float64(min(m.TechnicalTerms, 8)) + 0.1*float64(min(m.Numbers, 5))
		return 1 - math.Exp(-x/1.5)
	case partRelevance:
		return in.relevance
	case partExplanation:
		return math.Min(1, (float64(c.causal)+0.5*float64(c.tradeOffs))/3)
	case partPlan:
		return math.Min(1, float64(c.sequenced)/3)
	case partTradeOffs:
		return math.Min(1, float64(c.tradeOffs)/2)
	case partStructure:
		return math.Min(1, float64(m.Sentences-c.duplicates)/3)
	case partReference:
		if len(in.cq.points) == 0 {
			// The only statement of a correct answer: linear in how much of
			// it the answer states, so scores rank and scale like grades.
			return in.refSim
		}
		// One good answer among several: a story or explanation of one's
		// own shares about half its words with it.
		return math.Min(1, in.refSim/refFull)
	case partSubstance:
		return math.Min(1, float64(c.informative)/substanceTarget)
	case partDelivery:
		return in.d.Score
	case partClarity:
		// Said in sentences, not lists; said once.
		clear := 1.0
		if c.contentWords > 0 {
			clear -= float64(c.saladWords) / float64(c.contentWords)
		}
		return math.Max(0, clear*(1-math.Min(0.5, m.Repetition))-0.1*float64(c.duplicates))
	}
	return 0
}

// starScore weighs the STAR parts (action and result most), scaled by how
// well they are ordered; a hypothetical answer keeps less than half.
func starScore(st *Star) float64 {
	comp := func(c Component, w float64) float64 {
		if !c.Present {
			return 0
		}
		return w * (0.6 + 0.4*c.Confidence)
	}
	s := comp(st.Situation, 0.15) + comp(st.Task, 0.15) + comp(st.Action, 0.4) + comp(st.Result, 0.3)
	s *= 0.6 + 0.4*st.Order
	if st.Hypothetical {
		s *= 0.4
	}
	return s
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

// relevance is how much of the question's (and tips') own words the answer
// takes up: a few shared content words are enough.
func relevance(cq *compiledQuestion, a *analysis) float64 {
	if cq.topical < 2 && len(cq.refs) == 0 {
		return 1 // a question of no subject: any answer is about it
	}
	terms := &a.terms
	r := 0.0
	if n := len(cq.tipTerms); n > 0 {
		r = math.Max(r, float64(terms.count(cq.tipTerms))/float64(min(n, 5)))
	}
	if n := len(cq.topicTerms); n > 0 && relevanceTopic > 0 {
		r = math.Max(r, float64(terms.count(cq.topicTerms))/float64(min(n, relevanceTopic)))
	}
	if r >= 1 {
		return 1 // the question's own words need not be counted
	}
	if n := len(cq.qTerms); n > 0 {
		r = math.Max(r, float64(a.questionWordsSaid(cq))/float64(min(n, 3)))
	} else {
		r = 1
	}
	return math.Min(1, r)
}

// questionWordsSaid counts the question's content words the answer says:
// the word itself, or, once the words themselves fall short of three, a
// word of its WordNet family ("led" for "leadership", "failed" for
// "failure", "showed" for "demonstrated").
func (a *analysis) questionWordsSaid(cq *compiledQuestion) int {
	var said uint64
	n := 0
	for j, h := range cq.qTerms {
		if a.terms.has(h) {
			n++
			if j < 64 {
				said |= 1 << uint(j)
			}
		}
	}
	if n >= min(len(cq.qTerms), 3) || len(cq.qFam) == 0 {
		return n
	}
	for si := range a.sents {
		s := &a.sents[si]
		if s.duplicate || s.injected || s.echo {
			continue
		}
		for k := s.tokLo; k < s.tokHi; k++ {
			for _, sy := range a.toks[k].fam {
				if cq.qFamFilter[(sy>>6)&15]&(1<<(sy&63)) == 0 {
					continue
				}
				if found := cq.qFam[sy] &^ said; found != 0 {
					said |= found
					n += bits.OnesCount64(found)
				}
			}
		}
	}
	return n
}

// Tunables of reference matching (see reference.go), chosen on the
// SemEval-2013 train files only.
var (
	refContra = 0.25 // a reference term the answer states the opposite of costs this share of a hit
	refBigram = 0.1  // share of the reference's bigram recall in the similarity
	refSyn    = 0.6  // credit of a WordNet synonym of a reference word
	refAlign  = 0.25 // share of the two-sided alignment (Dice of aligned terms) in the similarity
)
