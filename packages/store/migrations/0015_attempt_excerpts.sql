-- What each delivery attempt sent and got back, cut by the sender to a bounded excerpt (secret
-- headers redacted, each body at most 4 KiB): shown with the attempt in the API and web UI.
-- Nullable: attempts recorded before, and attempts no sender reported (lost, skipped), have none.
-- They go with their attempt row, so with the task when the retention purge deletes it.
ALTER TABLE attempts ADD COLUMN request_excerpt jsonb, ADD COLUMN response_excerpt jsonb;
