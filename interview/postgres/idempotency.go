package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// IdempotencyClaim asks to run a request under an idempotency key.
type IdempotencyClaim struct {
	// Scope is who sent the key (an API key id or a client address), so
	// two clients never see each other's responses.
	Scope string
	Key   string
	// RequestHash identifies the request (method, path and body).
	RequestHash string
	Now         time.Time
	// ExpiresAt is when the record may be forgotten.
	ExpiresAt time.Time
	// StaleBefore: a claim still running that was made before this time is
	// taken to be abandoned (its server died) and may be claimed again.
	StaleBefore time.Time
}

// IdempotencyRecord is what is stored under an idempotency key.
type IdempotencyRecord struct {
	RequestHash string
	// Status is the HTTP status of the stored response, 0 while the first
	// request is still running.
	Status    int
	Body      []byte
	CreatedAt time.Time
}

// ClaimIdempotencyKey records that c.Key is being answered for c.Scope and
// returns claimed true; when the key is already held (running or answered,
// by any server) and not expired, it returns the held record and claimed
// false. Of two servers claiming one key at once, the primary key lets one
// insert and makes the other wait for its commit and then read its claim.
// Expired records are deleted on the way, which bounds the table.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, c IdempotencyClaim) (rec IdempotencyRecord, claimed bool, err error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM idempotency_records WHERE expires_at <= $1`, c.Now); err != nil {
			return fmt.Errorf("expire: %w", err)
		}
		if _, err := tx.Exec(ctx,
			`DELETE FROM idempotency_records WHERE scope = $1 AND key = $2 AND status = 0 AND created_at < $3`,
			c.Scope, c.Key, c.StaleBefore); err != nil {
			return fmt.Errorf("stale: %w", err)
		}
		tag, err := tx.Exec(ctx,
			`INSERT INTO idempotency_records (scope, key, request_hash, status, created_at, expires_at)
			 VALUES ($1, $2, $3, 0, $4, $5) ON CONFLICT (scope, key) DO NOTHING`,
			c.Scope, c.Key, c.RequestHash, c.Now, c.ExpiresAt)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 1 {
			rec, claimed = IdempotencyRecord{RequestHash: c.RequestHash, CreatedAt: c.Now}, true
			return nil
		}
		err = tx.QueryRow(ctx,
			`SELECT request_hash, status, body, created_at FROM idempotency_records WHERE scope = $1 AND key = $2`,
			c.Scope, c.Key).Scan(&rec.RequestHash, &rec.Status, &rec.Body, &rec.CreatedAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return errors.New("record vanished")
		}
		rec.CreatedAt = rec.CreatedAt.UTC()
		return err
	})
	if err != nil {
		return IdempotencyRecord{}, false, fmt.Errorf("claim idempotency key: %w", classify(err))
	}
	return rec, claimed, nil
}

// CompleteIdempotencyKey stores the response to a claimed key.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, scope, key string, status int, body []byte) error {
	if status == 0 {
		return fmt.Errorf("complete idempotency key: status 0 is reserved for running requests")
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if body == nil {
		body = []byte{}
	}
	_, err := s.pool.Exec(ctx,
		`UPDATE idempotency_records SET status = $1, body = $2 WHERE scope = $3 AND key = $4`,
		status, body, scope, key)
	if err != nil {
		return fmt.Errorf("complete idempotency key: %w", classify(err))
	}
	return nil
}

// ReleaseIdempotencyKey forgets a claimed key whose request failed in a way
// worth retrying (a server error), so the client may send it again.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, scope, key string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.pool.Exec(ctx,
		`DELETE FROM idempotency_records WHERE scope = $1 AND key = $2 AND status = 0`, scope, key)
	if err != nil {
		return fmt.Errorf("release idempotency key: %w", classify(err))
	}
	return nil
}
