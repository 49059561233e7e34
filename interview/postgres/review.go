package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/mockinterview/mockinterview/interview"
)

var _ interview.ReviewStore = (*Store)(nil)

// AddComment implements interview.ReviewStore.
func (s *Store) AddComment(ctx context.Context, c interview.Comment) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, c.SessionID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO review_comments
			(id, session_id, turn, start_byte, end_byte, quote, body, author_id, author_email, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			c.ID, c.SessionID, c.Turn, c.Start, c.End, c.Quote, c.Body, c.AuthorID, c.AuthorEmail, c.CreatedAt)
		return err
	})
	if err != nil {
		return fmt.Errorf("add comment to %s: %w", c.SessionID, classify(err))
	}
	return nil
}

// AddScoreOverride implements interview.ReviewStore.
func (s *Store) AddScoreOverride(ctx context.Context, o interview.ScoreOverride) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, o.SessionID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO score_overrides
			(id, session_id, turn, overall, original, reason, author_id, author_email, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			o.ID, o.SessionID, o.Turn, o.Overall, o.Original, o.Reason, o.AuthorID, o.AuthorEmail, o.CreatedAt)
		return err
	})
	if err != nil {
		return fmt.Errorf("add score override to %s: %w", o.SessionID, classify(err))
	}
	return nil
}

// Review implements interview.ReviewStore.
func (s *Store) Review(ctx context.Context, sessionID string) (interview.Review, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rev := interview.Review{SessionID: sessionID, Comments: []interview.Comment{}, Overrides: []interview.ScoreOverride{}}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			if err := mustExist(ctx, tx, sessionID); err != nil {
				return err
			}
			rows, err := tx.Query(ctx, `SELECT id, turn, start_byte, end_byte, quote, body, author_id, author_email, created_at
				FROM review_comments WHERE session_id = $1 ORDER BY created_at, id`, sessionID)
			if err != nil {
				return err
			}
			rev.Comments, err = collect(rows, func(r pgx.Row) (interview.Comment, error) {
				c := interview.Comment{SessionID: sessionID}
				err := r.Scan(&c.ID, &c.Turn, &c.Start, &c.End, &c.Quote, &c.Body, &c.AuthorID, &c.AuthorEmail, &c.CreatedAt)
				c.CreatedAt = c.CreatedAt.UTC()
				return c, err
			})
			if err != nil {
				return err
			}
			rows, err = tx.Query(ctx, `SELECT id, turn, overall, original, reason, author_id, author_email, created_at
				FROM score_overrides WHERE session_id = $1 ORDER BY created_at, id`, sessionID)
			if err != nil {
				return err
			}
			rev.Overrides, err = collect(rows, func(r pgx.Row) (interview.ScoreOverride, error) {
				o := interview.ScoreOverride{SessionID: sessionID}
				err := r.Scan(&o.ID, &o.Turn, &o.Overall, &o.Original, &o.Reason, &o.AuthorID, &o.AuthorEmail, &o.CreatedAt)
				o.CreatedAt = o.CreatedAt.UTC()
				return o, err
			})
			return err
		})
	if err != nil {
		return interview.Review{}, fmt.Errorf("review of %s: %w", sessionID, classify(err))
	}
	return rev, nil
}

// effectiveScore is a session's score that counts
// (interview.Review.SessionScore), in SQL over the sessions row s: once a
// coach overrode a turn, the mean over its turns of the latest override
// (by created_at, then id, as Review.LatestOverride), else the engine's
// overall, rounded to one decimal half up in integers as
// Review.EffectiveAverage does; without an override, the summary's
// average. The SQLite store computes the same.
const effectiveScore = `CASE WHEN EXISTS (SELECT 1 FROM score_overrides o WHERE o.session_id = s.id)
	THEN (SELECT ((20 * sum(e.overall) + count(e.overall)) / NULLIF(2 * count(e.overall), 0))::float8 / 10
		FROM (SELECT COALESCE(
				(SELECT o.overall FROM score_overrides o WHERE o.session_id = t.session_id AND o.turn = t.turn
					ORDER BY o.created_at DESC, o.id DESC LIMIT 1),
				(t.score->>'overall')::int) AS overall
			FROM turns t WHERE t.session_id = s.id) e)
	ELSE (s.summary->>'average')::float8 END`

// SearchSessions implements interview.ReviewStore. The score filtered,
// sorted on and returned is effectiveScore, the candidate the user whose
// owner form (interview.UserOwner) is the session's owner.
func (s *Store) SearchSessions(ctx context.Context, q interview.SessionQuery) ([]interview.ListedSession, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var (
		where []string
		args  []any
	)
	// add appends a condition whose "?" placeholders are numbered in turn.
	add := func(cond string, a ...any) {
		for _, v := range a {
			args = append(args, v)
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1)
		}
		where = append(where, cond)
	}
	if q.CoachID != "" {
		team := `EXISTS (SELECT 1 FROM memberships m JOIN teams t ON t.id = m.team_id
			WHERE t.coach_id = ? AND 'user:' || m.user_id = s.owner AND m.joined_at <= s.created_at)`
		if q.Own != "" {
			add(`(`+team+` OR s.owner = ?)`, q.CoachID, q.Own)
		} else {
			add(team, q.CoachID)
		}
	}
	if q.Owner != "" {
		add(`s.owner = ?`, q.Owner)
	}
	if q.Candidate != "" {
		add(`strpos(lower(COALESCE(u.email, '')), ?) > 0`, strings.ToLower(q.Candidate))
	}
	if q.Role != "" {
		add(`s.plan->>'role' = ?`, q.Role)
	}
	if q.Category != "" {
		add(`s.plan->'categories' @> jsonb_build_array(?::text)`, string(q.Category))
	}
	if !q.From.IsZero() {
		add(`s.created_at >= ?`, q.From)
	}
	if !q.To.IsZero() {
		add(`s.created_at < ?`, q.To)
	}
	const score = `s.effective_score`
	if q.MinScore != nil {
		add(score+` >= ?`, *q.MinScore)
	}
	if q.MaxScore != nil {
		add(score+` <= ?`, *q.MaxScore)
	}
	order := map[interview.SessionSort]string{
		interview.SortNewest:        `s.created_at DESC, s.id DESC`,
		interview.SortOldest:        `s.created_at, s.id`,
		interview.SortScoreHigh:     score + ` DESC NULLS LAST, s.created_at DESC, s.id DESC`,
		interview.SortScoreLow:      score + ` ASC NULLS LAST, s.created_at DESC, s.id DESC`,
		interview.SortCandidate:     `u.email ASC NULLS LAST, s.created_at DESC, s.id DESC`,
		interview.SortCandidateDesc: `u.email DESC NULLS LAST, s.created_at DESC, s.id DESC`,
	}[q.Sort]
	if order == "" {
		order = `s.created_at DESC, s.id DESC`
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	query := `SELECT s.id, s.owner, s.plan, s.state, s.ending, s.summary, s.version, s.created_at, s.updated_at,
			COALESCE(u.email, ''), s.effective_score
		FROM (SELECT s.*, ` + effectiveScore + ` AS effective_score FROM sessions s) s
		LEFT JOIN users u ON 'user:' || u.id = s.owner`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	args = append(args, limit, max(q.Offset, 0))
	query += fmt.Sprintf(` ORDER BY %s LIMIT $%d OFFSET $%d`, order, len(args)-1, len(args))
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("search sessions: %w", classify(err))
	}
	out, err := collect(rows, func(r pgx.Row) (interview.ListedSession, error) {
		var (
			l     interview.ListedSession
			email string
		)
		sess, err := scanSession(rowFunc(func(dest ...any) error { return r.Scan(append(dest, &email, &l.Effective)...) }))
		l.Session, l.CandidateEmail = sess, email
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("search sessions: %w", classify(err))
	}
	return out, nil
}

// rowFunc adapts a function to pgx.Row, so that a query can select more
// columns than scanSession reads.
type rowFunc func(dest ...any) error

func (f rowFunc) Scan(dest ...any) error { return f(dest...) }
