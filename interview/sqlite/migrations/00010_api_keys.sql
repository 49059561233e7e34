-- +goose Up
-- API keys for the public JSON API. Only the SHA-256 of the whole key is
-- kept: the key is shown once, when it is created. Times are Unix
-- milliseconds (UTC).
CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

-- +goose Down
DROP TABLE api_keys;
