package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a goroutine-safe writer for stderr.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServe runs "mockinterview serve args..." and returns its base URL
// (read from the "listening on" line), a cancel that stops it, and the
// channel run's result arrives on.
func startServe(t *testing.T, getenv func(string) string, args ...string) (base string, stop context.CancelFunc, done <-chan error, stderr *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	stderr = &lockedBuffer{}
	result := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"mockinterview", "serve"}, args...), getenv, strings.NewReader(""), outW, stderr)
		outW.CloseWithError(io.EOF)
		result <- err
	}()
	lines := bufio.NewScanner(outR)
	if !lines.Scan() {
		cancel()
		t.Fatalf("serve printed nothing; run returned %v; stderr:\n%s", <-result, stderr)
	}
	first := lines.Text()
	base, ok := strings.CutPrefix(first, "listening on ")
	if !ok {
		cancel()
		t.Fatalf("first line %q; want \"listening on http://...\"", first)
	}
	go io.Copy(io.Discard, outR) // keep later output flowing
	t.Cleanup(cancel)
	return base, cancel, result, stderr
}

func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "serve.db")
	base, stop, done, stderr := startServe(t, func(string) string { return "" },
		"--addr", "127.0.0.1:0", "--db", db, "--llm", "off")
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("listening on %q; want http://127.0.0.1:<port>", base)
	}

	res, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatalf("GET /healthz: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET /healthz = %d; want 200", res.StatusCode)
	}

	body := `{"question":"Tell me about a time you fixed a production incident.","answer":"I led the fix: we rolled back in 5 minutes and I added an alert, cutting repeat incidents by 30%."}`
	res, err = http.Post(base+"/api/v1/score", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST /api/v1/score: %v", err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(out), `"overall"`) {
		t.Errorf("POST /api/v1/score = %d %s; want 200 and a score (open on loopback)", res.StatusCode, out)
	}

	stop()
	if err := <-done; err != nil {
		t.Errorf("run returned %v after cancel; want nil", err)
	}
	log := stderr.String()
	if !strings.Contains(log, "route=/api/v1/score") || strings.Contains(log, "production incident") {
		t.Errorf("request log should name the route and never the answer:\n%s", log)
	}
}

func TestServeRequireKey(t *testing.T) {
	db := filepath.Join(t.TempDir(), "serve.db")
	env := map[string]string{"MOCKINTERVIEW_DB": db, "MOCKINTERVIEW_ADDR": "127.0.0.1:0", "MOCKINTERVIEW_REQUIRE_KEY": "true"}
	base, stop, done, _ := startServe(t, func(k string) string { return env[k] }, "--llm", "off")
	res, err := http.Post(base+"/api/v1/score", "application/json", strings.NewReader(`{"question":"Why?","answer":"Because."}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Errorf("POST /api/v1/score without a key under MOCKINTERVIEW_REQUIRE_KEY = %d; want 401", res.StatusCode)
	}
	// The question bank stays public: the candidate's page needs it.
	res, err = http.Get(base + "/api/v1/roles")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET /api/v1/roles without a key under MOCKINTERVIEW_REQUIRE_KEY = %d; want 200", res.StatusCode)
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("run returned %v; want nil", err)
	}
}

func TestServeFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"postgres url", []string{"--database-url", "postgres://x:port/db"}, nil, "cannot parse the database url"},
		{"postgres url from env", nil, map[string]string{"DATABASE_URL": "postgres://x:port/db"}, "cannot parse the database url"},
		{"bad rate limit env", nil, map[string]string{"MOCKINTERVIEW_RATE_LIMIT": "fast"}, "MOCKINTERVIEW_RATE_LIMIT"},
		{"bad burst", []string{"--rate-burst", "0"}, nil, "--rate-burst"},
		{"stray argument", []string{"now"}, nil, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{"mockinterview", "serve", "--db", filepath.Join(t.TempDir(), "x.db")}, tt.args...),
				func(k string) string { return tt.env[k] }, strings.NewReader(""), &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(serve %v) = %v; want an error mentioning %q", tt.args, err, tt.want)
			}
		})
	}
}
