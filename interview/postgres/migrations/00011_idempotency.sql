-- +goose Up
-- Idempotency records of the JSON API (SQLite's migration 11): the first
-- response to a POST sent with an Idempotency-Key, replayed to repeats of
-- the same request by any server. status is 0 while the first request is
-- still being answered; rows are deleted once expires_at has passed.
CREATE TABLE idempotency_records (
    scope        text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       integer NOT NULL DEFAULT 0,
    body         bytea,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);

-- +goose Down
DROP TABLE idempotency_records;
