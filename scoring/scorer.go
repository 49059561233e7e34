// Package scoring judges an interview answer against its question's tips:
// text analysis, the STAR tagger, talking-point coverage, metrics, the
// combined score and feedback, all deterministic and offline; and, when a
// Judge is configured, an LLM rubric combined with the heuristics.
//
// The heuristic pipeline (see docs/scoring.md): validate and resolve the
// input, tokenize the answer once (byte offsets, never copies), split
// sentences, tag STAR parts with a small HMM decoded over the whole answer,
// match talking points by stems and phrases, count metrics, then combine
// per-category weighted parts and multipliers into Overall and Band, and
// write feedback that quotes the answer. The same input always gives the
// same result, byte for byte.
package scoring

import (
	"context"
	"strings"

	"github.com/mockinterview/mockinterview/questions"
)

// Version identifies the heuristic engine in Result.Engine.Version. Bump it
// whenever a change can move a score.
const Version = "heuristic/2.1.0"

// Scorer scores answers. It is safe for concurrent use.
type Scorer struct {
	bank *questions.Bank
	llm  llmState
	// bankQuestions are the bank's questions with their stem tables, built
	// once in New and read-only after.
	bankQuestions map[string]*compiledQuestion
	custom        customCache
	// concepts are the bank's talking-point phrases by point name, lent
	// to custom questions whose points name the same concept.
	concepts conceptTable
}

// Option configures a Scorer.
type Option func(*Scorer)

// New returns a Scorer that resolves question ids against bank.
func New(bank *questions.Bank, opts ...Option) *Scorer {
	s := &Scorer{bank: bank, bankQuestions: map[string]*compiledQuestion{}}
	if bank != nil {
		all := bank.Questions("")
		for _, q := range all {
			s.bankQuestions[q.ID] = compileQuestion(q, references(q, nil), nil)
		}
		s.concepts = bankConcepts(all)
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Score scores one answer.
func (s *Scorer) Score(ctx context.Context, in Input) (Result, error) {
	return s.ScoreStream(ctx, in, nil)
}

// ScoreStream scores one answer, calling onDelta (when not nil) with pieces
// of written feedback as they become available. Invalid input gives an
// *InputError.
func (s *Scorer) ScoreStream(ctx context.Context, in Input, onDelta func(string)) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if err := validate(&in); err != nil {
		return Result{}, err
	}
	cq, err := s.resolve(&in)
	if err != nil {
		return Result{}, err
	}
	res := scoreHeuristic(cq, in.Answer, detectInjection(in.Answer))
	res.QuestionID = cq.q.ID
	res.Engine.Version = Version

	streamed := false
	judgeDelta := onDelta
	if onDelta != nil {
		judgeDelta = func(piece string) {
			streamed = true
			onDelta(piece)
		}
	}
	s.applyJudge(ctx, cq.q, in.Answer, &res, judgeDelta)
	if onDelta != nil && !streamed {
		streamFeedback(res.Feedback, onDelta)
	}
	return res, nil
}

// streamFeedback sends the feedback through onDelta sentence by sentence:
// the summary's sentences, then one improvement a piece.
func streamFeedback(fb Feedback, onDelta func(string)) {
	rest := fb.Summary
	for rest != "" {
		i := strings.Index(rest, ". ")
		if i < 0 {
			onDelta(rest)
			break
		}
		onDelta(rest[:i+2])
		rest = rest[i+2:]
	}
	for _, imp := range fb.Improvements {
		onDelta("\n- " + imp)
	}
}

// scoreHeuristic runs the deterministic pipeline on one answer; injected
// are the passages flagged as prompt injection, which earn nothing.
func scoreHeuristic(cq *compiledQuestion, answer string, injected []Evidence) Result {
	a := getAnalysis(answer)
	defer putAnalysis(a)
	a.analyse()
	var res Result
	res.Category = cq.q.Category

	if len(injected) > 0 {
		a.markInjected(injected)
	}
	a.markEcho(cq)
	behavioral := cq.q.Category == questions.Behavioral
	spans := spanSlab{buf: make([]Span, len(a.sents))}
	a.tagStar(behavioral, &res.Star, &spans)

	var c counts
	a.metrics(&res.Metrics, &c)
	// A plan instead of a story; an answer to "where do you see yourself"
	// or "why us" (a general kind) may well be told in the conditional.
	if behavioral && !cq.kind.General() && (c.conditional >= 2 && c.conditional > c.pastActions || c.conditional >= 1 && c.pastActions == 0) {
		res.Star.Hypothetical = true
	}

	rel := relevance(cq, a)
	ev := evidenceSlab{buf: make([]Evidence, 3*len(cq.points))}
	a.coverage(cq, behavioral, rel >= offTopicRelevance, &res.Coverage, &ev)

	res.Kind = cq.kind
	res.Delivery = a.delivery(&res.Metrics, &c, a.pointsMade(&res.Coverage))
	in := judgeInputs{
		cat: cq.q.Category, cq: cq, star: &res.Star, cov: &res.Coverage, m: &res.Metrics, c: &c,
		relevance: rel, d: &res.Delivery,
	}
	if len(cq.refs) > 0 {
		in.hasRef = true
		in.refSim, in.refBest = a.referenceSimilarity(cq)
		r := round2(in.refSim)
		res.Coverage.Reference = &r
	}
	combine(in, &res)
	if len(injected) > 0 {
		res.Flags = append(res.Flags, FlagInjectionSuspected, FlagNeedsReview)
	}
	a.feedback(in, &res)
	return res
}

// pointsMade counts the points an answer makes, for words per point: the
// talking points covered (partial ones half), or, without points, the
// sentences that say something of their own.
func (a *analysis) pointsMade(cov *Coverage) float64 {
	if len(cov.Points) > 0 {
		n := 0.0
		for _, p := range cov.Points {
			switch p.Status {
			case Covered:
				n++
			case Partial:
				n += 0.5
			}
		}
		return n
	}
	n := 0
	for i := range a.sents {
		if a.sents[i].said {
			n++
		}
	}
	return float64(n)
}

// markInjected marks the sentences that overlap a passage flagged as
// prompt injection: they are excluded from every credit.
func (a *analysis) markInjected(passages []Evidence) {
	for i := range a.sents {
		s := &a.sents[i]
		for _, p := range passages {
			if int(s.start) < p.End && p.Start < int(s.end) {
				s.injected = true
			}
		}
	}
}
