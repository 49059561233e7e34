package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/postgres"
	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/web"
)

// storage is the database serve runs on, seen through the interfaces its
// parts declare: SQLite (one server) or PostgreSQL (one or more servers).
type storage struct {
	kind        string // "sqlite" or "postgres"
	sessions    interview.Store
	notifier    interview.Notifier
	keys        web.KeyStore
	idempotency web.IdempotencyStore
	ready       web.Pinger
	// accounts and reviews are the account and review stores (the same
	// database): web's AccountStore and interview's ReviewStore.
	accounts web.AccountStore
	reviews  interview.ReviewStore
	// recordings keeps spoken answers (the same database again).
	recordings interview.RecordingStore
	// pg is the PostgreSQL store, nil on SQLite: it also keeps the rate
	// limits every server shares.
	pg *postgres.Store

	close func() error
}

// openStore opens PostgreSQL when databaseURL is set, else the SQLite file
// at dbPath. Both apply the embedded migrations first (under an advisory
// lock on PostgreSQL, so servers starting together take turns) and refuse
// a database migrated by a newer mockinterview (ErrSchemaTooNew).
//
// On PostgreSQL the notifier is LISTEN/NOTIFY, so a websocket on any
// server hears of events stored by any other; on SQLite it is the
// in-process broker. close closes the notifier, then the store.
func openStore(ctx context.Context, dbPath, databaseURL string, log *slog.Logger) (*storage, error) {
	if databaseURL == "" {
		db, err := sqlite.Open(ctx, dbPath)
		if err != nil {
			return nil, err
		}
		stores := apiStores{db: db}
		return &storage{
			kind:        "sqlite",
			sessions:    db,
			notifier:    interview.NewBroker(),
			keys:        stores,
			idempotency: stores,
			ready:       db,
			accounts:    db,
			reviews:     db,
			recordings:  db,
			close:       db.Close,
		}, nil
	}
	db, err := postgres.Open(ctx, databaseURL)
	if err != nil {
		return nil, err
	}
	notifier, err := postgres.NewNotifier(ctx, databaseURL, log)
	if err != nil {
		db.Close()
		return nil, err
	}
	stores := pgStores{db: db}
	return &storage{
		kind:        "postgres",
		sessions:    db,
		notifier:    notifier,
		keys:        stores,
		idempotency: stores,
		ready:       db,
		accounts:    db,
		reviews:     db,
		recordings:  db,
		pg:          db,
		close: func() error {
			return errors.Join(notifier.Close(), db.Close())
		},
	}, nil
}

// rateLimiter is the rate limit every server on the database shares, or
// nil (each server limits on its own) on SQLite.
func (st *storage) rateLimiter(perSecond float64, burst int) web.RateLimiter {
	if st.pg == nil || perSecond <= 0 {
		return nil
	}
	return pgRateLimiter{db: st.pg, perSecond: perSecond, burst: burst}
}

// pgRateLimiter is web's RateLimiter on the PostgreSQL token buckets.
type pgRateLimiter struct {
	db        *postgres.Store
	perSecond float64
	burst     int
}

// rateLimitTimeout bounds the database's say on one request: past it, the
// server's own buckets decide (web logs the error).
const rateLimitTimeout = time.Second

func (l pgRateLimiter) Take(ctx context.Context, scope string) (web.RateDecision, error) {
	ctx, cancel := context.WithTimeout(ctx, rateLimitTimeout)
	defer cancel()
	t, err := l.db.TakeRateToken(ctx, scope, l.perSecond, l.burst)
	return web.RateDecision(t), err
}

// pgStores adapts the PostgreSQL store to the stores web declares, as
// apiStores does the SQLite one.
type pgStores struct {
	db *postgres.Store
}

func (s pgStores) APIKeyByHash(ctx context.Context, hash string) (web.APIKey, error) {
	k, err := s.db.APIKeyByHash(ctx, hash)
	if errors.Is(err, postgres.ErrAPIKeyNotFound) {
		return web.APIKey{}, web.ErrAPIKeyNotFound
	}
	return web.APIKey(k), err
}

func (s pgStores) ClaimIdempotencyKey(ctx context.Context, c web.IdempotencyClaim) (web.IdempotentResponse, bool, error) {
	rec, claimed, err := s.db.ClaimIdempotencyKey(ctx, postgres.IdempotencyClaim(c))
	return web.IdempotentResponse(rec), claimed, err
}

func (s pgStores) CompleteIdempotencyKey(ctx context.Context, scope, key string, status int, body []byte) error {
	return s.db.CompleteIdempotencyKey(ctx, scope, key, status, body)
}

func (s pgStores) ReleaseIdempotencyKey(ctx context.Context, scope, key string) error {
	return s.db.ReleaseIdempotencyKey(ctx, scope, key)
}

// keyAdmin is what "mockinterview keys" needs of a database.
type keyAdmin interface {
	CreateAPIKey(ctx context.Context, id, name, hash, scopes string) (web.APIKey, error)
	ListAPIKeys(ctx context.Context) ([]web.APIKey, error)
	// RevokeAPIKey returns an error wrapping web.ErrAPIKeyNotFound for an
	// unknown id.
	RevokeAPIKey(ctx context.Context, id string) error
	Close() error
}

// openKeyAdmin opens the keys of PostgreSQL when databaseURL is set, else
// of the SQLite file at dbPath (migrating either, as serve does).
func openKeyAdmin(ctx context.Context, dbPath, databaseURL string) (keyAdmin, error) {
	if databaseURL == "" {
		db, err := sqlite.Open(ctx, dbPath)
		if err != nil {
			return nil, err
		}
		return keyTable[sqlite.APIKey]{db.CreateAPIKey, db.ListAPIKeys, db.RevokeAPIKey, sqlite.ErrAPIKeyNotFound, db.Close}, nil
	}
	db, err := postgres.Open(ctx, databaseURL)
	if err != nil {
		return nil, err
	}
	return keyTable[postgres.APIKey]{db.CreateAPIKey, db.ListAPIKeys, db.RevokeAPIKey, postgres.ErrAPIKeyNotFound, db.Close}, nil
}

// keyTable adapts a store's API key methods, whose key type converts to
// web.APIKey field for field.
type keyTable[K sqlite.APIKey | postgres.APIKey] struct {
	create   func(ctx context.Context, id, name, hash, scopes string) (K, error)
	list     func(ctx context.Context) ([]K, error)
	revoke   func(ctx context.Context, id string) error
	notFound error
	close    func() error
}

func (t keyTable[K]) CreateAPIKey(ctx context.Context, id, name, hash, scopes string) (web.APIKey, error) {
	k, err := t.create(ctx, id, name, hash, scopes)
	return web.APIKey(k), err
}

func (t keyTable[K]) ListAPIKeys(ctx context.Context) ([]web.APIKey, error) {
	keys, err := t.list(ctx)
	out := make([]web.APIKey, len(keys))
	for i, k := range keys {
		out[i] = web.APIKey(k)
	}
	return out, err
}

func (t keyTable[K]) RevokeAPIKey(ctx context.Context, id string) error {
	err := t.revoke(ctx, id)
	if errors.Is(err, t.notFound) {
		return fmt.Errorf("revoke api key %s: %w", id, web.ErrAPIKeyNotFound)
	}
	return err
}

func (t keyTable[K]) Close() error { return t.close() }

// storeName says which database a command works on, for its output.
func storeName(dbPath, databaseURL string) string {
	if databaseURL != "" {
		return "postgres"
	}
	return fmt.Sprintf("sqlite %s", dbPath)
}
