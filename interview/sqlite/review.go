package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/mockinterview/mockinterview/interview"
)

var _ interview.ReviewStore = (*Store)(nil)

// AddComment implements interview.ReviewStore.
func (s *Store) AddComment(ctx context.Context, c interview.Comment) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, c.SessionID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO review_comments
			(id, session_id, turn, start_byte, end_byte, quote, body, author_id, author_email, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.SessionID, c.Turn, c.Start, c.End, c.Quote, c.Body, c.AuthorID, c.AuthorEmail, micros(c.CreatedAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("add comment to %s: %w", c.SessionID, err)
	}
	return nil
}

// AddScoreOverride implements interview.ReviewStore.
func (s *Store) AddScoreOverride(ctx context.Context, o interview.ScoreOverride) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, o.SessionID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO score_overrides
			(id, session_id, turn, overall, original, reason, author_id, author_email, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.ID, o.SessionID, o.Turn, o.Overall, o.Original, o.Reason, o.AuthorID, o.AuthorEmail, micros(o.CreatedAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("add score override to %s: %w", o.SessionID, err)
	}
	return nil
}

// Review implements interview.ReviewStore.
func (s *Store) Review(ctx context.Context, sessionID string) (interview.Review, error) {
	rev := interview.Review{SessionID: sessionID, Comments: []interview.Comment{}, Overrides: []interview.ScoreOverride{}}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return rev, fmt.Errorf("review of %s: %w", sessionID, err)
	}
	defer tx.Rollback()
	if err := mustExist(ctx, tx, sessionID); err != nil {
		return rev, fmt.Errorf("review of %s: %w", sessionID, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, turn, start_byte, end_byte, quote, body, author_id, author_email, created_at
		FROM review_comments WHERE session_id = ? ORDER BY created_at, id`, sessionID)
	if err != nil {
		return rev, fmt.Errorf("review of %s: %w", sessionID, err)
	}
	for rows.Next() {
		c := interview.Comment{SessionID: sessionID}
		var at int64
		if err := rows.Scan(&c.ID, &c.Turn, &c.Start, &c.End, &c.Quote, &c.Body, &c.AuthorID, &c.AuthorEmail, &at); err != nil {
			rows.Close()
			return rev, fmt.Errorf("review of %s: %w", sessionID, err)
		}
		c.CreatedAt = fromMicros(at)
		rev.Comments = append(rev.Comments, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rev, fmt.Errorf("review of %s: %w", sessionID, err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, turn, overall, original, reason, author_id, author_email, created_at
		FROM score_overrides WHERE session_id = ? ORDER BY created_at, id`, sessionID)
	if err != nil {
		return rev, fmt.Errorf("review of %s: %w", sessionID, err)
	}
	defer rows.Close()
	for rows.Next() {
		o := interview.ScoreOverride{SessionID: sessionID}
		var (
			original sql.NullInt64
			at       int64
		)
		if err := rows.Scan(&o.ID, &o.Turn, &o.Overall, &original, &o.Reason, &o.AuthorID, &o.AuthorEmail, &at); err != nil {
			return rev, fmt.Errorf("review of %s: %w", sessionID, err)
		}
		if original.Valid {
			v := int(original.Int64)
			o.Original = &v
		}
		o.CreatedAt = fromMicros(at)
		rev.Overrides = append(rev.Overrides, o)
	}
	if err := rows.Err(); err != nil {
		return rev, fmt.Errorf("review of %s: %w", sessionID, err)
	}
	return rev, nil
}

// effectiveScore is a session's score that counts
// (interview.Review.SessionScore), in SQL over the sessions row s: once a
// coach overrode a turn, the mean over its turns of the latest override
// (by created_at, then id, as Review.LatestOverride), else the engine's
// overall, rounded to one decimal half up in integers as
// Review.EffectiveAverage does; without an override, the summary's
// average. Its table's indexes (score_overrides by session, turns by
// session and turn) make it a few lookups per session.
const effectiveScore = `CASE WHEN EXISTS (SELECT 1 FROM score_overrides o WHERE o.session_id = s.id)
	THEN (SELECT (20 * sum(e.overall) + count(e.overall)) / (2 * count(e.overall)) / 10.0
		FROM (SELECT COALESCE(
				(SELECT o.overall FROM score_overrides o WHERE o.session_id = t.session_id AND o.turn = t.turn
					ORDER BY o.created_at DESC, o.id DESC LIMIT 1),
				CAST(json_extract(t.score, '$.overall') AS INTEGER)) AS overall
			FROM turns t WHERE t.session_id = s.id) e)
	ELSE json_extract(s.summary, '$.average') END`

// SearchSessions implements interview.ReviewStore. The score filtered,
// sorted on and returned is effectiveScore, the candidate the user whose
// owner form (interview.UserOwner) is the session's owner.
func (s *Store) SearchSessions(ctx context.Context, q interview.SessionQuery) ([]interview.ListedSession, error) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
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
		add(`instr(lower(COALESCE(u.email, '')), ?) > 0`, strings.ToLower(q.Candidate))
	}
	if q.Role != "" {
		add(`json_extract(s.plan, '$.role') = ?`, q.Role)
	}
	if q.Category != "" {
		add(`EXISTS (SELECT 1 FROM json_each(s.plan, '$.categories') c WHERE c.value = ?)`, string(q.Category))
	}
	if !q.From.IsZero() {
		add(`s.created_at >= ?`, micros(q.From))
	}
	if !q.To.IsZero() {
		add(`s.created_at < ?`, micros(q.To))
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
		interview.SortScoreHigh:     score + ` IS NULL, ` + score + ` DESC, s.created_at DESC, s.id DESC`,
		interview.SortScoreLow:      score + ` IS NULL, ` + score + `, s.created_at DESC, s.id DESC`,
		interview.SortCandidate:     `u.email IS NULL, u.email, s.created_at DESC, s.id DESC`,
		interview.SortCandidateDesc: `u.email IS NULL, u.email DESC, s.created_at DESC, s.id DESC`,
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
		FROM (SELECT *, ` + effectiveScore + ` AS effective_score FROM sessions s) s
		LEFT JOIN users u ON 'user:' || u.id = s.owner`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	args = append(args, limit, max(q.Offset, 0))
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("search sessions: %w", err)
	}
	defer rows.Close()
	out := []interview.ListedSession{}
	for rows.Next() {
		var (
			l         interview.ListedSession
			email     string
			effective sql.NullFloat64
		)
		l.Session, err = scanSession(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &email, &effective)...)
		}))
		if err != nil {
			return nil, fmt.Errorf("search sessions: %w", err)
		}
		l.CandidateEmail = email
		if effective.Valid {
			l.Effective = &effective.Float64
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search sessions: %w", err)
	}
	return out, nil
}

// scanFunc adapts a function to the scanner scanSession takes, so that a
// query can select more columns than the session's.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }
