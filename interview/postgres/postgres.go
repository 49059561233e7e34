// Package postgres is the Store for more than one server: interview.Store,
// the review store, the stores web declares (API keys, idempotency records,
// accounts, sign-in sessions, teams, share links) and a rate limiter, all
// on one PostgreSQL database reached through a pgx/v5 connection pool. Its
// schema is managed by goose migrations embedded in the binary. Notifier
// (notify.go) tells every server process of new events with LISTEN/NOTIFY.
//
// Every call is bounded: a context without a deadline gets one (Timeout),
// and each connection has a statement_timeout, so a database that is down
// or stuck makes calls fail with an error instead of hanging; the pool
// reconnects by itself once the database is back.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/mockinterview/mockinterview/interview"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Defaults of the connection settings; a setting named in the database
// URL (connect_timeout, statement_timeout, pool_max_conns, ...) wins.
const (
	// Timeout bounds every Store call whose context has no earlier
	// deadline.
	Timeout = 15 * time.Second
	// defaultConnectTimeout bounds a new connection when the URL sets no
	// connect_timeout: a database that does not answer fails fast.
	defaultConnectTimeout = 5 * time.Second
	// defaultStatementTimeout is the server-side bound of one statement.
	defaultStatementTimeout = "10s"
	// defaultIdleInTxTimeout frees the locks of a transaction whose client
	// vanished.
	defaultIdleInTxTimeout = "60s"
	// applicationName names the pool's connections in pg_stat_activity.
	applicationName = "mockinterview"
)

// Store is the PostgreSQL store. It is safe for concurrent use, also by
// several processes on one database.
type Store struct {
	pool    *pgxpool.Pool
	timeout time.Duration

	// lastRateSweep is when this process last deleted idle rate limit
	// buckets (Unix nanoseconds; see TakeRateToken).
	lastRateSweep atomic.Int64
}

// Open connects to the database at databaseURL (a postgres:// URL or a
// key=value DSN; pgxpool settings such as pool_max_conns may be added to
// it) and applies the embedded migrations, holding a PostgreSQL advisory
// lock so that servers starting together migrate one after the other. A
// database migrated by a newer mockinterview is refused with an error
// matching ErrSchemaTooNew.
func Open(ctx context.Context, databaseURL string) (*Store, error) {
	cfg, err := parseConfig(databaseURL)
	if err != nil {
		return nil, err
	}
	if _, err := migrate(ctx, cfg, true); err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return &Store{pool: pool, timeout: Timeout}, nil
}

// parseConfig reads the URL and fills in the defaults it leaves out.
func parseConfig(databaseURL string) (*pgxpool.Config, error) {
	if databaseURL == "" {
		return nil, errors.New("open postgres: no database url")
	}
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		// pgx's error may quote the URL, password included: say less.
		return nil, errors.New("open postgres: cannot parse the database url")
	}
	cc := cfg.ConnConfig
	if cc.ConnectTimeout == 0 {
		cc.ConnectTimeout = defaultConnectTimeout
	}
	for name, value := range map[string]string{
		"statement_timeout":                   defaultStatementTimeout,
		"idle_in_transaction_session_timeout": defaultIdleInTxTimeout,
		"application_name":                    applicationName,
	} {
		if _, set := cc.RuntimeParams[name]; !set {
			cc.RuntimeParams[name] = value
		}
	}
	return cfg, nil
}

// bound gives ctx the Store's deadline unless it has an earlier one.
func (s *Store) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.timeout)
}

// Ping reports whether the database answers (for /readyz).
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return classify(s.pool.Ping(ctx))
}

// classify marks an error that says the database cannot be reached, or
// does not answer in time, with interview.ErrUnavailable, so that callers
// tell an outage (try again later) from a fault; other errors pass as
// they are. A context canceled by the caller is not an outage.
func classify(err error) error {
	if err == nil || errors.Is(err, interview.ErrUnavailable) || !unavailable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", interview.ErrUnavailable, err)
}

func unavailable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case strings.HasPrefix(pgErr.Code, "08"), // connection exception
			pgErr.Code == "57P01", // admin_shutdown: the server is stopping
			pgErr.Code == "57P02", // crash_shutdown
			pgErr.Code == "57P03", // cannot_connect_now: starting up or recovering
			pgErr.Code == "53300", // too_many_connections
			pgErr.Code == "57014": // query_canceled: statement_timeout, too slow
			return true
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) ||
		pgconn.SafeToRetry(err) || // failed before anything was sent
		pgconn.Timeout(err) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, pgconn.ErrConnClosed) ||
		errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// Close closes the pool's connections, waiting for those in use.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}
