package sqlite

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// SchemaTooNewError says how much newer than this binary the database's
// schema is. It matches ErrSchemaTooNew with errors.Is.
type SchemaTooNewError struct {
	Current int64 // the database's highest applied migration
	Latest  int64 // the highest migration this binary embeds
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("database is at migration %d, this binary knows up to %d: upgrade mockinterview", e.Current, e.Latest)
}

// Is makes errors.Is(err, ErrSchemaTooNew) hold.
func (e *SchemaTooNewError) Is(target error) bool { return target == ErrSchemaTooNew }

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

// checkSchema refuses a database migrated by a newer mockinterview: goose
// alone would find nothing to apply and let this binary misread it.
func checkSchema(ctx context.Context, p *goose.Provider) error {
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrate: read version: %w", err)
	}
	if latest := LatestMigration(); current > latest {
		return &SchemaTooNewError{Current: current, Latest: latest}
	}
	return nil
}

// SchemaVersion returns the migration version the database is at.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}
