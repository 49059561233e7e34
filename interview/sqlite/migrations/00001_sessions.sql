-- +goose Up
-- Interview sessions, their turns and their events (interview.Store).
-- Times are Unix microseconds (UTC), the precision PostgreSQL keeps too.
-- JSON columns hold the Go types of package interview and scoring.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    plan       TEXT NOT NULL,                 -- interview.Plan
    state      TEXT NOT NULL CHECK (state IN ('created', 'active', 'finished')),
    ending     INTEGER NOT NULL DEFAULT 0,    -- End was asked; finishing
    summary    TEXT,                          -- interview.Summary, once finished
    version    INTEGER NOT NULL,              -- optimistic concurrency
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX sessions_owner_created ON sessions (owner, created_at DESC, id DESC);
CREATE INDEX sessions_created ON sessions (created_at DESC, id DESC);

CREATE TABLE turns (
    session_id         TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn               INTEGER NOT NULL CHECK (turn >= 1),
    question_id        TEXT NOT NULL,
    category           TEXT NOT NULL,
    question_text      TEXT NOT NULL,
    time_limit_s       INTEGER NOT NULL,
    status             TEXT NOT NULL,
    answer             TEXT NOT NULL DEFAULT '',
    draft              TEXT NOT NULL DEFAULT '',
    draft_at           INTEGER,
    asked_at           INTEGER NOT NULL,
    first_keystroke_at INTEGER,
    submitted_at       INTEGER,
    elapsed_ms         INTEGER NOT NULL DEFAULT 0,
    overtime           INTEGER NOT NULL DEFAULT 0,
    skipped            INTEGER NOT NULL DEFAULT 0,
    score              TEXT,                          -- scoring.Result
    followups          TEXT NOT NULL DEFAULT '[]',    -- []interview.FollowUp
    PRIMARY KEY (session_id, turn)
) WITHOUT ROWID;
CREATE INDEX turns_question_asked ON turns (session_id, asked_at);

-- Every session change, numbered per session from 1 without gaps. The
-- primary key makes a sequence number impossible to reuse, whichever
-- process writes.
CREATE TABLE events (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    type       TEXT NOT NULL,
    data       TEXT NOT NULL,    -- the message fields as a JSON object
    created_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE events;
DROP TABLE turns;
DROP TABLE sessions;
