-- +goose Up
-- Interview sessions, their turns and their events (interview.Store): the
-- same tables as SQLite's migration 1, in PostgreSQL types. Times are
-- timestamptz (microseconds, what the engine keeps); JSON columns hold the
-- Go types of packages interview and scoring.
CREATE TABLE sessions (
    id         text PRIMARY KEY,
    owner      text NOT NULL,
    plan       jsonb NOT NULL,                -- interview.Plan
    state      text NOT NULL CHECK (state IN ('created', 'active', 'finished')),
    ending     boolean NOT NULL DEFAULT false, -- End was asked; finishing
    summary    jsonb,                         -- interview.Summary, once finished
    version    bigint NOT NULL,               -- optimistic concurrency
    -- The last sequence number given to an event of the session. Save
    -- increments it with an UPDATE that locks the row, so writers of one
    -- session, in any process, take their numbers one after the other and
    -- a rolled-back Save gives its numbers back.
    last_seq   bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX sessions_owner_created ON sessions (owner, created_at DESC, id DESC);
CREATE INDEX sessions_created ON sessions (created_at DESC, id DESC);

CREATE TABLE turns (
    session_id         text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn               integer NOT NULL CHECK (turn >= 1),
    question_id        text NOT NULL,
    category           text NOT NULL,
    question_text      text NOT NULL,
    time_limit_s       integer NOT NULL,
    status             text NOT NULL,
    answer             text NOT NULL DEFAULT '',
    draft              text NOT NULL DEFAULT '',
    draft_at           timestamptz,
    asked_at           timestamptz NOT NULL,
    first_keystroke_at timestamptz,
    submitted_at       timestamptz,
    elapsed_ms         bigint NOT NULL DEFAULT 0,
    overtime           boolean NOT NULL DEFAULT false,
    skipped            boolean NOT NULL DEFAULT false,
    score              jsonb,                         -- scoring.Result
    followups          jsonb NOT NULL DEFAULT '[]',   -- []interview.FollowUp
    PRIMARY KEY (session_id, turn)
);
CREATE INDEX turns_question_asked ON turns (session_id, asked_at);

-- Every session change, numbered per session from 1 without gaps. The
-- primary key makes a sequence number impossible to reuse, whichever
-- process writes. data is json, not jsonb, so a replayed message has the
-- very bytes of the live one.
CREATE TABLE events (
    session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seq        bigint NOT NULL CHECK (seq >= 1),
    type       text NOT NULL,
    data       json NOT NULL,    -- the message fields as a JSON object
    created_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- +goose Down
DROP TABLE events;
DROP TABLE turns;
DROP TABLE sessions;
