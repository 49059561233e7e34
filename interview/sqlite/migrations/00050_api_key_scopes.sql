-- +goose Up
-- What an API key may do: a comma-separated list of scopes, "score" (the
-- scoring API) and "sessions" (interviews made with the key: create, read,
-- live, share). New keys get "score" unless asked for more; keys made
-- before scopes existed keep what they could do.
ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT 'score,sessions';

-- +goose Down
ALTER TABLE api_keys DROP COLUMN scopes;
