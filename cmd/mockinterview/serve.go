package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/scoring/openai"
	"github.com/mockinterview/mockinterview/web"
)

// serveConfig is what serve's flags and environment say.
type serveConfig struct {
	addr         string
	db           string
	databaseURL  string
	bankDir      string
	llm          string
	stt          string
	requireKey   bool
	allowedHosts string
	rateLimit    float64
	rateBurst    int
	debugAddr    string
	maxLive      int
	maxLivePer   int
}

func parseServeFlags(args []string, e env) (serveConfig, error) {
	var cfg serveConfig
	str := func(name, def string) string {
		if v := e.getenv(name); v != "" {
			return v
		}
		return def
	}
	// Numeric and boolean environment defaults are parsed by the flag
	// package itself, so a bad value is reported like a bad flag.
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&cfg.addr, "addr", str("MOCKINTERVIEW_ADDR", "127.0.0.1:8080"), "address to listen on (env MOCKINTERVIEW_ADDR); beyond loopback, API keys are required")
	fs.StringVar(&cfg.db, "db", str("MOCKINTERVIEW_DB", "mockinterview.db"), "SQLite database file (env MOCKINTERVIEW_DB)")
	fs.StringVar(&cfg.databaseURL, "database-url", e.getenv("DATABASE_URL"), "PostgreSQL URL, wins over --db (env DATABASE_URL)")
	fs.StringVar(&cfg.allowedHosts, "allowed-hosts", str("MOCKINTERVIEW_ALLOWED_HOSTS", ""), "comma-separated host names a loopback server also answers for, beside localhost and 127.0.0.1 (env MOCKINTERVIEW_ALLOWED_HOSTS)")
	fs.BoolVar(&cfg.requireKey, "require-key", false, "require an API key on the JSON API even on a loopback address (env MOCKINTERVIEW_REQUIRE_KEY)")
	fs.Float64Var(&cfg.rateLimit, "rate-limit", web.DefaultRateLimit, "requests per second allowed to one API key or client address on /api/v1; 0 turns limits off (env MOCKINTERVIEW_RATE_LIMIT)")
	fs.IntVar(&cfg.rateBurst, "rate-burst", web.DefaultRateBurst, "burst of the rate limit (env MOCKINTERVIEW_RATE_BURST)")
	fs.StringVar(&cfg.debugAddr, "debug-addr", str("MOCKINTERVIEW_DEBUG_ADDR", ""), "loopback address serving Go's /debug/pprof profiles, off when empty (env MOCKINTERVIEW_DEBUG_ADDR)")
	fs.IntVar(&cfg.maxLive, "max-live", web.DefaultMaxConns, "live interview connections this server keeps open at most; one more is refused with 503 (env MOCKINTERVIEW_MAX_LIVE)")
	fs.IntVar(&cfg.maxLivePer, "max-live-per-client", web.DefaultMaxClientConns, "live interview connections one caller (guest, account or API key) may keep open (env MOCKINTERVIEW_MAX_LIVE_PER_CLIENT)")
	bankDir := bankFlag(fs)
	llm := llmFlag(fs)
	stt := sttFlag(fs, e)
	for flagName, envName := range map[string]string{
		"require-key":         "MOCKINTERVIEW_REQUIRE_KEY",
		"rate-limit":          "MOCKINTERVIEW_RATE_LIMIT",
		"rate-burst":          "MOCKINTERVIEW_RATE_BURST",
		"max-live":            "MOCKINTERVIEW_MAX_LIVE",
		"max-live-per-client": "MOCKINTERVIEW_MAX_LIVE_PER_CLIENT",
	} {
		if v := e.getenv(envName); v != "" {
			if err := fs.Set(flagName, v); err != nil {
				return cfg, fmt.Errorf("%s=%q: %w", envName, v, err)
			}
		}
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("serve takes no arguments, got %q", fs.Arg(0))
	}
	if cfg.maxLive < 1 || cfg.maxLivePer < 1 {
		return cfg, fmt.Errorf("--max-live and --max-live-per-client must be at least 1")
	}
	if cfg.debugAddr != "" {
		if a, err := net.ResolveTCPAddr("tcp", cfg.debugAddr); err != nil || !a.IP.IsLoopback() {
			return cfg, fmt.Errorf("--debug-addr %q: want a loopback address such as 127.0.0.1:6060", cfg.debugAddr)
		}
	}
	if cfg.rateBurst < 1 {
		return cfg, fmt.Errorf("--rate-burst must be at least 1, not %d", cfg.rateBurst)
	}
	cfg.bankDir, cfg.llm, cfg.stt = *bankDir, *llm, *stt
	return cfg, nil
}

// runServe runs the web server until ctx is canceled (SIGINT, SIGTERM),
// then shuts down in order, all within 30 s: the HTTP server, then the
// password reset queue, then the websocket hub, then the interview engine,
// then the store.
func runServe(ctx context.Context, args []string, e env) error {
	cfg, err := parseServeFlags(args, e)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))

	bank, err := loadBank(cfg.bankDir)
	if err != nil {
		return err
	}
	scorer, err := newScorer(bank, cfg.llm, e)
	if err != nil {
		return err
	}
	voice, err := newSpeech(cfg.stt, e)
	if err != nil {
		return err
	}
	if voice.Enabled() {
		log.Info("voice answers on", "engine", voice.Engine())
	} else {
		log.Info("voice answers off", "reason", voice.OffReason())
	}
	store, err := openStore(ctx, cfg.db, cfg.databaseURL, log)
	if err != nil {
		return err
	}
	defer store.close()
	log.Info("store open", "kind", store.kind)

	// The engine and the hub are closed in order after the HTTP server
	// (below); this deferred close only covers the early returns, and the
	// deferred store.Close above runs after it.
	writer, err := newPlanWriter(cfg.llm, e)
	if err != nil {
		return err
	}
	engineOpts := []interview.Option{interview.WithLogger(log), interview.WithNotifier(store.notifier),
		interview.WithRecordings(store.recordings)}
	if writer != nil {
		engineOpts = append(engineOpts, interview.WithPlanWriter(writer))
	}
	engine := interview.New(store.sessions, bank, scorer, engineOpts...)
	if soft, hard, err := raiseOpenFiles(); err == nil {
		log.Info("open files", "limit", soft, "hard", hard)
	}
	hub := web.NewHub(web.HubConfig{Logger: log, MaxConns: cfg.maxLive, MaxClientConns: cfg.maxLivePer})
	// The password reset links asked for are made off the request path
	// (docs/accounts.md); the queue is drained after the HTTP server.
	resets := web.NewResetQueue(0, log)
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = resets.Close(closeCtx)
		_ = hub.Close(closeCtx)
		_ = engine.Close(closeCtx)
	}()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer ln.Close()
	requireKey := cfg.requireKey || !loopback(ln.Addr())
	var hosts []string
	if loopback(ln.Addr()) {
		// No key is needed on loopback: answer only for local names, so a
		// page elsewhere cannot reach the API by DNS rebinding.
		hosts = append([]string{"localhost", "127.0.0.1", "::1"}, splitList(cfg.allowedHosts)...)
	}

	handler, err := web.New(web.Config{
		RequireKey:   requireKey,
		AllowedHosts: hosts,
		RateLimit:    cfg.rateLimit,
		RateBurst:    cfg.rateBurst,
	}, web.Deps{
		Bank:        bank,
		Scorer:      scorer,
		Keys:        store.keys,
		Idempotency: store.idempotency,
		Ready:       store.ready,
		RateLimiter: store.rateLimiter(cfg.rateLimit, cfg.rateBurst),
		Logger:      log,
		Sessions:    engine,
		Hub:         hub,
		Accounts:    store.accounts,
		Resets:      resets,
		Speech:      voice,
		Recordings:  engine,
		Reviews:     interview.NewReviews(store.sessions, store.reviews, nil),
	})
	if err != nil {
		return err
	}
	if scorer.JudgeStats().Enabled {
		// The LLM judge's calls, tokens, failures and breaker on /metrics.
		if err := handler.Registry().Register(openai.NewCollector(scorer.JudgeStats)); err != nil {
			return fmt.Errorf("register llm judge metrics: %w", err)
		}
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Long enough for a 100-item batch judged by an LLM.
		WriteTimeout:   3 * time.Minute,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	if cfg.debugAddr != "" {
		stop, addr, err := serveDebug(cfg.debugAddr, log)
		if err != nil {
			return err
		}
		defer stop()
		log.Info("profiles", "url", "http://"+addr+"/debug/pprof/")
	}
	fmt.Fprintf(e.stdout, "listening on http://%s\n", ln.Addr())
	if requireKey {
		fmt.Fprintln(e.stdout, "the JSON API requires an API key (create one with: mockinterview keys create --name NAME)")
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(shutdownCtx); err != nil {
		errs = append(errs, fmt.Errorf("shut down http server: %w", err))
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		errs = append(errs, fmt.Errorf("serve: %w", err))
	}
	// No handler runs any more: the reset links still queued are made,
	// while the store is open. Shutdown does not track hijacked websocket
	// connections: the hub closes them (close frame 1001, the clients
	// resume elsewhere or later), then the engine finishes storing and
	// scoring in-flight answers, then the store closes (deferred).
	if err := resets.Close(shutdownCtx); err != nil {
		errs = append(errs, err)
	}
	if err := hub.Close(shutdownCtx); err != nil {
		errs = append(errs, err)
	}
	if err := engine.Close(shutdownCtx); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// loopback reports whether addr only accepts connections from this
// machine: 127.0.0.0/8 or ::1, not the unspecified address.
func loopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// apiStores adapts the SQLite store to the stores web declares. The two
// packages do not know each other; their types convert field for field.
type apiStores struct {
	db *sqlite.Store
}

func (s apiStores) APIKeyByHash(ctx context.Context, hash string) (web.APIKey, error) {
	k, err := s.db.APIKeyByHash(ctx, hash)
	if errors.Is(err, sqlite.ErrAPIKeyNotFound) {
		return web.APIKey{}, web.ErrAPIKeyNotFound
	}
	return web.APIKey(k), err
}

func (s apiStores) ClaimIdempotencyKey(ctx context.Context, c web.IdempotencyClaim) (web.IdempotentResponse, bool, error) {
	rec, claimed, err := s.db.ClaimIdempotencyKey(ctx, sqlite.IdempotencyClaim(c))
	return web.IdempotentResponse(rec), claimed, err
}

func (s apiStores) CompleteIdempotencyKey(ctx context.Context, scope, key string, status int, body []byte) error {
	return s.db.CompleteIdempotencyKey(ctx, scope, key, status, body)
}

func (s apiStores) ReleaseIdempotencyKey(ctx context.Context, scope, key string) error {
	return s.db.ReleaseIdempotencyKey(ctx, scope, key)
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
