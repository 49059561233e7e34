package web

import (
	"fmt"
	"testing"
	"time"
)

func TestRateLimiterEvictsIdleClients(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l := newRateLimiter(10, 20, func() time.Time { return now })
	for i := range 50 {
		if ok, _, _ := l.take(fmt.Sprintf("client:10.0.0.%d", i)); !ok {
			t.Fatalf("first request of client %d refused", i)
		}
	}
	if got := l.size(); got != 50 {
		t.Fatalf("size = %d; want 50", got)
	}
	// Two seconds refill a 20-token bucket at 10/s; the sweep runs once a
	// minute. A client seen within the refill time is kept.
	now = now.Add(59 * time.Second)
	l.take("client:10.0.0.7")
	now = now.Add(time.Second + time.Millisecond)
	l.take("client:10.0.0.99")
	if got := l.size(); got != 2 {
		t.Errorf("after the sweep size = %d; want 2 (the client seen 1 s ago and the new one)", got)
	}
}

func TestRateLimiterBounded(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l := newRateLimiter(1, 1, func() time.Time { return now })
	for i := range rateMaxClients + 10 {
		l.take(fmt.Sprintf("client:%d", i))
	}
	if got := l.size(); got > rateMaxClients {
		t.Errorf("size = %d; want at most %d", got, rateMaxClients)
	}
}

func TestParseAPIKey(t *testing.T) {
	id, key, hash, err := NewAPIKey()
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := parseAPIKey(key); !ok || got != id {
		t.Errorf("parseAPIKey(%q) = %q, %v; want %q, true", key, got, ok, id)
	}
	if HashAPIKey(key) != hash || len(hash) != 64 {
		t.Errorf("HashAPIKey(key) = %q; want the hash NewAPIKey returned (%q)", HashAPIKey(key), hash)
	}
	for _, bad := range []string{
		"", "mi_", key[:len(key)-1], key + "x", "xx" + key[2:],
		"mi_" + "ABCDEF012345" + key[15:], // upper-case id
		key[:15] + "-" + key[16:],         // separator
		key[:len(key)-1] + "=",            // not base64url
	} {
		if _, ok := parseAPIKey(bad); ok {
			t.Errorf("parseAPIKey(%q) accepted a malformed key", bad)
		}
	}
}
