package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

const questionsUsage = `usage: mockinterview questions <list|show|lint> [flags]

  list [--role R] [--category C] [--json] [--bank-dir DIR]
        list questions as a table (--json: {"roles":[...],"questions":[...]})
  show ID [--json] [--bank-dir DIR]
        print one question with its tips, talking points and reference answer
  lint [--json] [--strict] [--bank-dir DIR] [FILE_OR_DIR...]
        validate banks: the embedded bank, --bank-dir and the files or dirs
        given (layered on top); exit 1 on any error (--strict: on warnings too)
`

func runQuestions(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, questionsUsage)
		return fmt.Errorf("questions: no subcommand given; want list, show or lint")
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "list":
		return runQuestionsList(rest, e)
	case "show":
		return runQuestionsShow(rest, e)
	case "lint":
		return runQuestionsLint(ctx, rest, e)
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, questionsUsage)
		return nil
	default:
		fmt.Fprint(e.stderr, questionsUsage)
		return fmt.Errorf("questions: unknown subcommand %q; want list, show or lint", sub)
	}
}

// parseInterspersed parses flags that may come before or after positional
// arguments ("show be-cap-theorem --json"), which flag.Parse alone stops at.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func questionsFlagSet(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet("mockinterview questions "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// helpIsNotAnError turns -h into a clean exit: the usage is already printed.
func helpIsNotAnError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// roleSummary is a role in `questions list --json`: everything but the
// questions, which are listed beside it.
type roleSummary struct {
	ID            string                     `json:"id"`
	Name          string                     `json:"name"`
	Field         string                     `json:"field"`
	Description   string                     `json:"description"`
	File          string                     `json:"file"`
	QuestionCount int                        `json:"question_count"`
	Categories    map[questions.Category]int `json:"categories"`
}

func runQuestionsList(args []string, e env) error {
	fs := questionsFlagSet("list", e)
	roleID := fs.String("role", "", "only this role's questions (a role id, e.g. backend-developer)")
	category := fs.String("category", "", "only questions of this category: behavioral, technical or situational")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	bankDir := bankFlag(fs)
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return helpIsNotAnError(err)
	}
	if len(rest) > 0 {
		return fmt.Errorf("questions list: unexpected argument %q", rest[0])
	}
	bank, err := loadBank(*bankDir)
	if err != nil {
		return err
	}
	var cats []questions.Category
	if *category != "" {
		c, ok := questions.ParseCategory(*category)
		if !ok {
			return fmt.Errorf("questions list: unknown category %q; want behavioral, technical or situational", *category)
		}
		cats = append(cats, c)
	}
	roles := bank.Roles()
	if *roleID != "" {
		r, ok := bank.Role(*roleID)
		if !ok {
			return fmt.Errorf("questions list: unknown role %q; known roles: %s", *roleID, roleIDList(bank))
		}
		roles = []questions.Role{r}
	}
	qs := bank.Questions(*roleID, cats...)

	if *asJSON {
		out := struct {
			Roles     []roleSummary        `json:"roles"`
			Questions []questions.Question `json:"questions"`
		}{Roles: []roleSummary{}, Questions: qs}
		if out.Questions == nil {
			out.Questions = []questions.Question{}
		}
		for _, r := range roles {
			s := roleSummary{ID: r.ID, Name: r.Name, Field: r.Field, Description: r.Description,
				QuestionCount: len(r.Questions), Categories: map[questions.Category]int{}}
			s.File, _ = bank.File(r.ID)
			for _, q := range r.Questions {
				s.Categories[q.Category]++
			}
			out.Roles = append(out.Roles, s)
		}
		return printIndentedJSON(e.stdout, out)
	}

	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tROLE\tCATEGORY\tDIFFICULTY\tQUESTION")
	for _, q := range qs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", q.ID, q.Role, q.Category, q.Difficulty, q.Text)
	}
	return tw.Flush()
}

func runQuestionsShow(args []string, e env) error {
	fs := questionsFlagSet("show", e)
	asJSON := fs.Bool("json", false, "print the question as JSON")
	bankDir := bankFlag(fs)
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return helpIsNotAnError(err)
	}
	if len(rest) != 1 {
		return fmt.Errorf("questions show: want exactly one question id, got %d arguments", len(rest))
	}
	bank, err := loadBank(*bankDir)
	if err != nil {
		return err
	}
	q, ok := bank.Question(rest[0])
	if !ok {
		return fmt.Errorf("questions show: no question %q; run \"mockinterview questions list\" for the ids", rest[0])
	}
	if *asJSON {
		return printIndentedJSON(e.stdout, q)
	}
	roleName := q.Role
	if r, ok := bank.Role(q.Role); ok {
		roleName = r.Name
	}
	w := e.stdout
	fmt.Fprintf(w, "%s (%s, %s, %s)\n\n", q.ID, roleName, q.Category, q.Difficulty)
	fmt.Fprintf(w, "%s\n\n", wrapText(q.Text, 78, ""))
	fmt.Fprintf(w, "Tips:\n%s\n\nTalking points:\n", wrapText(q.Tips, 78, "  "))
	for _, tp := range q.TalkingPoints {
		fmt.Fprintf(w, "  - %s (%s)\n%s\n", tp.Label, tp.ID, wrapText(strings.Join(tp.Phrases, ", "), 78, "      "))
	}
	if q.ReferenceAnswer != "" {
		fmt.Fprintf(w, "\nReference answer:\n%s\n", wrapText(q.ReferenceAnswer, 78, "  "))
	}
	if len(q.FollowUps) > 0 {
		fmt.Fprint(w, "\nFollow-ups:\n")
		for _, f := range q.FollowUps {
			fmt.Fprintf(w, "  - %s\n", f)
		}
	}
	return nil
}

// lintReport is `questions lint --json`.
type lintReport struct {
	OK        bool                `json:"ok"`
	Roles     int                 `json:"roles"`
	Questions int                 `json:"questions"`
	Errors    []questions.Problem `json:"errors"`
	Warnings  []questions.Problem `json:"warnings"`
}

func runQuestionsLint(ctx context.Context, args []string, e env) error {
	fs := questionsFlagSet("lint", e)
	asJSON := fs.Bool("json", false, "print the report as JSON on stdout")
	strict := fs.Bool("strict", false, "fail on warnings too")
	bankDir := bankFlag(fs)
	targets, err := parseInterspersed(fs, args)
	if err != nil {
		return helpIsNotAnError(err)
	}

	srcs := []questions.Source{questions.EmbeddedSource()}
	if *bankDir != "" {
		srcs = append(srcs, questions.DirSource(*bankDir))
	}
	var isTarget []func(file string) bool
	for _, t := range targets {
		info, err := os.Stat(t)
		if err != nil {
			return fmt.Errorf("questions lint: %w", err)
		}
		clean := filepath.Clean(t)
		if info.IsDir() {
			srcs = append(srcs, questions.DirSource(t))
			isTarget = append(isTarget, func(file string) bool { return filepath.Dir(file) == clean })
		} else {
			srcs = append(srcs, questions.FileSource(t))
			isTarget = append(isTarget, func(file string) bool { return file == clean })
		}
	}
	// With explicit targets, report only their problems: the embedded bank
	// is there to catch ids that clash with it, not to be linted again.
	mine := func(file string) bool {
		if len(isTarget) == 0 {
			return true
		}
		for _, f := range isTarget {
			if f(file) {
				return true
			}
		}
		return false
	}

	rep := lintReport{Errors: []questions.Problem{}, Warnings: []questions.Problem{}}
	bank, err := questions.LoadSources(srcs...)
	var verr *questions.ValidationError
	switch {
	case errors.As(err, &verr):
		rep.Errors = filterProblems(verr.Problems, mine)
		if len(rep.Errors) == 0 {
			rep.Errors = verr.Problems // the bank underneath is broken: say so
		}
	case err != nil:
		return fmt.Errorf("questions lint: %w", err)
	default:
		rep.Warnings = filterProblems(bank.Warnings(), mine)
		errs, warns, err := usabilityProblems(ctx, bank, mine)
		if err != nil {
			return fmt.Errorf("questions lint: %w", err)
		}
		rep.Errors = append(rep.Errors, errs...)
		rep.Warnings = append(rep.Warnings, warns...)
		for _, r := range bank.Roles() {
			if f, _ := bank.File(r.ID); mine(f) {
				rep.Roles++
				rep.Questions += len(r.Questions)
			}
		}
	}
	rep.OK = len(rep.Errors) == 0 && (!*strict || len(rep.Warnings) == 0)

	if *asJSON {
		if err := printIndentedJSON(e.stdout, rep); err != nil {
			return err
		}
	} else {
		for _, p := range rep.Errors {
			fmt.Fprintln(e.stderr, p)
		}
		for _, p := range rep.Warnings {
			fmt.Fprintf(e.stderr, "warning: %s\n", p)
		}
		if rep.OK {
			note := ""
			if len(rep.Warnings) > 0 {
				note = fmt.Sprintf(" (%s)", pluralize(len(rep.Warnings), "warning"))
			}
			fmt.Fprintf(e.stdout, "ok: %s, %s%s\n", pluralize(rep.Roles, "role"), pluralize(rep.Questions, "question"), note)
		}
	}
	if !rep.OK {
		return fmt.Errorf("questions lint: %s, %s", pluralize(len(rep.Errors), "error"), pluralize(len(rep.Warnings), "warning"))
	}
	return nil
}

// maxPointOverlap is the Jaccard similarity of two talking points' terms
// (stemmed content words of label and phrases) at and above which they are
// near-duplicates: one thing counted twice, so an answer that says it once
// covers two points. Distinct points of one question in the shipped bank
// share at most a term or two ("rollback" in a rollout point and a rollback
// point), well under a third of their terms.
const maxPointOverlap = 0.5

// usabilityProblems are the checks that make a loaded question usable for
// practice, beyond the loader's shape rules. Errors: a model answer that
// the scorer does not put in band 5 with every talking point covered (the
// model answer is what the candidate is shown as a band-5 answer), and two
// talking points of one question that are near-duplicates. Warnings: no model
// answer, and a talking point whose label and phrases share no term with the
// tips (the tips are what the candidate reads before answering; the points are
// what they are scored on).
func usabilityProblems(ctx context.Context, bank *questions.Bank, keep func(file string) bool) (errs, warns []questions.Problem, err error) {
	scorer := scoring.New(bank)
	for _, r := range bank.Roles() {
		file, _ := bank.File(r.ID)
		if !keep(file) {
			continue
		}
		for _, q := range r.Questions {
			problem := func(field, format string, args ...any) questions.Problem {
				return questions.Problem{File: file, QuestionID: q.ID, Field: field, Message: fmt.Sprintf(format, args...)}
			}
			pointTerms := make([]map[string]bool, len(q.TalkingPoints))
			tips := questions.ContentTerms(q.Tips)
			for i, tp := range q.TalkingPoints {
				pointTerms[i] = questions.ContentTerms(tp.Label + " " + strings.Join(tp.Phrases, " "))
				named := false
				for t := range pointTerms[i] {
					if tips[t] {
						named = true
						break
					}
				}
				if !named {
					warns = append(warns, problem(fmt.Sprintf("talking_points[%d]", i),
						"point %q (%s) is not named in the tips: no word of its label or phrases appears there", tp.ID, tp.Label))
				}
			}
			for i := range pointTerms {
				for k := i + 1; k < len(pointTerms); k++ {
					if j := questions.Jaccard(pointTerms[i], pointTerms[k]); j >= maxPointOverlap {
						errs = append(errs, problem(fmt.Sprintf("talking_points[%d]", k),
							"point %q is a near-duplicate of point %q: %.0f%% of their label and phrase terms are shared (limit %.0f%%)",
							q.TalkingPoints[k].ID, q.TalkingPoints[i].ID, 100*j, 100*maxPointOverlap))
					}
				}
			}
			if q.ReferenceAnswer == "" {
				warns = append(warns, problem("reference_answer", "missing; a model answer shows the candidate what a band-5 answer says"))
				continue
			}
			res, err := scorer.Score(ctx, scoring.Input{QuestionID: q.ID, Answer: q.ReferenceAnswer})
			if err != nil {
				return nil, nil, fmt.Errorf("scoring the model answer of %s: %w", q.ID, err)
			}
			if res.Band != 5 {
				errs = append(errs, problem("reference_answer", "the model answer scores %d/100, band %d; want band 5 (%s)", res.Overall, res.Band, res.Feedback.Summary))
			}
			for _, pc := range res.Coverage.Points {
				if pc.Status != scoring.Covered {
					errs = append(errs, problem("reference_answer", "the model answer does not cover point %q (%s): %s", pc.ID, pc.Label, pc.Status))
				}
			}
		}
	}
	return errs, warns, nil
}

func filterProblems(ps []questions.Problem, keep func(file string) bool) []questions.Problem {
	out := []questions.Problem{}
	for _, p := range ps {
		if keep(p.File) {
			out = append(out, p)
		}
	}
	return out
}

func roleIDList(b *questions.Bank) string {
	var ids []string
	for _, r := range b.Roles() {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}

func pluralize(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func printIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// wrap breaks text into lines of at most width columns (words permitting),
// each starting with indent.
func wrapText(text string, width int, indent string) string {
	var b strings.Builder
	for pi, para := range strings.Split(text, "\n") {
		if pi > 0 {
			b.WriteByte('\n')
		}
		line := indent
		for _, word := range strings.Fields(para) {
			if len(line) > len(indent) && len(line)+1+len(word) > width {
				b.WriteString(line)
				b.WriteByte('\n')
				line = indent
			}
			if len(line) > len(indent) {
				line += " "
			}
			line += word
		}
		b.WriteString(line)
	}
	return b.String()
}
