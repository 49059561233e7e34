-- +goose Up
CREATE TABLE schema_info (k TEXT PRIMARY KEY, v TEXT NOT NULL);

-- +goose Down
DROP TABLE schema_info;
