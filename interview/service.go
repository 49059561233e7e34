package interview

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// Scorer scores one answer, streaming pieces of written feedback to
// onDelta (which may be nil), and may suggest a follow-up question aimed at
// the answer's weakest part ("" for none: the engine then picks one of its
// own, see chooseFollowUp). *scoring.Scorer implements it; its suggestion
// is the LLM judge's, when one is configured.
type Scorer interface {
	ScoreWithFollowUp(ctx context.Context, in scoring.Input, onDelta func(string)) (scoring.Result, string, error)
}

// Service is the interview engine: it plans sessions, asks their questions,
// takes answers, scores them in the background, asks follow-ups and writes
// the summary, storing every change with its events before publishing them.
// It is safe for concurrent use; see the package comment for the
// concurrency contract.
type Service struct {
	store  Store
	bank   *questions.Bank
	scorer Scorer
	cfg    config
	locks  sessionLocks

	mu       sync.Mutex
	closed   bool
	tasks    map[string]bool // sessions with a scoring task running
	wg       sync.WaitGroup
	stop     chan struct{} // closed when Close gives up waiting: tasks abort
	stopOnce sync.Once
}

type config struct {
	now           func() time.Time
	notifier      Notifier
	maxFollowUps  int
	followUpBelow int
	timeLimits    map[questions.Category]time.Duration
	scoreTimeout  time.Duration
	recentWindow  int
	pollInterval  time.Duration
	logger        *slog.Logger
	recordings    RecordingStore
	planWriter    *PlanWriter
}

// Option configures a Service.
type Option func(*config)

// WithClock sets the clock (default time.Now). Times are stored in UTC at
// microsecond precision, what every Store keeps.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithNotifier sets how new events are announced (default: a new in-process
// Broker).
func WithNotifier(n Notifier) Option { return func(c *config) { c.notifier = n } }

// WithMaxFollowUps sets how many follow-up questions a turn may get in
// practice mode (default 1, at most 2; 0 turns follow-ups off).
func WithMaxFollowUps(n int) Option {
	return func(c *config) { c.maxFollowUps = max(0, min(n, 2)) }
}

// WithFollowUpBelow sets the overall score below which a follow-up is asked
// (default 80): a better answer leaves no room worth probing.
func WithFollowUpBelow(overall int) Option { return func(c *config) { c.followUpBelow = overall } }

// WithTimeLimit sets the time limit of a category's questions (defaults:
// behavioral and situational 180 s, technical 240 s).
func WithTimeLimit(cat questions.Category, d time.Duration) Option {
	return func(c *config) { c.timeLimits[cat] = d }
}

// WithScoreTimeout bounds the scoring of one answer (default 2 minutes).
func WithScoreTimeout(d time.Duration) Option { return func(c *config) { c.scoreTimeout = d } }

// WithRecentWindow sets how many of an owner's latest questions new
// sessions avoid (default 100).
func WithRecentWindow(n int) Option { return func(c *config) { c.recentWindow = n } }

// WithPollInterval sets how often Follow re-reads the store without a
// notification (default 10 s, with a jitter of up to 10 %), which is how events written by another
// process reach followers when the Notifier is in-process.
func WithPollInterval(d time.Duration) Option { return func(c *config) { c.pollInterval = d } }

// WithLogger sets where background failures are logged (default
// slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// New returns an engine on store that picks questions from bank and scores
// answers with scorer.
func New(store Store, bank *questions.Bank, scorer Scorer, opts ...Option) *Service {
	cfg := config{
		now:           time.Now,
		maxFollowUps:  1,
		followUpBelow: 80,
		timeLimits: map[questions.Category]time.Duration{
			questions.Behavioral:  180 * time.Second,
			questions.Technical:   240 * time.Second,
			questions.Situational: 180 * time.Second,
		},
		scoreTimeout: 2 * time.Minute,
		recentWindow: 100,
		pollInterval: 10 * time.Second,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.notifier == nil {
		cfg.notifier = NewBroker()
	}
	if cfg.logger == nil {
		cfg.logger = slog.Default()
	}
	return &Service{
		store:  store,
		bank:   bank,
		scorer: scorer,
		cfg:    cfg,
		locks:  sessionLocks{m: map[string]*sessionLock{}},
		tasks:  map[string]bool{},
		stop:   make(chan struct{}),
	}
}

func (s *Service) now() time.Time { return s.cfg.now().UTC().Truncate(time.Microsecond) }

// Create plans a new session for owner and stores it with its session
// event (seq 1). Invalid requests give a *ValidationError.
func (s *Service) Create(ctx context.Context, owner string, req PlanRequest) (Session, error) {
	if s.isClosed() {
		return Session{}, ErrClosed
	}
	owner = strings.TrimSpace(owner)
	if owner == "" {
		return Session{}, invalid("owner", "owner is required")
	}
	var plan Plan
	if strings.TrimSpace(req.JobDescription) != "" || req.Resume != "" {
		tp, err := s.tailor(ctx, req)
		if err != nil {
			return Session{}, err
		}
		plan = tp.Plan
	} else {
		var err error
		plan, err = validatePlan(s.bank, req)
		if err != nil {
			return Session{}, err
		}
		recent, err := s.store.RecentQuestionIDs(ctx, owner, s.cfg.recentWindow)
		if err != nil {
			return Session{}, fmt.Errorf("create session: %w", err)
		}
		plan.QuestionIDs, plan.Mix, err = pickQuestions(s.bank, plan, recent)
		if err != nil {
			return Session{}, err
		}
	}
	plan.TimeLimits = map[questions.Category]int{}
	for _, c := range plan.Categories {
		plan.TimeLimits[c] = int(s.cfg.timeLimits[c] / time.Second)
	}
	if plan.Mode == ModePractice {
		plan.MaxFollowUps = s.cfg.maxFollowUps
	}
	now := s.now()
	sess := Session{
		ID:        newSessionID(),
		Owner:     owner,
		Plan:      plan,
		State:     StateCreated,
		CreatedAt: now,
		UpdatedAt: now,
		Version:   1,
	}
	ev, err := newEvent(sess.ID, EventSession, sessionData(sess), now)
	if err != nil {
		return Session{}, err
	}
	evs, err := s.store.CreateSession(ctx, sess, []Event{ev})
	if err != nil {
		return Session{}, fmt.Errorf("create session: %w", err)
	}
	s.publish(ctx, sess.ID, evs)
	return sess, nil
}

func sessionData(sess Session) SessionData {
	p := sess.Plan
	return SessionData{
		ID:           sess.ID,
		Role:         p.Role,
		RoleName:     p.RoleName,
		Mode:         p.Mode,
		Pace:         p.Pace,
		Total:        p.Count,
		Categories:   p.Categories,
		Mix:          p.Mix,
		Difficulty:   p.Difficulty,
		TimeLimits:   p.TimeLimits,
		MaxFollowUps: p.MaxFollowUps,
		Seed:         p.Seed,
	}
}

// Session returns the session with every turn, answer and score: the
// transcript.
func (s *Service) Session(ctx context.Context, id string) (Session, error) {
	sess, err := s.store.Session(ctx, id)
	if err != nil {
		return sess, err
	}
	return sess, s.attachRecordings(ctx, &sess)
}

// List returns the sessions f selects, newest first, without turns. The
// web layer decides which owners a caller may see.
func (s *Service) List(ctx context.Context, f ListFilter) ([]Session, error) {
	return s.store.Sessions(ctx, f)
}

// Start begins a created session: it becomes active and its first question
// is asked. Starting an active or finished session changes nothing (the
// client then replays what it missed) except that work a crash or restart
// left pending (see Resume) is picked up again.
func (s *Service) Start(ctx context.Context, id string) error {
	return s.mutate(ctx, id, func(st *step) error {
		switch st.sess.State {
		case StateCreated:
			st.sess.State = StateActive
			st.sessionChanged = true
			st.ask()
		case StateActive:
			st.scoreAfter = needsWork(&st.sess)
		}
		return nil
	})
}

// Resume picks up work left pending by a crash or restart (an answer
// stored but not scored, an End not yet finished). It is cheap and
// idempotent; the web layer calls it when a client resumes.
func (s *Service) Resume(ctx context.Context, id string) error {
	return s.mutate(ctx, id, func(st *step) error {
		st.scoreAfter = needsWork(&st.sess)
		return nil
	})
}

// followUpSeparator joins a follow-up answer to the turn's answer.
const followUpSeparator = "\n\n"

// Answer stores the answer to turn (the main answer, or the answer to the
// turn's follow-up question) with its answer.ack event, and returns once
// both are durable. In practice mode scoring then runs in the background;
// in exam mode the next question is asked in the same transaction.
func (s *Service) Answer(ctx context.Context, id string, turn int, text string) error {
	return s.mutate(ctx, id, func(st *step) error {
		t, err := st.awaiting(turn)
		if err != nil {
			return err
		}
		if len(text) > MaxAnswerBytes {
			return st.reject(turn, ErrAnswerTooLong, "answer is %d bytes; the limit is %d", len(text), MaxAnswerBytes)
		}
		if merged := len(t.Answer) + len(followUpSeparator) + len(text); t.Status == TurnFollowUp && merged > MaxAnswerBytes {
			return st.reject(turn, ErrAnswerTooLong, "with this follow-up answer the turn's answer would be %d bytes; the limit is %d", merged, MaxAnswerBytes)
		}
		if strings.TrimSpace(text) == "" {
			return st.reject(turn, ErrEmptyAnswer, "answer is empty; send skip to pass on a question")
		}
		if i, r := controlChar(text); i >= 0 {
			return st.reject(turn, ErrInvalidAnswer, "answer holds a control character (U+%04X) at byte %d", r, i)
		}
		if !utf8.ValidString(text) {
			return st.reject(turn, ErrInvalidAnswer, "answer is not valid UTF-8")
		}
		now := st.now
		t.Draft, t.DraftAt, t.DraftFollowUp = "", nil, 0
		if t.Status == TurnFollowUp {
			f := &t.FollowUps[len(t.FollowUps)-1]
			f.Answer, f.AnsweredAt = text, &now
			t.Answer += followUpSeparator + text
			t.Status = TurnAnswered
			st.emit(EventAnswerAck, AnswerAckData{Turn: turn, FollowUp: len(t.FollowUps), ElapsedMS: t.ElapsedMS, Overtime: t.Overtime})
			st.scoreAfter = true
			return nil
		}
		t.Answer = text
		t.SubmittedAt = &now
		t.ElapsedMS = now.Sub(t.AskedAt).Milliseconds()
		t.Overtime = t.ElapsedMS > int64(t.Question.TimeLimitS)*1000
		t.Status = TurnAnswered
		st.emit(EventAnswerAck, AnswerAckData{Turn: turn, ElapsedMS: t.ElapsedMS, Overtime: t.Overtime})
		if st.sess.Plan.Mode == ModeExam {
			st.advance()
		} else {
			st.scoreAfter = true
		}
		return nil
	})
}

// Next asks the next question of a practice session that waits for it
// (see ReadyData): the question's time starts now. Any other time it is
// refused with not_waiting (or not_started, finished), saying why.
func (s *Service) Next(ctx context.Context, id string) error {
	return s.mutate(ctx, id, func(st *step) error {
		sess := &st.sess
		switch {
		case sess.State == StateCreated:
			return st.reject(0, ErrNotStarted, "session has not started; send start first")
		case sess.State == StateFinished:
			return st.reject(0, ErrFinished, "session has finished")
		case sess.Ending:
			return st.reject(0, ErrFinished, "session is finishing")
		case sess.Plan.Mode != ModePractice:
			return st.reject(0, ErrNotWaiting, "in %s mode each question is asked right after the previous answer: there is no next to send", sess.Plan.Mode)
		case sess.Plan.Pace != PaceCandidate:
			return st.reject(0, ErrNotWaiting, `this session flows (each question follows the previous one's feedback): create it with "pace":"candidate" to move on with next`)
		}
		if !waitingForNext(sess) {
			cur := sess.current()
			switch cur.Status {
			case TurnAsked:
				return st.reject(cur.Index, ErrNotWaiting, "question %d is open: answer or skip it first", cur.Index)
			case TurnFollowUp:
				return st.reject(cur.Index, ErrNotWaiting, "question %d has an open follow-up: answer or skip it first", cur.Index)
			case TurnAnswered:
				return st.reject(cur.Index, ErrNotWaiting, "the score of question %d is not in yet: wait for it", cur.Index)
			}
			return st.reject(cur.Index, ErrNotWaiting, "question %d is the last one: the interview finishes once it is scored", cur.Index)
		}
		st.ask()
		return nil
	})
}

// Draft saves the client's unsent text of turn's open attempt (its main
// answer, or the answer to its open follow-up), so a reconnecting client
// can restore it; the first draft of a turn records its first keystroke.
// Drafts make no events. A draft that arrives after its turn was answered
// or the session finished is dropped without error: it raced the answer.
func (s *Service) Draft(ctx context.Context, id string, turn int, text string) error {
	return s.DraftFor(ctx, id, turn, -1, text)
}

// DraftFor is Draft for one attempt of the turn: followup 0 is the main
// answer, k the answer to follow-up k, and -1 whichever is open. A draft
// for an attempt that is no longer open (it was submitted meanwhile) is
// dropped without error, so it can never be restored into another
// attempt's box.
func (s *Service) DraftFor(ctx context.Context, id string, turn, followup int, text string) error {
	return s.mutate(ctx, id, func(st *step) error {
		sess := &st.sess
		if sess.State == StateFinished || sess.Ending {
			return nil
		}
		if sess.State == StateCreated {
			return st.reject(turn, ErrNotStarted, "session has not started; send start first")
		}
		cur := sess.current()
		if turn < 1 || turn > cur.Index {
			return st.reject(turn, ErrWrongTurn, "turn %d has not been asked; the current turn is %d", turn, cur.Index)
		}
		if turn < cur.Index || (cur.Status != TurnAsked && cur.Status != TurnFollowUp) {
			return nil
		}
		if len(text) > MaxAnswerBytes {
			return st.reject(turn, ErrAnswerTooLong, "draft is %d bytes; the limit is %d", len(text), MaxAnswerBytes)
		}
		if followup >= 0 && followup != cur.openAttempt() {
			return nil // typed for an attempt already submitted: it raced the answer
		}
		t := st.turn(turn)
		now := st.now
		t.Draft, t.DraftAt, t.DraftFollowUp = text, &now, t.openAttempt()
		if t.FirstKeystrokeAt == nil && t.Status == TurnAsked {
			t.FirstKeystrokeAt = &now
		}
		return nil
	})
}

// Skip passes on turn's question (or on its follow-up question) and moves
// on to the next question, or finishes the session after the last.
func (s *Service) Skip(ctx context.Context, id string, turn int) error {
	return s.mutate(ctx, id, func(st *step) error {
		t, err := st.awaiting(turn)
		if err != nil {
			return err
		}
		t.Draft, t.DraftAt, t.DraftFollowUp = "", nil, 0
		if t.Status == TurnFollowUp {
			t.FollowUps[len(t.FollowUps)-1].Skipped = true
			t.Status = TurnScored
			st.emit(EventAnswerAck, AnswerAckData{Turn: turn, FollowUp: len(t.FollowUps), Skipped: true, ElapsedMS: t.ElapsedMS, Overtime: t.Overtime})
		} else {
			t.Skipped = true
			t.Status = TurnSkipped
			t.ElapsedMS = st.now.Sub(t.AskedAt).Milliseconds()
			st.emit(EventAnswerAck, AnswerAckData{Turn: turn, Skipped: true, ElapsedMS: t.ElapsedMS})
		}
		st.advance()
		return nil
	})
}

// End ends the session early: an unanswered question counts as skipped, an
// open follow-up is dropped, answers already given are still scored, then
// the session finishes. Ending a session that is already ending is a no-op;
// ending a finished one is ErrFinished.
func (s *Service) End(ctx context.Context, id string) error {
	return s.mutate(ctx, id, func(st *step) error {
		sess := &st.sess
		switch {
		case sess.State == StateFinished:
			return st.reject(0, ErrFinished, "session has finished")
		case sess.Ending:
			return nil
		case sess.State == StateCreated:
			st.finish()
			return nil
		}
		sess.Ending = true
		st.sessionChanged = true
		if cur := sess.current(); cur != nil {
			switch cur.Status {
			case TurnAsked:
				t := st.turn(cur.Index)
				t.Skipped, t.Status = true, TurnSkipped
				t.ElapsedMS = st.now.Sub(t.AskedAt).Milliseconds()
				t.Draft, t.DraftAt, t.DraftFollowUp = "", nil, 0
			case TurnFollowUp:
				t := st.turn(cur.Index)
				t.FollowUps[len(t.FollowUps)-1].Skipped = true
				t.Status = TurnScored
				t.Draft, t.DraftAt, t.DraftFollowUp = "", nil, 0
			}
		}
		st.advance()
		return nil
	})
}

// RecordError appends an error event to the session, for protocol errors
// the web layer detects itself (malformed JSON, unknown message type), so
// that the error has a seq like every other message and replays exactly.
func (s *Service) RecordError(ctx context.Context, id, code, message string) (Event, error) {
	if len(message) > 500 {
		message = message[:500]
	}
	ev, err := newEvent(id, EventError, ErrorData{Code: code, Message: message}, s.now())
	if err != nil {
		return Event{}, err
	}
	evs, err := s.store.Save(ctx, Change{SessionID: id, Events: []Event{ev}})
	if err != nil {
		return Event{}, fmt.Errorf("record error: %w", err)
	}
	s.publish(ctx, id, evs)
	return evs[0], nil
}

// Events returns the session's events with Seq > afterSeq, in order.
func (s *Service) Events(ctx context.Context, id string, afterSeq int64) ([]Event, error) {
	return s.store.Events(ctx, id, afterSeq, 0)
}

// Subscribe returns a channel that receives the latest stored seq whenever
// the session gets new events (coalesced: read the events themselves with
// Events). It is closed when ctx is done. Subscribe before reading, so no
// event can slip between the read and the subscription.
func (s *Service) Subscribe(ctx context.Context, id string) (<-chan int64, error) {
	if _, err := s.store.Events(ctx, id, math.MaxInt64, 1); err != nil {
		return nil, err // ErrNotFound, cheaply
	}
	ch, cancel := s.cfg.notifier.Subscribe(id)
	go func() {
		<-ctx.Done()
		cancel()
	}()
	return ch, nil
}

// Follow calls deliver with every event of the session after afterSeq, in
// order and without duplicates, then with each new event as it is stored,
// until ctx is done (returning ctx.Err()) or deliver fails (returning its
// error). It re-reads the store on every notification and every poll
// interval, so it never misses an event even when notifications are lost.
func (s *Service) Follow(ctx context.Context, id string, afterSeq int64, deliver func(Event) error) error {
	ch, cancel := s.cfg.notifier.Subscribe(id)
	defer cancel()
	// Followers poll apart: a jitter of up to a tenth of the interval.
	interval := s.cfg.pollInterval + time.Duration(mrand.Int64N(int64(s.cfg.pollInterval)/10+1))
	poll := time.NewTicker(interval)
	defer poll.Stop()
	const page = 500
	last := afterSeq
	for {
		// Each page is read and delivered on a goroutine of its own: a
		// follower idles for hours, and its stack would keep the depth of
		// the driver's and deliver's calls (docs/performance.md).
		var n int
		var err error
		shallow(func() {
			var evs []Event
			if evs, err = s.store.Events(ctx, id, last, page); err != nil {
				return
			}
			n = len(evs)
			for _, ev := range evs {
				if err = deliver(ev); err != nil {
					return
				}
				last = ev.Seq
			}
		})
		if err != nil {
			return err
		}
		if n == page {
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		case <-poll.C:
		}
	}
}

// shallow runs f on a new goroutine and waits for it, so that the deep
// calls of f do not grow the caller's stack for good.
func shallow(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

// Close stops taking commands and waits for in-flight scoring to finish.
// When ctx ends first, the scoring tasks are cancelled (their answers stay
// stored, unscored, and are scored when the session is resumed), Close
// waits for them to return and reports ctx's error.
func (s *Service) Close(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.stopOnce.Do(func() { close(s.stop) })
		<-done
		return fmt.Errorf("close interview engine: %w", ctx.Err())
	}
}

func (s *Service) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// mutate runs one command on session id under its lock: read the session,
// let fn change it, save the change with its events, publish them. A
// concurrent write from another process (ErrConflict) makes it start over.
func (s *Service) mutate(ctx context.Context, id string, fn func(*step) error) error {
	if s.isClosed() {
		return ErrClosed
	}
	unlock := s.locks.lock(id)
	defer unlock()
	return s.apply(ctx, id, fn)
}

// apply is mutate with the session lock already held.
func (s *Service) apply(ctx context.Context, id string, fn func(*step) error) error {
	for attempt := 1; ; attempt++ {
		sess, err := s.store.Session(ctx, id)
		if err != nil {
			return err
		}
		st := &step{sess: sess, bank: s.bank, now: s.now(), changed: map[int]bool{}}
		if err := fn(st); err != nil {
			var rej *Rejection
			if errors.As(err, &rej) {
				return s.recordRejection(ctx, id, rej)
			}
			return err
		}
		if st.err != nil {
			return st.err
		}
		if !st.empty() {
			evs, err := s.store.Save(ctx, st.change())
			if errors.Is(err, ErrConflict) && attempt < 5 {
				continue
			}
			if err != nil {
				return fmt.Errorf("save session %s: %w", id, err)
			}
			s.publish(ctx, id, evs)
		}
		if st.scoreAfter {
			s.schedule(id)
		}
		return nil
	}
}

func (s *Service) recordRejection(ctx context.Context, id string, rej *Rejection) error {
	ev, err := newEvent(id, EventError, ErrorData{Code: rej.Code, Message: rej.Message, Turn: rej.Turn}, s.now())
	if err != nil {
		return err
	}
	evs, err := s.store.Save(ctx, Change{SessionID: id, Events: []Event{ev}})
	if err != nil {
		return fmt.Errorf("record %s: %w", rej.Code, err)
	}
	s.publish(ctx, id, evs)
	rej.Seq = evs[0].Seq
	return rej
}

// publish announces stored events. It runs only after the store committed.
func (s *Service) publish(ctx context.Context, id string, evs []Event) {
	if len(evs) == 0 {
		return
	}
	s.cfg.notifier.Notify(context.WithoutCancel(ctx), id, evs[len(evs)-1].Seq)
}

func newSessionID() string {
	var b [16]byte  // 128 bits
	rand.Read(b[:]) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// sessionLocks serialises the commands of each session in this process.
type sessionLocks struct {
	mu sync.Mutex
	m  map[string]*sessionLock
}

type sessionLock struct {
	mu   sync.Mutex
	refs int
}

func (l *sessionLocks) lock(id string) (unlock func()) {
	l.mu.Lock()
	sl := l.m[id]
	if sl == nil {
		sl = &sessionLock{}
		l.m[id] = sl
	}
	sl.refs++
	l.mu.Unlock()
	sl.mu.Lock()
	return func() {
		sl.mu.Unlock()
		l.mu.Lock()
		if sl.refs--; sl.refs == 0 {
			delete(l.m, id)
		}
		l.mu.Unlock()
	}
}

// controlChar returns the first control character of s other than tab,
// line feed and carriage return, and its byte offset, or -1.
func controlChar(s string) (int, rune) {
	for i, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return i, r
		}
	}
	return -1, 0
}
