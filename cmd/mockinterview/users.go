package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/postgres"
	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/web"
)

const usersUsage = `usage: mockinterview users <add|list> [flags]

  users add --email E --role R   make an account; the password is read from stdin
                                 (its first line), R is candidate, coach or admin
  users list [--json]            list accounts (ids, emails, roles; never passwords)

Both take --db FILE (SQLite; default $MOCKINTERVIEW_DB, then mockinterview.db)
or --database-url URL (PostgreSQL; default $DATABASE_URL; wins over --db).
The first admin is made with "users add --role admin".
`

// runUsers manages accounts from the command line: the first admin, and
// scripts. Password rules and hashing belong to web, like the API keys.
func runUsers(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usersUsage)
		return errors.New("users: no subcommand given")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("users "+sub, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := "mockinterview.db"
	if v := e.getenv("MOCKINTERVIEW_DB"); v != "" {
		def = v
	}
	db := fs.String("db", def, "SQLite database file (env MOCKINTERVIEW_DB)")
	databaseURL := fs.String("database-url", e.getenv("DATABASE_URL"), "PostgreSQL URL (env DATABASE_URL); wins over --db")
	var email, role *string
	var asJSON *bool
	switch sub {
	case "add":
		email = fs.String("email", "", "the account's email (required)")
		role = fs.String("role", "", "candidate, coach or admin (required)")
	case "list":
		asJSON = fs.Bool("json", false, "print JSON")
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, usersUsage)
		return nil
	default:
		fmt.Fprint(e.stderr, usersUsage)
		return fmt.Errorf("users: unknown subcommand %q", sub)
	}
	pos, err := keysArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("users %s: unexpected argument %q", sub, pos[0])
	}

	var u interview.User
	if sub == "add" {
		// Check everything before opening (and maybe creating) the database.
		if u, err = newUserFromFlags(*email, *role, e); err != nil {
			return fmt.Errorf("users add: %w", err)
		}
	}
	store, err := openUserStore(ctx, *db, *databaseURL)
	if err != nil {
		return err
	}
	defer store.Close()

	if sub == "list" {
		return listUsers(ctx, store, *asJSON, e)
	}
	if err := store.CreateUser(ctx, u); err != nil {
		if errors.Is(err, interview.ErrEmailTaken) {
			return fmt.Errorf("users add: %s already has an account", u.Email)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "created %s %s (id %s)\n", u.Role, u.Email, u.ID)
	return nil
}

func newUserFromFlags(email, role string, e env) (interview.User, error) {
	addr, err := interview.NormalizeEmail(email)
	if err != nil {
		return interview.User{}, fmt.Errorf("--email %w", err)
	}
	r := interview.Role(strings.ToLower(role))
	if !r.Valid() {
		return interview.User{}, fmt.Errorf("--role must be candidate, coach or admin, not %q", role)
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return interview.User{}, errors.New("no password on stdin: pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | mockinterview users add ...")
	}
	password := strings.TrimRight(line, "\r\n")
	hash, err := web.HashPassword(password)
	if err != nil {
		return interview.User{}, err
	}
	return interview.User{ID: web.NewUserID(), Email: addr, Role: r, PasswordHash: hash,
		CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}, nil
}

type userListing struct {
	ID        string         `json:"id"`
	Email     string         `json:"email"`
	Role      interview.Role `json:"role"`
	CreatedAt time.Time      `json:"created_at"`
}

// userStore is what the users command needs of either database.
type userStore interface {
	CreateUser(ctx context.Context, u interview.User) error
	Users(ctx context.Context) ([]interview.User, error)
	Close() error
}

func openUserStore(ctx context.Context, dbPath, databaseURL string) (userStore, error) {
	if databaseURL != "" {
		return postgres.Open(ctx, databaseURL)
	}
	return sqlite.Open(ctx, dbPath)
}

func listUsers(ctx context.Context, store userStore, asJSON bool, e env) error {
	users, err := store.Users(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]userListing, 0, len(users))
		for _, u := range users {
			out = append(out, userListing{ID: u.ID, Email: u.Email, Role: u.Role, CreatedAt: u.CreatedAt})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tEMAIL\tROLE\tCREATED")
	for _, u := range users {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Role, u.CreatedAt.Format(time.RFC3339))
	}
	return tw.Flush()
}
