-- Redis holds only what is due soon: a task due beyond the load horizon lives only here until a
-- scheduler's loader moves it into Redis. `queued` says whether it was handed to Redis; every
-- task that existed before this migration was.
ALTER TABLE tasks ADD COLUMN queued boolean NOT NULL DEFAULT true;

-- What the loader looks for: waiting tasks not yet in Redis, earliest first.
CREATE INDEX tasks_unqueued_due ON tasks (due_at) WHERE NOT queued AND status IN ('scheduled', 'retrying');
