-- +goose Up
-- Self-service password resets (docs/accounts.md): the SHA-256 of each
-- random token, never the token; a row is deleted when used, when its
-- account's password changes, and once expired (swept at the next reset).
-- Times are Unix microseconds (UTC).
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id);
CREATE INDEX password_resets_expires ON password_resets (expires_at);

-- +goose Down
DROP TABLE password_resets;
