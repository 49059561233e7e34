package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

const practiceUsage = `usage: mockinterview practice [flags]

Takes a mock interview in the terminal with the same engine as the server.
Type each answer over one or more lines and end it with an empty line.
A line ":skip" skips the question (or the follow-up), ":quit" ends the
interview (the answers given are still scored). A line ":voice FILE.wav"
answers with a recording: it is transcribed (--stt), its delivery printed,
and the transcript submitted; --voice FILE answers the next question with
FILE without asking (repeat it for several). Sessions are stored in --db.

`

type practiceConfig struct {
	role, categories, difficulty, mode string
	count                              int
	seed                               int64
	seedSet                            bool
	db, owner, bankDir, llm            string
	jdFile, resumeFile                 string
	roleSet                            bool
	stt                                string
	voices                             []string
}

func parsePracticeFlags(args []string, e env) (practiceConfig, error) {
	var cfg practiceConfig
	fs := flag.NewFlagSet("practice", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, practiceUsage)
		fs.PrintDefaults()
	}
	db := e.getenv("MOCKINTERVIEW_DB")
	if db == "" {
		db = "mockinterview.db"
	}
	owner := "local"
	if u := e.getenv("USER"); u != "" {
		owner = "local:" + u
	}
	fs.StringVar(&cfg.role, "role", "backend-developer", "role id (see: mockinterview questions list)")
	fs.StringVar(&cfg.categories, "categories", "", "comma-separated categories: behavioral, technical, situational (default: all, in the 2/4/2 mix)")
	fs.IntVar(&cfg.count, "count", interview.DefaultCount, fmt.Sprintf("number of questions, 1 to %d", interview.MaxCount))
	fs.StringVar(&cfg.difficulty, "difficulty", "", "only questions of this difficulty: easy, medium or hard")
	fs.StringVar(&cfg.mode, "mode", "practice", "practice (feedback after each answer) or exam (scores at the end)")
	seed := fs.Int64("seed", 0, "seed of the question picks (default: random, printed)")
	fs.StringVar(&cfg.db, "db", db, "SQLite database file the session is stored in (env MOCKINTERVIEW_DB)")
	fs.StringVar(&cfg.owner, "owner", owner, "whose session this is; recent questions of the owner are avoided")
	fs.StringVar(&cfg.jdFile, "jd", "", "a job posting (text file): the interview is tailored to it (docs/tailoring.md); --role becomes the fallback")
	fs.StringVar(&cfg.resumeFile, "resume", "", "a résumé (text file) whose claims become questions (with --jd)")
	bankDir := bankFlag(fs)
	llm := llmFlag(fs)
	stt := sttFlag(fs, e)
	fs.Func("voice", "a WAV recording that answers the next question (repeat for several)", func(v string) error {
		cfg.voices = append(cfg.voices, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("practice takes no arguments, got %q", fs.Arg(0))
	}
	cfg.stt = *stt
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			cfg.seed, cfg.seedSet = *seed, true
		}
		if f.Name == "role" {
			cfg.roleSet = true
		}
	})
	cfg.bankDir, cfg.llm = *bankDir, *llm
	return cfg, nil
}

// runPractice runs one interview: the engine and its store in this
// process, questions printed, answers read from stdin.
func runPractice(ctx context.Context, args []string, e env) error {
	cfg, err := parsePracticeFlags(args, e)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	bank, err := loadBank(cfg.bankDir)
	if err != nil {
		return err
	}
	scorer, err := newScorer(bank, cfg.llm, e)
	if err != nil {
		return err
	}
	store, err := sqlite.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer store.Close()
	voice, err := newSpeech(cfg.stt, e)
	if err != nil {
		return err
	}
	if len(cfg.voices) > 0 && !voice.Enabled() {
		return fmt.Errorf("--voice: %s", voice.OffReason())
	}
	writer, err := newPlanWriter(cfg.llm, e)
	if err != nil {
		return err
	}
	opts := []interview.Option{interview.WithRecordings(store)}
	if writer != nil {
		opts = append(opts, interview.WithPlanWriter(writer))
	}
	svc := interview.New(store, bank, scorer, opts...)
	defer func() {
		// Let a score in flight be stored; an interrupted one is scored
		// when the session is next resumed.
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		svc.Close(closeCtx)
	}()

	req := interview.PlanRequest{Role: cfg.role, Count: cfg.count, Difficulty: cfg.difficulty, Mode: cfg.mode}
	if !strings.EqualFold(strings.TrimSpace(cfg.mode), string(interview.ModeExam)) {
		req.Pace = string(interview.PaceCandidate) // the terminal asks "Next question?" after each turn's feedback
	}
	if cfg.categories != "" {
		req.Categories = strings.Split(cfg.categories, ",")
	}
	if cfg.seedSet {
		req.Seed = &cfg.seed
	}
	if cfg.jdFile != "" {
		if req.JobDescription, err = readTextFile(cfg.jdFile, e, interview.MaxJobDescriptionBytes, "--jd"); err != nil {
			return err
		}
		if !cfg.roleSet {
			req.Role = "" // inferred from the posting
		}
	}
	if cfg.resumeFile != "" {
		if req.Resume, err = readTextFile(cfg.resumeFile, e, interview.MaxResumeBytes, "--resume"); err != nil {
			return err
		}
	}
	sess, err := svc.Create(ctx, cfg.owner, req)
	var ve *interview.ValidationError
	if errors.As(err, &ve) {
		return fmt.Errorf("--%s: %s", ve.Field, ve.Message)
	}
	if err != nil {
		return err
	}
	p := &practiceTerminal{out: e.stdout, sess: sess, speech: voice, voices: cfg.voices, firstScores: map[int]int{}}
	p.intro()
	if err := svc.Start(ctx, sess.ID); err != nil {
		return err
	}
	in := newLineReader(e.stdin)
	defer in.close()
	return p.run(ctx, svc, in, cfg.db)
}

// practiceTerminal prints a session's events and reads the answers.
type practiceTerminal struct {
	out       io.Writer
	sess      interview.Session
	feedingOn int // the turn whose feedback is being streamed
	// firstScores are the turns' first answers' scores: a later score of
	// a turn is the one after a follow-up answer.
	firstScores map[int]int
	speech      *speech.Service
	voices      []string // --voice recordings not used yet
}

func (p *practiceTerminal) intro() {
	plan := p.sess.Plan
	fmt.Fprintf(p.out, "%s mock interview, %s mode: %d questions (seed %d).\n", plan.RoleName, plan.Mode, plan.Count, plan.Seed)
	fmt.Fprintln(p.out, `End each answer with an empty line. ":skip" skips a question, ":quit" ends the interview.`)
}

func (p *practiceTerminal) run(ctx context.Context, svc *interview.Service, in *lineReader, db string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan interview.Event)
	followed := make(chan error, 1)
	go func() {
		followed <- svc.Follow(ctx, p.sess.ID, 0, func(ev interview.Event) error {
			select {
			case events <- ev:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	defer func() {
		cancel()
		<-followed
	}()
	id := p.sess.ID
	for {
		var ev interview.Event
		select {
		case <-ctx.Done():
			fmt.Fprintf(p.out, "\nInterrupted. Session %s is kept in %s.\n", id, db)
			return ctx.Err()
		case err := <-followed:
			return err
		case ev = <-events:
		}
		switch ev.Type {
		case interview.EventQuestion:
			var q interview.QuestionData
			if err := ev.Decode(&q); err != nil {
				return err
			}
			fmt.Fprintf(p.out, "\nQuestion %d of %d (%s, %s):\n%s\n", q.Index, q.Total, q.Category, minutes(q.TimeLimitS), q.Text)
			if err := p.respond(ctx, svc, in, q.Turn); err != nil {
				return err
			}
		case interview.EventFollowUp:
			var f interview.FollowUpData
			if err := ev.Decode(&f); err != nil {
				return err
			}
			fmt.Fprintf(p.out, "\nFollow-up: %s\n", f.Text)
			if err := p.respond(ctx, svc, in, f.Turn); err != nil {
				return err
			}
		case interview.EventAnswerAck:
			var a interview.AnswerAckData
			if err := ev.Decode(&a); err != nil {
				return err
			}
			if a.Overtime && a.FollowUp == 0 && !a.Skipped {
				fmt.Fprintf(p.out, "(answered after the time limit: %s)\n", (time.Duration(a.ElapsedMS) * time.Millisecond).Round(time.Second))
			}
		case interview.EventScoreDelta:
			var d interview.ScoreDeltaData
			if err := ev.Decode(&d); err != nil {
				return err
			}
			if p.feedingOn != d.Turn {
				p.feedingOn = d.Turn
				fmt.Fprintf(p.out, "\nFeedback on question %d: ", d.Turn)
			}
			fmt.Fprint(p.out, d.Text)
		case interview.EventScore:
			var s interview.ScoreData
			if err := ev.Decode(&s); err != nil {
				return err
			}
			p.feedingOn = 0
			if first, ok := p.firstScores[s.Turn]; ok { // a rescore after a follow-up answer
				fmt.Fprintf(p.out, "\nScore for question %d: first answer %d → after follow-up %d/100 (band %d)\n", s.Turn, first, s.Result.Overall, s.Result.Band)
				break
			}
			p.firstScores[s.Turn] = s.Result.Overall
			fmt.Fprintf(p.out, "\nScore for question %d: %d/100 (band %d)\n", s.Turn, s.Result.Overall, s.Result.Band)
		case interview.EventReady:
			// The page waits for the candidate's "Next question"; the
			// terminal has printed the feedback and asks at once.
			if err := svc.Next(ctx, id); err != nil {
				var rej *interview.Rejection
				if !errors.As(err, &rej) {
					return err
				}
			}
		case interview.EventError:
			var d interview.ErrorData
			if err := ev.Decode(&d); err != nil {
				return err
			}
			fmt.Fprintf(p.out, "error: %s\n", d.Message)
		case interview.EventFinished:
			var f interview.FinishedData
			if err := ev.Decode(&f); err != nil {
				return err
			}
			printSummary(p.out, f.Summary)
			fmt.Fprintf(p.out, "Session %s is saved in %s.\n", id, db)
			return nil
		}
	}
}

// respond reads one answer and sends it (or the skip, or the end).
func (p *practiceTerminal) respond(ctx context.Context, svc *interview.Service, in *lineReader, turn int) error {
	answer, ok := "", true
	for {
		if len(p.voices) > 0 {
			answer, p.voices = ":voice "+p.voices[0], p.voices[1:]
		} else {
			fmt.Fprint(p.out, "> ")
			answer, ok = in.answer(ctx)
		}
		file, spoken := strings.CutPrefix(answer, ":voice ")
		if !ok || !spoken {
			break
		}
		text, err := p.transcribe(ctx, svc, turn, strings.TrimSpace(file))
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fmt.Fprintf(p.out, "error: %v; type the answer, or :voice another recording\n", err)
			continue
		}
		answer = text
		break
	}
	var err error
	switch {
	case !ok || answer == ":quit":
		err = svc.End(ctx, p.sess.ID)
	case answer == ":skip":
		err = svc.Skip(ctx, p.sess.ID, turn)
	default:
		err = svc.Answer(ctx, p.sess.ID, turn, answer)
	}
	var rej *interview.Rejection
	if errors.As(err, &rej) {
		return nil // printed from its error event
	}
	return err
}

func minutes(seconds int) string {
	if seconds%60 == 0 {
		return fmt.Sprintf("%d min", seconds/60)
	}
	return (time.Duration(seconds) * time.Second).String()
}

func printSummary(w io.Writer, s interview.Summary) {
	fmt.Fprintf(w, "\nInterview finished: %d of %d questions answered, %d skipped", s.Answered, s.Total, s.Skipped)
	if s.Overtime > 0 {
		fmt.Fprintf(w, ", %d over the time limit", s.Overtime)
	}
	fmt.Fprintln(w, ".")
	if s.Scored == 0 {
		return
	}
	fmt.Fprintf(w, "Average score: %.1f\n", s.Average)
	if s.InitialAverage != s.Average {
		fmt.Fprintf(w, "  first answers, before follow-ups: %.1f\n", s.InitialAverage)
	}
	for _, c := range s.Categories {
		if c.Scored > 0 {
			fmt.Fprintf(w, "  %-12s %.1f (%d scored)\n", c.Category, c.Average, c.Scored)
		}
	}
	if s.Star.Answers > 0 {
		fmt.Fprintf(w, "STAR parts (0-1): situation %.2f, task %.2f, action %.2f, result %.2f\n",
			s.Star.Situation, s.Star.Task, s.Star.Action, s.Star.Result)
	}
	if s.Best != nil && s.Weakest != nil && s.Best.Turn != s.Weakest.Turn {
		fmt.Fprintf(w, "Best answer: question %d (%d). Weakest: question %d (%d).\n", s.Best.Turn, s.Best.Overall, s.Weakest.Turn, s.Weakest.Overall)
	}
	printJobFit(w, s.JobFit)
}

// printJobFit lists the posting's terms the answers covered and those
// they never addressed.
func printJobFit(w io.Writer, fit []interview.JobFitTerm) {
	if len(fit) == 0 {
		return
	}
	var missed []string
	covered := 0
	for _, f := range fit {
		if f.Covered {
			covered++
		} else {
			missed = append(missed, f.Term)
		}
	}
	fmt.Fprintf(w, "Job fit: %d of %d posting terms covered\n", covered, len(fit))
	for _, f := range fit {
		if f.Covered {
			fmt.Fprintf(w, "  covered %-24s question %d: %q\n", f.Term, f.Turn, f.Evidence.Text)
		}
	}
	if len(missed) > 0 {
		fmt.Fprintf(w, "  never addressed: %s\n", strings.Join(missed, ", "))
	}
}

// lineReader reads stdin lines in its own goroutine, so that the
// interview loop can stop on a signal while a read is blocked. The
// goroutine ends at end of input; a blocked terminal read ends with the
// process.
type lineReader struct {
	lines <-chan string
	stop  chan struct{}
}

func newLineReader(r io.Reader) *lineReader {
	lines := make(chan string)
	stop := make(chan struct{})
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), interview.MaxAnswerBytes*2)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-stop:
				return
			}
		}
	}()
	return &lineReader{lines: lines, stop: stop}
}

// close lets the reading goroutine end once its current read returns.
func (r *lineReader) close() { close(r.stop) }

// answer returns the next answer: the lines up to an empty line (leading
// empty lines ignored), or a command line alone (:skip, :quit, :voice F). It reports false at end
// of input with nothing read, or when ctx is done.
func (r *lineReader) answer(ctx context.Context) (string, bool) {
	var lines []string
	for {
		select {
		case <-ctx.Done():
			return "", false
		case line, ok := <-r.lines:
			if !ok {
				return strings.Join(lines, "\n"), len(lines) > 0
			}
			trimmed := strings.TrimSpace(line)
			if len(lines) == 0 && (trimmed == ":skip" || trimmed == ":quit" || strings.HasPrefix(trimmed, ":voice ")) {
				return trimmed, true
			}
			if trimmed == "" {
				if len(lines) > 0 {
					return strings.Join(lines, "\n"), true
				}
				continue
			}
			lines = append(lines, strings.TrimRight(line, " \t\r"))
		}
	}
}
