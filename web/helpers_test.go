package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/web"
)

// sqliteStores adapts the SQLite store to web's interfaces, as
// cmd/mockinterview does.
type sqliteStores struct{ db *sqlite.Store }

func (s sqliteStores) APIKeyByHash(ctx context.Context, hash string) (web.APIKey, error) {
	k, err := s.db.APIKeyByHash(ctx, hash)
	if errors.Is(err, sqlite.ErrAPIKeyNotFound) {
		return web.APIKey{}, web.ErrAPIKeyNotFound
	}
	return web.APIKey(k), err
}

func (s sqliteStores) ClaimIdempotencyKey(ctx context.Context, c web.IdempotencyClaim) (web.IdempotentResponse, bool, error) {
	rec, claimed, err := s.db.ClaimIdempotencyKey(ctx, sqlite.IdempotencyClaim(c))
	return web.IdempotentResponse(rec), claimed, err
}

func (s sqliteStores) CompleteIdempotencyKey(ctx context.Context, scope, key string, status int, body []byte) error {
	return s.db.CompleteIdempotencyKey(ctx, scope, key, status, body)
}

func (s sqliteStores) ReleaseIdempotencyKey(ctx context.Context, scope, key string) error {
	return s.db.ReleaseIdempotencyKey(ctx, scope, key)
}

// testServer is a real server over a real SQLite file.
type testServer struct {
	*httptest.Server
	web   *web.Server
	store *sqlite.Store
	bank  *questions.Bank
}

func testBank(t testing.TB) *questions.Bank {
	t.Helper()
	b, err := questions.Load()
	if err != nil {
		t.Fatalf("questions.Load: %v", err)
	}
	return b
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// newTestServer starts a server; edit may change its config and deps.
func newTestServer(t *testing.T, cfg web.Config, edit func(*web.Deps)) *testServer {
	t.Helper()
	store := openStore(t)
	bank := testBank(t)
	deps := web.Deps{
		Bank:        bank,
		Scorer:      scoring.New(bank),
		Keys:        sqliteStores{store},
		Idempotency: sqliteStores{store},
		Ready:       store,
	}
	if edit != nil {
		edit(&deps)
	}
	s, err := web.New(cfg, deps)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return &testServer{Server: ts, web: s, store: store, bank: bank}
}

// createKey stores a new API key and returns it.
func (ts *testServer) createKey(t *testing.T, name string) (id, key string) {
	t.Helper()
	id, key, hash, err := web.NewAPIKey()
	if err != nil {
		t.Fatalf("NewAPIKey: %v", err)
	}
	if _, err := ts.store.CreateAPIKey(context.Background(), id, name, hash, web.ScopeScore+","+web.ScopeSessions); err != nil {
		t.Fatalf("CreateAPIKey: %v", err)
	}
	return id, key
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request; a non-nil body is sent as JSON unless headers say
// otherwise. headers are name, value pairs.
func (ts *testServer) do(t *testing.T, method, path string, body []byte, headers ...string) response {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// goErrorText are fragments of Go, SQL and JSON library error messages
// that must never reach a client.
var goErrorText = []string{"json:", "Go value", "Go struct", "unmarshal", "sql", "SQL", "goroutine", "runtime", "panic", ".go:", "%!", "invalid character"}

func assertNoGoErrorText(t *testing.T, body []byte) {
	t.Helper()
	for _, frag := range goErrorText {
		if bytes.Contains(body, []byte(frag)) {
			t.Errorf("body %s contains %q", body, frag)
		}
	}
}

// wantError checks an error answer: status, code, field and shape.
func wantError(t *testing.T, res response, status int, code, field string) {
	t.Helper()
	if res.status != status {
		t.Errorf("status = %d; want %d (body %s)", res.status, status, res.body)
	}
	var e struct {
		Error *web.ErrorBody `json:"error"`
	}
	if err := decodeStrict(res.body, &e); err != nil || e.Error == nil {
		t.Fatalf("body %s is not an error object: %v", res.body, err)
	}
	if e.Error.Code != code {
		t.Errorf("error.code = %q; want %q (message %q)", e.Error.Code, code, e.Error.Message)
	}
	if e.Error.Field != field {
		t.Errorf("error.field = %q; want %q", e.Error.Field, field)
	}
	if strings.TrimSpace(e.Error.Message) == "" {
		t.Errorf("error.message is empty")
	}
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q; want application/json", ct)
	}
	assertNoGoErrorText(t, res.body)
}

// fixedClock is a settable clock for rate limits and idempotency expiry.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

const goodAnswer = `In my last role our checkout API slowed to 2 seconds at peak. ` +
	`My task was to bring p99 latency under 300 ms before the holiday sale. ` +
	`I profiled the service, found an N+1 query, added an index and a Redis cache, and load tested the fix. ` +
	`As a result p99 dropped from 2 s to 180 ms and conversion rose by 4 percent.`
