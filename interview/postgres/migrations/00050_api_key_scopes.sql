-- +goose Up
-- What an API key may do (SQLite's migration 50): "score" and/or
-- "sessions", comma-separated. Keys made before scopes existed keep both.
ALTER TABLE api_keys ADD COLUMN scopes text NOT NULL DEFAULT 'score,sessions';

-- +goose Down
ALTER TABLE api_keys DROP COLUMN scopes;
