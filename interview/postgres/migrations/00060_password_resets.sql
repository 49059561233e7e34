-- +goose Up
-- Self-service password resets (SQLite's migration 60; docs/accounts.md):
-- the SHA-256 of each random token, never the token; a row is deleted when
-- used, when its account's password changes, and once expired (swept at
-- the next reset).
CREATE TABLE password_resets (
    token_hash text PRIMARY KEY,
    user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id);
CREATE INDEX password_resets_expires ON password_resets (expires_at);

-- +goose Down
DROP TABLE password_resets;
