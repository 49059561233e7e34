package web

// routes registers every route of the server: this file is the map of the
// HTTP surface. Middleware that applies to every request is added with
// engine.Use; middleware of the JSON API on the /api/v1 group; per-route
// middleware (content type, body limit, idempotency) in front of the
// handler.
//
// To add a route: write a maker function (func handleX(deps...) gin.HandlerFunc)
// in the file of its area, register it here, describe it in openapi.json
// (TestOpenAPIDocumentsEveryRoute fails until you do) and in docs/api.md.
func (s *Server) routes(m *metrics) {
	e := s.engine
	e.Use(
		requestID(),
		logRequests(s.deps.Logger),
		observe(m),
		recoverPanics(),
	)
	e.NoRoute(handleNoRoute())
	e.NoMethod(handleNoMethod())

	e.GET("/healthz", handleHealthz())
	e.GET("/readyz", handleReadyz(s.deps.Ready))
	e.GET("/metrics", handleMetrics(s.registry))
	e.GET("/api/v1/openapi.json", handleOpenAPI())

	// The question bank is public (the candidate's page lists roles from
	// it): a key is never required, but a bad one is still refused.
	bank := e.Group("/api/v1",
		authenticate(false, apiKeyCredential{keys: s.deps.Keys}),
		rateLimit(s.limiter),
	)
	bank.GET("/roles", handleRoles(s.deps.Bank))
	bank.GET("/questions", handleQuestions(s.deps.Bank))
	bank.GET("/questions/:id", handleQuestion(s.deps.Bank))

	// The scoring API needs a key when the server is not on loopback.
	api := e.Group("/api/v1",
		authenticate(s.cfg.RequireKey, apiKeyCredential{keys: s.deps.Keys}),
		rateLimit(s.limiter),
	)

	idempotent := idempotent(s.deps.Idempotency, s.cfg.IdempotencyTTL, s.deps.Now)
	api.POST("/score",
		requireJSON(), limitBody(s.cfg.MaxScoreBody), idempotent,
		handleScore(s.deps.Scorer))
	api.POST("/score/batch",
		requireJSON(), limitBody(s.cfg.MaxBatchBody), idempotent,
		handleScoreBatch(s.deps.Scorer, s.cfg.MaxBatchItems, s.cfg.BatchWorkers))

	// The candidate's page and the live interviews. A guest cookie or an
	// API key says who the caller is (identity.go); unlike the scoring
	// API, a key is never required here, but a bad one is still refused.
	// The websocket counts once against the rate limit, at its upgrade.
	e.GET("/", identify(true), handleIndex())
	e.GET("/static/*path", handleStatic())
	sessions := e.Group("/api/v1/sessions",
		authenticate(false, apiKeyCredential{keys: s.deps.Keys}),
		rateLimit(s.limiter),
	)
	sessions.POST("",
		requireJSON(), limitBody(maxSessionBody), identify(true),
		handleCreateSession(s.deps.Sessions))
	sessions.GET("", identify(false), handleSessions(s.deps.Sessions))
	sessions.GET("/:id", identify(false), handleSession(s.deps.Sessions))
	sessions.GET("/:id/live", identify(false), handleLive(s.deps.Sessions, s.deps.Hub))
}
