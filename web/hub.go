package web

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
)

// The websocket hub, after gorilla/websocket's chat example.
//
// # Concurrency contract
//
//   - The Hub's run goroutine owns the set of connections: it alone reads and
//     writes the map, fed by the register and unregister channels. NewHub
//     starts it; Close stops it.
//   - Each connection has one reader goroutine (liveConn.serve, which is
//     also the connection's owner) and, once the client sent start or resume,
//     one follower goroutine that reads the session's events from the engine
//     (interview.Service.Follow) and is the only one writing data frames.
//     Nothing else runs while the connection idles: pings are sent by a
//     timer's function (liveConn.ping), the close frame by a function run
//     when the connection's context ends (liveConn.goAway), and each client
//     message is handled on a goroutine of its own that the reader waits for
//     (liveConn.command). The reader, when it returns, stops the rest
//     (cancel) and waits for it before closing the socket and unregistering.
//   - The engine is never blocked by a client: it stores events and only
//     notifies followers (a non-blocking, coalescing hint). A follower reads
//     the stored events and writes them; when a write takes longer than
//     WriteWait, the client is too slow and is dropped (close 1013, try again
//     later, when a close frame can still be written). It resumes from the
//     last seq it saw. Events stay stored, so nothing is lost.
//   - Deadlines bound every wait on the network: a write takes at most
//     WriteWait, a peer that answers no ping within PongWait is closed, a
//     message over ReadLimit closes the connection with 1009.
//   - Close stops accepting, asks every connection to go away (close frame
//     1001), and waits for every connection goroutine to return. No goroutine
//     of the hub outlives Close.

// Default limits and timings of the hub.
const (
	DefaultReadLimit    = 64 << 10
	DefaultPingInterval = 25 * time.Second
	DefaultPongWait     = 35 * time.Second
	DefaultWriteWait    = 10 * time.Second
	DefaultMaxErrors    = 20
	// DefaultMessageRate and DefaultMessageBurst bound the messages one
	// client sends (per second, and at once); the page sends a draft
	// about once a second.
	DefaultMessageRate  = 10
	DefaultMessageBurst = 30
	// DefaultDraftInterval is how often one connection saves a draft.
	DefaultDraftInterval = time.Second
	// DefaultMaxSessionConns is how many connections may follow one
	// session at once (the candidate's tabs and the watchers).
	DefaultMaxSessionConns = 8
	// DefaultMaxConns is how many live connections one server keeps open
	// (about 15 KB each when idle, docs/performance.md).
	DefaultMaxConns = 20000
	// DefaultMaxClientConns is how many live connections one caller (a
	// guest, an account, an API key) keeps open: a candidate's tabs, or a
	// coach watching a cohort.
	DefaultMaxClientConns = 64
	closeGrace            = time.Second
)

// HubConfig tunes the hub; zero values take the defaults above.
type HubConfig struct {
	// ReadLimit is the largest client message, in bytes.
	ReadLimit int64
	// PingInterval is how often the server pings; PongWait is how long it
	// waits for any sign of life before closing (more than PingInterval).
	PingInterval time.Duration
	PongWait     time.Duration
	// WriteWait bounds each write to the client.
	WriteWait time.Duration
	// MaxErrors is how many bad messages a client may send before it is
	// closed with 1008 (policy violation).
	MaxErrors int
	// MessageRate (per second) and MessageBurst limit the messages of one
	// connection; a client over the limit is closed with 1008.
	MessageRate  float64
	MessageBurst int
	// DraftInterval is the least time between two draft saves of one
	// connection; the drafts in between are coalesced (the latest of each
	// turn is saved).
	DraftInterval time.Duration
	// MaxSessionConns is how many connections may be open to one session
	// on this server; one more is closed with 1013 (try again later).
	MaxSessionConns int
	// MaxConns is how many connections the hub keeps open in all, and
	// MaxClientConns how many one caller does; beyond either a new
	// connection is refused (HTTP 503 or 429 before the upgrade, close
	// 1013 if the limit was reached during it) and the open ones carry on.
	MaxConns       int
	MaxClientConns int
	// Logger receives connection failures; nil discards.
	Logger *slog.Logger
}

func (c HubConfig) withDefaults() HubConfig {
	if c.ReadLimit <= 0 {
		c.ReadLimit = DefaultReadLimit
	}
	if c.PingInterval <= 0 {
		c.PingInterval = DefaultPingInterval
	}
	if c.PongWait <= 0 {
		c.PongWait = DefaultPongWait
	}
	if c.PongWait <= c.PingInterval {
		c.PongWait = c.PingInterval + c.PingInterval/2
	}
	if c.WriteWait <= 0 {
		c.WriteWait = DefaultWriteWait
	}
	if c.MaxErrors <= 0 {
		c.MaxErrors = DefaultMaxErrors
	}
	if c.MessageRate <= 0 {
		c.MessageRate = DefaultMessageRate
	}
	if c.MessageBurst <= 0 {
		c.MessageBurst = DefaultMessageBurst
	}
	if c.DraftInterval <= 0 {
		c.DraftInterval = DefaultDraftInterval
	}
	if c.MaxSessionConns <= 0 {
		c.MaxSessionConns = DefaultMaxSessionConns
	}
	if c.MaxConns <= 0 {
		c.MaxConns = DefaultMaxConns
	}
	if c.MaxClientConns <= 0 {
		c.MaxClientConns = DefaultMaxClientConns
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// HubStats are counters of the hub, for metrics and tests.
type HubStats struct {
	Open     int   // connections open now
	Accepted int64 // connections accepted since start
	Dropped  int64 // slow clients dropped (full queue or write timeout)
	Refused  int64 // connections refused at MaxConns or MaxClientConns
}

// Hub owns the live websocket connections. Create it with NewHub and stop it
// with Close; see the concurrency contract above.
type Hub struct {
	cfg HubConfig
	// base is the parent context of every connection; it is never canceled
	// by a request ending, only by the connection or the hub closing.
	base context.Context

	register   chan registration
	unregister chan *liveConn
	stats      chan chan HubStats
	signOut    chan string // token hashes of ended sign-ins (closeSignIn)
	query      chan connQuery
	closing    chan struct{}
	closeOnce  sync.Once
	done       chan struct{} // closed when run has returned
	wg         sync.WaitGroup
	left       []*liveConn // the connections open at close; read after done
	accepted   atomic.Int64
	dropped    atomic.Int64
	refused    atomic.Int64

	// open and perClient mirror run's counts for admit, the cheap check
	// before an upgrade (run's own check is the exact one).
	open      atomic.Int64
	clientsMu sync.Mutex
	perClient map[string]int
}

// NewHub starts a hub.
func NewHub(cfg HubConfig) *Hub {
	h := &Hub{
		cfg:        cfg.withDefaults(),
		base:       context.Background(),
		register:   make(chan registration),
		unregister: make(chan *liveConn),
		stats:      make(chan chan HubStats),
		signOut:    make(chan string),
		query:      make(chan connQuery),
		closing:    make(chan struct{}),
		done:       make(chan struct{}),
		perClient:  map[string]int{},
	}
	go h.run()
	return h
}

// run owns the set of connections.
func (h *Hub) run() {
	defer close(h.done)
	conns := map[*liveConn]struct{}{}
	perSession := map[string]int{}
	for {
		select {
		case r := <-h.register:
			if perSession[r.c.sessionID] >= h.cfg.MaxSessionConns {
				r.reply <- addSessionFull
				continue
			}
			if len(conns) >= h.cfg.MaxConns {
				h.refused.Add(1)
				r.reply <- addServerFull
				continue
			}
			if !h.countClient(r.c.client, 1) {
				h.refused.Add(1)
				r.reply <- addClientFull
				continue
			}
			conns[r.c] = struct{}{}
			h.open.Add(1)
			perSession[r.c.sessionID]++
			h.wg.Add(1) // before Close can Wait: Close waits for done first
			h.accepted.Add(1)
			r.reply <- addOK
		case c := <-h.unregister:
			if _, ok := conns[c]; ok {
				delete(conns, c)
				h.open.Add(-1)
				h.countClient(c.client, -1)
				if perSession[c.sessionID]--; perSession[c.sessionID] <= 0 {
					delete(perSession, c.sessionID)
				}
			}
		case hash := <-h.signOut:
			closeSignedIn(conns, hash)
		case q := <-h.query:
			var found []*liveConn
			for c := range conns {
				if q.match(c) {
					found = append(found, c)
				}
			}
			q.reply <- found // buffered
		case reply := <-h.stats:
			reply <- HubStats{Open: len(conns), Accepted: h.accepted.Load(), Dropped: h.dropped.Load(), Refused: h.refused.Load()}
		case <-h.closing:
			for c := range conns {
				c.stop(websocket.CloseGoingAway, "server shutting down")
				h.left = append(h.left, c)
			}
			return
		}
	}
}

// registration asks run to take a connection.
type registration struct {
	c     *liveConn
	reply chan addResult // buffered
}

type addResult int

const (
	addOK          addResult = iota
	addClosed                // the hub is closed
	addSessionFull           // MaxSessionConns are open to the session
	addServerFull            // MaxConns are open
	addClientFull            // MaxClientConns are open to the caller
)

// countClient adds d to the caller's count of open connections; with d > 0
// it refuses (false) when the caller has MaxClientConns already.
func (h *Hub) countClient(client string, d int) bool {
	h.clientsMu.Lock()
	defer h.clientsMu.Unlock()
	n := h.perClient[client]
	if d > 0 && n >= h.cfg.MaxClientConns {
		return false
	}
	if n += d; n <= 0 {
		delete(h.perClient, client)
	} else {
		h.perClient[client] = n
	}
	return true
}

// admit is the check before an upgrade: whether the hub would take one
// more connection of client. It can be passed by a few more connections
// than the limits at once; add decides exactly.
func (h *Hub) admit(client string) addResult {
	if h.open.Load() >= int64(h.cfg.MaxConns) {
		h.refused.Add(1)
		return addServerFull
	}
	h.clientsMu.Lock()
	n := h.perClient[client]
	h.clientsMu.Unlock()
	if n >= h.cfg.MaxClientConns {
		h.refused.Add(1)
		return addClientFull
	}
	return addOK
}

// add registers c, unless the hub is closed or the session has
// MaxSessionConns connections already.
func (h *Hub) add(c *liveConn) addResult {
	r := registration{c: c, reply: make(chan addResult, 1)}
	select {
	case h.register <- r:
		return <-r.reply
	case <-h.done:
		return addClosed
	}
}

// closed reports whether the hub has stopped taking connections.
func (h *Hub) closed() bool {
	select {
	case <-h.done:
		return true
	default:
		return false
	}
}

// remove unregisters c and marks its goroutines finished.
func (h *Hub) remove(c *liveConn) {
	select {
	case h.unregister <- c:
	case <-h.done:
	}
	h.wg.Done()
}

// Stats returns the hub's counters; after Close, Open is 0.
func (h *Hub) Stats() HubStats {
	reply := make(chan HubStats, 1)
	select {
	case h.stats <- reply:
		return <-reply
	case <-h.done:
		return HubStats{Accepted: h.accepted.Load(), Dropped: h.dropped.Load()}
	}
}

// Close stops accepting connections, sends every open connection a close
// frame (1001 going away) and waits for their goroutines to return. When ctx
// ends first, the sockets still open are closed at once; Close then waits for
// the goroutines, which return promptly, and reports ctx's error.
func (h *Hub) Close(ctx context.Context) error {
	h.closeOnce.Do(func() { close(h.closing) })
	<-h.done
	finished := make(chan struct{})
	go func() {
		h.wg.Wait()
		close(finished)
	}()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
	}
	for _, c := range h.left {
		c.ws.Close() // unblocks its reader and writer
	}
	<-finished
	return fmt.Errorf("close websocket hub: %w", ctx.Err())
}

// registerMetrics adds the hub's gauges and counters to reg.
func (h *Hub) registerMetrics(reg prometheus.Registerer) error {
	for _, c := range []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: "mockinterview", Name: "websocket_connections",
			Help: "Live interview websocket connections open now.",
		}, func() float64 { return float64(h.Stats().Open) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: "mockinterview", Name: "websocket_connections_total",
			Help: "Live interview websocket connections accepted.",
		}, func() float64 { return float64(h.accepted.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: "mockinterview", Name: "websocket_connections_max",
			Help: "Live interview websocket connections this server keeps open at most.",
		}, func() float64 { return float64(h.cfg.MaxConns) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: "mockinterview", Name: "websocket_connections_refused_total",
			Help: "Live interview websocket connections refused at the server's or a caller's maximum.",
		}, func() float64 { return float64(h.refused.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: "mockinterview", Name: "websocket_slow_clients_dropped_total",
			Help: "Websocket clients dropped because their send queue was full.",
		}, func() float64 { return float64(h.dropped.Load()) }),
	} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
