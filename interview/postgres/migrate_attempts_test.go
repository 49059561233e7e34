package postgres_test

import (
	"database/sql"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/mockinterview/mockinterview/interview/postgres"
	"github.com/pressly/goose/v3"
)

// TestMigrationKeepsFirstAttempts is SQLite's test of migration 61 on
// PostgreSQL: turns stored before it keep what can be known of their
// attempts (initial_score, draft_followup).
func TestMigrationKeepsFirstAttempts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	u, schema := testSchema(t, nil)
	plain := withParams(t, baseURL(t), map[string]string{"search_path": schema})
	cfg, err := pgx.ParseConfig(plain)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, os.DirFS("migrations"), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 60); err != nil {
		t.Fatalf("migrate to 60: %v", err)
	}
	exec := func(db *sql.DB, q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(db, `INSERT INTO sessions (id, owner, plan, state, version, created_at, updated_at) VALUES ('s', 'o', '{}', 'active', 1, now(), now())`)
	turn := `INSERT INTO turns (session_id, turn, question_id, category, question_text, time_limit_s, status, answer, draft, asked_at, score, followups)
		VALUES ('s', $1, 'q', 'behavioral', 'Q?', 180, $2, 'a', $3, now(), $4, $5)`
	exec(db, turn, 1, "scored", "", `{"overall":40}`, `[]`)
	exec(db, turn, 2, "scored", "", `{"overall":70}`, `[{"text":"F?","asked_at":"2026-01-01T00:00:00Z","answer":"b","answered_at":"2026-01-01T00:01:00Z"}]`)
	exec(db, turn, 3, "followup", "It got", `{"overall":20}`, `[{"text":"F?","asked_at":"2026-01-01T00:00:00Z"}]`)

	st, err := postgres.Open(ctx, u)
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
		t.Errorf("rescored turn: initial score %v; want none", tr.InitialScore)
	}
	if tr := sess.Turns[2]; tr.DraftFollowUp != 1 || tr.InitialScore == nil || tr.InitialScore.Overall != 20 {
		t.Errorf("open follow-up: draft for attempt %d, initial score %v; want attempt 1 and 20", tr.DraftFollowUp, tr.InitialScore)
	}
}
