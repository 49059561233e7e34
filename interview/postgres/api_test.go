package postgres_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview/postgres"
)

func TestAPIKeys(t *testing.T) {
	t.Parallel()
	u, _ := testSchema(t, nil)
	st := openStore(t, u)
	other := openStore(t, u) // another server sees the same keys
	ctx := t.Context()

	a, err := st.CreateAPIKey(ctx, "aaaaaaaaaaaa", "ci", "hash-a", "score")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateAPIKey(ctx, "bbbbbbbbbbbb", "coach", "hash-b", "score"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateAPIKey(ctx, "cccccccccccc", "dup", "hash-a", "score"); err == nil {
		t.Error("CreateAPIKey with a hash already stored succeeded")
	}
	got, err := other.APIKeyByHash(ctx, "hash-a")
	if err != nil || got != a || got.Revoked() {
		t.Errorf("APIKeyByHash(hash-a) = %+v, %v; want %+v", got, err, a)
	}
	if _, err := other.APIKeyByHash(ctx, "nope"); !errors.Is(err, postgres.ErrAPIKeyNotFound) {
		t.Errorf("APIKeyByHash(nope) error = %v; want ErrAPIKeyNotFound", err)
	}
	if err := other.RevokeAPIKey(ctx, "aaaaaaaaaaaa"); err != nil {
		t.Fatal(err)
	}
	first, _ := st.APIKeyByHash(ctx, "hash-a")
	if !first.Revoked() {
		t.Fatal("revoked key is not revoked")
	}
	if err := st.RevokeAPIKey(ctx, "aaaaaaaaaaaa"); err != nil {
		t.Fatal(err)
	}
	again, _ := st.APIKeyByHash(ctx, "hash-a")
	if !again.RevokedAt.Equal(first.RevokedAt) {
		t.Errorf("second revocation moved RevokedAt from %v to %v", first.RevokedAt, again.RevokedAt)
	}
	if err := st.RevokeAPIKey(ctx, "zzzzzzzzzzzz"); !errors.Is(err, postgres.ErrAPIKeyNotFound) {
		t.Errorf("RevokeAPIKey(unknown) error = %v; want ErrAPIKeyNotFound", err)
	}
	keys, err := st.ListAPIKeys(ctx)
	if err != nil || len(keys) != 2 || keys[0].ID != "aaaaaaaaaaaa" || keys[1].ID != "bbbbbbbbbbbb" {
		t.Errorf("ListAPIKeys = %+v, %v; want the two keys, oldest first", keys, err)
	}
}

func TestIdempotency(t *testing.T) {
	t.Parallel()
	u, _ := testSchema(t, nil)
	servers := []*postgres.Store{openStore(t, u), openStore(t, u)}
	ctx := t.Context()
	now := time.Date(2026, 5, 26, 10, 0, 0, 0, time.UTC)
	claim := func(key, hash string, at time.Time) postgres.IdempotencyClaim {
		return postgres.IdempotencyClaim{Scope: "key:abc", Key: key, RequestHash: hash, Now: at,
			ExpiresAt: at.Add(24 * time.Hour), StaleBefore: at.Add(-5 * time.Minute)}
	}

	// Two servers claim one key at once: exactly one gets it.
	var wg sync.WaitGroup
	claimed := make([]bool, len(servers))
	errs := make([]error, len(servers))
	for i, st := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, claimed[i], errs[i] = st.ClaimIdempotencyKey(ctx, claim("k1", "h1", now))
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil || claimed[0] == claimed[1] {
		t.Fatalf("concurrent claims = %v %v, errors %v %v; want exactly one claimed", claimed[0], claimed[1], errs[0], errs[1])
	}
	held, ok, err := servers[0].ClaimIdempotencyKey(ctx, claim("k1", "h1", now.Add(time.Second)))
	if err != nil || ok || held.Status != 0 || held.RequestHash != "h1" || !held.CreatedAt.Equal(now) {
		t.Errorf("claim while running = %+v, %v, %v; want held, status 0", held, ok, err)
	}
	if err := servers[1].CompleteIdempotencyKey(ctx, "key:abc", "k1", 201, []byte(`{"id":"x"}`)); err != nil {
		t.Fatal(err)
	}
	held, ok, err = servers[0].ClaimIdempotencyKey(ctx, claim("k1", "other", now.Add(time.Minute)))
	if err != nil || ok || held.Status != 201 || string(held.Body) != `{"id":"x"}` || held.RequestHash != "h1" {
		t.Errorf("claim after completion = %+v, %v, %v; want the stored 201", held, ok, err)
	}
	if err := servers[0].CompleteIdempotencyKey(ctx, "key:abc", "k1", 0, nil); err == nil {
		t.Error("CompleteIdempotencyKey with status 0 succeeded")
	}

	// A released claim can be claimed again; a completed one cannot be
	// released.
	if _, ok, _ := servers[0].ClaimIdempotencyKey(ctx, claim("k2", "h2", now)); !ok {
		t.Fatal("claim k2 failed")
	}
	if err := servers[1].ReleaseIdempotencyKey(ctx, "key:abc", "k2"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := servers[1].ClaimIdempotencyKey(ctx, claim("k2", "h2", now)); !ok {
		t.Error("claim after release was refused")
	}
	if err := servers[1].ReleaseIdempotencyKey(ctx, "key:abc", "k1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := servers[1].ClaimIdempotencyKey(ctx, claim("k1", "h1", now.Add(time.Minute))); ok {
		t.Error("a completed key was released")
	}

	// A claim abandoned by a dead server goes stale; an answered key
	// expires.
	if _, ok, _ := servers[0].ClaimIdempotencyKey(ctx, claim("k2", "h2", now.Add(6*time.Minute))); !ok {
		t.Error("a stale running claim was not taken over")
	}
	if _, ok, _ := servers[0].ClaimIdempotencyKey(ctx, claim("k1", "h1", now.Add(25*time.Hour))); !ok {
		t.Error("an expired record was still held")
	}
}

func TestRateLimitShared(t *testing.T) {
	t.Parallel()
	u, schema := testSchema(t, nil)
	servers := []*postgres.Store{openStore(t, u), openStore(t, u)}
	ctx := t.Context()
	const (
		slow  = 0.001 // a token every 1000 s: nothing refills during the test
		burst = 10
	)

	// Requests from one client spread over two servers share one bucket.
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		allowed int
	)
	for i := range 2 * burst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			take, err := servers[i%2].TakeRateToken(ctx, "client:10.0.0.1", slow, burst)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if take.Allowed {
				allowed++
			} else if take.RetryAfter <= 0 || take.RetryAfter > 1000*time.Second {
				t.Errorf("denied with RetryAfter %v; want in (0, 1000 s]", take.RetryAfter)
			}
		}()
	}
	wg.Wait()
	if allowed != burst {
		t.Errorf("%d of %d requests allowed across two servers; want the burst, %d", allowed, 2*burst, burst)
	}

	take, err := servers[0].TakeRateToken(ctx, "client:10.0.0.2", slow, burst)
	if err != nil || !take.Allowed || take.Remaining != burst-1 {
		t.Errorf("another client's first take = %+v, %v; want allowed, %d remaining", take, err, burst-1)
	}

	// Time passing refills the bucket: move its last update back 2.5
	// tokens' worth.
	admin := adminConn(t, baseURL(t))
	if _, err := admin.Exec(ctx, "UPDATE "+schema+".rate_limits SET updated_at = updated_at - interval '2500 seconds' WHERE scope = 'client:10.0.0.1'"); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, true, false} {
		take, err := servers[i%2].TakeRateToken(ctx, "client:10.0.0.1", slow, burst)
		if err != nil || take.Allowed != want {
			t.Errorf("take %d after 2.5 tokens' refill = %+v, %v; want allowed %v", i, take, err, want)
		}
		if !want && (take.RetryAfter < 400*time.Second || take.RetryAfter > 600*time.Second) {
			t.Errorf("RetryAfter = %v with half a token left; want about 500 s", take.RetryAfter)
		}
	}

	if _, err := servers[0].TakeRateToken(ctx, "x", 0, 1); err == nil {
		t.Error("TakeRateToken with rate 0 succeeded")
	}
}
