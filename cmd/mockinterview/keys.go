package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/mockinterview/mockinterview/web"
)

const keysUsage = `usage: mockinterview keys <create|list|revoke> [flags]

  keys create --name NAME [--scope S] [--db FILE]
                                        make a key; it is printed once, on stdout.
                                        --scope score (default: the scoring API) or
                                        score,sessions (also interviews made with it)
  keys list [--json] [--db FILE]        list keys (ids, names, dates; never secrets)
  keys revoke ID [--db FILE]            revoke a key at once

--db defaults to $MOCKINTERVIEW_DB, then mockinterview.db. With
--database-url URL (default $DATABASE_URL) the keys live in PostgreSQL,
shared by every server on it.
`

// runKeys manages the API keys of the JSON API. The key format and its
// hash belong to web; the store keeps only id, name and hash.
func runKeys(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, keysUsage)
		return errors.New("keys: no subcommand given")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("keys "+sub, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := "mockinterview.db"
	if v := e.getenv("MOCKINTERVIEW_DB"); v != "" {
		def = v
	}
	db := fs.String("db", def, "SQLite database file (env MOCKINTERVIEW_DB)")
	databaseURL := fs.String("database-url", e.getenv("DATABASE_URL"), "PostgreSQL URL, wins over --db (env DATABASE_URL)")
	var name, scope *string
	var asJSON *bool
	switch sub {
	case "create":
		name = fs.String("name", "", "who or what the key is for (required)")
		scope = fs.String("scope", web.DefaultScopes, "what the key may do: score, sessions, or both comma-separated")
	case "list":
		asJSON = fs.Bool("json", false, "print JSON")
	case "revoke":
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, keysUsage)
		return nil
	default:
		fmt.Fprint(e.stderr, keysUsage)
		return fmt.Errorf("keys: unknown subcommand %q", sub)
	}
	pos, err := keysArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}

	store, err := openKeyAdmin(ctx, *db, *databaseURL)
	if err != nil {
		return err
	}
	defer store.Close()

	switch sub {
	case "create":
		if *name == "" || len(pos) > 0 {
			return errors.New("keys create: --name NAME is required and nothing else")
		}
		scopes, err := web.ParseScopes(*scope)
		if err != nil {
			return fmt.Errorf("keys create: --scope: %w", err)
		}
		id, key, hash, err := web.NewAPIKey()
		if err != nil {
			return err
		}
		if _, err := store.CreateAPIKey(ctx, id, *name, hash, scopes); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, key)
		fmt.Fprintf(e.stderr, "created API key %s (%s, scopes %s). It is shown only this once: store it now.\nSend it as: Authorization: Bearer <key>\n", id, *name, scopes)
		return nil
	case "list":
		if len(pos) > 0 {
			return fmt.Errorf("keys list: unexpected argument %q", pos[0])
		}
		return listKeys(ctx, store, *asJSON, e)
	default: // revoke
		if len(pos) != 1 {
			return errors.New("keys revoke: give exactly one key id (see keys list)")
		}
		err := store.RevokeAPIKey(ctx, pos[0])
		if errors.Is(err, web.ErrAPIKeyNotFound) {
			return fmt.Errorf("keys revoke: no API key has the id %q", pos[0])
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "revoked API key %s\n", pos[0])
		return nil
	}
}

type keyListing struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Scopes    string     `json:"scopes"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

func listKeys(ctx context.Context, store keyAdmin, asJSON bool, e env) error {
	keys, err := store.ListAPIKeys(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]keyListing, 0, len(keys))
		for _, k := range keys {
			l := keyListing{ID: k.ID, Name: k.Name, Scopes: k.Scopes, CreatedAt: k.CreatedAt}
			if !k.RevokedAt.IsZero() {
				l.RevokedAt = &k.RevokedAt
			}
			out = append(out, l)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSCOPES\tCREATED\tREVOKED")
	for _, k := range keys {
		revoked := "-"
		if !k.RevokedAt.IsZero() {
			revoked = k.RevokedAt.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Scopes, k.CreatedAt.Format(time.RFC3339), revoked)
	}
	return tw.Flush()
}

// keysArgs parses fs allowing flags after positional arguments
// ("keys revoke ID --db x") and returns the positional ones.
func keysArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
