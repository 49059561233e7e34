package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/mockinterview/mockinterview/interview"
)

// Notifier is the interview.Notifier of servers sharing a PostgreSQL
// database. The Store's transactions that append events send
// pg_notify(Channel, "<session id>:<last seq>") before they commit, so
// PostgreSQL delivers the notification to every listening process only
// once the events are committed. Each Notifier owns one dedicated
// connection that LISTENs on Channel, read by one goroutine, which hands
// each notification to the local subscribers of its session.
//
// Notify itself only wakes this process's subscribers (without waiting
// for the round trip through the database); the Store has already told
// the other processes. So this Notifier is meant for an engine on this
// package's Store.
//
// When the listening connection fails, the goroutine reconnects with
// backoff and then wakes every local subscriber, since notifications sent
// in between are lost; subscribers re-read the Store by seq, so a hint too
// many costs one query and a lost one nothing (the engine also polls).
type Notifier struct {
	broker *interview.Broker
	cfg    *pgx.ConnConfig
	log    *slog.Logger

	mu      sync.Mutex
	watched map[string]*watch // by session id, while subscribed

	stop context.CancelFunc
	done chan struct{}
}

// watch is what the Notifier knows of a subscribed session.
type watch struct {
	subscribers int
	latest      int64 // the highest seq announced so far
}

var _ interview.Notifier = (*Notifier)(nil)

// Times of the listening connection.
const (
	// listenHealthEvery: after this long without a notification, the
	// connection is pinged, so a silently dead one (a network cut without
	// a reset) is noticed and replaced.
	listenHealthEvery = 30 * time.Second
	listenPingTimeout = 5 * time.Second
	reconnectMin      = 100 * time.Millisecond
	reconnectMax      = 5 * time.Second
)

// NewNotifier connects to the database at databaseURL, LISTENs on Channel
// and starts the goroutine that reads notifications; Close stops it. It
// returns an error when the first connection fails; later failures are
// logged to log (nil: slog.Default()) and retried.
func NewNotifier(ctx context.Context, databaseURL string, log *slog.Logger) (*Notifier, error) {
	cfg, err := parseConfig(databaseURL)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	cc := cfg.ConnConfig.Copy()
	// The listener waits for notifications, not statements: no timeouts
	// of the pool's connections apply.
	delete(cc.RuntimeParams, "statement_timeout")
	delete(cc.RuntimeParams, "idle_in_transaction_session_timeout")
	// A wait that times out (to ping) just stops reading: no cancel
	// request to the server, which is the default.
	cc.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.DeadlineContextWatcherHandler{Conn: c.Conn()}
	}
	if cc.RuntimeParams["application_name"] == applicationName {
		cc.RuntimeParams["application_name"] = applicationName + " listener"
	}
	n := &Notifier{
		broker:  interview.NewBroker(),
		cfg:     cc,
		log:     log,
		watched: make(map[string]*watch),
		done:    make(chan struct{}),
	}
	conn, err := n.connect(ctx)
	if err != nil {
		return nil, err
	}
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	n.stop = stop
	go n.run(runCtx, conn)
	return n, nil
}

// Notify implements interview.Notifier: it wakes this process's
// subscribers of the session. It never blocks.
func (n *Notifier) Notify(ctx context.Context, sessionID string, seq int64) {
	n.deliver(sessionID, seq)
}

// Subscribe implements interview.Notifier.
func (n *Notifier) Subscribe(sessionID string) (<-chan int64, func()) {
	release := n.watch(sessionID)
	ch, cancel := n.broker.Subscribe(sessionID)
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			cancel()
			release()
		})
	}
}

// SubscribeFunc implements interview.FuncNotifier.
func (n *Notifier) SubscribeFunc(sessionID string, f func(seq int64)) func() {
	release := n.watch(sessionID)
	cancel := n.broker.SubscribeFunc(sessionID, f)
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			release()
		})
	}
}

// watch counts a local subscriber of the session; release uncounts it.
func (n *Notifier) watch(sessionID string) (release func()) {
	n.mu.Lock()
	w := n.watched[sessionID]
	if w == nil {
		w = &watch{}
		n.watched[sessionID] = w
	}
	w.subscribers++
	n.mu.Unlock()
	return func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		if w.subscribers--; w.subscribers == 0 {
			delete(n.watched, sessionID)
		}
	}
}

// Close stops the listening goroutine, closes its connection and waits
// for both. Subscriptions stay open; they just hear nothing more from
// other processes.
func (n *Notifier) Close() error {
	n.stop()
	<-n.done
	return nil
}

// deliver passes a notification to the session's local subscribers, if
// it has any.
func (n *Notifier) deliver(sessionID string, seq int64) {
	n.mu.Lock()
	w := n.watched[sessionID]
	if w != nil && seq > w.latest {
		w.latest = seq
	}
	n.mu.Unlock()
	if w != nil {
		n.broker.Notify(context.Background(), sessionID, seq)
	}
}

// wakeAll hints every subscribed session, after notifications may have
// been lost.
func (n *Notifier) wakeAll() {
	n.mu.Lock()
	latest := make(map[string]int64, len(n.watched))
	for id, w := range n.watched {
		latest[id] = w.latest
	}
	n.mu.Unlock()
	for id, seq := range latest {
		n.broker.Notify(context.Background(), id, seq)
	}
}

// connect opens the listening connection.
func (n *Notifier) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, n.cfg)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: connect: %w", Channel, err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("listen on %s: %w", Channel, err)
	}
	return conn, nil
}

// run owns the listening connection: it reads notifications until the
// connection fails, then replaces it, until ctx is canceled.
func (n *Notifier) run(ctx context.Context, conn *pgx.Conn) {
	defer close(n.done)
	for {
		err := n.listen(ctx, conn)
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		conn.Close(closeCtx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		n.log.Warn("postgres listener lost its connection; reconnecting", "err", err)
		if conn = n.reconnect(ctx); conn == nil {
			return
		}
		n.log.Info("postgres listener reconnected")
		n.wakeAll()
	}
}

// listen reads notifications from conn until it fails or ctx is done.
func (n *Notifier) listen(ctx context.Context, conn *pgx.Conn) error {
	for {
		waitCtx, cancel := context.WithTimeout(ctx, listenHealthEvery)
		note, err := conn.WaitForNotification(waitCtx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err == nil:
			if id, seq, ok := parsePayload(note.Payload); ok {
				n.deliver(id, seq)
			}
		case pgconn.Timeout(err) && !conn.IsClosed():
			pingCtx, cancel := context.WithTimeout(ctx, listenPingTimeout)
			err = conn.Ping(pingCtx)
			cancel()
			if err != nil {
				return fmt.Errorf("ping: %w", err)
			}
		default:
			return err
		}
	}
}

// reconnect connects again with exponential backoff and jitter, until it
// succeeds (returning the connection) or ctx is done (returning nil).
func (n *Notifier) reconnect(ctx context.Context) *pgx.Conn {
	wait := reconnectMin
	for {
		jittered := wait/2 + rand.N(wait/2+1)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(jittered):
		}
		connectCtx, cancel := context.WithTimeout(ctx, n.cfg.ConnectTimeout+time.Second)
		conn, err := n.connect(connectCtx)
		cancel()
		if err == nil {
			return conn
		}
		if ctx.Err() != nil {
			return nil
		}
		n.log.Warn("postgres listener cannot reconnect", "err", err)
		wait = min(2*wait, reconnectMax)
	}
}

// parsePayload splits "<session id>:<seq>". Session ids may not hold a
// colon, but the last one is taken as the separator all the same.
func parsePayload(payload string) (sessionID string, seq int64, ok bool) {
	i := strings.LastIndexByte(payload, ':')
	if i <= 0 {
		return "", 0, false
	}
	seq, err := strconv.ParseInt(payload[i+1:], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return payload[:i], seq, true
}
