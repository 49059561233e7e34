package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mockinterview/mockinterview/interview"
)

// Accounts, sign-in sessions, teams, share links, guest claims and login
// failures: the store web declares as AccountStore, with the same
// semantics as interview/sqlite's (storetest.RunAccounts checks both).

// lastSeenEvery is how stale an auth session's last_seen_at may get before
// a request rewrites it.
const lastSeenEvery = time.Minute

func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// CreateUser stores a new user; an email already taken is
// interview.ErrEmailTaken.
func (s *Store) CreateUser(ctx context.Context, u interview.User) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.pool.Exec(ctx, `INSERT INTO users (id, email, role, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5)`, u.ID, u.Email, string(u.Role), u.PasswordHash, u.CreatedAt)
	if isUniqueViolation(err) {
		return fmt.Errorf("create user %s: %w", u.Email, interview.ErrEmailTaken)
	}
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Email, classify(err))
	}
	return nil
}

const userColumns = `id, email, role, password_hash, created_at`

func scanUser(row pgx.Row) (interview.User, error) {
	var (
		u    interview.User
		role string
	)
	if err := row.Scan(&u.ID, &u.Email, &role, &u.PasswordHash, &u.CreatedAt); err != nil {
		return u, err
	}
	u.Role, u.CreatedAt = interview.Role(role), u.CreatedAt.UTC()
	return u, nil
}

func (s *Store) userWhere(ctx context.Context, what, where string, arg any) (interview.User, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return u, fmt.Errorf("user %s: %w", what, interview.ErrUserNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("user %s: %w", what, classify(err))
	}
	return u, nil
}

// UserByID returns the user with the id, or interview.ErrUserNotFound.
func (s *Store) UserByID(ctx context.Context, id string) (interview.User, error) {
	return s.userWhere(ctx, id, `id = $1`, id)
}

// UserByEmail returns the user with the (normalised) email, or
// interview.ErrUserNotFound.
func (s *Store) UserByEmail(ctx context.Context, email string) (interview.User, error) {
	return s.userWhere(ctx, email, `email = $1`, email)
}

// Users lists every user, oldest first.
func (s *Store) Users(ctx context.Context) ([]interview.User, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", classify(err))
	}
	out, err := collect(rows, scanUser)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", classify(err))
	}
	return out, nil
}

// collect scans every row with scan.
func collect[T any](rows pgx.Rows, scan func(pgx.Row) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// CreateAuthSession stores a signed-in browser.
func (s *Store) CreateAuthSession(ctx context.Context, a interview.AuthSession) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.pool.Exec(ctx, `INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at, last_seen_at)
		VALUES ($1, $2, $3, $4, $5)`, a.TokenHash, a.UserID, a.CreatedAt, a.ExpiresAt, a.LastSeenAt)
	if err != nil {
		return fmt.Errorf("create auth session: %w", classify(err))
	}
	return nil
}

// AuthSession returns the signed-in browser with the token hash and its
// user, marking it seen at now. An unknown token, or one expired at now
// (which is deleted), is interview.ErrSignedOut.
func (s *Store) AuthSession(ctx context.Context, tokenHash string, now time.Time) (interview.AuthSession, interview.User, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	a := interview.AuthSession{TokenHash: tokenHash}
	var (
		u    interview.User
		role string
	)
	err := s.pool.QueryRow(ctx, `SELECT a.user_id, a.created_at, a.expires_at, a.last_seen_at,
			u.id, u.email, u.role, u.password_hash, u.created_at
		FROM auth_sessions a JOIN users u ON u.id = a.user_id WHERE a.token_hash = $1`, tokenHash).
		Scan(&a.UserID, &a.CreatedAt, &a.ExpiresAt, &a.LastSeenAt, &u.ID, &u.Email, &role, &u.PasswordHash, &u.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, u, fmt.Errorf("auth session: %w", interview.ErrSignedOut)
	}
	if err != nil {
		return a, u, fmt.Errorf("auth session: %w", classify(err))
	}
	u.Role, u.CreatedAt = interview.Role(role), u.CreatedAt.UTC()
	a.CreatedAt, a.ExpiresAt, a.LastSeenAt = a.CreatedAt.UTC(), a.ExpiresAt.UTC(), a.LastSeenAt.UTC()
	if !now.Before(a.ExpiresAt) {
		if err := s.DeleteAuthSession(ctx, tokenHash); err != nil {
			return a, u, err
		}
		return a, u, fmt.Errorf("auth session: %w", interview.ErrSignedOut)
	}
	if now.Sub(a.LastSeenAt) >= lastSeenEvery {
		if _, err := s.pool.Exec(ctx, `UPDATE auth_sessions SET last_seen_at = $1 WHERE token_hash = $2`,
			now, tokenHash); err != nil {
			return a, u, fmt.Errorf("auth session: %w", classify(err))
		}
		a.LastSeenAt = now.UTC().Truncate(time.Microsecond)
	}
	return a, u, nil
}

// DeleteAuthSession ends a signed-in browser; an unknown one is no error.
func (s *Store) DeleteAuthSession(ctx context.Context, tokenHash string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if _, err := s.pool.Exec(ctx, `DELETE FROM auth_sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("delete auth session: %w", classify(err))
	}
	return nil
}

// DeleteExpiredAuthSessions deletes the sign-ins expired at now and
// returns their token hashes, so that their websockets can be closed.
func (s *Store) DeleteExpiredAuthSessions(ctx context.Context, now time.Time) ([]string, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `DELETE FROM auth_sessions WHERE expires_at <= $1 RETURNING token_hash`, now)
	if err != nil {
		return nil, fmt.Errorf("delete expired auth sessions: %w", classify(err))
	}
	hashes, err := collect(rows, func(r pgx.Row) (h string, err error) { return h, r.Scan(&h) })
	if err != nil {
		return nil, fmt.Errorf("delete expired auth sessions: %w", classify(err))
	}
	if len(hashes) == 0 {
		return nil, nil
	}
	return hashes, nil
}

// CreateTeam stores a new team.
func (s *Store) CreateTeam(ctx context.Context, t interview.Team) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.pool.Exec(ctx, `INSERT INTO teams (id, name, coach_id, invite_token, created_at)
		VALUES ($1, $2, $3, $4, $5)`, t.ID, t.Name, t.CoachID, t.InviteToken, t.CreatedAt)
	if err != nil {
		return fmt.Errorf("create team %s: %w", t.Name, classify(err))
	}
	return nil
}

const teamColumns = `id, name, coach_id, invite_token, created_at`

func scanTeam(row pgx.Row) (interview.Team, error) {
	var t interview.Team
	if err := row.Scan(&t.ID, &t.Name, &t.CoachID, &t.InviteToken, &t.CreatedAt); err != nil {
		return t, err
	}
	t.CreatedAt = t.CreatedAt.UTC()
	return t, nil
}

func (s *Store) teamWhere(ctx context.Context, where string, arg any) (interview.Team, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	t, err := scanTeam(s.pool.QueryRow(ctx, `SELECT `+teamColumns+` FROM teams WHERE `+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, fmt.Errorf("team: %w", interview.ErrTeamNotFound)
	}
	if err != nil {
		return t, fmt.Errorf("team: %w", classify(err))
	}
	return t, nil
}

// Team returns the team with the id, or interview.ErrTeamNotFound.
func (s *Store) Team(ctx context.Context, id string) (interview.Team, error) {
	return s.teamWhere(ctx, `id = $1`, id)
}

// TeamByInvite returns the team with the invite token, or
// interview.ErrTeamNotFound.
func (s *Store) TeamByInvite(ctx context.Context, token string) (interview.Team, error) {
	return s.teamWhere(ctx, `invite_token = $1`, token)
}

// CoachTeams lists the teams of a coach, oldest first.
func (s *Store) CoachTeams(ctx context.Context, coachID string) ([]interview.Team, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT `+teamColumns+` FROM teams WHERE coach_id = $1 ORDER BY created_at, id`, coachID)
	if err != nil {
		return nil, fmt.Errorf("teams of %s: %w", coachID, classify(err))
	}
	out, err := collect(rows, scanTeam)
	if err != nil {
		return nil, fmt.Errorf("teams of %s: %w", coachID, classify(err))
	}
	return out, nil
}

const membershipSelect = `SELECT m.team_id, t.name, m.user_id, u.email, m.joined_at
	FROM memberships m JOIN teams t ON t.id = m.team_id JOIN users u ON u.id = m.user_id`

func scanMembership(row pgx.Row) (interview.Membership, error) {
	var m interview.Membership
	if err := row.Scan(&m.TeamID, &m.TeamName, &m.UserID, &m.Email, &m.JoinedAt); err != nil {
		return m, err
	}
	m.JoinedAt = m.JoinedAt.UTC()
	return m, nil
}

// JoinTeam makes the user a member of the team from at. Joining a team one
// is already in keeps the first joined_at. An unknown team is
// interview.ErrTeamNotFound.
func (s *Store) JoinTeam(ctx context.Context, teamID, userID string, at time.Time) (interview.Membership, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var m interview.Membership
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO memberships (team_id, user_id, joined_at)
			SELECT id, $1, $2 FROM teams WHERE id = $3
			ON CONFLICT (team_id, user_id) DO NOTHING`, userID, at, teamID); err != nil {
			return err
		}
		var err error
		m, err = scanMembership(tx.QueryRow(ctx, membershipSelect+` WHERE m.team_id = $1 AND m.user_id = $2`, teamID, userID))
		if errors.Is(err, pgx.ErrNoRows) {
			return interview.ErrTeamNotFound
		}
		return err
	})
	if err != nil {
		return m, fmt.Errorf("join team %s: %w", teamID, classify(err))
	}
	return m, nil
}

// LeaveTeam ends the user's membership of the team, or returns
// interview.ErrNotMember.
func (s *Store) LeaveTeam(ctx context.Context, teamID, userID string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	tag, err := s.pool.Exec(ctx, `DELETE FROM memberships WHERE team_id = $1 AND user_id = $2`, teamID, userID)
	if err != nil {
		return fmt.Errorf("leave team %s: %w", teamID, classify(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("leave team %s: %w", teamID, interview.ErrNotMember)
	}
	return nil
}

func (s *Store) memberships(ctx context.Context, what, where string, arg any) ([]interview.Membership, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, membershipSelect+` WHERE `+where+` ORDER BY m.joined_at, m.team_id, m.user_id`, arg)
	if err != nil {
		return nil, fmt.Errorf("memberships of %s: %w", what, classify(err))
	}
	out, err := collect(rows, scanMembership)
	if err != nil {
		return nil, fmt.Errorf("memberships of %s: %w", what, classify(err))
	}
	return out, nil
}

// UserMemberships lists the teams the user is in, by join time.
func (s *Store) UserMemberships(ctx context.Context, userID string) ([]interview.Membership, error) {
	return s.memberships(ctx, userID, `m.user_id = $1`, userID)
}

// TeamMembers lists the members of a team, by join time.
func (s *Store) TeamMembers(ctx context.Context, teamID string) ([]interview.Membership, error) {
	return s.memberships(ctx, teamID, `m.team_id = $1`, teamID)
}

// CoachSees reports whether the coach sees a session of owner created at
// createdAt: the owner is a user in one of the coach's teams who joined it
// at or before createdAt.
func (s *Store) CoachSees(ctx context.Context, coachID, owner string, createdAt time.Time) (bool, error) {
	userID, ok := interview.OwnerUserID(owner)
	if !ok {
		return false, nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var sees bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM memberships m JOIN teams t ON t.id = m.team_id
		WHERE t.coach_id = $1 AND m.user_id = $2 AND m.joined_at <= $3)`, coachID, userID, createdAt).Scan(&sees)
	if err != nil {
		return false, fmt.Errorf("coach %s sees %s: %w", coachID, owner, classify(err))
	}
	return sees, nil
}

// ClaimGuestSessions gives every session of guestOwner to userOwner, with
// the share links the guest made (so that the new owner can revoke them),
// and returns how many sessions there were.
func (s *Store) ClaimGuestSessions(ctx context.Context, guestOwner, userOwner string) (int64, error) {
	if guestOwner == "" || userOwner == "" {
		return 0, fmt.Errorf("claim guest sessions: empty owner")
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var n int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE sessions SET owner = $1 WHERE owner = $2`, userOwner, guestOwner)
		if err != nil {
			return err
		}
		n = tag.RowsAffected()
		_, err = tx.Exec(ctx, `UPDATE share_links SET created_by = $1 WHERE created_by = $2`, userOwner, guestOwner)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("claim guest sessions: %w", classify(err))
	}
	return n, nil
}

// CreateShare stores a share link; an unknown session is
// interview.ErrNotFound.
func (s *Store) CreateShare(ctx context.Context, l interview.ShareLink) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, l.SessionID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO share_links (token_hash, session_id, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`, l.TokenHash, l.SessionID, l.CreatedBy, l.CreatedAt, l.ExpiresAt)
		return err
	})
	if err != nil {
		return fmt.Errorf("share %s: %w", l.SessionID, classify(err))
	}
	return nil
}

// Share returns the share link with the token hash, revoked and expired
// ones too, or interview.ErrShareNotFound.
func (s *Store) Share(ctx context.Context, tokenHash string) (interview.ShareLink, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	l := interview.ShareLink{TokenHash: tokenHash}
	err := s.pool.QueryRow(ctx, `SELECT session_id, created_by, created_at, expires_at, revoked_at
		FROM share_links WHERE token_hash = $1`, tokenHash).Scan(&l.SessionID, &l.CreatedBy, &l.CreatedAt, &l.ExpiresAt, &l.RevokedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, fmt.Errorf("share link: %w", interview.ErrShareNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("share link: %w", classify(err))
	}
	l.CreatedAt, l.ExpiresAt, l.RevokedAt = l.CreatedAt.UTC(), l.ExpiresAt.UTC(), utcPtr(l.RevokedAt)
	return l, nil
}

// RevokeShare revokes a share link at at (a second revocation keeps the
// first time), or returns interview.ErrShareNotFound.
func (s *Store) RevokeShare(ctx context.Context, tokenHash string, at time.Time) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	tag, err := s.pool.Exec(ctx, `UPDATE share_links SET revoked_at = COALESCE(revoked_at, $1) WHERE token_hash = $2`, at, tokenHash)
	if err != nil {
		return fmt.Errorf("revoke share link: %w", classify(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("revoke share link: %w", interview.ErrShareNotFound)
	}
	return nil
}

// LoginFailures counts the failed logins under key at or after since.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2`, key, since).Scan(&n); err != nil {
		return 0, fmt.Errorf("login failures: %w", classify(err))
	}
	return n, nil
}

// RecordLoginFailure notes a failed login under key at at, and forgets
// the key's failures older than forgetBefore.
func (s *Store) RecordLoginFailure(ctx context.Context, key string, at, forgetBefore time.Time) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE key = $1 AND at < $2`, key, forgetBefore); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, key, at)
		return err
	})
	if err != nil {
		return fmt.Errorf("record login failure: %w", classify(err))
	}
	return nil
}

// ClearLoginFailures forgets the failed logins under key.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if _, err := s.pool.Exec(ctx, `DELETE FROM login_failures WHERE key = $1`, key); err != nil {
		return fmt.Errorf("clear login failures: %w", classify(err))
	}
	return nil
}
