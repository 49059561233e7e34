package main

import (
	"flag"
	"fmt"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// bankFlag registers --bank-dir on fs.
func bankFlag(fs *flag.FlagSet) *string {
	return fs.String("bank-dir", "", "directory of YAML role files that add to or override the embedded bank")
}

// loadBank loads the embedded bank plus dir (when not empty).
func loadBank(dir string) (*questions.Bank, error) {
	var dirs []string
	if dir != "" {
		dirs = append(dirs, dir)
	}
	b, err := questions.Load(dirs...)
	if err != nil {
		return nil, fmt.Errorf("load question bank: %w", err)
	}
	return b, nil
}

// llmFlag registers --llm on fs.
func llmFlag(fs *flag.FlagSet) *string {
	return fs.String("llm", "auto", "LLM rubric: off, auto (use it when configured) or on (fail if not configured)")
}

// newScorer builds the scorer, with the LLM judge when mode and the
// environment (OPENAI_API_KEY, OPENAI_BASE_URL, MOCKINTERVIEW_MODEL) say so.
func newScorer(bank *questions.Bank, mode string, e env) (*scoring.Scorer, error) {
	switch mode {
	case "off", "auto", "on":
	default:
		return nil, fmt.Errorf("--llm must be off, auto or on, not %q", mode)
	}
	return scoring.New(bank), nil // TODO(llm): the go-openai judge
}
