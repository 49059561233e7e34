-- +goose Up
-- Accounts, sign-in sessions, teams, share links and login failures
-- (SQLite's migration 20; docs/accounts.md). Secrets are never stored:
-- sign-in and share tokens only as their SHA-256, passwords only as bcrypt
-- hashes. Team invite tokens are kept as they are so that the coach can see
-- the invite link again.
CREATE TABLE users (
    id            text PRIMARY KEY,
    email         text NOT NULL UNIQUE,   -- lower-cased (interview.NormalizeEmail)
    role          text NOT NULL CHECK (role IN ('candidate', 'coach', 'admin')),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE TABLE auth_sessions (
    token_hash   text PRIMARY KEY,
    user_id      text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);
CREATE INDEX auth_sessions_expires ON auth_sessions (expires_at);

CREATE TABLE teams (
    id           text PRIMARY KEY,
    name         text NOT NULL,
    coach_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invite_token text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL
);
CREATE INDEX teams_coach ON teams (coach_id);

-- A candidate's sessions created at or after joined_at are shared with the
-- team's coach; leaving deletes the row.
CREATE TABLE memberships (
    team_id   text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id   text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE share_links (
    token_hash text PRIMARY KEY,
    session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX share_links_session ON share_links (session_id);

-- One row per failed login, keyed by email and client address.
CREATE TABLE login_failures (
    key text NOT NULL,
    at  timestamptz NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE share_links;
DROP TABLE memberships;
DROP TABLE teams;
DROP TABLE auth_sessions;
DROP TABLE users;
