package web

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// rateLimiter keeps one token bucket per client scope (API key or client
// address). Every request takes one token, a batch too: its 100-item and
// 2 MiB caps bound what one token buys.
//
// Memory is bounded without a goroutine: at most once a minute, on a
// request, buckets idle long enough to be full again are dropped (a full
// bucket is the same as a new one, so this loses nothing); and if more
// than maxClients are still held, all are dropped.
type rateLimiter struct {
	limit rate.Limit
	burst int
	now   func() time.Time
	// shared, when set, decides instead of the buckets below, which then
	// only stand in while it fails (see decide).
	shared RateLimiter

	mu        sync.Mutex
	clients   map[string]*clientBucket
	lastSweep time.Time
}

type clientBucket struct {
	limiter  *rate.Limiter
	lastSeen time.Time
}

const (
	rateSweepEvery = time.Minute
	rateMaxClients = 100_000
)

func newRateLimiter(perSecond float64, burst int, now func() time.Time) *rateLimiter {
	return &rateLimiter{
		limit:     rate.Limit(perSecond),
		burst:     burst,
		now:       now,
		clients:   make(map[string]*clientBucket),
		lastSweep: now(),
	}
}

// take spends one token of scope's bucket. When none is left it returns
// ok false and how long until one is.
func (l *rateLimiter) take(scope string) (ok bool, remaining int, retryAfter time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.clients[scope]
	if b == nil {
		b = &clientBucket{limiter: rate.NewLimiter(l.limit, l.burst)}
		l.clients[scope] = b
	}
	b.lastSeen = now
	r := b.limiter.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return false, 0, delay
	}
	return true, int(b.limiter.TokensAt(now)), 0
}

func (l *rateLimiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < rateSweepEvery && len(l.clients) < rateMaxClients {
		return
	}
	l.lastSweep = now
	refill := time.Duration(float64(l.burst) / float64(l.limit) * float64(time.Second))
	for scope, b := range l.clients {
		if now.Sub(b.lastSeen) > refill {
			delete(l.clients, scope)
		}
	}
	if len(l.clients) >= rateMaxClients {
		clear(l.clients)
	}
}

// size is the number of buckets held (for tests).
func (l *rateLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// rateLimit answers 429 with Retry-After (whole seconds, rounded up) when
// the principal's bucket is empty, and sets X-RateLimit-Limit (the burst)
// and X-RateLimit-Remaining on every answer. A nil limiter lets all pass.
func rateLimit(l *rateLimiter) gin.HandlerFunc {
	return func(c *gin.Context) {
		if l == nil {
			c.Next()
			return
		}
		p, _ := PrincipalFrom(c.Request.Context())
		ok, remaining, wait := l.decide(c, p.Scope())
		c.Header("X-RateLimit-Limit", strconv.Itoa(l.burst))
		c.Header("X-RateLimit-Remaining", strconv.Itoa(remaining))
		if !ok {
			secs := int(math.Ceil(wait.Seconds()))
			c.Header("Retry-After", strconv.Itoa(secs))
			writeError(c, &Error{Status: http.StatusTooManyRequests, Code: CodeRateLimited,
				Message: "too many requests: retry after " + strconv.Itoa(secs) + " s"})
			return
		}
		c.Next()
	}
}

// RateLimiter decides whether a client may send one more request, for
// servers that must share one limit: Deps.RateLimiter replaces the
// in-process buckets with it (cmd/mockinterview wires a PostgreSQL one
// when several servers share a database). It must apply the same
// Config.RateLimit and Config.RateBurst.
type RateLimiter interface {
	// Take spends one request of scope's allowance.
	Take(ctx context.Context, scope string) (RateDecision, error)
}

// RateDecision is a RateLimiter's answer.
type RateDecision struct {
	Allowed bool
	// Remaining is the whole requests left in the burst.
	Remaining int
	// RetryAfter is how long until a request is allowed, when not Allowed.
	RetryAfter time.Duration
}

// decide asks the shared limiter when there is one. When it fails (its
// database is down or slow), the error is logged with the request and
// this process's buckets decide: a limit still holds, per server.
func (l *rateLimiter) decide(c *gin.Context, scope string) (ok bool, remaining int, retryAfter time.Duration) {
	if l.shared == nil {
		return l.take(scope)
	}
	d, err := l.shared.Take(c.Request.Context(), scope)
	if err != nil {
		_ = c.Error(err)
		return l.take(scope)
	}
	return d.Allowed, d.Remaining, d.RetryAfter
}
