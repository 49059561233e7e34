-- +goose Up
-- Every attempt of a turn is kept (issue 15): initial_score is the main
-- answer's own score, beside score (the final one, after follow-up
-- answers); draft_followup is the attempt a draft was typed for (0 the
-- main answer, k the answer to follow-up k). Turns stored before keep what
-- can be known: the score of a turn without an answered follow-up is its
-- first answer's, and an open follow-up's draft was typed for it.
ALTER TABLE turns ADD COLUMN initial_score TEXT;               -- scoring.Result
ALTER TABLE turns ADD COLUMN draft_followup INTEGER NOT NULL DEFAULT 0;
UPDATE turns SET initial_score = score
    WHERE score IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM json_each(turns.followups) WHERE json_extract(value, '$.answered_at') IS NOT NULL);
UPDATE turns SET draft_followup = json_array_length(followups) WHERE status = 'followup';

-- +goose Down
ALTER TABLE turns DROP COLUMN draft_followup;
ALTER TABLE turns DROP COLUMN initial_score;
