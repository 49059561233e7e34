// Package web is the HTTP edge of mockinterview: the gin server, its routes
// (all listed in routes.go), the small handlers behind them, the middleware
// they share (request ids, logging, metrics, authentication, rate limits,
// idempotency) and the embedded OpenAPI document of the public JSON API.
//
// Handlers decode, validate, make one call into questions, scoring or
// interview, and encode. Every error goes through writeError (errors.go),
// the one place that turns errors into statuses and JSON bodies; internal
// error text is logged there, never sent.
//
// Storage is reached through small interfaces declared here (KeyStore,
// IdempotencyStore, Pinger); cmd/mockinterview wires the SQLite store to
// them. A Server owns no goroutines: the rate limiter evicts idle clients
// as requests arrive and the idempotency store expires records on write, so
// there is nothing to stop besides the http.Server that serves it. The
// goroutines of the Hub and the ResetQueue it is given belong to their
// owner, who closes them after the http.Server.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/prometheus/client_golang/prometheus"
)

// Limits of the public API.
const (
	DefaultMaxScoreBody   = 64 << 10 // bytes of a POST /api/v1/score body
	DefaultMaxBatchBody   = 2 << 20  // bytes of a POST /api/v1/score/batch body
	DefaultMaxBatchItems  = 100
	DefaultBatchWorkers   = 4
	DefaultIdempotencyTTL = 24 * time.Hour
	DefaultRateLimit      = 10 // requests per second per client
	DefaultRateBurst      = 20
)

// Config is the server's configuration: plain values from flags and the
// environment. Zero values mean the defaults above, except RateLimit, where
// zero (or less) turns rate limiting off.
type Config struct {
	// RequireKey makes every /api/v1 route but the OpenAPI document answer
	// 401 without a valid API key. cmd/mockinterview sets it when the
	// server listens on a non-loopback address, or on --require-key.
	// Without it, a key is optional but, when sent, still checked.
	RequireKey bool
	// RateLimit is the sustained requests per second allowed to one client
	// (an API key, or a client address when no key is sent) on /api/v1;
	// RateBurst is the bucket size.
	RateLimit float64
	RateBurst int
	// MaxScoreBody and MaxBatchBody bound request bodies (413 beyond).
	MaxScoreBody int64
	MaxBatchBody int64
	// MaxBatchItems bounds the items of one batch (413 beyond).
	MaxBatchItems int
	// BatchWorkers is how many batch items are scored at once.
	BatchWorkers int
	// IdempotencyTTL is how long a response stored under an
	// Idempotency-Key is replayed.
	IdempotencyTTL time.Duration
	// TrustedProxies are the proxy addresses (CIDRs) whose
	// X-Forwarded-For is believed for the client address; none by default.
	TrustedProxies []string
	// AllowedHosts, when set, are the only host names (without port) the
	// server answers for; any other Host header gets 421. cmd/mockinterview
	// sets it on a loopback address, where no key is needed, so a page on
	// another site cannot reach the API by DNS rebinding.
	AllowedHosts []string
}

func (c Config) withDefaults() Config {
	if c.RateBurst <= 0 {
		c.RateBurst = DefaultRateBurst
	}
	if c.MaxScoreBody <= 0 {
		c.MaxScoreBody = DefaultMaxScoreBody
	}
	if c.MaxBatchBody <= 0 {
		c.MaxBatchBody = DefaultMaxBatchBody
	}
	if c.MaxBatchItems <= 0 {
		c.MaxBatchItems = DefaultMaxBatchItems
	}
	if c.BatchWorkers <= 0 {
		c.BatchWorkers = DefaultBatchWorkers
	}
	if c.IdempotencyTTL <= 0 {
		c.IdempotencyTTL = DefaultIdempotencyTTL
	}
	return c
}

// Deps are what the handlers call.
type Deps struct {
	Bank   Bank
	Scorer Scorer
	// Keys checks API keys. It may be nil when RequireKey is false: a
	// request that sends a key then gets 401.
	Keys KeyStore
	// Idempotency stores responses sent with an Idempotency-Key. When nil,
	// such requests get 501.
	Idempotency IdempotencyStore
	// Ready is pinged by /readyz (the database). Nil means always ready.
	Ready Pinger
	// Logger receives one line per request; nil discards.
	Logger *slog.Logger
	// Now is the clock of rate limits and idempotency records; nil means
	// time.Now. Tests set it.
	Now func() time.Time
	// Sessions is the interview engine behind the sessions routes and the
	// live websocket; when nil they answer 501.
	Sessions SessionEngine
	// Hub owns the live websocket connections; required with Sessions.
	// Its owner (cmd/mockinterview) closes it after the http.Server shut
	// down: hijacked connections are not tracked by Shutdown.
	Hub *Hub
	// RateLimiter, when set, is the limit shared by several servers; nil
	// keeps token buckets in this process. Unused when Config.RateLimit
	// turns limits off.
	RateLimiter RateLimiter
	// Accounts keeps accounts, sign-ins, teams and share links; when nil,
	// the account routes answer 501 and callers are API keys or guests.
	Accounts AccountStore
	// Resets makes the password reset links of POST /api/v1/auth/forgot
	// off the request path; required with Accounts. Its owner
	// (cmd/mockinterview) closes it after the http.Server shut down and
	// before the store.
	Resets *ResetQueue
	// Speech transcribes recorded answers (*speech.Service); nil or a
	// service without an engine turns voice off: the transcribe routes
	// answer 501 and the capabilities say why.
	Speech Speech
	// Recordings keeps spoken answers (*interview.Service with
	// interview.WithRecordings); nil makes the audio routes answer 501.
	Recordings Recordings
	// Reviews is the coaches' review of stored interviews
	// (*interview.Reviews); when nil, the review routes answer 501.
	Reviews ReviewService
}

// Bank is the read-only question bank the API browses and scores against.
// *questions.Bank implements it.
type Bank interface {
	Roles() []questions.Role
	Role(id string) (questions.Role, bool)
	Questions(role string, cats ...questions.Category) []questions.Question
	Question(id string) (questions.Question, bool)
}

// Scorer scores one answer. *scoring.Scorer implements it.
type Scorer interface {
	Score(ctx context.Context, in scoring.Input) (scoring.Result, error)
}

// Pinger reports whether a backing service answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server is the HTTP handler of mockinterview. It is safe for concurrent
// use.
type Server struct {
	cfg      Config
	deps     Deps
	engine   *gin.Engine
	registry *prometheus.Registry
	limiter  *rateLimiter
}

var ginMode sync.Once

// New builds the server and its routes.
func New(cfg Config, deps Deps) (*Server, error) {
	if deps.Bank == nil || deps.Scorer == nil {
		return nil, errors.New("web: a bank and a scorer are required")
	}
	if deps.Sessions != nil && deps.Hub == nil {
		return nil, errors.New("web: the sessions engine needs a websocket hub")
	}
	if cfg.RequireKey && deps.Keys == nil {
		return nil, errors.New("web: RequireKey needs a key store")
	}
	if deps.Accounts != nil && deps.Resets == nil {
		return nil, errors.New("web: accounts need a reset queue")
	}
	cfg = cfg.withDefaults()
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	ginMode.Do(func() { gin.SetMode(gin.ReleaseMode) })

	engine := gin.New()
	engine.HandleMethodNotAllowed = true
	engine.RedirectTrailingSlash = false
	engine.RedirectFixedPath = false
	engine.ContextWithFallback = true
	if err := engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("web: trusted proxies: %w", err)
	}

	s := &Server{
		cfg:      cfg,
		deps:     deps,
		engine:   engine,
		registry: prometheus.NewRegistry(),
	}
	if cfg.RateLimit > 0 {
		s.limiter = newRateLimiter(cfg.RateLimit, cfg.RateBurst, deps.Now)
		s.limiter.shared = deps.RateLimiter
	}
	m, err := newMetrics(s.registry)
	if err != nil {
		return nil, fmt.Errorf("web: metrics: %w", err)
	}
	if deps.Hub != nil {
		if err := deps.Hub.registerMetrics(s.registry); err != nil {
			return nil, fmt.Errorf("web: hub metrics: %w", err)
		}
	}
	if deps.Speech != nil && deps.Speech.Enabled() {
		if s.deps.Speech, err = withSpeechMetrics(s.registry, deps.Speech); err != nil {
			return nil, fmt.Errorf("web: speech metrics: %w", err)
		}
	}
	s.routes(m)
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.engine.ServeHTTP(w, r)
}

// Routes lists every registered route (method and gin path pattern).
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

// Registry is the server's own Prometheus registry, served at /metrics;
// parts added later (the websocket hub) register their collectors here.
func (s *Server) Registry() *prometheus.Registry { return s.registry }
