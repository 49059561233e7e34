package main

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/scoring/openai"
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
// environment (OPENAI_API_KEY, OPENAI_BASE_URL, MOCKINTERVIEW_MODEL) say so:
// off never calls a model; auto uses one when configured and otherwise
// scores heuristically; on fails when no model is configured. See
// docs/llm.md.
func newScorer(bank *questions.Bank, mode string, e env) (*scoring.Scorer, error) {
	switch mode {
	case "off":
		return scoring.New(bank), nil
	case "auto", "on":
	default:
		return nil, fmt.Errorf("--llm must be off, auto or on, not %q", mode)
	}
	cfg, err := openai.ConfigFromEnv(e.getenv)
	if err != nil {
		if mode == "on" {
			return nil, fmt.Errorf("--llm on: %w", err)
		}
		if !errors.Is(err, openai.ErrNotConfigured) {
			fmt.Fprintf(e.stderr, "mockinterview: LLM rubric off: %v\n", err)
		}
		return scoring.New(bank), nil
	}
	var settings scoring.JudgeSettings
	if v := e.getenv("MOCKINTERVIEW_LLM_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("MOCKINTERVIEW_LLM_TIMEOUT %q is not a positive duration like 45s", v)
		}
		settings.TotalTimeout = d
		settings.AttemptTimeout = min(d, scoring.DefaultJudgeAttemptTimeout)
	}
	judge, err := openai.New(cfg)
	if err != nil {
		return nil, err
	}
	return scoring.New(bank, scoring.WithJudge(judge, cfg.Model), scoring.WithJudgeSettings(settings)), nil
}

// newPlanWriter returns the model that writes tailored interviews (a job
// posting and résumé), or nil when mode and the environment say no model:
// the same settings as the rubric judge (newScorer), so --llm off keeps
// the posting and résumé on this machine. See docs/tailoring.md.
func newPlanWriter(mode string, e env) (*interview.PlanWriter, error) {
	if mode == "off" {
		return nil, nil
	}
	cfg, err := openai.ConfigFromEnv(e.getenv)
	if err != nil {
		if mode == "on" {
			return nil, fmt.Errorf("--llm on: %w", err)
		}
		return nil, nil // newScorer has said why
	}
	var timeout time.Duration
	if v := e.getenv("MOCKINTERVIEW_LLM_TIMEOUT"); v != "" {
		if timeout, err = time.ParseDuration(v); err != nil || timeout <= 0 {
			return nil, fmt.Errorf("MOCKINTERVIEW_LLM_TIMEOUT %q is not a positive duration like 45s", v)
		}
	}
	judge, err := openai.New(cfg)
	if err != nil {
		return nil, err
	}
	return interview.NewPlanWriter(judge, cfg.Model, timeout), nil
}
