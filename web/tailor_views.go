package web

import (
	"fmt"
	"strings"

	"github.com/mockinterview/mockinterview/interview"
)

// Job fit (docs/tailoring.md) in the coach's transcript page and the
// exports: each posting term covered by an answer, with its evidence, or
// never addressed. The JSON export carries it in transcript.summary.job_fit.

// jobFitCovered counts the covered terms.
func jobFitCovered(fit []interview.JobFitTerm) int {
	n := 0
	for _, t := range fit {
		if t.Covered {
			n++
		}
	}
	return n
}

// jobFitMarkdown is the Markdown export's job-fit section: the terms, and
// the posting and résumé as given (quoted, inert). Empty for a session
// not made from a posting.
func jobFitMarkdown(sess interview.Session) string {
	tl := sess.Plan.Tailoring
	if tl == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n## Job fit\n\n")
	switch {
	case sess.Summary == nil || len(sess.Summary.JobFit) == 0:
		terms := make([]string, 0, len(tl.Terms))
		for _, t := range tl.Terms {
			terms = append(terms, mdLine(t.Term))
		}
		fmt.Fprintf(&b, "_Shown when the interview is finished._ Posting terms: %s.\n", strings.Join(terms, ", "))
	default:
		fit := sess.Summary.JobFit
		fmt.Fprintf(&b, "%d of %d posting terms covered by the answers.\n\n", jobFitCovered(fit), len(fit))
		for _, t := range fit {
			if !t.Covered {
				fmt.Fprintf(&b, "- **%s**: never addressed\n", mdLine(t.Term))
				continue
			}
			fmt.Fprintf(&b, "- **%s**: covered in question %d", mdLine(t.Term), t.Turn)
			if t.Evidence != nil {
				fmt.Fprintf(&b, ": “%s” (bytes %d–%d)", mdAnswerLine(lineBreaks.Replace(t.Evidence.Text)), t.Evidence.Start, t.Evidence.End)
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\n### Job posting\n\n")
	quoteLines(&b, tl.JobDescription)
	if tl.Resume != "" {
		b.WriteString("\n### Résumé\n\n")
		quoteLines(&b, tl.Resume)
	}
	return b.String()
}

func quoteLines(b *strings.Builder, text string) {
	for _, line := range strings.Split(text, "\n") {
		b.WriteString("> " + mdAnswerLine(strings.TrimSuffix(line, "\r")) + "\n")
	}
}

// jobFitOfTurn is the CSV export's job_fit cell of a turn: the posting
// terms this turn's answer was the first to cover, "; "-separated.
func jobFitOfTurn(sess interview.Session, turn int) string {
	if sess.Summary == nil {
		return ""
	}
	var terms []string
	for _, t := range sess.Summary.JobFit {
		if t.Covered && t.Turn == turn {
			terms = append(terms, t.Term)
		}
	}
	return strings.Join(terms, "; ")
}
