package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mockinterview/mockinterview/interview"
)

// Password changes and self-service resets, with the same semantics as
// interview/sqlite's (storetest.RunAccounts checks both).

// SetPassword replaces the password hash of the user with id userID and
// signs the user out everywhere; it returns the token hashes of the
// sign-ins it ended. An unknown user is interview.ErrUserNotFound.
func (s *Store) SetPassword(ctx context.Context, userID, passwordHash string) ([]string, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var ended []string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		ended, err = setPassword(ctx, tx, userID, passwordHash)
		return err
	})
	if errors.Is(err, interview.ErrUserNotFound) {
		return nil, fmt.Errorf("set password of %s: %w", userID, err)
	}
	if err != nil {
		return nil, fmt.Errorf("set password of %s: %w", userID, classify(err))
	}
	return ended, nil
}

func setPassword(ctx context.Context, tx pgx.Tx, userID, passwordHash string) ([]string, error) {
	tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, passwordHash, userID)
	if err != nil {
		return nil, err
	}
	if tag.RowsAffected() == 0 {
		return nil, interview.ErrUserNotFound
	}
	if _, err := tx.Exec(ctx, `DELETE FROM password_resets WHERE user_id = $1`, userID); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `DELETE FROM auth_sessions WHERE user_id = $1 RETURNING token_hash`, userID)
	if err != nil {
		return nil, err
	}
	ended, err := collect(rows, func(r pgx.Row) (h string, err error) { return h, r.Scan(&h) })
	if err != nil {
		return nil, err
	}
	if len(ended) == 0 {
		return nil, nil
	}
	return ended, nil
}

// CreatePasswordReset stores a reset token's hash, and deletes the resets
// (of anyone) expired at its creation time.
func (s *Store) CreatePasswordReset(ctx context.Context, r interview.PasswordReset) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM password_resets WHERE expires_at <= $1`, r.CreatedAt); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
			VALUES ($1, $2, $3, $4)`, r.TokenHash, r.UserID, r.CreatedAt, r.ExpiresAt)
		return err
	})
	if err != nil {
		return fmt.Errorf("create password reset: %w", classify(err))
	}
	return nil
}

// PasswordReset returns the reset with the token hash, without using it:
// interview.ErrResetNotFound when unknown, used or expired at now.
func (s *Store) PasswordReset(ctx context.Context, tokenHash string, now time.Time) (interview.PasswordReset, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	r := interview.PasswordReset{TokenHash: tokenHash}
	err := s.pool.QueryRow(ctx, `SELECT user_id, created_at, expires_at FROM password_resets WHERE token_hash = $1`,
		tokenHash).Scan(&r.UserID, &r.CreatedAt, &r.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("password reset: %w", interview.ErrResetNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("password reset: %w", classify(err))
	}
	r.CreatedAt, r.ExpiresAt = r.CreatedAt.UTC(), r.ExpiresAt.UTC()
	if !now.Before(r.ExpiresAt) {
		return r, fmt.Errorf("password reset: %w", interview.ErrResetNotFound)
	}
	return r, nil
}

// ResetPassword uses the reset with the token hash, once: in one
// transaction it deletes the reset, sets the account's password hash and
// signs the account out everywhere. A reset that is unknown, already used
// or expired at now is interview.ErrResetNotFound, and nothing changes.
// Two concurrent uses of one token: the row lock makes the second find
// nothing.
func (s *Store) ResetPassword(ctx context.Context, tokenHash, passwordHash string, now time.Time) (interview.PasswordReset, []string, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	r := interview.PasswordReset{TokenHash: tokenHash}
	var ended []string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `DELETE FROM password_resets WHERE token_hash = $1 RETURNING user_id, created_at, expires_at`,
			tokenHash).Scan(&r.UserID, &r.CreatedAt, &r.ExpiresAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return interview.ErrResetNotFound
		}
		if err != nil {
			return err
		}
		r.CreatedAt, r.ExpiresAt = r.CreatedAt.UTC(), r.ExpiresAt.UTC()
		if !now.Before(r.ExpiresAt) {
			return interview.ErrResetNotFound
		}
		ended, err = setPassword(ctx, tx, r.UserID, passwordHash)
		return err
	})
	if errors.Is(err, interview.ErrResetNotFound) || errors.Is(err, interview.ErrUserNotFound) {
		return r, nil, fmt.Errorf("reset password: %w", err)
	}
	if err != nil {
		return r, nil, fmt.Errorf("reset password: %w", classify(err))
	}
	return r, ended, nil
}
