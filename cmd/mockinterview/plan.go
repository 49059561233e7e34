package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/mockinterview/mockinterview/interview"
)

const planUsage = `usage: mockinterview plan --jd FILE [--resume FILE] [--role R] [--count N] [--seed S] [--json] [--llm off|auto|on] [--bank-dir DIR]

Prints the interview a job posting (and a résumé) would get, without
starting it: the posting's terms and the questions with what each probes.
With a model configured (OPENAI_API_KEY or OPENAI_BASE_URL, and --llm auto
or on) the model writes the questions, checked and backed by the offline
plan; with --llm off nothing is sent to a model.
`

// planOutput is the plan --json shape (docs/tailoring.md).
type planOutput struct {
	JDTerms   []string                 `json:"jd_terms"`
	Role      string                   `json:"role"`
	Roles     []interview.RoleWeight   `json:"roles"`
	Seed      int64                    `json:"seed"`
	Questions []interview.PlanQuestion `json:"questions"`
	// LLM says whether a model wrote questions, and why not (absent
	// when no model was asked).
	LLM *interview.PlanLLM `json:"llm,omitempty"`
}

func runPlan(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("mockinterview plan", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(e.stderr, planUsage) }
	jdFile := fs.String("jd", "", "the job posting, a text file (- for standard input)")
	resumeFile := fs.String("resume", "", "the résumé, a text file")
	role := fs.String("role", "", "the role to fall back to when the posting has no usable terms")
	count := fs.Int("count", 0, "how many questions (default 8)")
	seed := fs.Int64("seed", 1, "the seed: the same input and seed give the same plan")
	asJSON := fs.Bool("json", false, "print JSON")
	bankDir := fs.String("bank-dir", "", "a directory of extra question banks")
	llm := fs.String("llm", "auto", "a model writes the questions: off, auto (when configured) or on (fail if not configured)")
	if err := fs.Parse(args); err != nil {
		return helpIsNotAnError(err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("plan: unexpected argument %q", fs.Arg(0))
	}
	if *jdFile == "" {
		fmt.Fprint(e.stderr, planUsage)
		return errors.New("plan: --jd FILE is required")
	}
	jd, err := readTextFile(*jdFile, e, interview.MaxJobDescriptionBytes, "--jd")
	if err != nil {
		return err
	}
	var resume string
	if *resumeFile != "" {
		if resume, err = readTextFile(*resumeFile, e, interview.MaxResumeBytes, "--resume"); err != nil {
			return err
		}
	}
	bank, err := loadBank(*bankDir)
	if err != nil {
		return err
	}
	switch *llm {
	case "off", "auto", "on":
	default:
		return fmt.Errorf("plan: --llm must be off, auto or on, not %q", *llm)
	}
	writer, err := newPlanWriter(*llm, e)
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	req := interview.PlanRequest{Role: *role, Count: *count, Seed: seed}
	var tp interview.TailoredPlan
	if writer != nil {
		tp, err = writer.Plan(ctx, bank, jd, resume, req)
	} else {
		tp, err = interview.TailorPlan(bank, jd, resume, req)
	}
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	out := planOutput{JDTerms: []string{}, Role: tp.Plan.Role, Roles: tp.Roles, Seed: tp.Plan.Seed, Questions: tp.Questions}
	if tp.Plan.Tailoring != nil {
		out.LLM = tp.Plan.Tailoring.LLM
	}
	for _, t := range tp.Terms {
		out.JDTerms = append(out.JDTerms, t.Term)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	w := e.stdout
	fmt.Fprintf(w, "Posting terms: %s\n", strings.Join(out.JDTerms, ", "))
	var roles []string
	for _, r := range tp.Roles {
		roles = append(roles, fmt.Sprintf("%s %.0f%%", r.Role, 100*r.Weight))
	}
	if len(roles) > 0 {
		fmt.Fprintf(w, "Closest roles: %s\n", strings.Join(roles, ", "))
	}
	fmt.Fprintf(w, "Seed: %d\n", tp.Plan.Seed)
	if l := out.LLM; l != nil {
		switch {
		case l.Used:
			fmt.Fprintf(w, "Written by %s (prompt %s); %d of its questions set aside\n", l.Model, l.PromptVersion, len(l.Rejected))
		default:
			fmt.Fprintf(w, "Offline plan: the model was not used (%s)\n", l.Fallback)
		}
	}
	fmt.Fprintln(w)
	for i, q := range tp.Questions {
		fmt.Fprintf(w, "%d. [%s, %s] %s\n", i+1, q.Category, q.Source, q.Question)
		fmt.Fprintf(w, "   id: %s\n", q.ID)
		if len(q.Targets) > 0 {
			fmt.Fprintf(w, "   probes: %s\n", strings.Join(q.Targets, "; "))
		}
		if q.Tips != "" {
			fmt.Fprintf(w, "   tips: %s\n", q.Tips)
		}
		for _, p := range q.TalkingPoints {
			fmt.Fprintf(w, "   - %s\n", p.Label)
		}
		fmt.Fprintln(w)
	}
	return nil
}

// readTextFile reads a text file (- is standard input), refusing one over
// limit bytes.
func readTextFile(path string, e env, limit int, flagName string) (string, error) {
	var data []byte
	var err error
	if path == "-" {
		buf := make([]byte, 0, 4096)
		tmp := make([]byte, 4096)
		for {
			n, rerr := e.stdin.Read(tmp)
			buf = append(buf, tmp[:n]...)
			if rerr != nil || len(buf) > limit {
				break
			}
		}
		data = buf
	} else {
		data, err = os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("plan: %s: %w", flagName, err)
		}
	}
	if len(data) > limit {
		return "", fmt.Errorf("plan: %s %s is over the %d KiB limit", flagName, path, limit>>10)
	}
	return string(data), nil
}
