-- +goose Up
-- Token buckets of the JSON API's rate limit, shared by every server: one
-- row per client scope, refilled and spent by one UPDATE on the database's
-- clock. A bucket idle long enough to be full again is the same as no row,
-- so old rows are deleted on the way (see Store.TakeRateToken).
CREATE TABLE rate_limits (
    scope      text PRIMARY KEY,
    tokens     double precision NOT NULL, -- may be fractional
    allowed    boolean NOT NULL,          -- whether the last request got a token
    updated_at timestamptz NOT NULL
);
CREATE INDEX rate_limits_updated_at ON rate_limits (updated_at);

-- +goose Down
DROP TABLE rate_limits;
