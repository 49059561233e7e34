-- +goose Up
-- What coaches add to a stored interview (interview.Review): comments
-- anchored to a byte range of a turn's answer, and score overrides. Both
-- are rows of their own: the turn's score is never rewritten, and the
-- effective score is the latest override. Times are Unix microseconds.
CREATE TABLE review_comments (
    id           TEXT PRIMARY KEY,
    session_id   TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn         INTEGER NOT NULL CHECK (turn >= 1),
    start_byte   INTEGER NOT NULL CHECK (start_byte >= 0),
    end_byte     INTEGER NOT NULL CHECK (end_byte > start_byte),
    quote        TEXT NOT NULL,
    body         TEXT NOT NULL,
    author_id    TEXT NOT NULL,
    author_email TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX review_comments_session ON review_comments (session_id, created_at, id);

CREATE TABLE score_overrides (
    id           TEXT PRIMARY KEY,
    session_id   TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn         INTEGER NOT NULL CHECK (turn >= 1),
    overall      INTEGER NOT NULL CHECK (overall BETWEEN 0 AND 100),
    original     INTEGER,
    reason       TEXT NOT NULL,
    author_id    TEXT NOT NULL,
    author_email TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX score_overrides_session ON score_overrides (session_id, created_at, id);

-- +goose Down
DROP TABLE score_overrides;
DROP TABLE review_comments;
