package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
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
	ctx, cancel := s.bound(ctx)
	defer cancel()
	k := APIKey{ID: id, Name: name, Scopes: scopes, CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	_, err := s.pool.Exec(ctx, `INSERT INTO api_keys (id, name, hash, created_at, scopes) VALUES ($1, $2, $3, $4, $5)`,
		id, name, hash, k.CreatedAt, scopes)
	if err != nil {
		return APIKey{}, fmt.Errorf("create api key %s: %w", id, err)
	}
	return k, nil
}

// APIKeyByHash returns the key (active or revoked) whose hash is hash, or
// ErrAPIKeyNotFound.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (APIKey, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	k, err := scanAPIKey(s.pool.QueryRow(ctx,
		`SELECT id, name, created_at, revoked_at, scopes FROM api_keys WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return APIKey{}, ErrAPIKeyNotFound
	}
	if err != nil {
		return APIKey{}, fmt.Errorf("api key by hash: %w", classify(err))
	}
	return k, nil
}

// ListAPIKeys returns every key, oldest first.
func (s *Store) ListAPIKeys(ctx context.Context) ([]APIKey, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT id, name, created_at, revoked_at, scopes FROM api_keys ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (APIKey, error) { return scanAPIKey(r) })
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	return keys, nil
}

// RevokeAPIKey revokes the key with the given id, or returns
// ErrAPIKeyNotFound. Revoking a revoked key keeps its first revocation time.
func (s *Store) RevokeAPIKey(ctx context.Context, id string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	tag, err := s.pool.Exec(ctx, `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2`,
		time.Now().UTC().Truncate(time.Microsecond), id)
	if err != nil {
		return fmt.Errorf("revoke api key %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("revoke api key %s: %w", id, ErrAPIKeyNotFound)
	}
	return nil
}

func scanAPIKey(r pgx.Row) (APIKey, error) {
	var (
		k         APIKey
		revokedAt *time.Time
	)
	if err := r.Scan(&k.ID, &k.Name, &k.CreatedAt, &revokedAt, &k.Scopes); err != nil {
		return APIKey{}, err
	}
	k.CreatedAt = k.CreatedAt.UTC()
	if revokedAt != nil {
		k.RevokedAt = revokedAt.UTC()
	}
	return k, nil
}
