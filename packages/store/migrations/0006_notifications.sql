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
