import type { Task } from '../api/client';
import { Link } from '../app/router';
import { dateTime } from '../time/format';

/**
 * The rows of a task's details that link it to others: the task whose end created it, the
 * follow-ups its ends created ("follow-up created #id"), and the run of replacements a debounced
 * task belongs to. Rendered inside the details list.
 */
export function TaskLinks({ task, timezone }: { task: Task; timezone: string }) {
  const followUps = task.followUps ?? [];
  const waitsFor = [task.onDead ? 'dead' : null, task.onDelivered ? 'delivered' : null].filter(Boolean).join(' or ');
  return (
    <>
      {task.debounce ? (
        <>
          <dt>Debounced</dt>
          <dd>since {dateTime(task.debounce.since, timezone)}</dd>
        </>
      ) : null}
      {task.followUpOf ? (
        <>
          <dt>Follow-up of</dt>
          <dd>
            <Link to={`/tasks/${task.followUpOf}`}>task #{task.followUpOf}</Link>
          </dd>
        </>
      ) : null}
      {waitsFor || followUps.length > 0 ? (
        <>
          <dt>Follow-ups</dt>
          <dd>
            {followUps.map((f) => (
              <div key={f.taskId}>
                follow-up created <Link to={`/tasks/${f.taskId}`}>#{f.taskId}</Link> when {f.on} (attempt {f.attempt})
              </div>
            ))}
            {followUps.length === 0 ? `one is created when this task is ${waitsFor}` : null}
          </dd>
        </>
      ) : null}
    </>
  );
}
