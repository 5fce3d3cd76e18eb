-- Trailing debounce (issue 22): a debounced task with a key records when the first task of its
-- run of replacements was created; a replacement inherits it, and is never due later than it
-- plus the request's maxWait.
ALTER TABLE tasks ADD COLUMN debounce_since timestamptz;
-- Follow-ups (issue 22): the task requests to create when this task goes dead or is delivered,
-- as {"onDead": ..., "onDelivered": ...}, checked when the task was created.
ALTER TABLE tasks ADD COLUMN follow_ups jsonb;
-- On a follow-up: the task, and the attempt that ended it, whose end created it. One follow-up
-- per end: the history writer looks for it before it creates one, and this index refuses a
-- second anyway. A replayed task that ends again makes another.
ALTER TABLE tasks
  ADD COLUMN follow_up_of      bigint,
  ADD COLUMN follow_up_attempt int;
CREATE UNIQUE INDEX tasks_follow_up_once ON tasks (follow_up_of, follow_up_attempt) WHERE follow_up_of IS NOT NULL;
