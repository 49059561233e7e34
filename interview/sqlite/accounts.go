package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/mockinterview/mockinterview/interview"
)

// Accounts, sign-in sessions, teams, share links, guest claims and login
// failures: the store web declares as AccountStore (see docs/accounts.md).

// lastSeenEvery is how stale an auth session's last_seen_at may get before
// a request rewrites it: one write a minute per browser, not one a request.
const lastSeenEvery = time.Minute

func isUniqueViolation(err error) bool {
	var se *msqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// CreateUser stores a new user; an email already taken is
// interview.ErrEmailTaken.
func (s *Store) CreateUser(ctx context.Context, u interview.User) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO users (id, email, role, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?)`, u.ID, u.Email, string(u.Role), u.PasswordHash, micros(u.CreatedAt))
	if isUniqueViolation(err) {
		return fmt.Errorf("create user %s: %w", u.Email, interview.ErrEmailTaken)
	}
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Email, err)
	}
	return nil
}

const userColumns = `id, email, role, password_hash, created_at`

func scanUser(row scanner) (interview.User, error) {
	var (
		u       interview.User
		role    string
		created int64
	)
	if err := row.Scan(&u.ID, &u.Email, &role, &u.PasswordHash, &created); err != nil {
		return u, err
	}
	u.Role, u.CreatedAt = interview.Role(role), fromMicros(created)
	return u, nil
}

func (s *Store) userWhere(ctx context.Context, what, where string, arg any) (interview.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("user %s: %w", what, interview.ErrUserNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("user %s: %w", what, err)
	}
	return u, nil
}

// UserByID returns the user with the id, or interview.ErrUserNotFound.
func (s *Store) UserByID(ctx context.Context, id string) (interview.User, error) {
	return s.userWhere(ctx, id, `id = ?`, id)
}

// UserByEmail returns the user with the (normalised) email, or
// interview.ErrUserNotFound.
func (s *Store) UserByEmail(ctx context.Context, email string) (interview.User, error) {
	return s.userWhere(ctx, email, `email = ?`, email)
}

// Users lists every user, oldest first.
func (s *Store) Users(ctx context.Context) ([]interview.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	out := []interview.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// CreateAuthSession stores a signed-in browser.
func (s *Store) CreateAuthSession(ctx context.Context, a interview.AuthSession) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at, last_seen_at)
		VALUES (?, ?, ?, ?, ?)`, a.TokenHash, a.UserID, micros(a.CreatedAt), micros(a.ExpiresAt), micros(a.LastSeenAt))
	if err != nil {
		return fmt.Errorf("create auth session: %w", err)
	}
	return nil
}

// AuthSession returns the signed-in browser with the token hash and its
// user, marking it seen at now. An unknown token, or one expired at now
// (which is deleted), is interview.ErrSignedOut.
func (s *Store) AuthSession(ctx context.Context, tokenHash string, now time.Time) (interview.AuthSession, interview.User, error) {
	var (
		a                          = interview.AuthSession{TokenHash: tokenHash}
		created, expires, lastSeen int64
	)
	row := s.db.QueryRowContext(ctx, `SELECT a.user_id, a.created_at, a.expires_at, a.last_seen_at,
			u.id, u.email, u.role, u.password_hash, u.created_at
		FROM auth_sessions a JOIN users u ON u.id = a.user_id WHERE a.token_hash = ?`, tokenHash)
	var (
		u           interview.User
		role        string
		userCreated int64
	)
	err := row.Scan(&a.UserID, &created, &expires, &lastSeen, &u.ID, &u.Email, &role, &u.PasswordHash, &userCreated)
	if errors.Is(err, sql.ErrNoRows) {
		return a, u, fmt.Errorf("auth session: %w", interview.ErrSignedOut)
	}
	if err != nil {
		return a, u, fmt.Errorf("auth session: %w", err)
	}
	u.Role, u.CreatedAt = interview.Role(role), fromMicros(userCreated)
	a.CreatedAt, a.ExpiresAt, a.LastSeenAt = fromMicros(created), fromMicros(expires), fromMicros(lastSeen)
	if !now.Before(a.ExpiresAt) {
		if err := s.DeleteAuthSession(ctx, tokenHash); err != nil {
			return a, u, err
		}
		return a, u, fmt.Errorf("auth session: %w", interview.ErrSignedOut)
	}
	if now.Sub(a.LastSeenAt) >= lastSeenEvery {
		if _, err := s.db.ExecContext(ctx, `UPDATE auth_sessions SET last_seen_at = ? WHERE token_hash = ?`,
			micros(now), tokenHash); err != nil {
			return a, u, fmt.Errorf("auth session: %w", err)
		}
		a.LastSeenAt = now.UTC().Truncate(time.Microsecond)
	}
	return a, u, nil
}

// DeleteAuthSession ends a signed-in browser; an unknown one is no error.
func (s *Store) DeleteAuthSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM auth_sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("delete auth session: %w", err)
	}
	return nil
}

// DeleteExpiredAuthSessions deletes the sign-ins expired at now and
// returns their token hashes, so that their websockets can be closed.
func (s *Store) DeleteExpiredAuthSessions(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `DELETE FROM auth_sessions WHERE expires_at <= ? RETURNING token_hash`, micros(now))
	if err != nil {
		return nil, fmt.Errorf("delete expired auth sessions: %w", err)
	}
	defer rows.Close()
	var hashes []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("delete expired auth sessions: %w", err)
		}
		hashes = append(hashes, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("delete expired auth sessions: %w", err)
	}
	return hashes, nil
}

// CreateTeam stores a new team.
func (s *Store) CreateTeam(ctx context.Context, t interview.Team) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO teams (id, name, coach_id, invite_token, created_at)
		VALUES (?, ?, ?, ?, ?)`, t.ID, t.Name, t.CoachID, t.InviteToken, micros(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("create team %s: %w", t.Name, err)
	}
	return nil
}

const teamColumns = `id, name, coach_id, invite_token, created_at`

func scanTeam(row scanner) (interview.Team, error) {
	var (
		t       interview.Team
		created int64
	)
	if err := row.Scan(&t.ID, &t.Name, &t.CoachID, &t.InviteToken, &created); err != nil {
		return t, err
	}
	t.CreatedAt = fromMicros(created)
	return t, nil
}

func (s *Store) teamWhere(ctx context.Context, where string, arg any) (interview.Team, error) {
	t, err := scanTeam(s.db.QueryRowContext(ctx, `SELECT `+teamColumns+` FROM teams WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("team: %w", interview.ErrTeamNotFound)
	}
	if err != nil {
		return t, fmt.Errorf("team: %w", err)
	}
	return t, nil
}

// Team returns the team with the id, or interview.ErrTeamNotFound.
func (s *Store) Team(ctx context.Context, id string) (interview.Team, error) {
	return s.teamWhere(ctx, `id = ?`, id)
}

// TeamByInvite returns the team with the invite token, or
// interview.ErrTeamNotFound.
func (s *Store) TeamByInvite(ctx context.Context, token string) (interview.Team, error) {
	return s.teamWhere(ctx, `invite_token = ?`, token)
}

// CoachTeams lists the teams of a coach, oldest first.
func (s *Store) CoachTeams(ctx context.Context, coachID string) ([]interview.Team, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+teamColumns+` FROM teams WHERE coach_id = ? ORDER BY created_at, id`, coachID)
	if err != nil {
		return nil, fmt.Errorf("teams of %s: %w", coachID, err)
	}
	defer rows.Close()
	out := []interview.Team{}
	for rows.Next() {
		t, err := scanTeam(rows)
		if err != nil {
			return nil, fmt.Errorf("teams of %s: %w", coachID, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("teams of %s: %w", coachID, err)
	}
	return out, nil
}

// JoinTeam makes the user a member of the team from at. Joining a team one
// is already in keeps the first joined_at. An unknown team is
// interview.ErrTeamNotFound.
func (s *Store) JoinTeam(ctx context.Context, teamID, userID string, at time.Time) (interview.Membership, error) {
	var m interview.Membership
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (team_id, user_id, joined_at)
			SELECT id, ?, ? FROM teams WHERE id = ?
			ON CONFLICT (team_id, user_id) DO NOTHING`, userID, micros(at), teamID); err != nil {
			return err
		}
		var err error
		m, err = scanMembership(tx.QueryRowContext(ctx, membershipSelect+` WHERE m.team_id = ? AND m.user_id = ?`, teamID, userID))
		if errors.Is(err, sql.ErrNoRows) {
			return interview.ErrTeamNotFound
		}
		return err
	})
	if err != nil {
		return m, fmt.Errorf("join team %s: %w", teamID, err)
	}
	return m, nil
}

// LeaveTeam ends the user's membership of the team, or returns
// interview.ErrNotMember.
func (s *Store) LeaveTeam(ctx context.Context, teamID, userID string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM memberships WHERE team_id = ? AND user_id = ?`, teamID, userID)
	if err != nil {
		return fmt.Errorf("leave team %s: %w", teamID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("leave team %s: %w", teamID, err)
	} else if n == 0 {
		return fmt.Errorf("leave team %s: %w", teamID, interview.ErrNotMember)
	}
	return nil
}

const membershipSelect = `SELECT m.team_id, t.name, m.user_id, u.email, m.joined_at
	FROM memberships m JOIN teams t ON t.id = m.team_id JOIN users u ON u.id = m.user_id`

func scanMembership(row scanner) (interview.Membership, error) {
	var (
		m      interview.Membership
		joined int64
	)
	if err := row.Scan(&m.TeamID, &m.TeamName, &m.UserID, &m.Email, &joined); err != nil {
		return m, err
	}
	m.JoinedAt = fromMicros(joined)
	return m, nil
}

func (s *Store) memberships(ctx context.Context, what, where string, arg any) ([]interview.Membership, error) {
	rows, err := s.db.QueryContext(ctx, membershipSelect+` WHERE `+where+` ORDER BY m.joined_at, m.team_id, m.user_id`, arg)
	if err != nil {
		return nil, fmt.Errorf("memberships of %s: %w", what, err)
	}
	defer rows.Close()
	out := []interview.Membership{}
	for rows.Next() {
		m, err := scanMembership(rows)
		if err != nil {
			return nil, fmt.Errorf("memberships of %s: %w", what, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("memberships of %s: %w", what, err)
	}
	return out, nil
}

// UserMemberships lists the teams the user is in, by join time.
func (s *Store) UserMemberships(ctx context.Context, userID string) ([]interview.Membership, error) {
	return s.memberships(ctx, userID, `m.user_id = ?`, userID)
}

// TeamMembers lists the members of a team, by join time.
func (s *Store) TeamMembers(ctx context.Context, teamID string) ([]interview.Membership, error) {
	return s.memberships(ctx, teamID, `m.team_id = ?`, teamID)
}

// CoachSees reports whether the coach sees a session of owner created at
// createdAt: the owner is a user in one of the coach's teams who joined it
// at or before createdAt.
func (s *Store) CoachSees(ctx context.Context, coachID, owner string, createdAt time.Time) (bool, error) {
	userID, ok := interview.OwnerUserID(owner)
	if !ok {
		return false, nil
	}
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM memberships m JOIN teams t ON t.id = m.team_id
		WHERE t.coach_id = ? AND m.user_id = ? AND m.joined_at <= ? LIMIT 1`,
		coachID, userID, micros(createdAt)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("coach %s sees %s: %w", coachID, owner, err)
	}
	return true, nil
}

// ClaimGuestSessions gives every session of guestOwner to userOwner (a
// guest who signs up keeps the interviews taken as a guest), with the share
// links the guest made (so that the new owner can revoke them), and returns
// how many sessions there were.
func (s *Store) ClaimGuestSessions(ctx context.Context, guestOwner, userOwner string) (int64, error) {
	if guestOwner == "" || userOwner == "" {
		return 0, fmt.Errorf("claim guest sessions: empty owner")
	}
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET owner = ? WHERE owner = ?`, userOwner, guestOwner)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE share_links SET created_by = ? WHERE created_by = ?`, userOwner, guestOwner)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("claim guest sessions: %w", err)
	}
	return n, nil
}

// CreateShare stores a share link; an unknown session is
// interview.ErrNotFound.
func (s *Store) CreateShare(ctx context.Context, l interview.ShareLink) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, l.SessionID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO share_links (token_hash, session_id, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, l.TokenHash, l.SessionID, l.CreatedBy, micros(l.CreatedAt), micros(l.ExpiresAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("share %s: %w", l.SessionID, err)
	}
	return nil
}

// Share returns the share link with the token hash, revoked and expired
// ones too (ShareLink.Active tells), or interview.ErrShareNotFound.
func (s *Store) Share(ctx context.Context, tokenHash string) (interview.ShareLink, error) {
	var (
		l                = interview.ShareLink{TokenHash: tokenHash}
		created, expires int64
		revoked          sql.NullInt64
	)
	err := s.db.QueryRowContext(ctx, `SELECT session_id, created_by, created_at, expires_at, revoked_at
		FROM share_links WHERE token_hash = ?`, tokenHash).Scan(&l.SessionID, &l.CreatedBy, &created, &expires, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("share link: %w", interview.ErrShareNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("share link: %w", err)
	}
	l.CreatedAt, l.ExpiresAt, l.RevokedAt = fromMicros(created), fromMicros(expires), timePtr(revoked)
	return l, nil
}

// RevokeShare revokes a share link at at (a second revocation keeps the
// first time), or returns interview.ErrShareNotFound.
func (s *Store) RevokeShare(ctx context.Context, tokenHash string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE share_links SET revoked_at = COALESCE(revoked_at, ?) WHERE token_hash = ?`,
		micros(at), tokenHash)
	if err != nil {
		return fmt.Errorf("revoke share link: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("revoke share link: %w", err)
	} else if n == 0 {
		return fmt.Errorf("revoke share link: %w", interview.ErrShareNotFound)
	}
	return nil
}

// LoginFailures counts the failed logins under key at or after since.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?`,
		key, micros(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("login failures: %w", err)
	}
	return n, nil
}

// RecordLoginFailure notes a failed login under key at at, and forgets
// the key's failures older than forgetBefore.
func (s *Store) RecordLoginFailure(ctx context.Context, key string, at, forgetBefore time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ? AND at < ?`, key, micros(forgetBefore)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES (?, ?)`, key, micros(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("record login failure: %w", err)
	}
	return nil
}

// ClearLoginFailures forgets the failed logins under key (after a
// successful one).
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, key); err != nil {
		return fmt.Errorf("clear login failures: %w", err)
	}
	return nil
}
