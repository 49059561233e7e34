package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
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

// handleForgot makes a reset link for the account with the email, if any,
// and logs it. The answer is the same whether or not the account exists;
// requests are limited per email and per client address.
func handleForgot(accounts AccountStore, logger *slog.Logger, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
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
		u, err := accounts.UserByEmail(ctx, email)
		switch {
		case errors.Is(err, interview.ErrUserNotFound):
			logger.Info("password reset asked for an unknown email", "email", email)
		case err != nil:
			writeError(c, err)
			return
		default:
			token, r := NewPasswordReset(u.ID, at)
			if err := accounts.CreatePasswordReset(ctx, r); err != nil {
				writeError(c, err)
				return
			}
			logger.Info("password reset link made: hand it to the account's owner; it works once, for 1 hour",
				"email", u.Email, "link", requestOrigin(c.Request)+ResetPath(token), "expires", r.ExpiresAt)
		}
		c.JSON(http.StatusAccepted, ForgotResponse{Message: forgotMessage})
	}
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
