package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/mockinterview/mockinterview/interview"
)

// Password resets (docs/accounts.md). "Forgot password?" sends an email to
// POST /api/v1/auth/forgot, which always answers the same 202, whether or
// not an account has the email, so it tells no one which emails exist. For
// an account, it makes a random 256-bit token, stores its SHA-256 with an
// expiry of PasswordResetTTL, and, since this server sends no mail, writes
// the link /reset/<token> to the server log for an admin to hand over
// ("mockinterview users reset-link" prints one too). The page at the link
// posts the new password to POST /api/v1/auth/reset: the token is used
// once, the password is checked like a new one, and the account is signed
// out everywhere (its sign-ins deleted, their websockets on this server
// closed).
//
// The same answer must also take the same time: looking the account up,
// making and storing the token and logging the link happen only for an
// account, so they are not done on the request. The handler counts the
// request (the rate limit, alike for every email), hands the email to a
// ResetQueue and answers; the queue's worker does the rest.

// Reset settings.
const (
	// PasswordResetTTL is how long a reset link works.
	PasswordResetTTL = time.Hour
	// ResetMaxRequests is how many reset links one email may be asked for
	// from one client address in ResetWindow; then 429.
	ResetMaxRequests = 5
	ResetWindow      = 15 * time.Minute
)

// NewPasswordReset makes a reset for the user: the token for the link and
// what is stored (its hash, expiring PasswordResetTTL after now).
func NewPasswordReset(userID string, now time.Time) (token string, r interview.PasswordReset) {
	token, hash := newToken()
	now = now.UTC().Truncate(time.Microsecond)
	return token, interview.PasswordReset{TokenHash: hash, UserID: userID, CreatedAt: now, ExpiresAt: now.Add(PasswordResetTTL)}
}

// ResetPath is the path of the reset page for token.
func ResetPath(token string) string { return "/reset/" + token }

var errResetNotFound = &Error{Status: http.StatusNotFound, Code: CodeNotFound, Field: "token",
	Message: "this reset link is unknown, was used already or expired: ask for a new one on the login page"}

// ForgotResponse answers POST /api/v1/auth/forgot, the same for every
// email.
type ForgotResponse struct {
	Message string `json:"message"`
}

const forgotMessage = "If an account has this email, a reset link valid for 1 hour was made. This server sends no mail: ask its admin for the link (it is in the server log)."

type forgotRequest struct {
	Email string `json:"email"`
}

// DefaultResetQueue is how many reset requests a ResetQueue holds
// waiting for its worker.
const DefaultResetQueue = 256

// resetJobTimeout bounds the store calls of one queued reset request.
const resetJobTimeout = 10 * time.Second

// ResetQueue makes the reset links asked for on POST /api/v1/auth/forgot
// off the request path, so that the answer takes as long for an email
// without an account as for one with.
//
// Concurrency: NewResetQueue starts one worker goroutine, which runs the
// queued requests one at a time, in order. Queueing never waits: a full
// queue refuses the request (the handler answers 503, for any email, since
// it has not looked the email up). Close stops taking requests, lets the
// worker finish every request already queued and returns once the worker
// has ended; its owner (cmd/mockinterview) closes it after the
// http.Server has shut down, so no handler queues after it, and before the
// store closes. Should Close's context end first, the requests left run
// with a canceled context: each fails at once and is logged as not made.
type ResetQueue struct {
	logger *slog.Logger
	abort  context.CancelFunc // cancels the worker's context
	done   chan struct{}      // closed when the worker has ended

	mu     sync.Mutex // guards closed and sending on jobs
	closed bool
	jobs   chan func(context.Context)
}

// NewResetQueue starts a queue holding up to size requests (size <= 0
// means DefaultResetQueue). logger receives what goes wrong; nil
// discards.
func NewResetQueue(size int, logger *slog.Logger) *ResetQueue {
	if size <= 0 {
		size = DefaultResetQueue
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	q := &ResetQueue{logger: logger, abort: cancel, done: make(chan struct{}), jobs: make(chan func(context.Context), size)}
	go q.run(ctx)
	return q
}

func (q *ResetQueue) run(ctx context.Context) {
	defer close(q.done)
	for job := range q.jobs {
		jobCtx, cancel := context.WithTimeout(ctx, resetJobTimeout)
		job(jobCtx)
		cancel()
	}
}

// add queues job without waiting; false means the queue is full or
// closed.
func (q *ResetQueue) add(job func(context.Context)) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	select {
	case q.jobs <- job:
		return true
	default:
		return false
	}
}

// Close stops taking requests and waits until the worker has made the
// links of every request queued, or until ctx ends (then the ones left
// fail at once, logged, and Close returns when the worker has ended).
// It may be called more than once.
func (q *ResetQueue) Close(ctx context.Context) error {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.jobs)
	}
	q.mu.Unlock()
	select {
	case <-q.done:
		return nil
	case <-ctx.Done():
		q.abort()
		<-q.done
		return fmt.Errorf("close reset queue: %w", ctx.Err())
	}
}

var errResetQueueFull = &Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable,
	Message: "too many password resets are being asked for: try again in a minute"}

// handleForgot queues the making of a reset link for the account with the
// email, if any (makeResetLink), and answers. The answer is the same, and
// takes the same time, whether or not the account exists: nothing on the
// request looks the email up. Requests are limited per email and per
// client address.
func handleForgot(accounts AccountStore, resets *ResetQueue, logger *slog.Logger, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil || resets == nil {
			writeError(c, errNoAccounts)
			return
		}
		var in forgotRequest
		if err := decodeBody(c, &in); err != nil {
			writeError(c, err)
			return
		}
		email, err := interview.NormalizeEmail(in.Email)
		if err != nil {
			writeError(c, err)
			return
		}
		ctx := c.Request.Context()
		at := now()
		// Each request counts, per email and client address as logins do,
		// before anything is looked up: known and unknown emails are
		// limited alike.
		key := "reset|" + email + "|" + c.ClientIP()
		if err := accounts.RecordLoginFailure(ctx, key, at, at.Add(-ResetWindow)); err != nil {
			writeError(c, err)
			return
		}
		n, err := accounts.LoginFailures(ctx, key, at.Add(-ResetWindow))
		if err != nil {
			writeError(c, err)
			return
		}
		if n > ResetMaxRequests {
			c.Header("Retry-After", strconv.Itoa(int(ResetWindow/time.Second)))
			writeError(c, &Error{Status: http.StatusTooManyRequests, Code: CodeRateLimited,
				Message: "too many reset requests for this email: wait a few minutes and try again"})
			return
		}
		origin := requestOrigin(c.Request)
		if !resets.add(func(ctx context.Context) { makeResetLink(ctx, accounts, logger, email, origin, at) }) {
			c.Header("Retry-After", "60")
			writeError(c, errResetQueueFull)
			return
		}
		c.JSON(http.StatusAccepted, ForgotResponse{Message: forgotMessage})
	}
}

// makeResetLink makes and logs the reset link of the account with the
// email, asked for at at on origin; for an unknown email it only logs
// that. It runs on the ResetQueue's worker, after the answer was sent, so
// what goes wrong is logged: there is no one to answer.
func makeResetLink(ctx context.Context, accounts AccountStore, logger *slog.Logger, email, origin string, at time.Time) {
	u, err := accounts.UserByEmail(ctx, email)
	switch {
	case errors.Is(err, interview.ErrUserNotFound):
		logger.Info("password reset asked for an unknown email", "email", email)
		return
	case err != nil:
		logger.Error("password reset link not made", "email", email, "err", err)
		return
	}
	token, r := NewPasswordReset(u.ID, at)
	if err := accounts.CreatePasswordReset(ctx, r); err != nil {
		logger.Error("password reset link not made", "email", email, "err", err)
		return
	}
	logger.Info("password reset link made: hand it to the account's owner; it works once, for 1 hour",
		"email", u.Email, "link", origin+ResetPath(token), "expires", r.ExpiresAt)
}

// requestOrigin is the scheme and host the request came to, for links in
// the log.
func requestOrigin(r *http.Request) string {
	scheme := "http"
	if secureRequest(r) {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: r.Host}).String()
}

type resetRequest struct {
	Token           string `json:"token"`
	Password        string `json:"password"`
	ConfirmPassword string `json:"confirm_password,omitempty"`
}

// ResetResponse answers POST /api/v1/auth/reset.
type ResetResponse struct {
	Email   string `json:"email"`
	Message string `json:"message"`
}

// handleReset sets a new password with a reset token, once, and signs the
// account out everywhere. The new password is checked before the token is
// used, so a refused password leaves the link working.
func handleReset(accounts AccountStore, hub *Hub, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		var in resetRequest
		if err := decodeBody(c, &in); err != nil {
			writeError(c, err)
			return
		}
		if !validToken(in.Token) {
			writeError(c, errResetNotFound)
			return
		}
		hash, err := hashNewPassword(in.Password, in.ConfirmPassword)
		if err != nil {
			writeError(c, err)
			return
		}
		ctx := c.Request.Context()
		r, ended, err := accounts.ResetPassword(ctx, hashToken(in.Token), hash, now())
		if errors.Is(err, interview.ErrResetNotFound) {
			writeError(c, errResetNotFound)
			return
		}
		if err != nil {
			writeError(c, err)
			return
		}
		if hub != nil {
			for _, h := range ended {
				hub.closeSignIn(h)
			}
		}
		u, err := accounts.UserByID(ctx, r.UserID)
		if err != nil {
			writeError(c, err)
			return
		}
		// This browser is signed out too, if it was signed in.
		setCookie(c, sessionCookie, "", -1)
		c.JSON(http.StatusOK, ResetResponse{Email: u.Email, Message: "Password changed; log in with the new one."})
	}
}

// handleResetPage shows the form that sets a new password, for a link that
// still works; else a page that says to ask for a new one.
func handleResetPage(accounts AccountStore, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			pageError(c, errNoAccounts)
			return
		}
		token := c.Param("token")
		valid := validToken(token)
		if valid {
			_, err := accounts.PasswordReset(c.Request.Context(), hashToken(token), now())
			switch {
			case errors.Is(err, interview.ErrResetNotFound):
				valid = false
			case err != nil:
				pageError(c, err)
				return
			}
		}
		status := http.StatusOK
		if !valid {
			status = http.StatusNotFound
			token = ""
		}
		renderPage(c, status, "reset", "Choose a new password", struct {
			Token string
			Valid bool
		}{token, valid})
	}
}
