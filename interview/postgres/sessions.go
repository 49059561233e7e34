package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// Channel is the NOTIFY channel on which every committed Save or
// CreateSession that appended events announces "<session id>:<last seq>".
const Channel = "mockinterview_events"

var _ interview.Store = (*Store)(nil)

// CreateSession implements interview.Store.
func (s *Store) CreateSession(ctx context.Context, sess interview.Session, events []interview.Event) ([]interview.Event, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	plan, err := json.Marshal(sess.Plan)
	if err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	summary, err := jsonOrNull(sess.Summary)
	if err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	var out []interview.Event
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO sessions
			(id, owner, plan, state, ending, summary, version, last_seq, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9)`,
			sess.ID, sess.Owner, string(plan), string(sess.State), sess.Ending, summary,
			int64(len(events)), sess.CreatedAt, sess.UpdatedAt)
		if err != nil {
			return err
		}
		out, err = appendEvents(ctx, tx, sess.ID, 0, events)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create session %s: %w", sess.ID, classify(err))
	}
	return out, nil
}

// Session implements interview.Store.
func (s *Store) Session(ctx context.Context, id string) (interview.Session, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var sess interview.Session
	// One snapshot, so the session row and its turns agree.
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			sess, err = scanSession(tx.QueryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = $1`, id))
			if errors.Is(err, pgx.ErrNoRows) {
				return interview.ErrNotFound
			}
			if err != nil {
				return err
			}
			sess.Turns, err = readTurns(ctx, tx, id)
			return err
		})
	if err != nil {
		return interview.Session{}, fmt.Errorf("session %s: %w", id, classify(err))
	}
	return sess, nil
}

// Sessions implements interview.Store.
func (s *Store) Sessions(ctx context.Context, f interview.ListFilter) ([]interview.Session, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.pool.Query(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE ($1 = '' OR owner = $1) AND ($2 = '' OR state = $2)
		ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
		f.Owner, string(f.State), limit, max(f.Offset, 0))
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", classify(err))
	}
	defer rows.Close()
	out := []interview.Session{}
	for rows.Next() {
		sess, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions: %w", classify(err))
		}
		out = append(out, sess)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sessions: %w", classify(err))
	}
	return out, nil
}

// Save implements interview.Store. The UPDATE of the session row takes its
// lock and moves last_seq past the new events in one statement, so
// writers of a session, in any process, get consecutive numbers one after
// the other; the version check is in the same WHERE clause, so of two
// writers of one version the second finds it gone (ErrConflict).
func (s *Store) Save(ctx context.Context, c interview.Change) ([]interview.Event, error) {
	if c.Session == nil && len(c.Turns) > 0 {
		return nil, fmt.Errorf("save session %s: turns without the session", c.SessionID)
	}
	if c.Session != nil && c.Session.ID != c.SessionID {
		return nil, fmt.Errorf("save session %s: change carries session %s", c.SessionID, c.Session.ID)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var out []interview.Event
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		n := int64(len(c.Events))
		var lastSeq int64
		var err error
		switch {
		case c.Session != nil:
			lastSeq, err = updateSession(ctx, tx, c.Session, n)
			if err != nil {
				return err
			}
			for _, t := range c.Turns {
				if err := upsertTurn(ctx, tx, c.SessionID, t); err != nil {
					return err
				}
			}
		case n > 0:
			err = tx.QueryRow(ctx, `UPDATE sessions SET last_seq = last_seq + $2 WHERE id = $1 RETURNING last_seq`,
				c.SessionID, n).Scan(&lastSeq)
			if errors.Is(err, pgx.ErrNoRows) {
				return interview.ErrNotFound
			}
			if err != nil {
				return err
			}
		default:
			return mustExist(ctx, tx, c.SessionID)
		}
		out, err = appendEvents(ctx, tx, c.SessionID, lastSeq-n, c.Events)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("save session %s: %w", c.SessionID, classify(err))
	}
	return out, nil
}

// Events implements interview.Store.
func (s *Store) Events(ctx context.Context, sessionID string, afterSeq int64, limit int) ([]interview.Event, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var lim any // NULL: no limit
	if limit > 0 {
		lim = limit
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, type, data, created_at FROM events
		WHERE session_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, sessionID, afterSeq, lim)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", sessionID, classify(err))
	}
	defer rows.Close()
	var out []interview.Event
	for rows.Next() {
		ev := interview.Event{SessionID: sessionID}
		var data []byte
		if err := rows.Scan(&ev.Seq, &ev.Type, &data, &ev.At); err != nil {
			return nil, fmt.Errorf("events of %s: %w", sessionID, classify(err))
		}
		ev.Data, ev.At = json.RawMessage(data), ev.At.UTC()
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("events of %s: %w", sessionID, classify(err))
	}
	if len(out) == 0 {
		if err := mustExist(ctx, s.pool, sessionID); err != nil {
			return nil, fmt.Errorf("events of %s: %w", sessionID, classify(err))
		}
	}
	return out, nil
}

// RecentQuestionIDs implements interview.Store.
func (s *Store) RecentQuestionIDs(ctx context.Context, owner string, n int) ([]string, error) {
	if n <= 0 {
		return nil, nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT t.question_id
		FROM turns t JOIN sessions s ON s.id = t.session_id
		WHERE s.owner = $1
		GROUP BY t.question_id
		ORDER BY MAX(t.asked_at) DESC, t.question_id LIMIT $2`, owner, n)
	if err != nil {
		return nil, fmt.Errorf("recent questions of %s: %w", owner, classify(err))
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("recent questions of %s: %w", owner, classify(err))
	}
	return ids, nil
}

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func mustExist(ctx context.Context, q querier, id string) error {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM sessions WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return interview.ErrNotFound
	}
	return err
}

// appendEvents stores events with the numbers after base (already taken
// from the session's last_seq by the caller) and, in the same
// transaction, notifies Channel, so listeners hear only of committed
// events.
func appendEvents(ctx context.Context, tx pgx.Tx, id string, base int64, events []interview.Event) ([]interview.Event, error) {
	if len(events) == 0 {
		return nil, nil
	}
	out := make([]interview.Event, len(events))
	types := make([]string, len(events))
	datas := make([]string, len(events))
	ats := make([]time.Time, len(events))
	for i, ev := range events {
		ev.SessionID = id
		ev.Seq = base + int64(i) + 1
		if len(ev.Data) == 0 {
			ev.Data = json.RawMessage("{}")
		}
		out[i] = ev
		types[i], datas[i], ats[i] = ev.Type, string(ev.Data), ev.At
	}
	_, err := tx.Exec(ctx, `INSERT INTO events (session_id, seq, type, data, created_at)
		SELECT $1, $2 + e.n, e.type, e.data::json, e.at
		FROM unnest($3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS e(type, data, at, n)`,
		id, base, types, datas, ats)
	if err != nil {
		return nil, err
	}
	last := out[len(out)-1].Seq
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, Channel, id+":"+strconv.FormatInt(last, 10)); err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	return out, nil
}

// updateSession writes the session row if its version is still the
// stored one, taking n sequence numbers, and returns the new last_seq.
func updateSession(ctx context.Context, tx pgx.Tx, sess *interview.Session, n int64) (int64, error) {
	summary, err := jsonOrNull(sess.Summary)
	if err != nil {
		return 0, err
	}
	var lastSeq int64
	err = tx.QueryRow(ctx, `UPDATE sessions
		SET state = $3, ending = $4, summary = $5, updated_at = $6,
			version = version + 1, last_seq = last_seq + $7
		WHERE id = $1 AND version = $2
		RETURNING last_seq`,
		sess.ID, sess.Version, string(sess.State), sess.Ending, summary, sess.UpdatedAt, n).Scan(&lastSeq)
	if errors.Is(err, pgx.ErrNoRows) {
		if err := mustExist(ctx, tx, sess.ID); err != nil {
			return 0, err
		}
		return 0, interview.ErrConflict
	}
	return lastSeq, err
}

func upsertTurn(ctx context.Context, tx pgx.Tx, id string, t interview.Turn) error {
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
	_, err = tx.Exec(ctx, `INSERT INTO turns (session_id, turn, question_id, category, question_text,
			time_limit_s, status, answer, draft, draft_at, asked_at, first_keystroke_at, submitted_at,
			elapsed_ms, overtime, skipped, score, followups, initial_score, draft_followup)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
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
		t.Question.TimeLimitS, string(t.Status), t.Answer, t.Draft, t.DraftAt, t.AskedAt,
		t.FirstKeystrokeAt, t.SubmittedAt, t.ElapsedMS, t.Overtime, t.Skipped, score, string(fu), initialScore, t.DraftFollowUp)
	return err
}

func readTurns(ctx context.Context, tx pgx.Tx, id string) ([]interview.Turn, error) {
	rows, err := tx.Query(ctx, `SELECT turn, question_id, category, question_text, time_limit_s, status,
			answer, draft, draft_at, asked_at, first_keystroke_at, submitted_at, elapsed_ms, overtime,
			skipped, score, followups, initial_score, draft_followup
		FROM turns WHERE session_id = $1 ORDER BY turn`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	turns := []interview.Turn{}
	for rows.Next() {
		var (
			t                interview.Turn
			category, status string
			score, followUps []byte
			initialScore     []byte
		)
		if err := rows.Scan(&t.Index, &t.Question.ID, &category, &t.Question.Text, &t.Question.TimeLimitS,
			&status, &t.Answer, &t.Draft, &t.DraftAt, &t.AskedAt, &t.FirstKeystrokeAt, &t.SubmittedAt,
			&t.ElapsedMS, &t.Overtime, &t.Skipped, &score, &followUps, &initialScore, &t.DraftFollowUp); err != nil {
			return nil, err
		}
		t.Question.Category = questions.Category(category)
		t.Status = interview.TurnStatus(status)
		t.AskedAt = t.AskedAt.UTC()
		t.DraftAt, t.FirstKeystrokeAt, t.SubmittedAt = utcPtr(t.DraftAt), utcPtr(t.FirstKeystrokeAt), utcPtr(t.SubmittedAt)
		if score != nil {
			t.Score = new(scoring.Result)
			if err := json.Unmarshal(score, t.Score); err != nil {
				return nil, fmt.Errorf("turn %d score: %w", t.Index, err)
			}
		}
		if initialScore != nil {
			t.InitialScore = new(scoring.Result)
			if err := json.Unmarshal(initialScore, t.InitialScore); err != nil {
				return nil, fmt.Errorf("turn %d initial score: %w", t.Index, err)
			}
		}
		if err := json.Unmarshal(followUps, &t.FollowUps); err != nil {
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

func scanSession(row pgx.Row) (interview.Session, error) {
	var (
		sess          interview.Session
		plan, summary []byte
		state         string
	)
	if err := row.Scan(&sess.ID, &sess.Owner, &plan, &state, &sess.Ending, &summary, &sess.Version,
		&sess.CreatedAt, &sess.UpdatedAt); err != nil {
		return sess, err
	}
	if err := json.Unmarshal(plan, &sess.Plan); err != nil {
		return sess, fmt.Errorf("plan of %s: %w", sess.ID, err)
	}
	if summary != nil {
		sess.Summary = new(interview.Summary)
		if err := json.Unmarshal(summary, sess.Summary); err != nil {
			return sess, fmt.Errorf("summary of %s: %w", sess.ID, err)
		}
	}
	sess.State = interview.State(state)
	sess.CreatedAt, sess.UpdatedAt = sess.CreatedAt.UTC(), sess.UpdatedAt.UTC()
	return sess, nil
}

// jsonOrNull marshals v to JSON text, or gives NULL for a nil pointer.
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

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
