package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// RateTake is the outcome of TakeRateToken.
type RateTake struct {
	Allowed bool
	// Remaining is the whole tokens left in the bucket.
	Remaining int
	// RetryAfter is how long until a token is back, when not Allowed.
	RetryAfter time.Duration
}

// rateSweepEvery is how often a process deletes idle buckets.
const rateSweepEvery = time.Minute

// TakeRateToken spends one token of scope's bucket (perSecond tokens a
// second, at most burst), shared by every server on the database. The
// bucket is refilled and spent by one INSERT ... ON CONFLICT DO UPDATE on
// the database's clock, which takes the row's lock: concurrent requests
// from any server queue on it and each sees the one before. A missing row
// is a full bucket, so buckets idle long enough to be full again are
// deleted, at most once a minute per process.
func (s *Store) TakeRateToken(ctx context.Context, scope string, perSecond float64, burst int) (RateTake, error) {
	if perSecond <= 0 || burst < 1 {
		return RateTake{}, errors.New("take rate token: the rate must be positive and the burst at least 1")
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var (
		tokens  float64
		allowed bool
	)
	// refill is the bucket's tokens now: what it held plus what accrued
	// since, at most burst. The GREATEST guards against a writer whose
	// now() (its statement's start) is earlier than the row's last update.
	const refill = `LEAST($3::float8, b.tokens + $2::float8 * GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)))`
	err := s.pool.QueryRow(ctx, `INSERT INTO rate_limits AS b (scope, tokens, allowed, updated_at)
		VALUES ($1, $3::float8 - 1, true, now())
		ON CONFLICT (scope) DO UPDATE SET
			tokens = CASE WHEN `+refill+` >= 1 THEN `+refill+` - 1 ELSE `+refill+` END,
			allowed = `+refill+` >= 1,
			updated_at = GREATEST(b.updated_at, now())
		RETURNING tokens, allowed`, scope, perSecond, float64(burst)).Scan(&tokens, &allowed)
	if err != nil {
		return RateTake{}, fmt.Errorf("take rate token: %w", err)
	}
	s.sweepRateLimits(ctx, perSecond, burst)
	if !allowed {
		wait := time.Duration((1 - tokens) / perSecond * float64(time.Second))
		return RateTake{RetryAfter: max(wait, time.Millisecond)}, nil
	}
	return RateTake{Allowed: true, Remaining: int(math.Floor(tokens))}, nil
}

// sweepRateLimits deletes buckets full again, at most once a minute. A
// failure only delays the cleanup, so it is not reported.
func (s *Store) sweepRateLimits(ctx context.Context, perSecond float64, burst int) {
	now := time.Now().UnixNano()
	last := s.lastRateSweep.Load()
	if now-last < int64(rateSweepEvery) || !s.lastRateSweep.CompareAndSwap(last, now) {
		return
	}
	refill := float64(burst) / perSecond
	_, _ = s.pool.Exec(ctx, `DELETE FROM rate_limits WHERE updated_at < now() - make_interval(secs => $1)`, refill)
}
