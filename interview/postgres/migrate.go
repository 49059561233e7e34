package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

// ErrSchemaTooNew means the database was migrated by a newer mockinterview
// than this one: running on it could misread what the newer one wrote.
var ErrSchemaTooNew = errors.New("database schema is newer than this binary")

// SchemaTooNewError says how much newer the database is. It matches
// ErrSchemaTooNew with errors.Is.
type SchemaTooNewError struct {
	Current int64 // the database's highest applied migration
	Latest  int64 // the highest migration this binary embeds
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("database is at migration %d, this binary knows up to %d: upgrade mockinterview", e.Current, e.Latest)
}

// Is makes errors.Is(err, ErrSchemaTooNew) hold.
func (e *SchemaTooNewError) Is(target error) bool { return target == ErrSchemaTooNew }

// Migrate applies the embedded migrations to the database at databaseURL
// (what `mockinterview migrate` does) and returns the version it is at.
func Migrate(ctx context.Context, databaseURL string) (version int64, err error) {
	cfg, err := parseConfig(databaseURL)
	if err != nil {
		return 0, err
	}
	return migrate(ctx, cfg, true)
}

// SchemaVersion returns the database's migration version without changing
// anything but goose's version table, which it creates when missing.
func SchemaVersion(ctx context.Context, databaseURL string) (int64, error) {
	cfg, err := parseConfig(databaseURL)
	if err != nil {
		return 0, err
	}
	return migrate(ctx, cfg, false)
}

// LatestMigration is the highest migration version this binary embeds.
func LatestMigration() int64 {
	entries, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		panic(err) // the pattern is constant
	}
	var latest int64
	for _, name := range entries {
		var v int64
		if _, err := fmt.Sscanf(name, "migrations/%d_", &v); err == nil && v > latest {
			latest = v
		}
	}
	return latest
}

// migrate checks the database's version against the embedded migrations
// and, when apply is set, applies those not yet applied. It holds an
// advisory lock named after the schema meanwhile, so concurrent servers
// (or a server and `mockinterview migrate`) never migrate at once.
func migrate(ctx context.Context, cfg *pgxpool.Config, apply bool) (int64, error) {
	db := stdlib.OpenDB(*cfg.ConnConfig.Copy())
	defer db.Close()
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub,
		goose.WithLogger(goose.NopLogger()), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}

	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate: connect: %w", err)
	}
	defer conn.Close()
	var schema sql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	if !schema.Valid {
		return 0, errors.New("migrate: the search_path names no existing schema")
	}
	lockID := migrationLockID(schema.String)
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockID); err != nil {
		return 0, fmt.Errorf("migrate: lock: %w", err)
	}
	defer func() {
		unlockCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		// Closing the connection releases the lock too, should this fail.
		_, _ = conn.ExecContext(unlockCtx, `SELECT pg_advisory_unlock($1)`, lockID)
	}()

	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate: read version: %w", err)
	}
	latest := LatestMigration()
	if current > latest {
		return current, &SchemaTooNewError{Current: current, Latest: latest}
	}
	if !apply {
		return current, nil
	}
	if _, err := p.Up(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	version, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate: read version: %w", err)
	}
	return version, nil
}

// migrationLockID is the advisory lock key of schema's migrations: one per
// schema, so databases (or tests) in separate schemas do not wait for each
// other.
func migrationLockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("mockinterview migrations " + schema))
	return int64(h.Sum64())
}
