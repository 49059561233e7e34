-- +goose Up
-- Every attempt of a turn is kept (SQLite's migration 61): initial_score
-- is the main answer's own score beside the final score; draft_followup
-- the attempt a draft was typed for (0 the main answer, k follow-up k).
ALTER TABLE turns ADD COLUMN initial_score jsonb;             -- scoring.Result
ALTER TABLE turns ADD COLUMN draft_followup integer NOT NULL DEFAULT 0;
UPDATE turns SET initial_score = score
    WHERE score IS NOT NULL AND NOT jsonb_path_exists(followups, '$[*].answered_at');
UPDATE turns SET draft_followup = jsonb_array_length(followups) WHERE status = 'followup';

-- +goose Down
ALTER TABLE turns DROP COLUMN draft_followup;
ALTER TABLE turns DROP COLUMN initial_score;
