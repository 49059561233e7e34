-- +goose Up
-- Spoken answers (interview.Recording): the audio of a turn's main answer
-- (followup 0) or of its k-th follow-up answer, stored before it is
-- transcribed, and its transcript once heard. A re-recording replaces the
-- row. Deleted with the session. Times are Unix microseconds.
CREATE TABLE recordings (
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn        INTEGER NOT NULL CHECK (turn >= 1),
    followup    INTEGER NOT NULL DEFAULT 0 CHECK (followup >= 0),
    audio       BLOB NOT NULL,                -- 16 kHz mono 16-bit PCM WAV
    bytes       INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    transcript  TEXT,                         -- speech.Transcript, once transcribed
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (session_id, turn, followup)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE recordings;
