package scoring

import (
	"context"

	"github.com/mockinterview/mockinterview/questions"
)

// llmState is the Scorer's LLM configuration (owned by this file).
type llmState struct {
	judge Judge
	model string
}

// Judge is the LLM rubric judge that scoring needs. Adapters (the go-openai
// one) implement it; no SDK type crosses it.
type Judge interface {
	Judge(ctx context.Context, req JudgeRequest) (JudgeReply, error)
}

// JudgeRequest is what the judge is asked.
type JudgeRequest struct{}

// JudgeReply is what the judge answers.
type JudgeReply struct{}

// applyJudge asks the judge (when configured) and folds its rubric into res,
// which holds the heuristic result on entry.
func (s *Scorer) applyJudge(ctx context.Context, q questions.Question, answer string, res *Result, onDelta func(string)) {
}
