// Package sqlite is the embedded, default Store: one SQLite file opened with
// modernc.org/sqlite (pure Go, no cgo), in WAL mode with a busy timeout and
// full fsync, its schema managed by goose migrations embedded in the binary.
// It implements interview.Store, the review store (comments, score
// overrides), and the small stores web declares: API keys, idempotency
// records, accounts, sign-in sessions, teams and share links.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrSchemaTooNew means the database was migrated by a newer mockinterview.
var ErrSchemaTooNew = errors.New("database schema is newer than this binary")

// Store is the SQLite store. It is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// Open opens (creating if needed) the SQLite database at path and applies
// the embedded migrations.
//
// Every pooled connection gets the same settings (modernc.org/sqlite runs
// the DSN's _pragma values on each new connection; TestOpenPragmas checks
// they take effect): WAL, so readers never wait for the writer; a 5 s busy
// timeout, so concurrent writers queue instead of failing; synchronous
// FULL, so a committed transaction (an acknowledged answer) survives a
// power cut or kill -9; foreign keys on. _txlock=immediate makes every
// write transaction take the write lock at BEGIN.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db}, nil
}

// dsn is the modernc.org/sqlite data source name for path: a file: URI,
// so the path is escaped (a '?', '#' or '%' in it stays part of the name).
func dsn(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)" +
		"&_pragma=foreign_keys(ON)&_txlock=immediate"
}

func migrate(ctx context.Context, db *sql.DB) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, db, mustSub(migrations, "migrations"))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if err := checkSchema(ctx, p); err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		if errors.Is(err, goose.ErrVersionNotFound) {
			return ErrSchemaTooNew
		}
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Ping reports whether the database answers (for /readyz).
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }
