// Package storetest is the conformance suite of interview.Store: every
// implementation (interview/sqlite, interview/postgres) runs Run from its
// tests, so they all keep the same semantics.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// Run checks store semantics. open returns a Store on the database of the
// test it is given: the first call in a (sub)test gets an empty database,
// later calls with the same *testing.T get further handles (as a second
// process would) on that same database. open registers the cleanup.
func Run(t *testing.T, open func(t *testing.T) interview.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, open func(t *testing.T) interview.Store)
	}{
		{"CreateAndRead", testCreateAndRead},
		{"NotFound", testNotFound},
		{"SaveTurnsAndVersion", testSaveTurnsAndVersion},
		{"ConflictWritesNothing", testConflictWritesNothing},
		{"EventsPaging", testEventsPaging},
		{"List", testList},
		{"RecentQuestionIDs", testRecentQuestionIDs},
		{"ConcurrentAppendsTwoHandles", testConcurrentAppends},
		{"ConcurrentVersionedSaves", testConcurrentVersionedSaves},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open) })
	}
}

var base = time.Date(2026, 5, 26, 9, 30, 0, 123456000, time.UTC)

func newSession(id, owner string, created time.Time) interview.Session {
	return interview.Session{
		ID:    id,
		Owner: owner,
		Plan: interview.Plan{
			Role: "backend-developer", RoleName: "Backend Developer", Mode: interview.ModePractice, Count: 3,
			Categories:   []questions.Category{questions.Behavioral, questions.Technical},
			Mix:          map[questions.Category]int{questions.Behavioral: 1, questions.Technical: 2},
			TimeLimits:   map[questions.Category]int{questions.Behavioral: 180, questions.Technical: 240},
			MaxFollowUps: 1, Seed: 42, QuestionIDs: []string{"q1", "q2", "q3"},
		},
		State:     interview.StateCreated,
		CreatedAt: created,
		UpdatedAt: created,
		Version:   1,
	}
}

func event(typ string, data string, at time.Time) interview.Event {
	return interview.Event{Type: typ, Data: json.RawMessage(data), At: at}
}

func ctxT(t *testing.T) context.Context { return t.Context() }

// sameJSON compares JSON documents by meaning (a jsonb column may reorder
// keys and drop white space).
func sameJSON(t *testing.T, got, want []byte) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("stored data %s is not JSON: %v", got, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("want %s is not JSON: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}

func checkEvents(t *testing.T, got []interview.Event, sessionID string, firstSeq int64, want []interview.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d events; want %d", len(got), len(want))
	}
	for i, ev := range got {
		w := want[i]
		if ev.SessionID != sessionID || ev.Seq != firstSeq+int64(i) || ev.Type != w.Type || !ev.At.Equal(w.At) || !sameJSON(t, ev.Data, w.Data) {
			t.Errorf("event %d = {%s %d %s %s %v}; want {%s %d %s %s %v}", i,
				ev.SessionID, ev.Seq, ev.Type, ev.Data, ev.At, sessionID, firstSeq+int64(i), w.Type, w.Data, w.At)
		}
	}
}

func testCreateAndRead(t *testing.T, open func(t *testing.T) interview.Store) {
	ctx := ctxT(t)
	st := open(t)
	sess := newSession("s-create", "alice", base)
	evs := []interview.Event{
		event(interview.EventSession, `{"id":"s-create","role":"backend-developer","total":3}`, base),
		event(interview.EventError, `{"code":"x","message":"y"}`, base.Add(time.Second)),
	}
	got, err := st.CreateSession(ctx, sess, evs)
	if err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	checkEvents(t, got, sess.ID, 1, evs)

	read, err := st.Session(ctx, sess.ID)
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	if read.Version != 1 {
		t.Errorf("Version = %d; want 1", read.Version)
	}
	if len(read.Turns) != 0 {
		t.Errorf("Turns = %v; want none", read.Turns)
	}
	read.Turns = nil
	if !reflect.DeepEqual(read, sess) {
		t.Errorf("Session() =\n%+v\nwant\n%+v", read, sess)
	}
	stored, err := st.Events(ctx, sess.ID, 0, 0)
	if err != nil {
		t.Fatalf("Events: %v", err)
	}
	checkEvents(t, stored, sess.ID, 1, evs)

	if _, err := st.CreateSession(ctx, sess, nil); err == nil {
		t.Errorf("CreateSession of an existing id succeeded")
	}
}

func testNotFound(t *testing.T, open func(t *testing.T) interview.Store) {
	ctx := ctxT(t)
	st := open(t)
	if _, err := st.Session(ctx, "missing"); !errors.Is(err, interview.ErrNotFound) {
		t.Errorf("Session(missing) error = %v; want ErrNotFound", err)
	}
	if _, err := st.Events(ctx, "missing", 0, 0); !errors.Is(err, interview.ErrNotFound) {
		t.Errorf("Events(missing) error = %v; want ErrNotFound", err)
	}
	_, err := st.Save(ctx, interview.Change{SessionID: "missing", Events: []interview.Event{event("error", `{}`, base)}})
	if !errors.Is(err, interview.ErrNotFound) {
		t.Errorf("Save(events of missing) error = %v; want ErrNotFound", err)
	}
	s := newSession("missing", "bob", base)
	_, err = st.Save(ctx, interview.Change{SessionID: "missing", Session: &s})
	if !errors.Is(err, interview.ErrNotFound) {
		t.Errorf("Save(missing session) error = %v; want ErrNotFound", err)
	}
	if ids, err := st.RecentQuestionIDs(ctx, "nobody", 10); err != nil || len(ids) != 0 {
		t.Errorf("RecentQuestionIDs(nobody) = %v, %v; want none", ids, err)
	}
}

func sampleResult() *scoring.Result {
	return &scoring.Result{
		QuestionID: "q1", Overall: 71, Band: 4, Category: questions.Behavioral,
		Star: scoring.Star{
			Situation: scoring.Component{Present: true, Confidence: 0.8, Spans: []scoring.Span{{Start: 0, End: 12}}},
			Result:    scoring.Component{Present: false, Spans: []scoring.Span{}},
			Order:     1, Ownership: 0.5, QuantifiedResult: true,
			Sentences: []scoring.SentenceLabel{{Start: 0, End: 12, Label: scoring.LabelSituation, Confidence: 0.8}},
		},
		Coverage: scoring.Coverage{Score: 0.5, Points: []scoring.PointCoverage{{ID: "p", Label: "P", Status: scoring.Covered,
			Evidence: []scoring.Evidence{{Start: 0, End: 3, Text: "Our"}}}}},
		Metrics:  scoring.Metrics{Words: 20, Sentences: 2},
		Feedback: scoring.Feedback{Summary: "Good.", Strengths: []string{"a"}, Improvements: []string{"b"}},
		Flags:    []string{scoring.FlagTooShort},
		Engine:   scoring.Engine{Version: "1"},
	}
}

func testSaveTurnsAndVersion(t *testing.T, open func(t *testing.T) interview.Store) {
	ctx := ctxT(t)
	st := open(t)
	sess := newSession("s-save", "alice", base)
	if _, err := st.CreateSession(ctx, sess, []interview.Event{event("session", `{}`, base)}); err != nil {
		t.Fatal(err)
	}
	at := base.Add(time.Minute)
	later := at.Add(90 * time.Second)
	turn1 := interview.Turn{
		Index:    1,
		Question: interview.TurnQuestion{ID: "q1", Category: questions.Behavioral, Text: "Tell me.", TimeLimitS: 180},
		Status:   interview.TurnAsked,
		AskedAt:  at,
	}
	active := sess
	active.State = interview.StateActive
	active.UpdatedAt = at
	got, err := st.Save(ctx, interview.Change{SessionID: sess.ID, Session: &active, Turns: []interview.Turn{turn1},
		Events: []interview.Event{event("question", `{"turn":1}`, at)}})
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	checkEvents(t, got, sess.ID, 2, []interview.Event{event("question", `{"turn":1}`, at)})

	read, err := st.Session(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if read.Version != 2 || read.State != interview.StateActive || !read.UpdatedAt.Equal(at) {
		t.Errorf("after Save: version %d state %s updated %v; want 2 active %v", read.Version, read.State, read.UpdatedAt, at)
	}
	if len(read.Turns) != 1 || !reflect.DeepEqual(read.Turns[0], turn1) {
		t.Errorf("Turns = %+v; want [%+v]", read.Turns, turn1)
	}

	// Replace turn 1 with every field set, add turn 2, finish.
	full := turn1
	full.Status = interview.TurnFollowUp
	full.Answer = "Our checkout was slow.\n\nIt got 40% faster."
	full.Draft, full.DraftFollowUp = "draft", 1
	full.DraftAt, full.FirstKeystrokeAt, full.SubmittedAt = &at, &at, &later
	full.ElapsedMS, full.Overtime, full.Skipped = 90000, true, false
	full.Score = sampleResult()
	full.InitialScore = sampleResult()
	full.InitialScore.Overall = 12
	overall := 71
	full.FollowUps = []interview.FollowUp{{Text: "What was the result?", AskedAt: later, Answer: "It got 40% faster.", AnsweredAt: &later, Overall: &overall}}
	turn2 := interview.Turn{Index: 2, Question: interview.TurnQuestion{ID: "q2", Category: questions.Technical, Text: "Explain.", TimeLimitS: 240},
		Status: interview.TurnSkipped, Skipped: true, AskedAt: later}
	finished := read
	finished.Turns = nil
	finished.State = interview.StateFinished
	finished.Ending = true
	finished.Summary = &interview.Summary{Total: 3, Asked: 2, Answered: 1, Skipped: 1, Scored: 1, Average: 71,
		Categories: []interview.CategoryScore{{Category: questions.Behavioral, Scored: 1, Average: 71}},
		Best:       &interview.TurnScore{Turn: 1, QuestionID: "q1", Overall: 71}}
	finished.UpdatedAt = later
	if _, err := st.Save(ctx, interview.Change{SessionID: sess.ID, Session: &finished, Turns: []interview.Turn{full, turn2}}); err != nil {
		t.Fatalf("Save(finish): %v", err)
	}
	read, err = st.Session(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if read.Version != 3 {
		t.Errorf("Version = %d; want 3", read.Version)
	}
	wantTurns := []interview.Turn{full, turn2}
	if !reflect.DeepEqual(read.Turns, wantTurns) {
		gotJSON, _ := json.Marshal(read.Turns)
		wantJSON, _ := json.Marshal(wantTurns)
		t.Errorf("Turns =\n%s\nwant\n%s", gotJSON, wantJSON)
	}
	read.Turns = nil
	finished.Version = 3
	if !reflect.DeepEqual(read, finished) {
		t.Errorf("Session =\n%+v\nwant\n%+v", read, finished)
	}
	if evs, _ := st.Events(ctx, sess.ID, 0, 0); len(evs) != 2 {
		t.Errorf("a Save without events appended some: %d events; want 2", len(evs))
	}
}

func testConflictWritesNothing(t *testing.T, open func(t *testing.T) interview.Store) {
	ctx := ctxT(t)
	st := open(t)
	sess := newSession("s-conflict", "alice", base)
	if _, err := st.CreateSession(ctx, sess, nil); err != nil {
		t.Fatal(err)
	}
	next := sess
	next.State = interview.StateActive
	if _, err := st.Save(ctx, interview.Change{SessionID: sess.ID, Session: &next}); err != nil {
		t.Fatal(err)
	}
	stale := sess // still version 1
	stale.State = interview.StateFinished
	turn := interview.Turn{Index: 1, Question: interview.TurnQuestion{ID: "q1"}, Status: interview.TurnAsked, AskedAt: base}
	_, err := st.Save(ctx, interview.Change{SessionID: sess.ID, Session: &stale, Turns: []interview.Turn{turn},
		Events: []interview.Event{event("finished", `{}`, base)}})
	if !errors.Is(err, interview.ErrConflict) {
		t.Fatalf("Save(stale version) error = %v; want ErrConflict", err)
	}
	read, err := st.Session(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if read.State != interview.StateActive || read.Version != 2 || len(read.Turns) != 0 {
		t.Errorf("after a conflict: state %s version %d turns %d; want active 2 0", read.State, read.Version, len(read.Turns))
	}
	if evs, _ := st.Events(ctx, sess.ID, 0, 0); len(evs) != 0 {
		t.Errorf("a conflicting Save appended %d events", len(evs))
	}
	// The next event still gets seq 1: a failed Save uses no number.
	evs, err := st.Save(ctx, interview.Change{SessionID: sess.ID, Events: []interview.Event{event("error", `{}`, base)}})
	if err != nil || len(evs) != 1 || evs[0].Seq != 1 {
		t.Errorf("Save after a conflict = %v, %v; want seq 1", evs, err)
	}
}

func testEventsPaging(t *testing.T, open func(t *testing.T) interview.Store) {
	ctx := ctxT(t)
	st := open(t)
	sess := newSession("s-events", "alice", base)
	if _, err := st.CreateSession(ctx, sess, nil); err != nil {
		t.Fatal(err)
	}
	if evs, err := st.Events(ctx, sess.ID, 0, 0); err != nil || len(evs) != 0 {
		t.Fatalf("Events of a session without events = %v, %v; want none, nil", evs, err)
	}
	var want []interview.Event
	for i := range 10 {
		ev := event("score.delta", fmt.Sprintf(`{"turn":1,"text":"piece %d"}`, i), base.Add(time.Duration(i)*time.Millisecond))
		want = append(want, ev)
		if _, err := st.Save(ctx, interview.Change{SessionID: sess.ID, Events: []interview.Event{ev}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		after int64
		limit int
		first int64
		n     int
	}{{0, 0, 1, 10}, {0, 3, 1, 3}, {4, 0, 5, 6}, {4, 2, 5, 2}, {10, 0, 0, 0}, {99, 5, 0, 0}} {
		got, err := st.Events(ctx, sess.ID, tc.after, tc.limit)
		if err != nil {
			t.Fatalf("Events(after %d, limit %d): %v", tc.after, tc.limit, err)
		}
		if tc.n == 0 {
			if len(got) != 0 {
				t.Errorf("Events(after %d, limit %d) = %d events; want none", tc.after, tc.limit, len(got))
			}
			continue
		}
		checkEvents(t, got, sess.ID, tc.first, want[tc.first-1:tc.first-1+int64(tc.n)])
	}
}

func testList(t *testing.T, open func(t *testing.T) interview.Store) {
	ctx := ctxT(t)
	st := open(t)
	for i, owner := range []string{"alice", "bob", "alice", "alice"} {
		s := newSession(fmt.Sprintf("s-list-%d", i), owner, base.Add(time.Duration(i)*time.Hour))
		if _, err := st.CreateSession(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
	}
	finished := newSession("s-list-2", "alice", base.Add(2*time.Hour))
	finished.State = interview.StateFinished
	if _, err := st.Save(ctx, interview.Change{SessionID: finished.ID, Session: &finished}); err != nil {
		t.Fatal(err)
	}
	ids := func(ss []interview.Session) []string {
		out := []string{}
		for _, s := range ss {
			out = append(out, s.ID)
			if len(s.Turns) != 0 {
				t.Errorf("listed session %s has turns", s.ID)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    interview.ListFilter
		want []string
	}{
		{"all", interview.ListFilter{}, []string{"s-list-3", "s-list-2", "s-list-1", "s-list-0"}},
		{"owner", interview.ListFilter{Owner: "alice"}, []string{"s-list-3", "s-list-2", "s-list-0"}},
		{"state", interview.ListFilter{Owner: "alice", State: interview.StateFinished}, []string{"s-list-2"}},
		{"page", interview.ListFilter{Owner: "alice", Limit: 1, Offset: 1}, []string{"s-list-2"}},
		{"nobody", interview.ListFilter{Owner: "carol"}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := st.Sessions(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if g := ids(got); !reflect.DeepEqual(g, tc.want) {
				t.Errorf("Sessions(%+v) = %v; want %v", tc.f, g, tc.want)
			}
		})
	}
}

func testRecentQuestionIDs(t *testing.T, open func(t *testing.T) interview.Store) {
	ctx := ctxT(t)
	st := open(t)
	ask := func(sessID, owner string, created time.Time, qids ...string) {
		s := newSession(sessID, owner, created)
		if _, err := st.CreateSession(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
		var turns []interview.Turn
		for i, q := range qids {
			turns = append(turns, interview.Turn{Index: i + 1, Question: interview.TurnQuestion{ID: q}, Status: interview.TurnAsked,
				AskedAt: created.Add(time.Duration(i) * time.Minute)})
		}
		if _, err := st.Save(ctx, interview.Change{SessionID: sessID, Session: &s, Turns: turns}); err != nil {
			t.Fatal(err)
		}
	}
	ask("s-r1", "alice", base, "a", "b", "c")
	ask("s-r2", "alice", base.Add(time.Hour), "d", "a")
	ask("s-r3", "bob", base.Add(2*time.Hour), "x")
	for _, tc := range []struct {
		owner string
		n     int
		want  []string
	}{
		{"alice", 10, []string{"a", "d", "c", "b"}},
		{"alice", 2, []string{"a", "d"}},
		{"bob", 10, []string{"x"}},
		{"alice", 0, nil},
	} {
		got, err := st.RecentQuestionIDs(ctx, tc.owner, tc.n)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tc.want) || (len(got) > 0 && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("RecentQuestionIDs(%s, %d) = %v; want %v", tc.owner, tc.n, got, tc.want)
		}
	}
}

func testConcurrentAppends(t *testing.T, open func(t *testing.T) interview.Store) {
	ctx := ctxT(t)
	handles := []interview.Store{open(t), open(t)}
	sess := newSession("s-concurrent", "alice", base)
	if _, err := handles[0].CreateSession(ctx, sess, []interview.Event{event("session", `{}`, base)}); err != nil {
		t.Fatal(err)
	}
	const writers, perWriter = 4, 15 // per handle
	var (
		mu   sync.Mutex
		seen = map[int64]string{}
		wg   sync.WaitGroup
		errs = make(chan error, 2*writers)
	)
	for h, st := range handles {
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perWriter {
					label := fmt.Sprintf("h%d-w%d-%d", h, w, i)
					evs, err := st.Save(ctx, interview.Change{SessionID: sess.ID, Events: []interview.Event{
						event("score.delta", fmt.Sprintf(`{"text":%q}`, label+"a"), base),
						event("score.delta", fmt.Sprintf(`{"text":%q}`, label+"b"), base),
					}})
					if err != nil {
						errs <- fmt.Errorf("%s: %w", label, err)
						return
					}
					if evs[1].Seq != evs[0].Seq+1 {
						errs <- fmt.Errorf("%s: one Save got seqs %d and %d", label, evs[0].Seq, evs[1].Seq)
					}
					mu.Lock()
					for _, ev := range evs {
						if prev, dup := seen[ev.Seq]; dup {
							errs <- fmt.Errorf("seq %d given to %s and %s", ev.Seq, prev, label)
						}
						seen[ev.Seq] = label
					}
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	total := 1 + 2*2*writers*perWriter
	evs, err := handles[1].Events(ctx, sess.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != total {
		t.Fatalf("stored %d events; want %d", len(evs), total)
	}
	for i, ev := range evs {
		if ev.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d; want %d (gap-free, ordered)", i, ev.Seq, i+1)
		}
	}
	// Each Save's two events are adjacent and in order.
	for i := 1; i+1 < len(evs); i += 2 {
		var a, b struct{ Text string }
		json.Unmarshal(evs[i].Data, &a)
		json.Unmarshal(evs[i+1].Data, &b)
		if a.Text[:len(a.Text)-1] != b.Text[:len(b.Text)-1] || a.Text[len(a.Text)-1] != 'a' {
			t.Errorf("events %d and %d (%s, %s) are not one Save's pair", evs[i].Seq, evs[i+1].Seq, a.Text, b.Text)
		}
	}
}

func testConcurrentVersionedSaves(t *testing.T, open func(t *testing.T) interview.Store) {
	ctx := ctxT(t)
	handles := []interview.Store{open(t), open(t)}
	sess := newSession("s-versions", "alice", base)
	if _, err := handles[0].CreateSession(ctx, sess, nil); err != nil {
		t.Fatal(err)
	}
	// Rounds of two writers saving the same version: exactly one wins.
	for round := range 10 {
		cur, err := handles[0].Session(ctx, sess.ID)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		results := make([]error, 2)
		for h, st := range handles {
			wg.Add(1)
			go func() {
				defer wg.Done()
				next := cur
				next.Turns = nil
				next.UpdatedAt = base.Add(time.Duration(round) * time.Second)
				_, results[h] = st.Save(ctx, interview.Change{SessionID: sess.ID, Session: &next,
					Events: []interview.Event{event("answer.ack", fmt.Sprintf(`{"turn":%d,"writer":%d}`, round, h), base)}})
			}()
		}
		wg.Wait()
		ok := 0
		for h, err := range results {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, interview.ErrConflict):
				t.Errorf("round %d writer %d: %v; want nil or ErrConflict", round, h, err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d writers saved version %d; want exactly 1", round, ok, cur.Version)
		}
	}
	evs, err := handles[1].Events(ctx, sess.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 10 {
		t.Errorf("stored %d events; want 10 (one per round, none from the losers)", len(evs))
	}
	final, _ := handles[1].Session(ctx, sess.ID)
	if final.Version != 11 {
		t.Errorf("Version = %d; want 11", final.Version)
	}
}
