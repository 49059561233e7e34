-- +goose Up
-- Spoken answers (SQLite's migration 30): the audio of a turn's main
-- answer (followup 0) or of its k-th follow-up answer, stored before it is
-- transcribed, and its transcript once heard. Deleted with the session.
CREATE TABLE recordings (
    session_id  text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn        integer NOT NULL CHECK (turn >= 1),
    followup    integer NOT NULL DEFAULT 0 CHECK (followup >= 0),
    audio       bytea NOT NULL,               -- 16 kHz mono 16-bit PCM WAV
    bytes       integer NOT NULL,
    duration_ms bigint NOT NULL,
    transcript  jsonb,                        -- speech.Transcript, once transcribed
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (session_id, turn, followup)
);

-- +goose Down
DROP TABLE recordings;
