package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"testing"

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
