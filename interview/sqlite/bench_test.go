package sqlite_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/scoring"
)

// BenchmarkSaveEvent measures one durable event append (a transaction with
// synchronous=FULL): the cost of each answer.ack, score.delta or error.
func BenchmarkSaveEvent(b *testing.B) {
	st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	sess := interview.Session{ID: "bench", Owner: "b", State: interview.StateActive, CreatedAt: now, UpdatedAt: now, Version: 1}
	if _, err := st.CreateSession(b.Context(), sess, nil); err != nil {
		b.Fatal(err)
	}
	ev := interview.Event{Type: interview.EventScoreDelta, Data: json.RawMessage(`{"turn":1,"text":"a chunk of streamed feedback, about fifty bytes."}`), At: now}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := st.Save(b.Context(), interview.Change{SessionID: "bench", Events: []interview.Event{ev}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSessionRead measures reading a session with 8 scored turns, what
// every engine command starts with.
func BenchmarkSessionRead(b *testing.B) {
	st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	sess := interview.Session{ID: "bench", Owner: "b", State: interview.StateActive, CreatedAt: now, UpdatedAt: now, Version: 1}
	if _, err := st.CreateSession(b.Context(), sess, nil); err != nil {
		b.Fatal(err)
	}
	var turns []interview.Turn
	for i := 1; i <= 8; i++ {
		turns = append(turns, interview.Turn{Index: i, Question: interview.TurnQuestion{ID: "q"}, Status: interview.TurnScored,
			Answer: string(make([]byte, 2000)), AskedAt: now, Score: &scoring.Result{Overall: 70, Flags: []string{}}})
	}
	if _, err := st.Save(b.Context(), interview.Change{SessionID: "bench", Session: &sess, Turns: turns}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := st.Session(b.Context(), "bench"); err != nil {
			b.Fatal(err)
		}
	}
}
