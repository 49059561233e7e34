package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/postgres"
	"github.com/mockinterview/mockinterview/interview/storetest"
)

func TestStoreConformance(t *testing.T) {
	t.Parallel()
	baseURL(t)
	var (
		mu   sync.Mutex
		urls = map[*testing.T]string{}
	)
	storetest.Run(t, func(t *testing.T) interview.Store {
		mu.Lock()
		u, ok := urls[t]
		if !ok {
			u, _ = testSchema(t, nil)
			urls[t] = u
		}
		mu.Unlock()
		return openStore(t, u) // a pool of its own: another "server"
	})
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	u, _ := testSchema(t, nil)
	latest := postgres.LatestMigration()
	if latest < 12 {
		t.Fatalf("LatestMigration() = %d; want >= 12", latest)
	}
	if v, err := postgres.SchemaVersion(t.Context(), u); err != nil || v != 0 {
		t.Errorf("SchemaVersion(empty schema) = %d, %v; want 0, nil", v, err)
	}
	// Servers starting together: each migrates under the advisory lock,
	// none fails and all see the latest version.
	var wg sync.WaitGroup
	versions := make([]int64, 3)
	errs := make([]error, 3)
	for i := range versions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			versions[i], errs[i] = postgres.Migrate(t.Context(), u)
		}()
	}
	wg.Wait()
	for i := range versions {
		if errs[i] != nil || versions[i] != latest {
			t.Errorf("concurrent Migrate %d = %d, %v; want %d, nil", i, versions[i], errs[i], latest)
		}
	}
	if v, err := postgres.Migrate(t.Context(), u); err != nil || v != latest {
		t.Errorf("Migrate again = %d, %v; want %d, nil", v, err, latest)
	}
}

func TestSchemaTooNew(t *testing.T) {
	t.Parallel()
	u, schema := testSchema(t, nil)
	openStore(t, u)
	latest := postgres.LatestMigration()
	admin := adminConn(t, baseURL(t))
	newer := latest + 7
	if _, err := admin.Exec(t.Context(),
		"INSERT INTO "+schema+".goose_db_version (version_id, is_applied) VALUES ($1, true)", newer); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("database is at migration %d, this binary knows up to %d: upgrade mockinterview", newer, latest)
	for name, open := range map[string]func() error{
		"Open":    func() error { st, err := postgres.Open(t.Context(), u); closeIf(st); return err },
		"Migrate": func() error { _, err := postgres.Migrate(t.Context(), u); return err },
	} {
		err := open()
		if !errors.Is(err, postgres.ErrSchemaTooNew) {
			t.Errorf("%s on a newer schema: error = %v; want ErrSchemaTooNew", name, err)
			continue
		}
		if err.Error() != want {
			t.Errorf("%s error = %q; want %q", name, err, want)
		}
	}
	if v, err := postgres.SchemaVersion(t.Context(), u); v != newer || !errors.Is(err, postgres.ErrSchemaTooNew) {
		t.Errorf("SchemaVersion = %d, %v; want %d, ErrSchemaTooNew", v, err, newer)
	}
}

func closeIf(st *postgres.Store) {
	if st != nil {
		st.Close()
	}
}

// TestUnreachable checks that a database that does not answer gives an
// error, not a hang.
func TestUnreachable(t *testing.T) {
	t.Parallel()
	baseURL(t)
	ctx, cancel := context.WithTimeout(t.Context(), within)
	defer cancel()
	// Port 1 on loopback: nothing listens there.
	_, err := postgres.Open(ctx, "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2")
	if err == nil {
		t.Fatal("Open of an unreachable database succeeded")
	}
	if ctx.Err() != nil {
		t.Fatalf("Open of an unreachable database did not return within %v", within)
	}
	if strings.Contains(err.Error(), "password") {
		t.Errorf("error %q mentions the password", err)
	}
}

// TestStoreRecoversFromKilledConnections kills every connection of a
// store's pool, as a database restart would: calls may fail for a moment,
// never hang or panic, and then work again.
func TestStoreRecoversFromKilledConnections(t *testing.T) {
	t.Parallel()
	app := fmt.Sprintf("mockinterview-test-recover-%d", time.Now().UnixNano())
	u, schema := testSchema(t, map[string]string{"application_name": app})
	st := openStore(t, u)
	sess := sessionFor("s-recover")
	if _, err := st.CreateSession(t.Context(), sess, nil); err != nil {
		t.Fatal(err)
	}
	admin := adminConn(t, baseURL(t))
	var killed int
	err := admin.QueryRow(t.Context(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1`, app).Scan(&killed)
	if err != nil || killed == 0 {
		t.Fatalf("killed %d connections of %s (%v); want some", killed, schema, err)
	}
	deadline := time.Now().Add(within)
	var failures int
	for {
		_, err := st.Session(t.Context(), sess.ID)
		if err == nil {
			break
		}
		failures++
		if time.Now().After(deadline) {
			t.Fatalf("store still failing %v after its connections were killed (%d failures): %v", within, failures, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if evs, err := st.Save(t.Context(), interview.Change{SessionID: sess.ID, Events: []interview.Event{{Type: "error", Data: json.RawMessage(`{}`), At: sess.CreatedAt}}}); err != nil || len(evs) != 1 || evs[0].Seq != 1 {
		t.Errorf("Save after recovery = %v, %v; want seq 1", evs, err)
	}
}

func sessionFor(id string) interview.Session {
	at := time.Date(2026, 5, 26, 9, 30, 0, 0, time.UTC)
	return interview.Session{ID: id, Owner: "alice", State: interview.StateCreated, CreatedAt: at, UpdatedAt: at, Version: 1,
		Plan: interview.Plan{Role: "backend-developer", Count: 1, QuestionIDs: []string{"q1"}}}
}

// BenchmarkSaveEvent appends one event per Save: the cost of each
// streamed piece (score.delta) and of each acknowledged answer's event.
func BenchmarkSaveEvent(b *testing.B) {
	u, _ := testSchema(b, nil)
	ctx := b.Context()
	st, err := postgres.Open(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	id := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	if _, err := st.CreateSession(ctx, sessionFor(id), nil); err != nil {
		b.Fatal(err)
	}
	ev := interview.Event{Type: interview.EventScoreDelta, Data: json.RawMessage(`{"turn":1,"text":"a piece of feedback"}`), At: time.Now().UTC()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := st.Save(ctx, interview.Change{SessionID: id, Events: []interview.Event{ev}}); err != nil {
			b.Fatal(err)
		}
	}
}
