-- +goose Up
-- Idempotency records of the JSON API: the first response to a POST sent
-- with an Idempotency-Key, replayed to repeats of the same request. status
-- is 0 while the first request is still being answered. Times are Unix
-- milliseconds (UTC); rows are deleted once expires_at has passed.
CREATE TABLE idempotency_records (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    body         BLOB,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);

-- +goose Down
DROP TABLE idempotency_records;
