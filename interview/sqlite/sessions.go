package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

var _ interview.Store = (*Store)(nil)

// CreateSession implements interview.Store.
func (s *Store) CreateSession(ctx context.Context, sess interview.Session, events []interview.Event) ([]interview.Event, error) {
	plan, err := json.Marshal(sess.Plan)
	if err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	summary, err := jsonOrNull(sess.Summary)
	if err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	var out []interview.Event
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions
			(id, owner, plan, state, ending, summary, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			sess.ID, sess.Owner, string(plan), string(sess.State), sess.Ending, summary,
			micros(sess.CreatedAt), micros(sess.UpdatedAt))
		if err != nil {
			return err
		}
		out, err = appendEvents(ctx, tx, sess.ID, events)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create session %s: %w", sess.ID, err)
	}
	return out, nil
}

// Session implements interview.Store.
func (s *Store) Session(ctx context.Context, id string) (interview.Session, error) {
	// One read transaction, so the session row and its turns agree.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return interview.Session{}, fmt.Errorf("session %s: %w", id, err)
	}
	defer tx.Rollback()
	sess, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return interview.Session{}, fmt.Errorf("session %s: %w", id, interview.ErrNotFound)
	}
	if err != nil {
		return interview.Session{}, fmt.Errorf("session %s: %w", id, err)
	}
	sess.Turns, err = readTurns(ctx, tx, id)
	if err != nil {
		return interview.Session{}, fmt.Errorf("session %s: %w", id, err)
	}
	return sess, nil
}

// Sessions implements interview.Store.
func (s *Store) Sessions(ctx context.Context, f interview.ListFilter) ([]interview.Session, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE (? = '' OR owner = ?) AND (? = '' OR state = ?)
		ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
		f.Owner, f.Owner, string(f.State), string(f.State), limit, max(f.Offset, 0))
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	out := []interview.Session{}
	for rows.Next() {
		sess, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		out = append(out, sess)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return out, nil
}

// Save implements interview.Store.
func (s *Store) Save(ctx context.Context, c interview.Change) ([]interview.Event, error) {
	if c.Session == nil && len(c.Turns) > 0 {
		return nil, fmt.Errorf("save session %s: turns without the session", c.SessionID)
	}
	if c.Session != nil && c.Session.ID != c.SessionID {
		return nil, fmt.Errorf("save session %s: change carries session %s", c.SessionID, c.Session.ID)
	}
	var out []interview.Event
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if c.Session != nil {
			if err := updateSession(ctx, tx, c.Session); err != nil {
				return err
			}
			for _, t := range c.Turns {
				if err := upsertTurn(ctx, tx, c.SessionID, t); err != nil {
					return err
				}
			}
		} else if err := mustExist(ctx, tx, c.SessionID); err != nil {
			return err
		}
		var err error
		out, err = appendEvents(ctx, tx, c.SessionID, c.Events)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("save session %s: %w", c.SessionID, err)
	}
	return out, nil
}

// Events implements interview.Store.
func (s *Store) Events(ctx context.Context, sessionID string, afterSeq int64, limit int) ([]interview.Event, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.db.QueryContext(ctx, `SELECT seq, type, data, created_at FROM events
		WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?`, sessionID, afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", sessionID, err)
	}
	defer rows.Close()
	var out []interview.Event
	for rows.Next() {
		var (
			ev   = interview.Event{SessionID: sessionID}
			data string
			at   int64
		)
		if err := rows.Scan(&ev.Seq, &ev.Type, &data, &at); err != nil {
			return nil, fmt.Errorf("events of %s: %w", sessionID, err)
		}
		ev.Data, ev.At = json.RawMessage(data), fromMicros(at)
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("events of %s: %w", sessionID, err)
	}
	if len(out) == 0 {
		if err := mustExist(ctx, s.db, sessionID); err != nil {
			return nil, fmt.Errorf("events of %s: %w", sessionID, err)
		}
	}
	return out, nil
}

// RecentQuestionIDs implements interview.Store.
func (s *Store) RecentQuestionIDs(ctx context.Context, owner string, n int) ([]string, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT t.question_id, MAX(t.asked_at) AS last
		FROM turns t JOIN sessions s ON s.id = t.session_id
		WHERE s.owner = ?
		GROUP BY t.question_id
		ORDER BY last DESC, t.question_id LIMIT ?`, owner, n)
	if err != nil {
		return nil, fmt.Errorf("recent questions of %s: %w", owner, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var (
			id   string
			last int64
		)
		if err := rows.Scan(&id, &last); err != nil {
			return nil, fmt.Errorf("recent questions of %s: %w", owner, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recent questions of %s: %w", owner, err)
	}
	return ids, nil
}

// inTx runs fn in a write transaction. The DSN's _txlock=immediate makes
// BEGIN take the write lock at once, so a read-then-write transaction (the
// max(seq)+1 of appendEvents) cannot be overtaken by another writer, in
// this process or another.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func mustExist(ctx context.Context, q querier, id string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM sessions WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return interview.ErrNotFound
	}
	return err
}

// appendEvents numbers events from the session's last seq + 1.
func appendEvents(ctx context.Context, tx *sql.Tx, id string, events []interview.Event) ([]interview.Event, error) {
	if len(events) == 0 {
		return nil, nil
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?`, id).Scan(&last); err != nil {
		return nil, err
	}
	out := make([]interview.Event, len(events))
	for i, ev := range events {
		ev.SessionID = id
		ev.Seq = last + int64(i) + 1
		data := ev.Data
		if len(data) == 0 {
			data = json.RawMessage("{}")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO events (session_id, seq, type, data, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, ev.Seq, ev.Type, string(data), micros(ev.At)); err != nil {
			return nil, err
		}
		ev.Data = data
		out[i] = ev
	}
	return out, nil
}

func updateSession(ctx context.Context, tx *sql.Tx, sess *interview.Session) error {
	summary, err := jsonOrNull(sess.Summary)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE sessions
		SET state = ?, ending = ?, summary = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`,
		string(sess.State), sess.Ending, summary, micros(sess.UpdatedAt), sess.ID, sess.Version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		if err := mustExist(ctx, tx, sess.ID); err != nil {
			return err
		}
		return interview.ErrConflict
	}
	return nil
}

func upsertTurn(ctx context.Context, tx *sql.Tx, id string, t interview.Turn) error {
	score, err := jsonOrNull(t.Score)
	if err != nil {
		return err
	}
	initialScore, err := jsonOrNull(t.InitialScore)
	if err != nil {
		return err
	}
	followUps := t.FollowUps
	if followUps == nil {
		followUps = []interview.FollowUp{}
	}
	fu, err := json.Marshal(followUps)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO turns (session_id, turn, question_id, category, question_text,
			time_limit_s, status, answer, draft, draft_at, asked_at, first_keystroke_at, submitted_at,
			elapsed_ms, overtime, skipped, score, followups, initial_score, draft_followup)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (session_id, turn) DO UPDATE SET
			question_id = excluded.question_id, category = excluded.category,
			question_text = excluded.question_text, time_limit_s = excluded.time_limit_s,
			status = excluded.status, answer = excluded.answer, draft = excluded.draft,
			draft_at = excluded.draft_at, asked_at = excluded.asked_at,
			first_keystroke_at = excluded.first_keystroke_at, submitted_at = excluded.submitted_at,
			elapsed_ms = excluded.elapsed_ms, overtime = excluded.overtime, skipped = excluded.skipped,
			score = excluded.score, followups = excluded.followups,
			initial_score = excluded.initial_score, draft_followup = excluded.draft_followup`,
		id, t.Index, t.Question.ID, string(t.Question.Category), t.Question.Text,
		t.Question.TimeLimitS, string(t.Status), t.Answer, t.Draft, microsPtr(t.DraftAt), micros(t.AskedAt),
		microsPtr(t.FirstKeystrokeAt), microsPtr(t.SubmittedAt),
		t.ElapsedMS, t.Overtime, t.Skipped, score, string(fu), initialScore, t.DraftFollowUp)
	return err
}

func readTurns(ctx context.Context, tx *sql.Tx, id string) ([]interview.Turn, error) {
	rows, err := tx.QueryContext(ctx, `SELECT turn, question_id, category, question_text, time_limit_s, status,
			answer, draft, draft_at, asked_at, first_keystroke_at, submitted_at, elapsed_ms, overtime,
			skipped, score, followups, initial_score, draft_followup
		FROM turns WHERE session_id = ? ORDER BY turn`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	turns := []interview.Turn{}
	for rows.Next() {
		var (
			t                                  interview.Turn
			category, status, followUps        string
			draftAt, firstKeystroke, submitted sql.NullInt64
			askedAt                            int64
			score, initialScore                sql.NullString
		)
		if err := rows.Scan(&t.Index, &t.Question.ID, &category, &t.Question.Text, &t.Question.TimeLimitS,
			&status, &t.Answer, &t.Draft, &draftAt, &askedAt, &firstKeystroke, &submitted,
			&t.ElapsedMS, &t.Overtime, &t.Skipped, &score, &followUps, &initialScore, &t.DraftFollowUp); err != nil {
			return nil, err
		}
		t.Question.Category = questions.Category(category)
		t.Status = interview.TurnStatus(status)
		t.AskedAt = fromMicros(askedAt)
		t.DraftAt, t.FirstKeystrokeAt, t.SubmittedAt = timePtr(draftAt), timePtr(firstKeystroke), timePtr(submitted)
		if score.Valid {
			t.Score = new(scoring.Result)
			if err := json.Unmarshal([]byte(score.String), t.Score); err != nil {
				return nil, fmt.Errorf("turn %d score: %w", t.Index, err)
			}
		}
		if initialScore.Valid {
			t.InitialScore = new(scoring.Result)
			if err := json.Unmarshal([]byte(initialScore.String), t.InitialScore); err != nil {
				return nil, fmt.Errorf("turn %d initial score: %w", t.Index, err)
			}
		}
		if err := json.Unmarshal([]byte(followUps), &t.FollowUps); err != nil {
			return nil, fmt.Errorf("turn %d follow-ups: %w", t.Index, err)
		}
		if len(t.FollowUps) == 0 {
			t.FollowUps = nil
		}
		turns = append(turns, t)
	}
	return turns, rows.Err()
}

const sessionColumns = `id, owner, plan, state, ending, summary, version, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanSession(row scanner) (interview.Session, error) {
	var (
		sess                 interview.Session
		plan, state          string
		summary              sql.NullString
		createdAt, updatedAt int64
	)
	if err := row.Scan(&sess.ID, &sess.Owner, &plan, &state, &sess.Ending, &summary, &sess.Version, &createdAt, &updatedAt); err != nil {
		return sess, err
	}
	if err := json.Unmarshal([]byte(plan), &sess.Plan); err != nil {
		return sess, fmt.Errorf("plan of %s: %w", sess.ID, err)
	}
	if summary.Valid {
		sess.Summary = new(interview.Summary)
		if err := json.Unmarshal([]byte(summary.String), sess.Summary); err != nil {
			return sess, fmt.Errorf("summary of %s: %w", sess.ID, err)
		}
	}
	sess.State = interview.State(state)
	sess.CreatedAt, sess.UpdatedAt = fromMicros(createdAt), fromMicros(updatedAt)
	return sess, nil
}

// jsonOrNull marshals v, or gives NULL for a nil pointer.
func jsonOrNull[T any](v *T) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func microsPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}
