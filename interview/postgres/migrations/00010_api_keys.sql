-- +goose Up
-- API keys for the public JSON API (SQLite's migration 10). Only the
-- SHA-256 of the whole key is kept: the key is shown once, when created.
CREATE TABLE api_keys (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    hash       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

-- +goose Down
DROP TABLE api_keys;
