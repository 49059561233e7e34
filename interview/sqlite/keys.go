package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrAPIKeyNotFound means no API key has the given id or hash.
var ErrAPIKeyNotFound = errors.New("api key not found")

// APIKey is a stored API key of the JSON API. The secret itself is never
// stored, only its hash.
type APIKey struct {
	ID        string
	Name      string
	CreatedAt time.Time
	// RevokedAt is zero while the key is active.
	RevokedAt time.Time
	// Scopes is what the key may do, comma-separated: "score",
	// "sessions".
	Scopes string
}

// Revoked reports whether the key has been revoked.
func (k APIKey) Revoked() bool { return !k.RevokedAt.IsZero() }

// CreateAPIKey stores a new key by its id, a human name, the hash of the
// whole key and its scopes (comma-separated).
func (s *Store) CreateAPIKey(ctx context.Context, id, name, hash, scopes string) (APIKey, error) {
	k := APIKey{ID: id, Name: name, Scopes: scopes, CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO api_keys (id, name, hash, created_at, scopes) VALUES (?, ?, ?, ?, ?)`,
		id, name, hash, k.CreatedAt.UnixMilli(), scopes)
	if err != nil {
		return APIKey{}, fmt.Errorf("create api key %s: %w", id, err)
	}
	return k, nil
}

// APIKeyByHash returns the key (active or revoked) whose hash is hash, or
// ErrAPIKeyNotFound.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (APIKey, error) {
	row := s.db.QueryRowContext(ctx,
		`SELECT id, name, created_at, revoked_at, scopes FROM api_keys WHERE hash = ?`, hash)
	k, err := scanAPIKey(row)
	if errors.Is(err, sql.ErrNoRows) {
		return APIKey{}, ErrAPIKeyNotFound
	}
	if err != nil {
		return APIKey{}, fmt.Errorf("api key by hash: %w", err)
	}
	return k, nil
}

// ListAPIKeys returns every key, oldest first.
func (s *Store) ListAPIKeys(ctx context.Context) ([]APIKey, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, name, created_at, revoked_at, scopes FROM api_keys ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	defer rows.Close()
	var keys []APIKey
	for rows.Next() {
		k, err := scanAPIKey(rows)
		if err != nil {
			return nil, fmt.Errorf("list api keys: %w", err)
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	return keys, nil
}

// RevokeAPIKey revokes the key with the given id, or returns
// ErrAPIKeyNotFound. Revoking a revoked key keeps its first revocation time.
func (s *Store) RevokeAPIKey(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx,
		`UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`,
		time.Now().UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("revoke api key %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("revoke api key %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("revoke api key %s: %w", id, ErrAPIKeyNotFound)
	}
	return nil
}

type rowScanner interface {
	Scan(dest ...any) error
}

func scanAPIKey(r rowScanner) (APIKey, error) {
	var (
		k         APIKey
		createdAt int64
		revokedAt sql.NullInt64
	)
	if err := r.Scan(&k.ID, &k.Name, &createdAt, &revokedAt, &k.Scopes); err != nil {
		return APIKey{}, err
	}
	k.CreatedAt = time.UnixMilli(createdAt).UTC()
	if revokedAt.Valid {
		k.RevokedAt = time.UnixMilli(revokedAt.Int64).UTC()
	}
	return k, nil
}
