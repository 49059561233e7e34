package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mockinterview/mockinterview/interview"
)

// Password changes and self-service resets (docs/accounts.md). A change of
// password signs the account out everywhere: it deletes the account's
// sign-ins (returning their hashes, so that the server can close their
// websockets) and its outstanding reset tokens.

// SetPassword replaces the password hash of the user with id userID and
// signs the user out everywhere; it returns the token hashes of the
// sign-ins it ended. An unknown user is interview.ErrUserNotFound.
func (s *Store) SetPassword(ctx context.Context, userID, passwordHash string) ([]string, error) {
	var ended []string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		ended, err = setPassword(ctx, tx, userID, passwordHash)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("set password of %s: %w", userID, err)
	}
	return ended, nil
}

func setPassword(ctx context.Context, tx *sql.Tx, userID, passwordHash string) ([]string, error) {
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, userID)
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, err
	} else if n == 0 {
		return nil, interview.ErrUserNotFound
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM password_resets WHERE user_id = ?`, userID); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `DELETE FROM auth_sessions WHERE user_id = ? RETURNING token_hash`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ended []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		ended = append(ended, h)
	}
	return ended, rows.Err()
}

// CreatePasswordReset stores a reset token's hash, and deletes the resets
// (of anyone) expired at its creation time.
func (s *Store) CreatePasswordReset(ctx context.Context, r interview.PasswordReset) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM password_resets WHERE expires_at <= ?`, micros(r.CreatedAt)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
			VALUES (?, ?, ?, ?)`, r.TokenHash, r.UserID, micros(r.CreatedAt), micros(r.ExpiresAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("create password reset: %w", err)
	}
	return nil
}

// PasswordReset returns the reset with the token hash, without using it:
// interview.ErrResetNotFound when unknown, used or expired at now.
func (s *Store) PasswordReset(ctx context.Context, tokenHash string, now time.Time) (interview.PasswordReset, error) {
	r := interview.PasswordReset{TokenHash: tokenHash}
	var created, expires int64
	err := s.db.QueryRowContext(ctx, `SELECT user_id, created_at, expires_at FROM password_resets WHERE token_hash = ?`,
		tokenHash).Scan(&r.UserID, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("password reset: %w", interview.ErrResetNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("password reset: %w", err)
	}
	r.CreatedAt, r.ExpiresAt = fromMicros(created), fromMicros(expires)
	if !now.Before(r.ExpiresAt) {
		return r, fmt.Errorf("password reset: %w", interview.ErrResetNotFound)
	}
	return r, nil
}

// ResetPassword uses the reset with the token hash, once: in one
// transaction it deletes the reset, sets the account's password hash and
// signs the account out everywhere (SetPassword). A reset that is unknown,
// already used or expired at now is interview.ErrResetNotFound, and
// nothing changes.
func (s *Store) ResetPassword(ctx context.Context, tokenHash, passwordHash string, now time.Time) (interview.PasswordReset, []string, error) {
	r := interview.PasswordReset{TokenHash: tokenHash}
	var ended []string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var created, expires int64
		err := tx.QueryRowContext(ctx, `DELETE FROM password_resets WHERE token_hash = ? RETURNING user_id, created_at, expires_at`,
			tokenHash).Scan(&r.UserID, &created, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return interview.ErrResetNotFound
		}
		if err != nil {
			return err
		}
		r.CreatedAt, r.ExpiresAt = fromMicros(created), fromMicros(expires)
		if !now.Before(r.ExpiresAt) {
			return interview.ErrResetNotFound // rolled back: swept at the next reset
		}
		ended, err = setPassword(ctx, tx, r.UserID, passwordHash)
		return err
	})
	if err != nil {
		return r, nil, fmt.Errorf("reset password: %w", err)
	}
	return r, ended, nil
}
