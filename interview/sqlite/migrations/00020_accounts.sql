-- +goose Up
-- Accounts, sign-in sessions, teams, share links and login failures
-- (docs/accounts.md). Times are Unix microseconds (UTC). Secrets are never
-- stored: sign-in and share tokens only as their SHA-256, passwords only as
-- bcrypt hashes. Team invite tokens are kept as they are, so that the coach
-- can see the invite link again: all a stranger gains by one is the right
-- to share their own interviews with the team.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,   -- lower-cased (interview.NormalizeEmail)
    role          TEXT NOT NULL CHECK (role IN ('candidate', 'coach', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE auth_sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);
CREATE INDEX auth_sessions_expires ON auth_sessions (expires_at);

CREATE TABLE teams (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    coach_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invite_token TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL
);
CREATE INDEX teams_coach ON teams (coach_id);

-- A candidate's sessions created at or after joined_at are shared with the
-- team's coach; leaving deletes the row.
CREATE TABLE memberships (
    team_id   TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE share_links (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX share_links_session ON share_links (session_id);

-- One row per failed login, keyed by email and client address; rows older
-- than the window are deleted as new ones come.
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE share_links;
DROP TABLE memberships;
DROP TABLE teams;
DROP TABLE auth_sessions;
DROP TABLE users;
