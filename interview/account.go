package interview

import (
	"errors"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The people around interviews: candidates who take them, coaches who
// review them, admins who see everything; the teams that join candidates to
// coaches, and the share links that open one interview to anyone holding
// the link. These are plain types: passwords, tokens and cookies are the
// web layer's business (it hashes them before they reach a store), and the
// stores (interview/sqlite, interview/postgres) keep them. The decisions are
// written down in docs/accounts.md.

// Sentinel errors of accounts, teams and share links.
var (
	// ErrUserNotFound means no user has the given id or email.
	ErrUserNotFound = errors.New("user not found")
	// ErrEmailTaken means another user already has the email (emails are
	// compared without regard to case).
	ErrEmailTaken = errors.New("email already registered")
	// ErrSignedOut means a sign-in token is unknown, ended or expired.
	ErrSignedOut = errors.New("signed out")
	// ErrTeamNotFound means no team has the given id or invite token.
	ErrTeamNotFound = errors.New("team not found")
	// ErrNotMember means the user is not a member of the team.
	ErrNotMember = errors.New("not a member of the team")
	// ErrShareNotFound means a share link is unknown, revoked or expired.
	ErrShareNotFound = errors.New("share link not found")
	// ErrResetNotFound means a password reset token is unknown, used or
	// expired.
	ErrResetNotFound = errors.New("password reset not found")
)

// Role is what a user may do.
type Role string

// The roles. A candidate takes interviews and sees only their own; a coach
// also sees the interviews of the candidates in their teams (from the time
// each joined); an admin sees everything and makes coaches.
const (
	RoleCandidate Role = "candidate"
	RoleCoach     Role = "coach"
	RoleAdmin     Role = "admin"
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	return r == RoleCandidate || r == RoleCoach || r == RoleAdmin
}

// User is an account.
type User struct {
	ID    string `json:"id"`
	Email string `json:"email"` // normalised: see NormalizeEmail
	Role  Role   `json:"role"`
	// PasswordHash is the password's bcrypt hash; never sent anywhere.
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Owner is the session owner of the user's interviews.
func (u User) Owner() string { return UserOwner(u.ID) }

// UserOwner is the Session.Owner of the interviews of the user with id
// userID. The stores rely on this form to find a team's sessions.
func UserOwner(userID string) string { return "user:" + userID }

// OwnerUserID returns the user id of an owner made by UserOwner.
func OwnerUserID(owner string) (string, bool) {
	id, ok := strings.CutPrefix(owner, "user:")
	return id, ok && id != ""
}

// MaxEmailBytes is the longest email accepted (RFC 5321's path limit).
const MaxEmailBytes = 254

// NormalizeEmail checks an email address and returns the form stored and
// compared: trimmed and lower-cased, so that one mailbox is one account
// whatever case it is typed in.
func NormalizeEmail(email string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	if e == "" {
		return "", invalid("email", "is required")
	}
	if len(e) > MaxEmailBytes {
		return "", invalid("email", "is longer than %d bytes", MaxEmailBytes)
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || !strings.Contains(e[strings.LastIndexByte(e, '@')+1:], ".") {
		return "", invalid("email", "is not an email address like name@example.com")
	}
	return e, nil
}

// AuthSession is one signed-in browser: the hash of its random token (the
// token itself is only ever in the cookie), whose user it is, and when it
// ends unless used. A store deletes it on logout or once expired.
type AuthSession struct {
	TokenHash  string
	UserID     string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
}

// Team is a coach's group of candidates. A candidate joins with the
// invite token; from then on the coach sees the interviews they start.
type Team struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	CoachID     string    `json:"coach_id"`
	InviteToken string    `json:"invite_token,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// MaxTeamNameBytes is the longest team name accepted.
const MaxTeamNameBytes = 100

// ValidateTeamName checks a team name and returns it trimmed.
func ValidateTeamName(name string) (string, error) {
	n := strings.TrimSpace(name)
	if n == "" {
		return "", invalid("name", "is required")
	}
	if len(n) > MaxTeamNameBytes {
		return "", invalid("name", "is longer than %d bytes", MaxTeamNameBytes)
	}
	if !utf8.ValidString(n) {
		return "", invalid("name", "is not valid UTF-8")
	}
	for i, r := range n {
		if unicode.IsControl(r) {
			return "", invalid("name", "holds a control character (U+%04X) at byte %d", r, i)
		}
	}
	return n, nil
}

// Membership says that a candidate is in a team, since JoinedAt. Only
// sessions created at or after JoinedAt are shared with the team's coach;
// leaving deletes the membership and ends the sharing of all of them.
type Membership struct {
	TeamID   string    `json:"team_id"`
	TeamName string    `json:"team_name"`
	UserID   string    `json:"user_id"`
	Email    string    `json:"email"`
	JoinedAt time.Time `json:"joined_at"`
}

// ShareLink opens one interview, read-only, to whoever holds its token,
// until it expires or is revoked. Only the token's hash is stored.
type ShareLink struct {
	TokenHash string
	SessionID string
	CreatedBy string // user id
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt *time.Time
}

// Active reports whether the link opens its interview at now.
func (l ShareLink) Active(now time.Time) bool {
	return l.RevokedAt == nil && now.Before(l.ExpiresAt)
}

// PasswordReset is a self-service password reset ("Forgot password?"): the
// hash of its random token (the token itself is only in the link), whose
// account it resets, and until when. It is used once: setting the password
// with it deletes it, and any change of the account's password deletes all
// of the account's resets and sign-ins.
type PasswordReset struct {
	TokenHash string
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
}
