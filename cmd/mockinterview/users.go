package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/postgres"
	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/web"
)

const usersUsage = `usage: mockinterview users <add|list|reset-password|reset-link> [flags]

  users add --email E --role R         make an account; the password is read from stdin
                                       (its first line), R is candidate, coach or admin
  users list [--json]                  list accounts (ids, emails, roles; never passwords)
  users reset-password --email E       set a new password, read from stdin (its first
                                       line), and sign the account out everywhere
  users reset-link --email E [--base-url URL]
                                       print a link that lets the account's owner choose a
                                       new password (works once, for 1 hour); URL is where
                                       the server is reached (default http://$MOCKINTERVIEW_ADDR,
                                       then http://127.0.0.1:8080)

All take --db FILE (SQLite; default $MOCKINTERVIEW_DB, then mockinterview.db:
the same default as "serve") or --database-url URL (PostgreSQL; default
$DATABASE_URL; wins over --db). Give them the database the server uses.
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
	var email, role, baseURL *string
	var asJSON *bool
	switch sub {
	case "add":
		email = fs.String("email", "", "the account's email (required)")
		role = fs.String("role", "", "candidate, coach or admin (required)")
	case "reset-password":
		email = fs.String("email", "", "the account's email (required)")
	case "reset-link":
		email = fs.String("email", "", "the account's email (required)")
		addr := "127.0.0.1:8080"
		if v := e.getenv("MOCKINTERVIEW_ADDR"); v != "" {
			addr = v
		}
		baseURL = fs.String("base-url", "http://"+addr, "where the server is reached, for the link (env MOCKINTERVIEW_ADDR)")
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

	// Check everything before opening (and maybe creating) the database.
	var (
		u       interview.User
		addr    string
		newHash string
	)
	switch sub {
	case "add":
		if u, err = newUserFromFlags(*email, *role, e); err != nil {
			return fmt.Errorf("users add: %w", err)
		}
	case "reset-password", "reset-link":
		if addr, err = interview.NormalizeEmail(*email); err != nil {
			return fmt.Errorf("users %s: --email %w", sub, err)
		}
		if sub == "reset-password" {
			if newHash, err = passwordFromStdin(e); err != nil {
				return fmt.Errorf("users reset-password: %w", err)
			}
		} else if *baseURL, err = checkBaseURL(*baseURL); err != nil {
			return fmt.Errorf("users reset-link: %w", err)
		}
	}
	store, err := openUserStore(ctx, *db, *databaseURL)
	if err != nil {
		return err
	}
	defer store.Close()

	switch sub {
	case "list":
		return listUsers(ctx, store, *asJSON, e)
	case "reset-password":
		return resetPassword(ctx, store, addr, newHash, e)
	case "reset-link":
		return resetLink(ctx, store, addr, *baseURL, e)
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
	hash, err := passwordFromStdin(e)
	if err != nil {
		return interview.User{}, err
	}
	return interview.User{ID: web.NewUserID(), Email: addr, Role: r, PasswordHash: hash,
		CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}, nil
}

// passwordFromStdin reads a new password, the first line of stdin, checks
// it as the server checks a new password and returns its hash.
func passwordFromStdin(e env) (string, error) {
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on stdin: pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | mockinterview users ...")
	}
	return web.HashPassword(strings.TrimRight(line, "\r\n"))
}

func checkBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("--base-url must be an http:// or https:// URL like http://127.0.0.1:8080, not %q", raw)
	}
	return strings.TrimRight(raw, "/"), nil
}

func userByEmail(ctx context.Context, store userStore, sub, email string) (interview.User, error) {
	u, err := store.UserByEmail(ctx, email)
	if errors.Is(err, interview.ErrUserNotFound) {
		return u, fmt.Errorf("users %s: no account has the email %s (see them with \"mockinterview users list\"; is --db or --database-url the server's database?)", sub, email)
	}
	return u, err
}

// resetPassword sets the account's password and signs it out everywhere.
func resetPassword(ctx context.Context, store userStore, email, hash string, e env) error {
	u, err := userByEmail(ctx, store, "reset-password", email)
	if err != nil {
		return err
	}
	ended, err := store.SetPassword(ctx, u.ID, hash)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "changed the password of %s %s; signed out everywhere (%d sign-ins ended)\n", u.Role, u.Email, len(ended))
	return nil
}

// resetLink makes a reset link, as "Forgot password?" does, for an admin
// to hand over.
func resetLink(ctx context.Context, store userStore, email, baseURL string, e env) error {
	u, err := userByEmail(ctx, store, "reset-link", email)
	if err != nil {
		return err
	}
	token, r := web.NewPasswordReset(u.ID, time.Now())
	if err := store.CreatePasswordReset(ctx, r); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s%s\n", baseURL, web.ResetPath(token))
	fmt.Fprintf(e.stderr, "reset link for %s: works once, until %s\n", u.Email, r.ExpiresAt.Format(time.RFC3339))
	return nil
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
	UserByEmail(ctx context.Context, email string) (interview.User, error)
	SetPassword(ctx context.Context, userID, passwordHash string) ([]string, error)
	CreatePasswordReset(ctx context.Context, r interview.PasswordReset) error
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
