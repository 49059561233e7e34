package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/mockinterview/mockinterview/interview/postgres"
	"github.com/mockinterview/mockinterview/interview/sqlite"
)

func runCmd(t *testing.T, env map[string]string, args ...string) (stdout string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(t.Context(), append([]string{"mockinterview"}, args...), func(k string) string { return env[k] },
		strings.NewReader(""), &out, &errOut)
	return out.String(), err
}

func TestMigrateSQLite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	want := fmt.Sprintf("sqlite %s: at migration %d (this binary knows up to %d)\n", db, sqlite.LatestMigration(), sqlite.LatestMigration())
	for i := range 2 { // the second run has nothing to apply
		out, err := runCmd(t, nil, "migrate", "--db", db)
		if err != nil || out != want {
			t.Fatalf("migrate run %d = %q, %v; want %q", i+1, out, err, want)
		}
	}
	// MOCKINTERVIEW_DB is the default of --db.
	if out, err := runCmd(t, map[string]string{"MOCKINTERVIEW_DB": db}, "migrate"); err != nil || out != want {
		t.Errorf("migrate with MOCKINTERVIEW_DB = %q, %v; want %q", out, err, want)
	}
	if _, err := runCmd(t, nil, "migrate", "extra"); err == nil {
		t.Error("migrate with an argument succeeded")
	}
}

// TestSchemaTooNewSQLite: a database migrated by a newer mockinterview is
// refused by serve and migrate, saying what to do.
func TestSchemaTooNewSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	if _, err := runCmd(t, nil, "migrate", "--db", path); err != nil {
		t.Fatal(err)
	}
	newer := sqlite.LatestMigration() + 1
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, newer); err != nil {
		t.Fatal(err)
	}
	db.Close()
	want := fmt.Sprintf("database is at migration %d, this binary knows up to %d: upgrade mockinterview", newer, sqlite.LatestMigration())
	for _, args := range [][]string{
		{"serve", "--db", path, "--addr", "127.0.0.1:0", "--llm", "off"},
		{"migrate", "--db", path},
	} {
		_, err := runCmd(t, nil, args...)
		if !errors.Is(err, sqlite.ErrSchemaTooNew) || err.Error() != want {
			t.Errorf("%s = %v; want ErrSchemaTooNew saying %q", args[0], err, want)
		}
	}
}

// pgSchemaURL creates a fresh schema in the test PostgreSQL database,
// dropped at cleanup, and returns a URL whose search_path is it. Without
// MOCKINTERVIEW_TEST_DATABASE_URL the test skips, except on CI.
func pgSchemaURL(t *testing.T) (schemaURL, base, schema string) {
	t.Helper()
	base = os.Getenv("MOCKINTERVIEW_TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("MOCKINTERVIEW_TEST_DATABASE_URL is not set on CI: the PostgreSQL store must be tested (run scripts/test)")
		}
		t.Skip("MOCKINTERVIEW_TEST_DATABASE_URL is not set: skipping the PostgreSQL tests (scripts/test starts a cluster and sets it)")
	}
	var b [6]byte
	rand.Read(b[:])
	schema = "cmd_" + hex.EncodeToString(b[:])
	pgExec(t, base, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { pgExec(t, base, "DROP SCHEMA "+schema+" CASCADE") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("pool_max_conns", "4")
	u.RawQuery = q.Encode()
	return u.String(), base, schema
}

func pgExec(t *testing.T, base, stmt string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, stmt, args...); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

func TestMigratePostgres(t *testing.T) {
	u, base, schema := pgSchemaURL(t)
	latest := postgres.LatestMigration()
	want := fmt.Sprintf("postgres: at migration %d (this binary knows up to %d)\n", latest, latest)
	// DATABASE_URL is the default of --database-url, and wins over --db.
	sqliteFile := filepath.Join(t.TempDir(), "unused.db")
	out, err := runCmd(t, map[string]string{"DATABASE_URL": u}, "migrate", "--db", sqliteFile)
	if err != nil || out != want {
		t.Fatalf("migrate = %q, %v; want %q", out, err, want)
	}
	if _, err := os.Stat(sqliteFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("migrate with DATABASE_URL touched the SQLite file --db names (%v)", err)
	}

	newer := latest + 1
	pgExec(t, base, "INSERT INTO "+schema+".goose_db_version (version_id, is_applied) VALUES ($1, true)", newer)
	wantErr := fmt.Sprintf("database is at migration %d, this binary knows up to %d: upgrade mockinterview", newer, latest)
	for _, args := range [][]string{
		{"serve", "--database-url", u, "--addr", "127.0.0.1:0", "--llm", "off"},
		{"migrate", "--database-url", u},
	} {
		_, err := runCmd(t, nil, args...)
		if !errors.Is(err, postgres.ErrSchemaTooNew) || err.Error() != wantErr {
			t.Errorf("%s = %v; want ErrSchemaTooNew saying %q", args[0], err, wantErr)
		}
	}
}

// TestServePostgresTwoServers starts two servers on one PostgreSQL schema:
// an API key created once works on both, both are ready, and a client's
// rate limit holds across them.
func TestServePostgresTwoServers(t *testing.T) {
	u, _, _ := pgSchemaURL(t)
	env := map[string]string{"DATABASE_URL": u, "MOCKINTERVIEW_REQUIRE_KEY": "true"}
	getenv := func(k string) string { return env[k] }
	var bases []string
	for range 2 {
		base, stop, done, stderr := startServe(t, getenv, "--addr", "127.0.0.1:0", "--llm", "off",
			"--db", filepath.Join(t.TempDir(), "unused.db"), "--rate-limit", "0.001", "--rate-burst", "3")
		bases = append(bases, base)
		t.Cleanup(func() {
			stop()
			if err := <-done; err != nil {
				t.Errorf("serve returned %v; stderr:\n%s", err, stderr)
			}
		})
	}

	// "keys create" with DATABASE_URL stores the key in PostgreSQL.
	out, err := runCmd(t, map[string]string{"DATABASE_URL": u}, "keys", "create", "--name", "two-servers")
	if err != nil {
		t.Fatalf("keys create: %v", err)
	}
	key := strings.TrimSpace(out)
	if list, err := runCmd(t, nil, "keys", "list", "--database-url", u); err != nil || !strings.Contains(list, "two-servers") {
		t.Errorf("keys list --database-url = %q, %v; want the key named two-servers", list, err)
	}
	get := func(base, path string) *http.Response {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+path, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	for i, base := range bases {
		for _, path := range []string{"/readyz", "/api/v1/roles"} {
			if res := get(base, path); res.StatusCode != http.StatusOK {
				t.Errorf("server %d: GET %s with the key = %d; want 200", i+1, path, res.StatusCode)
			}
		}
	}
	// Two requests spent, one on each server: the burst of 3 allows one
	// more, on either, and then none.
	if res := get(bases[0], "/api/v1/roles"); res.StatusCode != http.StatusOK {
		t.Errorf("third request = %d; want 200", res.StatusCode)
	}
	res := get(bases[1], "/api/v1/roles")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("fourth request (burst 3, shared) = %d, Retry-After %q; want 429 with Retry-After",
			res.StatusCode, res.Header.Get("Retry-After"))
	}
}
