// Package scoring judges an interview answer against its question's tips:
// text analysis, the STAR tagger, talking-point coverage, metrics, the
// combined score and feedback, all deterministic and offline; and, when a
// Judge is configured, an LLM rubric combined with the heuristics.
package scoring

import (
	"context"

	"github.com/mockinterview/mockinterview/questions"
)

// Scorer scores answers. It is safe for concurrent use.
type Scorer struct {
	bank *questions.Bank
	llm  llmState
}

// Option configures a Scorer.
type Option func(*Scorer)

// New returns a Scorer that resolves question ids against bank.
func New(bank *questions.Bank, opts ...Option) *Scorer {
	s := &Scorer{bank: bank}
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
// of written feedback as they become available.
func (s *Scorer) ScoreStream(ctx context.Context, in Input, onDelta func(string)) (Result, error) {
	return Result{}, nil // TODO(scoring): heuristics, then s.applyJudge
}
