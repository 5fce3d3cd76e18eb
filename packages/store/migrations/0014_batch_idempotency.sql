-- A batch create's Idempotency-Key names every task it created, in request order (a single
-- create keeps its one task in task_id, which for a batch is the first of them).
ALTER TABLE idempotent_requests ADD COLUMN task_ids bigint[];
