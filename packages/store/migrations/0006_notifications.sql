-- Telling the caller: the task event log behind GET /v1/events.

-- Every state change of a task (scheduled, running, retrying, delivered, dead, cancelled), written
-- in the same transaction as the change itself, so an event exists exactly when its change
-- committed.
--
-- Order is (xid, seq): the id of the writing transaction, then the place in it. Readers return
-- only rows of transactions older than every transaction still running (the xmin of their
-- snapshot), so anything that commits later sorts after whatever was already returned and a
-- cursor never skips a late commit. A plain sequence cannot promise that: its numbers are drawn
-- before commit, so a smaller one may become visible after a larger one was read.
CREATE TABLE task_events (
  xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  owner_id    uuid NOT NULL,
  task_id     bigint NOT NULL,
  status      text NOT NULL,
  -- The attempt the change belongs to; 0 before the first one.
  attempt     int NOT NULL,
  at          timestamptz NOT NULL,
  outcome     text,
  http_status int,
  error       text,
  schedule_id bigint,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (xid, seq)
);
CREATE INDEX task_events_owner_order ON task_events (owner_id, xid, seq);
-- Pruning by age: rows arrive in time order, so a BRIN index is enough and costs writes nothing.
CREATE INDEX task_events_recorded ON task_events USING brin (recorded_at);

-- Callbacks: a task may name a URL that is told its outcome once it is delivered or dead. The
-- callback is an ordinary webhook task of the same owner, created in the transaction that
-- records the final status; it names the task and the attempt whose outcome it reports, and
-- there is at most one per (task, attempt): exactly one per final outcome.
ALTER TABLE tasks
  ADD COLUMN callback_url     text,
  ADD COLUMN callback_for     bigint,
  ADD COLUMN callback_attempt int;
CREATE UNIQUE INDEX tasks_callback_once ON tasks (callback_for, callback_attempt) WHERE callback_for IS NOT NULL;

-- The error report reads failed attempts by time; only failures are indexed, so a delivery
-- that succeeds pays nothing for it.
CREATE INDEX attempts_failures_recent ON attempts (finished_at) WHERE outcome IN ('retryable', 'permanent', 'lost');
