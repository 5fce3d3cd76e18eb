-- Destinations that keep failing: per (account, webhook URL), since when every attempt failed,
-- and whether that lasted long enough (DESTINATION_DISABLE_AFTER_MS) to disable it. A row
-- exists only while a destination is failing or disabled: a success deletes it (unless
-- disabled, which only a re-enable undoes), so delivering pays one empty index probe.
CREATE TABLE destination_failures (
  owner_id        uuid NOT NULL,
  url             text NOT NULL,
  -- The first failed attempt (finish time) since the last success.
  failing_since   timestamptz NOT NULL,
  last_failure_at timestamptz NOT NULL,
  last_error      text,
  disabled_at     timestamptz,
  PRIMARY KEY (owner_id, url)
);
CREATE INDEX destination_failures_disabled ON destination_failures (owner_id, disabled_at) WHERE disabled_at IS NOT NULL;

-- A destination's own events (`destination.disabled`, `destination.enabled`) share the task
-- event log, so GET /v1/events streams them in the same order with the same cursor. Such a row
-- names the destination and no task. A release before this one ignores no rows: it would
-- stream them as task events without a task id (only during a roll, only for disabled ones).
ALTER TABLE task_events ALTER COLUMN task_id DROP NOT NULL;
ALTER TABLE task_events ADD COLUMN destination text;
