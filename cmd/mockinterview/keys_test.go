package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

func runKeysCmd(t *testing.T, db string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), append([]string{"mockinterview", "keys"}, args...),
		func(k string) string {
			if k == "MOCKINTERVIEW_DB" {
				return db
			}
			return ""
		}, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestKeys(t *testing.T) {
	db := filepath.Join(t.TempDir(), "keys.db")

	key, _, err := runKeysCmd(t, db, "create", "--name", "ci")
	key = strings.TrimSpace(key)
	if err != nil || !strings.HasPrefix(key, "mi_") || len(key) != 59 {
		t.Fatalf("keys create = %q, %v; want one mi_ key", key, err)
	}
	id := key[3:15]
	if _, _, err := runKeysCmd(t, db, "create"); err == nil {
		t.Errorf("keys create without --name succeeded")
	}

	list, _, err := runKeysCmd(t, db, "list", "--json")
	var keys []keyListing
	if err != nil || json.Unmarshal([]byte(list), &keys) != nil || len(keys) != 1 || keys[0].ID != id || keys[0].Name != "ci" || keys[0].RevokedAt != nil {
		t.Fatalf("keys list --json = %s, %v; want the active key %s", list, err, id)
	}
	if strings.Contains(list, key[16:]) {
		t.Errorf("keys list shows the secret")
	}
	if table, _, _ := runKeysCmd(t, db, "list"); !strings.Contains(table, id) || !strings.Contains(table, "ci") {
		t.Errorf("keys list = %q; want a table with %s", table, id)
	}

	// The key works against a server that requires keys, until revoked.
	base, stop, done, _ := startServe(t, func(k string) string { return "" },
		"--addr", "127.0.0.1:0", "--db", db, "--require-key", "--llm", "off")
	get := func() int {
		req, _ := http.NewRequest("GET", base+"/api/v1/roles", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := get(); got != 200 {
		t.Errorf("GET /api/v1/roles with the new key = %d; want 200", got)
	}
	if out, _, err := runKeysCmd(t, db, "revoke", id); err != nil || !strings.Contains(out, id) {
		t.Fatalf("keys revoke %s = %q, %v", id, out, err)
	}
	if got := get(); got != 401 {
		t.Errorf("GET /api/v1/roles with the revoked key = %d; want 401", got)
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v", err)
	}

	if _, _, err := runKeysCmd(t, db, "revoke", "ffffffffffff", "--db", db); err == nil || !strings.Contains(err.Error(), "no API key") {
		t.Errorf("keys revoke unknown = %v; want a no API key error", err)
	}
	if _, _, err := runKeysCmd(t, db, "rotate"); err == nil {
		t.Errorf("keys rotate succeeded; want unknown subcommand")
	}
}

// TestKeyScopesCLI: keys are made for scoring unless --scope asks for
// more, and list shows each key's scopes.
func TestKeyScopesCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "keys.db")
	if _, _, err := runKeysCmd(t, db, "create", "--name", "scoring"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runKeysCmd(t, db, "create", "--name", "platform", "--scope", "sessions,score"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runKeysCmd(t, db, "create", "--name", "bad", "--scope", "admin"); err == nil || !strings.Contains(err.Error(), "unknown scope") {
		t.Errorf("--scope admin: %v; want unknown scope", err)
	}
	list, _, err := runKeysCmd(t, db, "list", "--json")
	var keys []keyListing
	if err != nil || json.Unmarshal([]byte(list), &keys) != nil || len(keys) != 2 {
		t.Fatalf("keys list --json = %s, %v", list, err)
	}
	got := map[string]string{}
	for _, k := range keys {
		got[k.Name] = k.Scopes
	}
	if got["scoring"] != "score" || got["platform"] != "score,sessions" {
		t.Errorf("scopes = %v; want scoring: score, platform: score,sessions", got)
	}
}
