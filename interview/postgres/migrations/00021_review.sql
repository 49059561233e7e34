-- +goose Up
-- What coaches add to a stored interview (SQLite's migration 21): comments
-- anchored to a byte range of a turn's answer, and score overrides, each a
-- row of its own; the turn's score is never rewritten.
CREATE TABLE review_comments (
    id           text PRIMARY KEY,
    session_id   text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn         integer NOT NULL CHECK (turn >= 1),
    start_byte   integer NOT NULL CHECK (start_byte >= 0),
    end_byte     integer NOT NULL CHECK (end_byte > start_byte),
    quote        text NOT NULL,
    body         text NOT NULL,
    author_id    text NOT NULL,
    author_email text NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX review_comments_session ON review_comments (session_id, created_at, id);

CREATE TABLE score_overrides (
    id           text PRIMARY KEY,
    session_id   text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn         integer NOT NULL CHECK (turn >= 1),
    overall      integer NOT NULL CHECK (overall BETWEEN 0 AND 100),
    original     integer,
    reason       text NOT NULL,
    author_id    text NOT NULL,
    author_email text NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX score_overrides_session ON score_overrides (session_id, created_at, id);

-- +goose Down
DROP TABLE score_overrides;
DROP TABLE review_comments;
