-- How late each attempt ran, stage by stage: when it was due (a retry has its own due time, so
-- the task's due_at cannot tell) and when a scheduler's claim made it ready for a sender.
-- Null for attempts recorded before these were kept.
ALTER TABLE attempts ADD COLUMN due_at timestamptz, ADD COLUMN claimed_at timestamptz;
