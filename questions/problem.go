package questions

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidBank is wrapped by every *ValidationError, so callers can test
// for a broken bank with errors.Is without caring about the details.
var ErrInvalidBank = errors.New("invalid question bank")

// ErrNoRoleFiles means a bank directory holds no *.yaml role files: almost
// always a wrong --bank-dir or files named *.yml.
var ErrNoRoleFiles = errors.New("no *.yaml role files")

// Problem is one thing wrong (or, as a warning, questionable) in a bank
// file: where it is and what is wrong.
type Problem struct {
	File       string `json:"file"`                  // as given to the loader, e.g. "bank/backend-developer.yaml"
	Line       int    `json:"line,omitempty"`        // 1-based line in File, 0 when unknown
	QuestionID string `json:"question_id,omitempty"` // empty for role-level problems
	Field      string `json:"field,omitempty"`       // YAML path inside the role or question, e.g. "talking_points[2].phrases"
	Message    string `json:"message"`
}

// String formats the problem the way compilers do, so editors can jump to
// it: `bank/backend-developer.yaml:42: question "be-cap-theorem": tips: empty`.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.QuestionID != "" {
		fmt.Fprintf(&b, "question %q: ", p.QuestionID)
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError lists every problem found while loading a bank, not
// only the first, so a bank author can fix them all in one pass.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	switch len(e.Problems) {
	case 0:
		return ErrInvalidBank.Error()
	case 1:
		return e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrInvalidBank) true.
func (e *ValidationError) Unwrap() error { return ErrInvalidBank }
