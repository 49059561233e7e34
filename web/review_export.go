package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
)

// Exports of a transcript with its review: Markdown to read, JSON to
// process, CSV (one row per turn) for a spreadsheet.

// ExportJSON is the JSON export. AnswerParts cuts each turn's answer into
// the main answer and each follow-up asked (with its question, its answer's
// byte range in the turn's answer, or skipped), so that a reader need not
// split the joined answer itself.
type ExportJSON struct {
	Transcript  Transcript        `json:"transcript"`
	Review      ReviewView        `json:"review"`
	AnswerParts []TurnAnswerParts `json:"answer_parts"`
	ExportedAt  time.Time         `json:"exported_at"`
}

// TurnAnswerParts is one turn's answer, part by part.
type TurnAnswerParts struct {
	Turn  int                    `json:"turn"`
	Parts []interview.AnswerPart `json:"parts"`
}

func answerParts(sess interview.Session) []TurnAnswerParts {
	out := []TurnAnswerParts{}
	for _, t := range sess.Turns {
		out = append(out, TurnAnswerParts{Turn: t.Index, Parts: t.AnswerParts()})
	}
	return out
}

func handleExport(engine SessionEngine, accounts AccountStore, reviews ReviewService, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := onlyParams(c, "format"); err != nil {
			writeError(c, err)
			return
		}
		format := c.DefaultQuery("format", "md")
		if format != "md" && format != "json" && format != "csv" {
			writeError(c, badRequest(CodeInvalidParameter, "format", "format must be md, json or csv"))
			return
		}
		sess, _, err := authorizedSession(c, engine, accounts, nil, "")
		if err != nil {
			writeError(c, err)
			return
		}
		rev, err := reviews.Review(c.Request.Context(), sess.ID)
		if err != nil {
			writeError(c, err)
			return
		}
		var (
			body        []byte
			contentType string
		)
		switch format {
		case "json":
			body, err = json.MarshalIndent(ExportJSON{Transcript: transcriptOf(sess), Review: reviewView(sess, rev), AnswerParts: answerParts(sess), ExportedAt: now().UTC()}, "", "  ")
			contentType = "application/json; charset=utf-8"
		case "csv":
			body, err = transcriptCSV(sess, rev)
			contentType = "text/csv; charset=utf-8"
		default:
			body = []byte(transcriptMarkdown(sess, rev))
			contentType = "text/markdown; charset=utf-8"
		}
		if err != nil {
			writeError(c, err)
			return
		}
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="interview-%s.%s"`, sess.ID, format))
		c.Header("Cache-Control", "no-store")
		c.Data(http.StatusOK, contentType, body)
	}
}

// transcriptMarkdown renders a transcript with its review as Markdown.
func transcriptMarkdown(sess interview.Session, rev interview.Review) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Mock interview: %s\n\n", mdEscape(sess.Plan.RoleName))
	fmt.Fprintf(&b, "- Session: `%s`\n- Date: %s\n- Mode: %s\n- State: %s\n",
		sess.ID, sess.CreatedAt.Format("2006-01-02 15:04 MST"), sess.Plan.Mode, sess.State)
	if sess.Summary != nil {
		fmt.Fprintf(&b, "- Average score: %.0f (%d of %d answered)\n", sess.Summary.Average, sess.Summary.Answered, sess.Summary.Total)
	}
	for _, t := range sess.Turns {
		fmt.Fprintf(&b, "\n## Question %d (%s)\n\n%s\n\n", t.Index, t.Question.Category, mdEscape(t.Question.Text))
		switch {
		case t.Skipped:
			b.WriteString("_Skipped._\n")
			continue
		case t.Answer == "":
			b.WriteString("_Not answered._\n")
			continue
		}
		parts := t.AnswerParts()
		b.WriteString("### Answer\n\n")
		mdQuote(&b, parts[0].Text)
		fmt.Fprintf(&b, "\nTime to answer: %s", (time.Duration(t.ElapsedMS) * time.Millisecond).Round(time.Second))
		if t.Overtime {
			b.WriteString(" (over the time limit)")
		}
		b.WriteString(voiceMarkdown(sess.ID, t))
		for _, p := range parts[1:] {
			fmt.Fprintf(&b, "\n\n### Follow-up %d\n\n%s\n\n", p.FollowUp, mdEscape(p.Question))
			switch {
			case p.Text != "":
				mdQuote(&b, p.Text)
			case p.Skipped:
				b.WriteString("_Skipped._\n")
			default:
				b.WriteString("_Not answered yet._\n")
			}
		}
		b.WriteString("\n\n### Score\n\n")
		if t.Score != nil {
			fmt.Fprintf(&b, "- Engine score: %d (band %d)\n", t.Score.Overall, t.Score.Band)
			if i := t.InitialScore; i != nil && i.Overall != t.Score.Overall {
				fmt.Fprintf(&b, "- First answer: %d (band %d), %d after the follow-up\n", i.Overall, i.Band, t.Score.Overall)
			}
			s := t.Score.Star
			fmt.Fprintf(&b, "- STAR: situation %s, task %s, action %s, result %s\n",
				yesNo(s.Situation.Present), yesNo(s.Task.Present), yesNo(s.Action.Present), yesNo(s.Result.Present))
			var covered []string
			for _, p := range t.Score.Coverage.Points {
				covered = append(covered, fmt.Sprintf("%s: %s", p.Label, p.Status))
			}
			if len(covered) > 0 {
				fmt.Fprintf(&b, "- Talking points: %s\n", strings.Join(covered, "; "))
			}
		} else {
			b.WriteString("- Not scored\n")
		}
		for _, o := range rev.Overrides {
			if o.Turn == t.Index {
				fmt.Fprintf(&b, "- Overridden to %d by %s on %s: %s\n", o.Overall, mdLine(o.AuthorEmail), o.CreatedAt.Format("2006-01-02"), mdLine(o.Reason))
			}
		}
		if o := rev.LatestOverride(t.Index); o != nil {
			fmt.Fprintf(&b, "- **Effective score: %d**\n", o.Overall)
		}
		if t.Score != nil && t.Score.Feedback.Summary != "" {
			fmt.Fprintf(&b, "\n### Feedback\n\n%s\n", mdEscape(t.Score.Feedback.Summary))
			for _, s := range t.Score.Feedback.Strengths {
				fmt.Fprintf(&b, "- Strength: %s\n", mdLine(s))
			}
			for _, s := range t.Score.Feedback.Improvements {
				fmt.Fprintf(&b, "- To improve: %s\n", mdLine(s))
			}
		}
		if comments := rev.TurnComments(t.Index); len(comments) > 0 {
			b.WriteString("\n### Coach comments\n\n")
			for _, cm := range comments {
				fmt.Fprintf(&b, "- On “%s” (bytes %d–%d), %s: %s\n", mdLine(cm.Quote), cm.Start, cm.End, mdLine(cm.AuthorEmail), mdLine(cm.Body))
			}
		}
	}
	b.WriteString(jobFitMarkdown(sess)) // tailor_views.go
	return b.String()
}

// mdQuote writes an answer as a Markdown block quote, line by line.
func mdQuote(b *strings.Builder, text string) {
	for _, line := range strings.Split(text, "\n") {
		b.WriteString("> " + mdAnswerLine(strings.TrimSuffix(line, "\r")) + "\n")
	}
}

// mdAnswerLine writes one line of an answer as the candidate wrote it but
// inert: no HTML, no links or images ("[x](…)", "![x](…)" have their
// brackets escaped), and bare web addresses in code spans so that viewers
// do not turn them into live links.
func mdAnswerLine(line string) string {
	line = answerSafe.Replace(line)
	return bareURL.ReplaceAllStringFunc(line, func(u string) string {
		if strings.Contains(u, "`") {
			return u
		}
		return "`" + u + "`"
	})
}

var (
	answerSafe = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "[", "\\[", "]", "\\]", "`", "\\`")
	bareURL    = regexp.MustCompile(`(?i)\b(?:https?://|ftp://|www\.)[^\s]+`)
)

// mdEscape keeps text from being read as Markdown markup.
func mdEscape(s string) string {
	r := strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "#", "\\#", "[", "\\[", "]", "\\]", "<", "&lt;")
	return r.Replace(s)
}

// mdLine is mdEscape for a field written on one line (a list item): its
// line breaks become spaces, so that it cannot start a heading or an item.
func mdLine(s string) string {
	return mdEscape(lineBreaks.Replace(s))
}

var (
	lineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\u2028", " ", "\u2029", " ")
)

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// csvFollowUps is how many follow-ups the CSV has columns for: the most a
// turn may get (interview.WithMaxFollowUps).
const csvFollowUps = 2

// transcriptCSV renders one row per turn. The answer column is the text
// that was scored (the main answer and each follow-up answer after a blank
// line); the followup_N_* columns, after the others so that existing
// columns keep their places, say each follow-up asked: its question, its
// status (answered, skipped, open) and its answer.
func transcriptCSV(sess interview.Session, rev interview.Review) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{"session_id", "turn", "question_id", "category", "question", "status", "answer",
		"elapsed_ms", "overtime", "engine_score", "band", "effective_score", "override_reason", "override_by",
		"situation", "task", "action", "result", "coverage", "comments", "submitted_at", "job_fit"}
	for i := 1; i <= csvFollowUps; i++ {
		n := strconv.Itoa(i)
		header = append(header, "followup_"+n+"_question", "followup_"+n+"_status", "followup_"+n+"_answer")
	}
	header = append(header, "initial_score")
	rows := [][]string{header}
	for _, t := range sess.Turns {
		row := []string{sess.ID, strconv.Itoa(t.Index), t.Question.ID, string(t.Question.Category), csvSafe(t.Question.Text),
			string(t.Status), csvSafe(t.Answer), strconv.FormatInt(t.ElapsedMS, 10), strconv.FormatBool(t.Overtime)}
		engineScore, band, s, tt, a, r, coverage := "", "", "", "", "", "", ""
		if t.Score != nil {
			engineScore, band = strconv.Itoa(t.Score.Overall), strconv.Itoa(t.Score.Band)
			st := t.Score.Star
			s, tt, a, r = yesNo(st.Situation.Present), yesNo(st.Task.Present), yesNo(st.Action.Present), yesNo(st.Result.Present)
			coverage = strconv.FormatFloat(t.Score.Coverage.Score, 'f', 2, 64)
		}
		effective, reason, by := "", "", ""
		if overall, _, ok := rev.EffectiveOverall(t); ok {
			effective = strconv.Itoa(overall)
		}
		if o := rev.LatestOverride(t.Index); o != nil {
			reason, by = csvSafe(o.Reason), o.AuthorEmail
		}
		submitted := ""
		if t.SubmittedAt != nil {
			submitted = t.SubmittedAt.Format(time.RFC3339)
		}
		row = append(row, engineScore, band, effective, reason, by, s, tt, a, r, coverage,
			strconv.Itoa(len(rev.TurnComments(t.Index))), submitted, csvSafe(jobFitOfTurn(sess, t.Index)))
		parts := t.AnswerParts()[1:]
		for i := range csvFollowUps {
			if i >= len(parts) {
				row = append(row, "", "", "")
				continue
			}
			p, status := parts[i], "answered"
			switch {
			case p.Skipped:
				status = "skipped"
			case p.Open:
				status = "open"
			}
			row = append(row, csvSafe(p.Question), status, csvSafe(p.Text))
		}
		initial := ""
		if t.InitialScore != nil {
			initial = strconv.Itoa(t.InitialScore.Overall)
		}
		row = append(row, initial)
		rows = append(rows, row)
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("export csv: %w", err)
	}
	return buf.Bytes(), nil
}

// csvSafe keeps a spreadsheet from running a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
