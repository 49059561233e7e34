package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/mockinterview/mockinterview/interview/postgres"
	"github.com/mockinterview/mockinterview/interview/sqlite"
)

// runMigrate applies the embedded migrations to the database and prints
// the version it is at. serve migrates too, when it starts; running this
// first lets a deployment migrate once, before rolling out new servers.
func runMigrate(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := "mockinterview.db"
	if v := e.getenv("MOCKINTERVIEW_DB"); v != "" {
		def = v
	}
	db := fs.String("db", def, "SQLite database file (env MOCKINTERVIEW_DB)")
	databaseURL := fs.String("database-url", e.getenv("DATABASE_URL"), "PostgreSQL URL, wins over --db (env DATABASE_URL)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: mockinterview migrate [--db FILE | --database-url URL]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("migrate takes no arguments, got %q", fs.Arg(0))
	}

	var version, latest int64
	if *databaseURL != "" {
		v, err := postgres.Migrate(ctx, *databaseURL)
		if err != nil {
			return err
		}
		version, latest = v, postgres.LatestMigration()
	} else {
		st, err := sqlite.Open(ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		if version, err = st.SchemaVersion(ctx); err != nil {
			return err
		}
		latest = sqlite.LatestMigration()
	}
	fmt.Fprintf(e.stdout, "%s: at migration %d (this binary knows up to %d)\n", storeName(*db, *databaseURL), version, latest)
	return nil
}
