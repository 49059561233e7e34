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
		allowHosts(s.cfg.AllowedHosts),
		checkQuery(),
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
	bank.GET("/capabilities", handleCapabilities(s.deps.Speech))

	// The scoring API needs a key when the server is not on loopback.
	api := e.Group("/api/v1",
		authenticate(s.cfg.RequireKey, apiKeyCredential{keys: s.deps.Keys}),
		requireScope(ScopeScore),
		rateLimit(s.limiter),
	)

	idempotent := idempotent(s.deps.Idempotency, s.cfg.IdempotencyTTL, s.deps.Now)
	api.POST("/score",
		requireJSON(), limitBody(s.cfg.MaxScoreBody), idempotent,
		handleScore(s.deps.Scorer))
	api.POST("/score/batch",
		requireJSON(), limitBody(s.cfg.MaxBatchBody), idempotent,
		handleScoreBatch(s.deps.Scorer, s.cfg.MaxBatchItems, s.cfg.BatchWorkers))
	audioSlots := boundAudio(maxAudioUploads)
	api.POST("/transcribe",
		requireAudio(s.deps.Speech), limitBody(maxAudioBody(s.deps.Speech)), audioSlots,
		handleTranscribe(s.deps.Speech))

	// The candidate's page and the live interviews. A guest cookie or an
	// API key says who the caller is (identity.go); unlike the scoring
	// API, a key is never required here, but a bad one is still refused.
	// The websocket counts once against the rate limit, at its upgrade.
	e.GET("/", identify(s.deps.Accounts, s.deps.Now, true), handleIndex())
	e.GET("/static/*path", handleStatic())
	e.GET("/favicon.ico", handleFavicon)
	sessions := e.Group("/api/v1/sessions",
		authenticate(false, apiKeyCredential{keys: s.deps.Keys}),
		requireScope(ScopeSessions),
		rateLimit(s.limiter),
		crossOrigin(),
	)
	sessions.POST("",
		requireJSON(), limitBody(maxSessionBody), identify(s.deps.Accounts, s.deps.Now, true),
		handleCreateSession(s.deps.Sessions))
	sessions.GET("", identify(s.deps.Accounts, s.deps.Now, false), handleSessions(s.deps.Sessions, s.deps.Reviews))
	sessions.GET("/:id", identify(s.deps.Accounts, s.deps.Now, false), handleSession(s.deps.Sessions, s.deps.Accounts))
	sessions.GET("/:id/live", identify(s.deps.Accounts, s.deps.Now, false), handleLive(s.deps.Sessions, s.deps.Hub, s.deps.Accounts))

	// Tailoring to a job posting (tailor.go): a document's text for the
	// page to preview, and the plan a posting would get; nothing stored.
	planner, _ := s.deps.Sessions.(Planner)
	tailor := e.Group("/api/v1",
		authenticate(false, apiKeyCredential{keys: s.deps.Keys}),
		requireScope(ScopeSessions),
		rateLimit(s.limiter),
		crossOrigin(),
	)
	tailor.POST("/extract", requireMultipart(), limitBody(maxExtractBody), handleExtract(make(uploadSlots, maxExtractUploads)))
	tailor.POST("/plan", requireJSON(), limitBody(maxSessionBody), handlePlanPreview(planner))

	// Accounts, teams and coach review (account.go, team.go, review*.go),
	// and the coach's pages. Every state-changing request made with a
	// cookie passes crossOrigin (CSRF); who may do what is decided in the
	// handlers (authz.go: others' sessions are 404).
	accounts, reviews, now := s.deps.Accounts, s.deps.Reviews, s.deps.Now
	who := identify(accounts, now, false)
	needReviews, pageNeedsReviews := requireReviews(reviews, writeError), requireReviews(reviews, pageError)

	acct := e.Group("/api/v1",
		authenticate(false, apiKeyCredential{keys: s.deps.Keys}),
		requireScope(ScopeSessions),
		rateLimit(s.limiter),
		who,
		crossOrigin(),
	)
	acct.POST("/auth/signup", requireJSON(), limitBody(maxAccountBody), handleSignup(accounts, now))
	acct.POST("/auth/login", requireJSON(), limitBody(maxAccountBody), handleLogin(accounts, now))
	acct.POST("/auth/logout", handleLogout(accounts, s.deps.Hub))
	acct.GET("/auth/me", handleMe(accounts))
	acct.POST("/auth/forgot", requireJSON(), limitBody(maxAccountBody), handleForgot(accounts, s.deps.Resets, s.deps.Logger, now))
	acct.POST("/auth/reset", requireJSON(), limitBody(maxAccountBody), handleReset(accounts, s.deps.Hub, now))
	acct.GET("/teams", handleTeams(accounts))
	acct.POST("/teams", requireJSON(), limitBody(maxAccountBody), handleCreateTeam(accounts, now))
	acct.POST("/teams/join", requireJSON(), limitBody(maxAccountBody), handleJoinTeam(accounts, now))
	acct.GET("/teams/:id", handleTeam(accounts))
	acct.POST("/teams/:id/leave", handleLeaveTeam(accounts, s.deps.Hub))
	acct.GET("/review/sessions", needReviews, handleReviewSessions(reviews))
	acct.GET("/users/:id/progress", needReviews, handleProgress(s.deps.Sessions, accounts, reviews))
	acct.DELETE("/shares/:token", handleRevokeShare(accounts, now))
	acct.GET("/shared/:token", needReviews, handleShared(s.deps.Sessions, accounts, reviews, now))

	sessions.GET("/:id/review", who, needReviews, handleReview(s.deps.Sessions, accounts, reviews))
	sessions.POST("/:id/turns/:turn/comments", requireJSON(), limitBody(maxReviewBody), who, needReviews,
		handleComment(s.deps.Sessions, accounts, reviews))
	sessions.PUT("/:id/turns/:turn/override", requireJSON(), limitBody(maxReviewBody), who, needReviews,
		handleOverride(s.deps.Sessions, accounts, reviews))
	sessions.GET("/:id/export", who, needReviews, handleExport(s.deps.Sessions, accounts, reviews, now))
	sessions.POST("/:id/shares", optionalJSON(), limitBody(maxAccountBody), who, handleCreateShare(s.deps.Sessions, accounts, now))

	// Spoken answers (voice.go): stored, then transcribed; replayed to
	// whoever may read the session.
	sessions.POST("/:id/turns/:turn/audio", requireAudio(s.deps.Speech), limitBody(maxAudioBody(s.deps.Speech)), audioSlots, who,
		handleRecordAnswer(s.deps.Sessions, s.deps.Recordings, s.deps.Speech, accounts))
	sessions.GET("/:id/turns/:turn/audio", who, handleAnswerAudio(s.deps.Sessions, s.deps.Recordings, accounts))

	pages := e.Group("", rateLimit(s.limiter), who)
	pages.GET("/login", handleLoginPage(false))
	pages.GET("/signup", handleLoginPage(true))
	pages.GET("/reset/:token", handleResetPage(accounts, now))
	pages.GET("/join/:token", handleJoinPage(accounts))
	pages.GET("/coach", pageNeedsReviews, handleSessionsPage(s.deps.Bank, accounts, reviews))
	pages.GET("/coach/teams", handleTeamsPage(accounts))
	pages.GET("/coach/sessions/:id", pageNeedsReviews, handleTranscriptPage(s.deps.Sessions, accounts, reviews))
	pages.GET("/coach/sessions/:id/print", pageNeedsReviews, handleTranscriptPage(s.deps.Sessions, accounts, reviews))
	pages.GET("/coach/candidates/:id", pageNeedsReviews, handleProgressPage(s.deps.Sessions, accounts, reviews))
	pages.GET("/s/:token", pageNeedsReviews, handleSharedPage(s.deps.Sessions, accounts, reviews, now))
}
