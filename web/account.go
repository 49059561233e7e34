package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
)

// Accounts (docs/accounts.md): sign-up, login, logout and who is signed
// in. A signed-in browser holds a random 256-bit token in the HttpOnly
// cookie mi_session; the store keeps only its SHA-256 (AuthSession), with
// an expiry. Logout deletes it and closes the websockets it opened; expiry
// ends it at the next request, and its websockets at that moment (each
// live connection carries a timer).

// AccountStore keeps accounts, sign-ins, teams, share links and login
// failures. It is declared here, by its consumer; interview/sqlite and
// interview/postgres implement it (interview/storetest checks both).
type AccountStore interface {
	CreateUser(ctx context.Context, u interview.User) error
	UserByID(ctx context.Context, id string) (interview.User, error)
	UserByEmail(ctx context.Context, email string) (interview.User, error)

	CreateAuthSession(ctx context.Context, a interview.AuthSession) error
	// AuthSession returns the sign-in and its user, or ErrSignedOut when
	// the token is unknown or expired at now.
	AuthSession(ctx context.Context, tokenHash string, now time.Time) (interview.AuthSession, interview.User, error)
	DeleteAuthSession(ctx context.Context, tokenHash string) error
	// DeleteExpiredAuthSessions deletes the sign-ins expired at now.
	DeleteExpiredAuthSessions(ctx context.Context, now time.Time) ([]string, error)

	CreateTeam(ctx context.Context, t interview.Team) error
	Team(ctx context.Context, id string) (interview.Team, error)
	TeamByInvite(ctx context.Context, token string) (interview.Team, error)
	CoachTeams(ctx context.Context, coachID string) ([]interview.Team, error)
	JoinTeam(ctx context.Context, teamID, userID string, at time.Time) (interview.Membership, error)
	LeaveTeam(ctx context.Context, teamID, userID string) error
	UserMemberships(ctx context.Context, userID string) ([]interview.Membership, error)
	TeamMembers(ctx context.Context, teamID string) ([]interview.Membership, error)
	// CoachSees reports whether the coach sees a session of owner created
	// at createdAt (a member of one of their teams since before then).
	CoachSees(ctx context.Context, coachID, owner string, createdAt time.Time) (bool, error)

	ClaimGuestSessions(ctx context.Context, guestOwner, userOwner string) (int64, error)

	CreateShare(ctx context.Context, l interview.ShareLink) error
	Share(ctx context.Context, tokenHash string) (interview.ShareLink, error)
	RevokeShare(ctx context.Context, tokenHash string, at time.Time) error

	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	RecordLoginFailure(ctx context.Context, key string, at, forgetBefore time.Time) error
	ClearLoginFailures(ctx context.Context, key string) error

	// SetPassword replaces a user's password hash and deletes their
	// sign-ins (returned) and password resets.
	SetPassword(ctx context.Context, userID, passwordHash string) ([]string, error)
	CreatePasswordReset(ctx context.Context, r interview.PasswordReset) error
	// PasswordReset returns the reset, or ErrResetNotFound when unknown or
	// expired at now; ResetPassword uses it once (reset.go).
	PasswordReset(ctx context.Context, tokenHash string, now time.Time) (interview.PasswordReset, error)
	ResetPassword(ctx context.Context, tokenHash, passwordHash string, now time.Time) (interview.PasswordReset, []string, error)
}

// Account settings.
const (
	sessionCookie = "mi_session"
	// AuthSessionTTL is how long a sign-in lasts.
	AuthSessionTTL = 7 * 24 * time.Hour
	// Login attempts: at most LoginMaxFailures failed logins per email and
	// client address in LoginWindow; then 429 until the oldest ages out.
	LoginMaxFailures = 5
	LoginWindow      = 15 * time.Minute
	maxAccountBody   = 4 << 10
)

// Error codes of accounts and authorization.
const (
	CodeNotSignedIn        = "not_signed_in"
	CodeForbidden          = "forbidden"
	CodeEmailTaken         = "email_taken"
	CodeInvalidCredentials = "invalid_credentials"
	CodeCrossOrigin        = "cross_origin"
	CodeNotReviewable      = "not_reviewable"
	CodeNoAccounts         = "accounts_unavailable"
)

var (
	errNotSignedIn = &Error{Status: http.StatusUnauthorized, Code: CodeNotSignedIn,
		Message: "sign in first: POST /api/v1/auth/login"}
	errNoAccounts = &Error{Status: http.StatusNotImplemented, Code: CodeNoAccounts,
		Message: "accounts are not available on this server"}
	errBadCredentials = &Error{Status: http.StatusUnauthorized, Code: CodeInvalidCredentials,
		Message: "wrong email or password"}
)

// accountError maps the account sentinels; nil when err is none of them.
func accountError(err error) *Error {
	switch {
	case errors.Is(err, interview.ErrEmailTaken):
		return &Error{Status: http.StatusConflict, Code: CodeEmailTaken, Field: "email",
			Message: "an account with this email already exists: log in instead"}
	case errors.Is(err, interview.ErrSignedOut):
		return errNotSignedIn
	case errors.Is(err, interview.ErrUserNotFound):
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such user"}
	case errors.Is(err, interview.ErrTeamNotFound), errors.Is(err, interview.ErrNotMember):
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such team"}
	case errors.Is(err, interview.ErrShareNotFound):
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such share link, or it expired or was revoked"}
	case errors.Is(err, interview.ErrNotReviewable):
		return &Error{Status: http.StatusConflict, Code: CodeNotReviewable, Field: "turn",
			Message: "this turn has no answer to review"}
	case errors.Is(err, ErrWrongPassword):
		return errBadCredentials
	}
	return nil
}

// newToken makes a random 256-bit token and its stored form.
func newToken() (token, hash string) {
	var b [32]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashToken(token)
}

// hashToken is the stored form of a sign-in or share token: hex SHA-256,
// enough for 256 random bits.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func validToken(v string) bool {
	b, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil && len(b) == 32
}

// setCookie sets a cookie of the site: HttpOnly, SameSite=Lax, Secure
// under TLS (or behind a proxy that says the request came over HTTPS).
func setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secureRequest(c.Request), SameSite: http.SameSiteLaxMode,
	})
}

func secureRequest(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// signedIn looks up the sign-in cookie of r: the user and the sign-in, or
// ok false without a valid one.
func signedIn(ctx context.Context, accounts AccountStore, r *http.Request, now time.Time) (interview.User, interview.AuthSession, bool, error) {
	if accounts == nil {
		return interview.User{}, interview.AuthSession{}, false, nil
	}
	ck, err := r.Cookie(sessionCookie)
	if err != nil || !validToken(ck.Value) {
		return interview.User{}, interview.AuthSession{}, false, nil
	}
	a, u, err := accounts.AuthSession(ctx, hashToken(ck.Value), now)
	if errors.Is(err, interview.ErrSignedOut) {
		return interview.User{}, interview.AuthSession{}, false, nil
	}
	if err != nil {
		return interview.User{}, interview.AuthSession{}, false, err
	}
	return u, a, true, nil
}

// UserView is an account as the API shows it.
type UserView struct {
	ID        string         `json:"id"`
	Email     string         `json:"email"`
	Role      interview.Role `json:"role"`
	CreatedAt time.Time      `json:"created_at"`
}

func userView(u interview.User) UserView {
	return UserView{ID: u.ID, Email: u.Email, Role: u.Role, CreatedAt: u.CreatedAt}
}

// AuthResponse answers signup and login.
type AuthResponse struct {
	User UserView `json:"user"`
	// Claimed is how many interviews taken as a guest in this browser
	// became the account's.
	Claimed int64 `json:"claimed"`
	// Team is the team joined with the invite sent at signup.
	Team      *interview.Membership `json:"team,omitempty"`
	ExpiresAt time.Time             `json:"expires_at"`
}

// MeResponse answers GET /api/v1/auth/me.
type MeResponse struct {
	User      UserView               `json:"user"`
	ExpiresAt time.Time              `json:"expires_at"`
	Teams     []TeamView             `json:"teams"`
	Member    []interview.Membership `json:"memberships"`
}

type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	// ConfirmPassword, at signup, is the password typed again; when sent
	// it must match (the pages send it, programs may leave it out).
	ConfirmPassword string `json:"confirm_password,omitempty"`
	// Invite, at signup, joins the team at once.
	Invite string `json:"invite,omitempty"`
}

func readCredentials(c *gin.Context) (credentials, error) {
	var in credentials
	err := decodeBody(c, &in)
	return in, err
}

// signIn starts a sign-in for u: the cookie and the stored session. A
// guest's interviews in this browser become the candidate's.
func signIn(c *gin.Context, accounts AccountStore, u interview.User, now time.Time) (AuthResponse, error) {
	ctx := c.Request.Context()
	token, hash := newToken()
	now = now.UTC().Truncate(time.Microsecond)
	a := interview.AuthSession{TokenHash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(AuthSessionTTL), LastSeenAt: now}
	if err := accounts.CreateAuthSession(ctx, a); err != nil {
		return AuthResponse{}, err
	}
	// Expired sign-ins are refused when presented; those never presented
	// again are swept here, at each sign-in (their websockets closed
	// themselves at the expiry).
	if _, err := accounts.DeleteExpiredAuthSessions(ctx, now); err != nil {
		return AuthResponse{}, err
	}
	setCookie(c, sessionCookie, token, int(AuthSessionTTL/time.Second))
	out := AuthResponse{User: userView(u), ExpiresAt: a.ExpiresAt}
	if g, err := c.Cookie(guestCookie); err == nil && validGuestID(g) && u.Role == interview.RoleCandidate {
		n, err := accounts.ClaimGuestSessions(ctx, guestOwner(g), u.Owner())
		if err != nil {
			return AuthResponse{}, err
		}
		out.Claimed = n
		setCookie(c, guestCookie, "", -1)
	}
	return out, nil
}

// handleSignup makes a candidate account and signs it in. Coaches and
// admins are made with "mockinterview users add".
func handleSignup(accounts AccountStore, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		in, err := readCredentials(c)
		if err != nil {
			writeError(c, err)
			return
		}
		ctx := c.Request.Context()
		email, err := interview.NormalizeEmail(in.Email)
		if err != nil {
			writeError(c, err)
			return
		}
		var team interview.Team
		if in.Invite != "" {
			if team, err = accounts.TeamByInvite(ctx, in.Invite); err != nil {
				writeError(c, inviteError(err))
				return
			}
		}
		hash, err := hashNewPassword(in.Password, in.ConfirmPassword)
		if err != nil {
			writeError(c, err)
			return
		}
		at := now().UTC().Truncate(time.Microsecond)
		u := interview.User{ID: NewUserID(), Email: email, Role: interview.RoleCandidate, PasswordHash: hash, CreatedAt: at}
		if err := accounts.CreateUser(ctx, u); err != nil {
			writeError(c, err)
			return
		}
		out, err := signIn(c, accounts, u, at)
		if err != nil {
			writeError(c, err)
			return
		}
		if team.ID != "" {
			m, err := accounts.JoinTeam(ctx, team.ID, u.ID, at)
			if err != nil {
				writeError(c, err)
				return
			}
			out.Team = &m
		}
		c.JSON(http.StatusCreated, out)
	}
}

func inviteError(err error) error {
	if errors.Is(err, interview.ErrTeamNotFound) {
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Field: "invite",
			Message: "no team has this invite: ask your coach for a new link"}
	}
	return err
}

// dummyHash is compared against when the email is unknown, so that a
// login takes as long whether or not the account exists.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("not a real password, only for timing")
	if err != nil {
		panic(err)
	}
	return h
})

// handleLogin checks an email and password and signs the account in.
// Failures are counted per email and client address: after
// LoginMaxFailures in LoginWindow, the next attempts get 429 whatever the
// password.
func handleLogin(accounts AccountStore, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		in, err := readCredentials(c)
		if err != nil {
			writeError(c, err)
			return
		}
		ctx := c.Request.Context()
		email := strings.ToLower(strings.TrimSpace(in.Email))
		if email == "" || in.Password == "" {
			writeError(c, badRequest(CodeInvalidField, "email", "send an email and a password"))
			return
		}
		at := now()
		key := email + "|" + c.ClientIP()
		tooMany := func() {
			c.Header("Retry-After", strconv.Itoa(int(LoginWindow/time.Second)))
			writeError(c, &Error{Status: http.StatusTooManyRequests, Code: CodeRateLimited,
				Message: "too many failed logins: wait a few minutes and try again"})
		}
		failures, err := accounts.LoginFailures(ctx, key, at.Add(-LoginWindow))
		if err != nil {
			writeError(c, err)
			return
		}
		if failures >= LoginMaxFailures {
			tooMany()
			return
		}
		// The attempt counts as a failure before the password is checked,
		// and is forgotten on success: parallel guesses each see the ones
		// before them, so no more than LoginMaxFailures are ever checked.
		if err := accounts.RecordLoginFailure(ctx, key, at, at.Add(-LoginWindow)); err != nil {
			writeError(c, err)
			return
		}
		if failures, err = accounts.LoginFailures(ctx, key, at.Add(-LoginWindow)); err != nil {
			writeError(c, err)
			return
		}
		if failures > LoginMaxFailures {
			tooMany()
			return
		}
		u, err := accounts.UserByEmail(ctx, email)
		switch {
		case errors.Is(err, interview.ErrUserNotFound):
			_ = CheckPassword(dummyHash(), in.Password)
			err = ErrWrongPassword
		case err == nil:
			err = CheckPassword(u.PasswordHash, in.Password)
		}
		if errors.Is(err, ErrWrongPassword) {
			writeError(c, errBadCredentials)
			return
		}
		if err != nil {
			writeError(c, err)
			return
		}
		if err := accounts.ClearLoginFailures(ctx, key); err != nil {
			writeError(c, err)
			return
		}
		out, err := signIn(c, accounts, u, at)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, out)
	}
}

// handleLogout ends the sign-in of the request everywhere: the stored
// session, the cookie, and the websockets it opened (on this server).
func handleLogout(accounts AccountStore, hub *Hub) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		caller := callerFrom(c)
		if caller.AuthHash != "" {
			if err := accounts.DeleteAuthSession(c.Request.Context(), caller.AuthHash); err != nil {
				writeError(c, err)
				return
			}
			if hub != nil {
				hub.closeSignIn(caller.AuthHash)
			}
		}
		setCookie(c, sessionCookie, "", -1)
		c.Status(http.StatusNoContent)
	}
}

// handleMe says who is signed in, with their teams.
func handleMe(accounts AccountStore) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		caller := callerFrom(c)
		if caller.User == nil {
			writeError(c, errNotSignedIn)
			return
		}
		ctx := c.Request.Context()
		out := MeResponse{User: userView(*caller.User), ExpiresAt: caller.AuthExpires, Teams: []TeamView{}}
		var err error
		if out.Member, err = accounts.UserMemberships(ctx, caller.User.ID); err != nil {
			writeError(c, err)
			return
		}
		if caller.User.Role != interview.RoleCandidate {
			if out.Teams, err = teamViews(ctx, accounts, caller.User.ID); err != nil {
				writeError(c, err)
				return
			}
		}
		c.JSON(http.StatusOK, out)
	}
}

// crossOrigin guards state-changing requests made with cookies (a sign-in
// or a guest id) against cross-site request forgery: net/http's
// CrossOriginProtection refuses a non-safe request that a browser marks as
// coming from another origin (Sec-Fetch-Site, else Origin against Host).
// Requests that prove an API key carry no ambient credential and pass.
func crossOrigin() gin.HandlerFunc {
	protect := http.NewCrossOriginProtection()
	return func(c *gin.Context) {
		if p, ok := PrincipalFrom(c.Request.Context()); ok && p.Authenticated() {
			c.Next()
			return
		}
		if err := protect.Check(c.Request); err != nil {
			writeError(c, &Error{Status: http.StatusForbidden, Code: CodeCrossOrigin,
				Message: "cross-origin request refused: use this server's own pages"})
			return
		}
		c.Next()
	}
}
