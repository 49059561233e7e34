package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

var _ interview.RecordingStore = (*Store)(nil)

// SaveRecording implements interview.RecordingStore.
func (s *Store) SaveRecording(ctx context.Context, r interview.Recording) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, r.SessionID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO recordings
			(session_id, turn, followup, audio, bytes, duration_ms, transcript, created_at)
			VALUES (?, ?, ?, ?, ?, ?, NULL, ?)
			ON CONFLICT (session_id, turn, followup) DO UPDATE SET audio = excluded.audio, bytes = excluded.bytes,
				duration_ms = excluded.duration_ms, transcript = NULL, created_at = excluded.created_at`,
			r.SessionID, r.Turn, r.FollowUp, r.Audio, len(r.Audio), r.DurationMS, micros(r.CreatedAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("save recording of %s turn %d: %w", r.SessionID, r.Turn, err)
	}
	return nil
}

// SetTranscript implements interview.RecordingStore.
func (s *Store) SetTranscript(ctx context.Context, sessionID string, turn, followUp int, t speech.Transcript) error {
	b, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("marshal transcript: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE recordings SET transcript = ? WHERE session_id = ? AND turn = ? AND followup = ?`,
		string(b), sessionID, turn, followUp)
	if err != nil {
		return fmt.Errorf("save transcript of %s turn %d: %w", sessionID, turn, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return interview.ErrRecordingNotFound
	}
	return nil
}

// Recording implements interview.RecordingStore.
func (s *Store) Recording(ctx context.Context, sessionID string, turn, followUp int) (interview.Recording, error) {
	row := s.db.QueryRowContext(ctx, `SELECT turn, followup, audio, bytes, duration_ms, transcript, created_at
		FROM recordings WHERE session_id = ? AND turn = ? AND followup = ?`, sessionID, turn, followUp)
	r, err := scanRecording(row.Scan, true)
	if errors.Is(err, sql.ErrNoRows) {
		return r, interview.ErrRecordingNotFound
	}
	if err != nil {
		return r, fmt.Errorf("recording of %s turn %d: %w", sessionID, turn, err)
	}
	r.SessionID = sessionID
	return r, nil
}

// Recordings implements interview.RecordingStore.
func (s *Store) Recordings(ctx context.Context, sessionID string) ([]interview.Recording, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT turn, followup, NULL, bytes, duration_ms, transcript, created_at
		FROM recordings WHERE session_id = ? ORDER BY turn, followup`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("recordings of %s: %w", sessionID, err)
	}
	defer rows.Close()
	var out []interview.Recording
	for rows.Next() {
		r, err := scanRecording(rows.Scan, false)
		if err != nil {
			return nil, fmt.Errorf("recordings of %s: %w", sessionID, err)
		}
		r.SessionID = sessionID
		out = append(out, r)
	}
	return out, rows.Err()
}

func scanRecording(scan func(...any) error, withAudio bool) (interview.Recording, error) {
	var (
		r          interview.Recording
		audio      []byte
		transcript sql.NullString
		created    int64
	)
	if err := scan(&r.Turn, &r.FollowUp, &audio, &r.Bytes, &r.DurationMS, &transcript, &created); err != nil {
		return r, err
	}
	if withAudio {
		r.Audio = audio
	}
	r.CreatedAt = fromMicros(created)
	if transcript.Valid {
		var t speech.Transcript
		if err := json.Unmarshal([]byte(transcript.String), &t); err != nil {
			return r, fmt.Errorf("decode transcript: %w", err)
		}
		r.Transcript = &t
	}
	return r, nil
}
