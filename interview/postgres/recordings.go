package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

var _ interview.RecordingStore = (*Store)(nil)

// SaveRecording implements interview.RecordingStore.
func (s *Store) SaveRecording(ctx context.Context, r interview.Recording) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, r.SessionID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO recordings
			(session_id, turn, followup, audio, bytes, duration_ms, transcript, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)
			ON CONFLICT (session_id, turn, followup) DO UPDATE SET audio = excluded.audio, bytes = excluded.bytes,
				duration_ms = excluded.duration_ms, transcript = NULL, created_at = excluded.created_at`,
			r.SessionID, r.Turn, r.FollowUp, r.Audio, len(r.Audio), r.DurationMS, r.CreatedAt)
		return err
	})
	if err != nil {
		return fmt.Errorf("save recording of %s turn %d: %w", r.SessionID, r.Turn, classify(err))
	}
	return nil
}

// SetTranscript implements interview.RecordingStore.
func (s *Store) SetTranscript(ctx context.Context, sessionID string, turn, followUp int, t speech.Transcript) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	b, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("marshal transcript: %w", err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE recordings SET transcript = $1 WHERE session_id = $2 AND turn = $3 AND followup = $4`,
		b, sessionID, turn, followUp)
	if err != nil {
		return fmt.Errorf("save transcript of %s turn %d: %w", sessionID, turn, classify(err))
	}
	if tag.RowsAffected() == 0 {
		return interview.ErrRecordingNotFound
	}
	return nil
}

// Recording implements interview.RecordingStore.
func (s *Store) Recording(ctx context.Context, sessionID string, turn, followUp int) (interview.Recording, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	row := s.pool.QueryRow(ctx, `SELECT turn, followup, audio, bytes, duration_ms, transcript, created_at
		FROM recordings WHERE session_id = $1 AND turn = $2 AND followup = $3`, sessionID, turn, followUp)
	r, err := scanRecording(row.Scan, true)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, interview.ErrRecordingNotFound
	}
	if err != nil {
		return r, fmt.Errorf("recording of %s turn %d: %w", sessionID, turn, classify(err))
	}
	r.SessionID = sessionID
	return r, nil
}

// Recordings implements interview.RecordingStore.
func (s *Store) Recordings(ctx context.Context, sessionID string) ([]interview.Recording, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT turn, followup, NULL::bytea, bytes, duration_ms, transcript, created_at
		FROM recordings WHERE session_id = $1 ORDER BY turn, followup`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("recordings of %s: %w", sessionID, classify(err))
	}
	defer rows.Close()
	var out []interview.Recording
	for rows.Next() {
		r, err := scanRecording(rows.Scan, false)
		if err != nil {
			return nil, fmt.Errorf("recordings of %s: %w", sessionID, classify(err))
		}
		r.SessionID = sessionID
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recordings of %s: %w", sessionID, classify(err))
	}
	return out, nil
}

func scanRecording(scan func(...any) error, withAudio bool) (interview.Recording, error) {
	var (
		r          interview.Recording
		audio      []byte
		transcript []byte
		created    time.Time
	)
	if err := scan(&r.Turn, &r.FollowUp, &audio, &r.Bytes, &r.DurationMS, &transcript, &created); err != nil {
		return r, err
	}
	if withAudio {
		r.Audio = audio
	}
	r.CreatedAt = created.UTC()
	if transcript != nil {
		var t speech.Transcript
		if err := json.Unmarshal(transcript, &t); err != nil {
			return r, fmt.Errorf("decode transcript: %w", err)
		}
		r.Transcript = &t
	}
	return r, nil
}
