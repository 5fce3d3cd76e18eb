-- Finished tasks older than the scheduler's TASK_RETENTION_MS are deleted with their attempts.
-- The purge looks them up by when they finished (updated_at: a final status is a task's last
-- change), through this index, which holds finished tasks only.
CREATE INDEX tasks_finished_at ON tasks (updated_at) WHERE status IN ('delivered', 'dead', 'cancelled');
