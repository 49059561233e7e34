package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/mockinterview/mockinterview/interview/postgres"
)

// baseURL is the test database: MOCKINTERVIEW_TEST_DATABASE_URL, which
// scripts/test sets after starting a throwaway cluster. Without it the
// tests skip, except on CI, where both stores must be tested.
func baseURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("MOCKINTERVIEW_TEST_DATABASE_URL")
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("MOCKINTERVIEW_TEST_DATABASE_URL is not set on CI: the PostgreSQL store must be tested (run scripts/test)")
		}
		t.Skip("MOCKINTERVIEW_TEST_DATABASE_URL is not set: skipping the PostgreSQL tests (scripts/test starts a cluster and sets it)")
	}
	return u
}

// testSchema creates a fresh schema for t, dropped when t ends, and
// returns the URL of a connection whose search_path is that schema, so
// tests are isolated and run in parallel. params are added to the URL.
func testSchema(t testing.TB, params map[string]string) (schemaURL string, schema string) {
	t.Helper()
	base := baseURL(t)
	var b [6]byte
	rand.Read(b[:])
	schema = "test_" + hex.EncodeToString(b[:])
	admin := adminConn(t, base)
	if _, err := admin.Exec(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withParams(t, base, map[string]string{"search_path": schema, "pool_max_conns": "4"}, params), schema
}

func withParams(t testing.TB, raw string, sets ...map[string]string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("MOCKINTERVIEW_TEST_DATABASE_URL must be a postgres:// URL")
	}
	q := u.Query()
	for _, set := range sets {
		for k, v := range set {
			q.Set(k, v)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// adminConn is a plain connection to the test database, closed at cleanup.
func adminConn(t testing.TB, u string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(t.Context(), u)
	if err != nil {
		t.Fatalf("connect to the test database: %v", err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// openStore opens a Store on u, closed at cleanup.
func openStore(t *testing.T, u string) *postgres.Store {
	t.Helper()
	st, err := postgres.Open(t.Context(), u)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// within is the longest a test waits for something that should happen at
// once (a notification, a reconnection) before failing; not a speed check.
const within = 30 * time.Second
