package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview/sqlite"
)

func TestIdempotencyRecords(t *testing.T) {
	ctx := context.Background()
	s := openKeysStore(t)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	claim := func(scope, key, hash string, now time.Time) (sqlite.IdempotencyRecord, bool) {
		t.Helper()
		rec, claimed, err := s.ClaimIdempotencyKey(ctx, sqlite.IdempotencyClaim{
			Scope: scope, Key: key, RequestHash: hash,
			Now: now, ExpiresAt: now.Add(24 * time.Hour), StaleBefore: now.Add(-5 * time.Minute),
		})
		if err != nil {
			t.Fatalf("ClaimIdempotencyKey(%s, %s): %v", scope, key, err)
		}
		return rec, claimed
	}

	if _, claimed := claim("key:a", "k1", "h1", t0); !claimed {
		t.Fatalf("first claim not claimed")
	}
	rec, claimed := claim("key:a", "k1", "h1", t0.Add(time.Second))
	if claimed || rec.Status != 0 || rec.RequestHash != "h1" {
		t.Errorf("claim while running = %+v, claimed %v; want the running record (status 0)", rec, claimed)
	}
	if _, claimed := claim("key:b", "k1", "h9", t0); !claimed {
		t.Errorf("the same key in another scope was not claimed")
	}

	if err := s.CompleteIdempotencyKey(ctx, "key:a", "k1", 201, []byte(`{"ok":true}`)); err != nil {
		t.Fatalf("CompleteIdempotencyKey: %v", err)
	}
	rec, claimed = claim("key:a", "k1", "h2", t0.Add(time.Hour))
	if claimed || rec.Status != 201 || string(rec.Body) != `{"ok":true}` || rec.RequestHash != "h1" {
		t.Errorf("claim after completion = %+v, claimed %v; want the stored 201 of h1", rec, claimed)
	}

	// Released claims (server errors) can be retried.
	claim("key:a", "k2", "h1", t0)
	if err := s.ReleaseIdempotencyKey(ctx, "key:a", "k2"); err != nil {
		t.Fatalf("ReleaseIdempotencyKey: %v", err)
	}
	if _, claimed := claim("key:a", "k2", "h1", t0); !claimed {
		t.Errorf("a released key was not claimable again")
	}

	// A running claim older than StaleBefore was abandoned.
	if _, claimed := claim("key:a", "k2", "h1", t0.Add(6*time.Minute)); !claimed {
		t.Errorf("a stale running claim was not taken over")
	}

	// Records expire.
	if _, claimed := claim("key:a", "k1", "h2", t0.Add(24*time.Hour+time.Millisecond)); !claimed {
		t.Errorf("an expired record was not replaced")
	}
	if err := s.CompleteIdempotencyKey(ctx, "key:a", "k1", 0, nil); err == nil {
		t.Errorf("CompleteIdempotencyKey with status 0 succeeded; want an error")
	}
}
