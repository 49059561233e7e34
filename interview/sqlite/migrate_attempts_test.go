package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"
)

// TestMigrationKeepsFirstAttempts: turns stored before migration 61 get
// what can be known of their attempts: a score without an answered
// follow-up is the first answer's (initial_score), a rescored one has none
// (its first score was replaced before scores were kept), and an open
// follow-up's draft is taken to be the follow-up's.
func TestMigrationKeepsFirstAttempts(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, mustSub(migrations, "migrations"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 60); err != nil {
		t.Fatalf("migrate to 60: %v", err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO sessions (id, owner, plan, state, version, created_at, updated_at) VALUES ('s', 'o', '{}', 'active', 1, 1, 1)`)
	turn := `INSERT INTO turns (session_id, turn, question_id, category, question_text, time_limit_s, status, answer, draft, asked_at, score, followups)
		VALUES ('s', ?, 'q', 'behavioral', 'Q?', 180, ?, 'a', ?, 1, ?, ?)`
	exec(turn, 1, "scored", "", `{"overall":40}`, `[]`)                                                                                                  // no follow-up
	exec(turn, 2, "scored", "", `{"overall":70}`, `[{"text":"F?","asked_at":"2026-01-01T00:00:00Z","answer":"b","answered_at":"2026-01-01T00:01:00Z"}]`) // rescored
	exec(turn, 3, "followup", "It got", `{"overall":20}`, `[{"text":"F?","asked_at":"2026-01-01T00:00:00Z"}]`)                                           // open follow-up
	db.Close()

	st, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open (migrating to the latest): %v", err)
	}
	defer st.Close()
	sess, err := st.Session(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if tr := sess.Turns[0]; tr.InitialScore == nil || tr.InitialScore.Overall != 40 {
		t.Errorf("turn without follow-up: initial score %v; want its score, 40", tr.InitialScore)
	}
	if tr := sess.Turns[1]; tr.InitialScore != nil {
		t.Errorf("rescored turn: initial score %v; want none (the first score is not known)", tr.InitialScore)
	}
	if tr := sess.Turns[2]; tr.DraftFollowUp != 1 || tr.InitialScore == nil || tr.InitialScore.Overall != 20 {
		t.Errorf("open follow-up: draft for attempt %d, initial score %v; want attempt 1 and 20", tr.DraftFollowUp, tr.InitialScore)
	}
}
