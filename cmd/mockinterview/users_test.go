package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/postgres"
	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/web"
)

func runUsersCmd(t *testing.T, db, stdin string, args ...string) (stdout string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), append([]string{"mockinterview", "users"}, args...),
		func(k string) string {
			if k == "MOCKINTERVIEW_DB" {
				return db
			}
			return ""
		}, strings.NewReader(stdin), &out, &errOut)
	return out.String(), err
}

func TestUsersAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	out, err := runUsersCmd(t, db, "correct horse battery\n", "add", "--email", " Admin@Example.COM ", "--role", "admin")
	if err != nil || !strings.Contains(out, "created admin admin@example.com") {
		t.Fatalf("users add = %q, %v; want the admin created", out, err)
	}
	for _, c := range []struct {
		name, stdin string
		args        []string
		wantErr     string
	}{
		{"same email, other case", "another password\n", []string{"add", "--email", "ADMIN@example.com", "--role", "coach"}, "already has an account"},
		{"bad role", "long enough pw\n", []string{"add", "--email", "c@example.com", "--role", "boss"}, "--role"},
		{"bad email", "long enough pw\n", []string{"add", "--email", "nobody", "--role", "coach"}, "--email"},
		{"short password", "short\n", []string{"add", "--email", "c@example.com", "--role", "coach"}, "password"},
		{"no password", "", []string{"add", "--email", "c@example.com", "--role", "coach"}, "no password on stdin"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := runUsersCmd(t, db, c.stdin, c.args...); err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("users %v error = %v; want one mentioning %q", c.args, err, c.wantErr)
			}
		})
	}

	list, err := runUsersCmd(t, db, "", "list", "--json")
	var users []userListing
	if err != nil || json.Unmarshal([]byte(list), &users) != nil || len(users) != 1 ||
		users[0].Email != "admin@example.com" || users[0].Role != "admin" {
		t.Fatalf("users list --json = %s, %v; want the one admin", list, err)
	}
	if strings.Contains(list, "$2") {
		t.Errorf("users list shows a password hash: %s", list)
	}

	st, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByEmail(t.Context(), "admin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if web.CheckPassword(u.PasswordHash, "correct horse battery") != nil {
		t.Errorf("the stored hash does not match the password read from stdin")
	}
	if web.CheckPassword(u.PasswordHash, "correct horse battery\n") == nil {
		t.Errorf("the stored hash matches the password with its newline")
	}
}

// TestUsersServeLogin: an account made on the command line signs in to the
// server on the same database, and the coach's pages and API answer.
func TestUsersServeLogin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "serve.db")
	if _, err := runUsersCmd(t, db, "a long password\n", "add", "--email", "coach@example.com", "--role", "coach"); err != nil {
		t.Fatal(err)
	}
	base, stop, done, _ := startServe(t, func(string) string { return "" }, "--addr", "127.0.0.1:0", "--db", db, "--llm", "off")
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar}
	post := func(path, body string) int {
		t.Helper()
		res, err := client.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if status := post("/api/v1/auth/login", `{"email":"coach@example.com","password":"a long password"}`); status != 200 {
		t.Fatalf("login = %d; want 200", status)
	}
	if status := post("/api/v1/teams", `{"name":"Backend cohort"}`); status != 201 {
		t.Errorf("create a team = %d; want 201", status)
	}
	res, err := client.Get(base + "/coach")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(page), `<strong class="who-email">coach@example.com</strong> <span class="who-role">(coach)</span>`) {
		t.Errorf("GET /coach = %d; want the coach's sessions page", res.StatusCode)
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v", err)
	}
}

func TestUsersResetPassword(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	if _, err := runUsersCmd(t, db, "correct horse battery\n", "add", "--email", "ann@example.com", "--role", "candidate"); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ann, err := st.UserByEmail(t.Context(), "ann@example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for _, h := range []string{"signin-1", "signin-2"} {
		if err := st.CreateAuthSession(t.Context(), interview.AuthSession{TokenHash: h, UserID: ann.ID, CreatedAt: now,
			ExpiresAt: now.Add(time.Hour), LastSeenAt: now}); err != nil {
			t.Fatal(err)
		}
	}

	for _, c := range []struct {
		name, stdin string
		args        []string
		wantErr     string
	}{
		{"unknown email", "a new passphrase\n", []string{"reset-password", "--email", "nobody@example.com"}, "no account has the email nobody@example.com"},
		{"bad email", "a new passphrase\n", []string{"reset-password", "--email", "nobody"}, "--email"},
		{"no email", "a new passphrase\n", []string{"reset-password"}, "--email"},
		{"common password", "iloveyou\n", []string{"reset-password", "--email", "ann@example.com"}, "most common passwords"},
		{"blank password", "          \n", []string{"reset-password", "--email", "ann@example.com"}, "only spaces"},
		{"short password", "short\n", []string{"reset-password", "--email", "ann@example.com"}, "at least 8 characters"},
		{"no password", "", []string{"reset-password", "--email", "ann@example.com"}, "no password on stdin"},
		{"reset-link unknown email", "", []string{"reset-link", "--email", "nobody@example.com"}, "no account has the email"},
		{"reset-link bad base URL", "", []string{"reset-link", "--email", "ann@example.com", "--base-url", "127.0.0.1:8080"}, "--base-url"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := runUsersCmd(t, db, c.stdin, c.args...); err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("users %v error = %v; want one mentioning %q", c.args, err, c.wantErr)
			}
		})
	}
	if u, _ := st.UserByEmail(t.Context(), "ann@example.com"); u.PasswordHash != ann.PasswordHash {
		t.Fatalf("a refused reset changed the password")
	}

	out, err := runUsersCmd(t, db, "a new passphrase\r\n", "reset-password", "--email", " ANN@example.com")
	if err != nil || !strings.Contains(out, "changed the password of candidate ann@example.com") || !strings.Contains(out, "2 sign-ins ended") {
		t.Fatalf("users reset-password = %q, %v; want the password changed and 2 sign-ins ended", out, err)
	}
	u, err := st.UserByEmail(t.Context(), "ann@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if web.CheckPassword(u.PasswordHash, "a new passphrase") != nil || web.CheckPassword(u.PasswordHash, "correct horse battery") == nil {
		t.Errorf("after reset-password the stored hash does not match the new password only")
	}
	if _, _, err := st.AuthSession(t.Context(), "signin-1", now); !errors.Is(err, interview.ErrSignedOut) {
		t.Errorf("a sign-in survived reset-password: %v", err)
	}

	// reset-link prints a link whose token is stored hashed.
	link, err := runUsersCmd(t, db, "", "reset-link", "--email", "ann@example.com", "--base-url", "https://interviews.example.com/")
	link = strings.TrimSpace(link)
	token, ok := strings.CutPrefix(link, "https://interviews.example.com/reset/")
	if err != nil || !ok || len(token) != 43 {
		t.Fatalf("users reset-link = %q, %v; want https://interviews.example.com/reset/<token>", link, err)
	}
	sum := sha256.Sum256([]byte(token))
	if r, err := st.PasswordReset(t.Context(), hex.EncodeToString(sum[:]), time.Now()); err != nil || r.UserID != ann.ID {
		t.Errorf("the link's reset = %+v, %v; want ann's", r, err)
	}
	if def, err := runUsersCmd(t, db, "", "reset-link", "--email", "ann@example.com"); err != nil || !strings.HasPrefix(def, "http://127.0.0.1:8080/reset/") {
		t.Errorf("users reset-link without --base-url = %q, %v; want serve's default address", def, err)
	}
}

// TestUsersResetWithServer: a reset on the command line signs the account
// out of the running server on the same database; a reset link printed by
// "users reset-link" sets a new password through the server's page API.
func TestUsersResetWithServer(t *testing.T) {
	db := filepath.Join(t.TempDir(), "serve.db")
	if _, err := runUsersCmd(t, db, "a long password\n", "add", "--email", "coach@example.com", "--role", "coach"); err != nil {
		t.Fatal(err)
	}
	base, stop, done, _ := startServe(t, func(string) string { return "" }, "--addr", "127.0.0.1:0", "--db", db, "--llm", "off")
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
	}()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	do := func(method, path, body string) int {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if status := do("POST", "/api/v1/auth/login", `{"email":"coach@example.com","password":"a long password"}`); status != 200 {
		t.Fatalf("login = %d", status)
	}
	if _, err := runUsersCmd(t, db, "the second passphrase\n", "reset-password", "--email", "coach@example.com"); err != nil {
		t.Fatal(err)
	}
	if status := do("GET", "/api/v1/auth/me", ""); status != 401 {
		t.Errorf("me after users reset-password = %d; want 401 (signed out)", status)
	}
	if status := do("POST", "/api/v1/auth/login", `{"email":"coach@example.com","password":"a long password"}`); status != 401 {
		t.Errorf("login with the old password = %d; want 401", status)
	}
	link, err := runUsersCmd(t, db, "", "reset-link", "--email", "coach@example.com", "--base-url", base)
	if err != nil {
		t.Fatal(err)
	}
	path := strings.TrimPrefix(strings.TrimSpace(link), base)
	if status := do("GET", path, ""); status != 200 {
		t.Fatalf("GET %s = %d; want the reset page", path, status)
	}
	token := strings.TrimPrefix(path, "/reset/")
	if status := do("POST", "/api/v1/auth/reset", `{"token":"`+token+`","password":"the third passphrase"}`); status != 200 {
		t.Fatalf("reset with the link = %d; want 200", status)
	}
	if status := do("POST", "/api/v1/auth/login", `{"email":"coach@example.com","password":"the third passphrase"}`); status != 200 {
		t.Errorf("login with the password set by the link = %d; want 200", status)
	}
}

// TestUsersResetPostgres: add, reset-password and reset-link on
// PostgreSQL (--database-url), checked through the PostgreSQL store.
func TestUsersResetPostgres(t *testing.T) {
	u, _, _ := pgSchemaURL(t)
	sqliteFile := filepath.Join(t.TempDir(), "unused.db")
	pg := func(stdin string, args ...string) (string, error) {
		return runUsersCmd(t, sqliteFile, stdin, append(args, "--database-url", u)...)
	}
	if _, err := pg("correct horse battery\n", "add", "--email", "admin@example.com", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := pg("a new passphrase\n", "reset-password", "--email", "nobody@example.com"); err == nil || !strings.Contains(err.Error(), "no account has the email") {
		t.Errorf("reset-password of an unknown email = %v; want no account", err)
	}
	if _, err := pg("password123\n", "reset-password", "--email", "admin@example.com"); err == nil || !strings.Contains(err.Error(), "most common passwords") {
		t.Errorf("reset-password to a common password = %v; want refused", err)
	}
	st, err := postgres.Open(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin, err := st.UserByEmail(t.Context(), "admin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if err := st.CreateAuthSession(t.Context(), interview.AuthSession{TokenHash: "pg-signin", UserID: admin.ID, CreatedAt: now,
		ExpiresAt: now.Add(time.Hour), LastSeenAt: now}); err != nil {
		t.Fatal(err)
	}
	out, err := pg("a new passphrase\n", "reset-password", "--email", "admin@example.com")
	if err != nil || !strings.Contains(out, "1 sign-ins ended") {
		t.Fatalf("reset-password = %q, %v", out, err)
	}
	got, err := st.UserByEmail(t.Context(), "admin@example.com")
	if err != nil || web.CheckPassword(got.PasswordHash, "a new passphrase") != nil {
		t.Errorf("after reset-password on PostgreSQL the hash does not match the new password (%v)", err)
	}
	if _, _, err := st.AuthSession(t.Context(), "pg-signin", now); !errors.Is(err, interview.ErrSignedOut) {
		t.Errorf("a sign-in survived reset-password on PostgreSQL: %v", err)
	}
	link, err := pg("", "reset-link", "--email", "admin@example.com")
	token, ok := strings.CutPrefix(strings.TrimSpace(link), "http://127.0.0.1:8080/reset/")
	if err != nil || !ok {
		t.Fatalf("reset-link = %q, %v", link, err)
	}
	sum := sha256.Sum256([]byte(token))
	if _, _, err := st.ResetPassword(t.Context(), hex.EncodeToString(sum[:]), got.PasswordHash, time.Now()); err != nil {
		t.Errorf("the printed link's reset is not in PostgreSQL: %v", err)
	}
	if _, err := os.Stat(sqliteFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--database-url also made the SQLite file %s", sqliteFile)
	}
}
