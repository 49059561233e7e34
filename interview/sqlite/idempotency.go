package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
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
	// taken to be abandoned (its process died) and may be claimed again.
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
// returns claimed true; when the key is already held (running or answered)
// and not expired, it returns the held record and claimed false. Expired
// records are deleted on the way, which bounds the table.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, c IdempotencyClaim) (rec IdempotencyRecord, claimed bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return IdempotencyRecord{}, false, fmt.Errorf("claim idempotency key: %w", err)
	}
	defer tx.Rollback()

	now := c.Now.UnixMilli()
	if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_records WHERE expires_at <= ?`, now); err != nil {
		return IdempotencyRecord{}, false, fmt.Errorf("claim idempotency key: expire: %w", err)
	}
	if _, err := tx.ExecContext(ctx,
		`DELETE FROM idempotency_records WHERE scope = ? AND key = ? AND status = 0 AND created_at < ?`,
		c.Scope, c.Key, c.StaleBefore.UnixMilli()); err != nil {
		return IdempotencyRecord{}, false, fmt.Errorf("claim idempotency key: stale: %w", err)
	}
	res, err := tx.ExecContext(ctx,
		`INSERT INTO idempotency_records (scope, key, request_hash, status, created_at, expires_at)
		 VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (scope, key) DO NOTHING`,
		c.Scope, c.Key, c.RequestHash, now, c.ExpiresAt.UnixMilli())
	if err != nil {
		return IdempotencyRecord{}, false, fmt.Errorf("claim idempotency key: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return IdempotencyRecord{}, false, fmt.Errorf("claim idempotency key: %w", err)
	}
	if n == 1 {
		if err := tx.Commit(); err != nil {
			return IdempotencyRecord{}, false, fmt.Errorf("claim idempotency key: %w", err)
		}
		return IdempotencyRecord{RequestHash: c.RequestHash, CreatedAt: c.Now}, true, nil
	}

	var createdAt int64
	err = tx.QueryRowContext(ctx,
		`SELECT request_hash, status, body, created_at FROM idempotency_records WHERE scope = ? AND key = ?`,
		c.Scope, c.Key).Scan(&rec.RequestHash, &rec.Status, &rec.Body, &createdAt)
	if errors.Is(err, sql.ErrNoRows) {
		return IdempotencyRecord{}, false, fmt.Errorf("claim idempotency key: record vanished")
	}
	if err != nil {
		return IdempotencyRecord{}, false, fmt.Errorf("claim idempotency key: %w", err)
	}
	rec.CreatedAt = time.UnixMilli(createdAt).UTC()
	if err := tx.Commit(); err != nil {
		return IdempotencyRecord{}, false, fmt.Errorf("claim idempotency key: %w", err)
	}
	return rec, false, nil
}

// CompleteIdempotencyKey stores the response to a claimed key.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, scope, key string, status int, body []byte) error {
	if status == 0 {
		return fmt.Errorf("complete idempotency key: status 0 is reserved for running requests")
	}
	_, err := s.db.ExecContext(ctx,
		`UPDATE idempotency_records SET status = ?, body = ? WHERE scope = ? AND key = ?`,
		status, body, scope, key)
	if err != nil {
		return fmt.Errorf("complete idempotency key: %w", err)
	}
	return nil
}

// ReleaseIdempotencyKey forgets a claimed key whose request failed in a way
// worth retrying (a server error), so the client may send it again.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, scope, key string) error {
	_, err := s.db.ExecContext(ctx,
		`DELETE FROM idempotency_records WHERE scope = ? AND key = ? AND status = 0`, scope, key)
	if err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}
