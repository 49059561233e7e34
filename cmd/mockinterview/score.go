package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/mockinterview/mockinterview/scoring"
)

// maxScoreLineBytes bounds one input line (or one multi-line object): an
// answer at the limit, JSON-escaped, plus the question and its tips.
const maxScoreLineBytes = 4*scoring.MaxAnswerBytes + 64<<10

const scoreUsage = `usage: mockinterview score [--text] [--llm off|auto|on] [--bank-dir DIR] [FILE]

Scores answers offline. Input (FILE, or stdin when FILE is absent or "-")
is JSONL, one score input a line, or JSON objects that span lines:
  {"question_id": "...", "answer": "..."}
  {"question": "...", "tips": "...", "talking_points": [...], "category": "...",
   "reference_answer": "...", "reference_answers": [...], "answer": "..."}
Output is one JSON result a line, in input order; a bad line gives
{"line": N, "error": {"code", "message", "field"}} and the exit status is 1.

flags:
`

// runScore is the score subcommand.
func runScore(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("score", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	text := fs.Bool("text", false, "print a readable report per answer instead of JSON")
	llm := llmFlag(fs)
	bankDir := bankFlag(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), scoreUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return fmt.Errorf("score: at most one input file, got %d", fs.NArg())
	}
	in := e.stdin
	if name := fs.Arg(0); name != "" && name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("score: %w", err)
		}
		defer f.Close()
		in = f
	}
	bank, err := loadBank(*bankDir)
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	scorer, err := newScorer(bank, *llm, e)
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	failed, err := scoreStream(ctx, scorer, in, e.stdout, *text)
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	if failed > 0 {
		return errSilentFailure
	}
	return nil
}

// scoreItem is one input object with the line it starts on, or the reason
// it could not be read.
type scoreItem struct {
	line int
	data []byte
	err  *lineError
}

// lineError is the error object of a bad line.
type lineError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// scoreJob is an item in flight: workers fill out and close done; the
// writer waits on done in input order.
type scoreJob struct {
	item   scoreItem
	out    []byte
	failed bool
	done   chan struct{}
}

// scoreStream scores every item of r and writes one output a line to w in
// input order, scoring up to GOMAXPROCS items at once. It returns how
// many items failed.
func scoreStream(ctx context.Context, scorer *scoring.Scorer, r io.Reader, w io.Writer, text bool) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *scoreJob)
	order := make(chan *scoreJob, 4*workers)

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.out, j.failed = scoreOne(ctx, scorer, j.item, text)
				close(j.done)
			}
		}()
	}

	// The writer owns w and the failure count.
	failed := 0
	var writeErr error
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		bw := bufio.NewWriterSize(w, 64<<10)
		for j := range order {
			<-j.done
			if j.failed {
				failed++
			}
			if writeErr != nil {
				continue
			}
			if _, err := bw.Write(j.out); err != nil {
				writeErr = err
				cancel()
				continue
			}
			// Flush when no finished result is waiting, so a slow stream
			// (a pipe fed by hand) still sees each result promptly.
			if len(order) == 0 {
				if err := bw.Flush(); err != nil {
					writeErr = err
					cancel()
				}
			}
		}
		if writeErr == nil {
			writeErr = bw.Flush()
		}
	}()

	readErr := readItems(ctx, r, func(it scoreItem) bool {
		j := &scoreJob{item: it, done: make(chan struct{})}
		select {
		case order <- j:
		case <-ctx.Done():
			return false
		}
		select {
		case jobs <- j:
		case <-ctx.Done():
			close(j.done)
			return false
		}
		return true
	})
	close(jobs)
	wg.Wait()
	close(order)
	<-writerDone
	if writeErr != nil {
		return failed, writeErr
	}
	if readErr != nil {
		return failed, readErr
	}
	return failed, ctx.Err()
}

// scoreOne scores one item and renders its output line.
func scoreOne(ctx context.Context, scorer *scoring.Scorer, it scoreItem, text bool) ([]byte, bool) {
	if it.err != nil {
		return renderError(it.line, it.err, text), true
	}
	var in scoring.Input
	if err := json.Unmarshal(it.data, &in); err != nil {
		return renderError(it.line, decodeError(err), text), true
	}
	res, err := scorer.Score(ctx, in)
	if err != nil {
		var ie *scoring.InputError
		if errors.As(err, &ie) {
			return renderError(it.line, &lineError{Code: ie.Code, Message: ie.Message, Field: ie.Field}, text), true
		}
		return renderError(it.line, &lineError{Code: "scoring_failed", Message: err.Error()}, text), true
	}
	if text {
		var b bytes.Buffer
		writeTextReport(&b, it.line, in, res)
		return b.Bytes(), false
	}
	out, err := json.Marshal(res)
	if err != nil {
		return renderError(it.line, &lineError{Code: "scoring_failed", Message: err.Error()}, text), true
	}
	return append(out, '\n'), false
}

// decodeError turns a JSON decoding error into a line error naming the
// field when it can.
func decodeError(err error) *lineError {
	var ie *scoring.InputError
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &ie):
		return &lineError{Code: ie.Code, Message: ie.Message, Field: ie.Field}
	case errors.As(err, &te):
		field := te.Field
		return &lineError{Code: "invalid_field", Field: field, Message: fmt.Sprintf("%s must be a %s, not a JSON %s", field, jsonKind(te.Type.Kind().String()), te.Value)}
	case errors.As(err, &se):
		return &lineError{Code: "invalid_json", Message: fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, err)}
	}
	return &lineError{Code: "invalid_json", Message: err.Error()}
}

func jsonKind(k string) string {
	switch k {
	case "slice", "array":
		return "list"
	case "struct", "map":
		return "object"
	}
	return k
}

func renderError(line int, le *lineError, text bool) []byte {
	if text {
		field := ""
		if le.Field != "" {
			field = " (" + le.Field + ")"
		}
		return []byte(fmt.Sprintf("== line %d: error %s%s: %s\n\n", line, le.Code, field, le.Message))
	}
	out, _ := json.Marshal(struct {
		Line  int        `json:"line"`
		Error *lineError `json:"error"`
	}{line, le})
	return append(out, '\n')
}

// readItems reads JSONL, or JSON objects spanning several lines, calling
// emit for each item in order until it returns false. Blank lines are
// skipped. A line that is not valid JSON by itself but opens an object is
// joined with the following lines until the object is complete; when the
// join turns out invalid, the first line is reported and the others are
// read again as lines of their own.
func readItems(ctx context.Context, r io.Reader, emit func(scoreItem) bool) error {
	br := bufio.NewReaderSize(r, 64<<10)
	lineNo := 0
	var pending []numberedLine // lines to read again after a failed join
	next := func() (numberedLine, error) {
		if len(pending) > 0 {
			l := pending[0]
			pending = pending[1:]
			return l, nil
		}
		data, tooLong, err := readLine(br, maxScoreLineBytes)
		if err != nil {
			return numberedLine{}, err
		}
		lineNo++
		return numberedLine{no: lineNo, data: data, tooLong: tooLong}, nil
	}
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		l, err := next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if l.tooLong {
			if !emit(scoreItem{line: l.no, err: &lineError{Code: "line_too_long", Message: fmt.Sprintf("line is longer than %d bytes; an answer may be at most %d bytes", maxScoreLineBytes, scoring.MaxAnswerBytes)}}) {
				return nil
			}
			continue
		}
		trimmed := bytes.TrimSpace(l.data)
		if len(trimmed) == 0 {
			continue
		}
		if json.Valid(trimmed) || trimmed[0] != '{' || !incomplete(trimmed) {
			if !emit(scoreItem{line: l.no, data: trimmed}) {
				return nil
			}
			continue
		}
		// An object spanning lines: join until it is complete.
		acc := append([]byte(nil), trimmed...)
		var joined []numberedLine
		item := scoreItem{line: l.no}
		for {
			nl, err := next()
			if err == io.EOF {
				item.err = &lineError{Code: "invalid_json", Message: "unexpected end of input inside a JSON object"}
				break
			}
			if err != nil {
				return err
			}
			joined = append(joined, nl)
			if nl.tooLong || len(acc)+len(nl.data) > maxScoreLineBytes {
				item.err = &lineError{Code: "line_too_long", Message: fmt.Sprintf("object is longer than %d bytes", maxScoreLineBytes)}
				joined = nil // its lines are part of the oversized object
				break
			}
			acc = append(append(acc, '\n'), nl.data...)
			if json.Valid(acc) {
				item.data = acc
				joined = nil
				break
			}
			if !incomplete(acc) {
				item.err = &lineError{Code: "invalid_json", Message: "line " + strconv.Itoa(l.no) + " is not a complete JSON object"}
				break
			}
		}
		if !emit(item) {
			return nil
		}
		pending = append(joined, pending...)
	}
}

type numberedLine struct {
	no      int
	data    []byte
	tooLong bool
}

// incomplete reports whether data is a JSON value cut short (more lines
// could complete it) rather than an invalid one.
func incomplete(data []byte) bool {
	var v json.RawMessage
	err := json.NewDecoder(bytes.NewReader(data)).Decode(&v)
	return errors.Is(err, io.ErrUnexpectedEOF)
}

// readLine reads one line (without its newline) of at most max bytes; a
// longer line is consumed and discarded and reported as tooLong.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > max+1 {
			tooLong = true
		} else {
			line = append(line, chunk...)
		}
		switch {
		case err == nil:
			return bytes.TrimRight(line, "\r\n"), tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(line) == 0 && !tooLong {
				return nil, false, io.EOF
			}
			return bytes.TrimRight(line, "\r\n"), tooLong, nil
		default:
			return nil, false, err
		}
	}
}

// writeTextReport writes the readable report of one result: the score,
// the STAR parts with their sentences, the talking points with evidence,
// the metrics and the feedback.
func writeTextReport(w io.Writer, line int, in scoring.Input, res scoring.Result) {
	q := in.Question
	if res.QuestionID != "" {
		q = res.QuestionID
	}
	fmt.Fprintf(w, "== line %d: %s\n", line, oneLine(q, 100))
	kind := string(res.Category)
	if string(res.Kind) != kind && res.Kind != "" {
		kind += ", " + strings.ReplaceAll(string(res.Kind), "_", " ")
	}
	fmt.Fprintf(w, "Overall %d/100, band %d (%s)\n", res.Overall, res.Band, kind)
	var parts []string
	for _, p := range res.Parts {
		if p.Multiplier {
			parts = append(parts, fmt.Sprintf("x%s %.2f", p.Name, p.Score))
		} else {
			parts = append(parts, fmt.Sprintf("%s %.2f (weight %.2f)", p.Name, p.Score, p.Weight))
		}
	}
	fmt.Fprintf(w, "Parts: %s\n", strings.Join(parts, ", "))
	flags := "none"
	if len(res.Flags) > 0 {
		flags = strings.Join(res.Flags, ", ")
	}
	fmt.Fprintf(w, "Flags: %s\n", flags)

	st := res.Star
	fmt.Fprintf(w, "\nSTAR: order %.2f, ownership %.2f, quantified result %s, hypothetical %s\n",
		st.Order, st.Ownership, yesNo(st.QuantifiedResult), yesNo(st.Hypothetical))
	for _, c := range []struct {
		name string
		c    scoring.Component
	}{{"situation", st.Situation}, {"task", st.Task}, {"action", st.Action}, {"result", st.Result}} {
		if c.c.Present {
			fmt.Fprintf(w, "  %-9s present (%.2f)\n", c.name, c.c.Confidence)
		} else {
			fmt.Fprintf(w, "  %-9s missing\n", c.name)
		}
	}
	fmt.Fprintln(w, "Sentences:")
	for _, s := range st.Sentences {
		fmt.Fprintf(w, "  %-9s %.2f  %q\n", s.Label, s.Confidence, oneLine(in.Answer[s.Start:s.End], 110))
	}

	fmt.Fprintf(w, "\nTalking points: coverage %.2f", res.Coverage.Score)
	if res.Coverage.Reference != nil {
		fmt.Fprintf(w, ", reference answer overlap %.2f", *res.Coverage.Reference)
	}
	fmt.Fprintln(w)
	if len(res.Coverage.Points) == 0 {
		fmt.Fprintln(w, "  (none: no tips or talking points)")
	}
	for _, p := range res.Coverage.Points {
		var ev []string
		for _, e := range p.Evidence {
			ev = append(ev, strconv.Quote(oneLine(e.Text, 60)))
		}
		status := p.Status
		if p.Contradicted {
			status = "rejected"
		}
		if len(ev) > 0 {
			fmt.Fprintf(w, "  [%-7s] %s: %s\n", status, p.Label, strings.Join(ev, ", "))
		} else {
			fmt.Fprintf(w, "  [%-7s] %s\n", status, p.Label)
		}
	}

	m := res.Metrics
	fmt.Fprintf(w, "\nMetrics: %d words, %d sentences, %d fillers, %d hedges, %d numbers, %d quantities, %d technical terms, repetition %.2f, lexical density %.2f\n",
		m.Words, m.Sentences, m.Fillers, m.Hedges, m.Numbers, m.Quantities, m.TechnicalTerms, m.Repetition, m.LexicalDensity)
	d := res.Delivery
	fmt.Fprintf(w, "Delivery: %.2f (%d fillers, %.1f per 100 words; %d hedges; %d repeats; %.0f words per point)\n",
		d.Score, d.FillerCount, d.FillerRate, d.HedgeCount, d.RepeatCount, d.WordsPerPoint)
	for _, c := range res.Rubric {
		fmt.Fprintf(w, "Rubric %s: %d/5 %s\n", c.Criterion, c.Score, c.Reasoning)
	}

	fmt.Fprintf(w, "\nSummary: %s\n", res.Feedback.Summary)
	for _, s := range res.Feedback.Strengths {
		fmt.Fprintf(w, "  + %s\n", s)
	}
	for _, s := range res.Feedback.Improvements {
		fmt.Fprintf(w, "  - %s\n", s)
	}
	fmt.Fprintf(w, "Engine: %s\n\n", engineString(res.Engine))
}

func engineString(e scoring.Engine) string {
	s := e.Version
	if e.Model != "" {
		s += ", model " + e.Model
	}
	if e.PromptVersion != "" {
		s += ", prompt " + e.PromptVersion
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// oneLine folds white space and cuts s to max runes with an ellipsis.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}
