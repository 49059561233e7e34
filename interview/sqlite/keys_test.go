package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/mockinterview/mockinterview/interview/sqlite"
)

func openKeysStore(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "keys.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestAPIKeys(t *testing.T) {
	ctx := context.Background()
	s := openKeysStore(t)

	if _, err := s.CreateAPIKey(ctx, "aaaaaaaaaaaa", "ci", "hash-a", "score"); err != nil {
		t.Fatalf("CreateAPIKey: %v", err)
	}
	if _, err := s.CreateAPIKey(ctx, "bbbbbbbbbbbb", "laptop", "hash-b", "score"); err != nil {
		t.Fatalf("CreateAPIKey: %v", err)
	}
	if _, err := s.CreateAPIKey(ctx, "cccccccccccc", "dup", "hash-a", "score"); err == nil {
		t.Errorf("CreateAPIKey with a hash already stored succeeded; want an error")
	}

	k, err := s.APIKeyByHash(ctx, "hash-a")
	if err != nil || k.ID != "aaaaaaaaaaaa" || k.Name != "ci" || k.Revoked() || k.CreatedAt.IsZero() {
		t.Errorf("APIKeyByHash(hash-a) = %+v, %v; want the active key aaaaaaaaaaaa named ci", k, err)
	}
	if _, err := s.APIKeyByHash(ctx, "hash-x"); !errors.Is(err, sqlite.ErrAPIKeyNotFound) {
		t.Errorf("APIKeyByHash(unknown) error = %v; want ErrAPIKeyNotFound", err)
	}

	if err := s.RevokeAPIKey(ctx, "aaaaaaaaaaaa"); err != nil {
		t.Fatalf("RevokeAPIKey: %v", err)
	}
	first, _ := s.APIKeyByHash(ctx, "hash-a")
	if !first.Revoked() {
		t.Errorf("after RevokeAPIKey, key %+v is not revoked", first)
	}
	if err := s.RevokeAPIKey(ctx, "aaaaaaaaaaaa"); err != nil {
		t.Errorf("revoking twice: %v; want nil", err)
	}
	if again, _ := s.APIKeyByHash(ctx, "hash-a"); !again.RevokedAt.Equal(first.RevokedAt) {
		t.Errorf("revoking twice moved RevokedAt from %v to %v", first.RevokedAt, again.RevokedAt)
	}
	if err := s.RevokeAPIKey(ctx, "zzzzzzzzzzzz"); !errors.Is(err, sqlite.ErrAPIKeyNotFound) {
		t.Errorf("RevokeAPIKey(unknown) error = %v; want ErrAPIKeyNotFound", err)
	}

	keys, err := s.ListAPIKeys(ctx)
	if err != nil || len(keys) != 2 {
		t.Fatalf("ListAPIKeys = %d keys, %v; want 2", len(keys), err)
	}
	if !keys[0].Revoked() || keys[1].Revoked() || keys[1].Name != "laptop" {
		t.Errorf("ListAPIKeys = %+v; want ci (revoked) then laptop (active)", keys)
	}
}
