import { answer, api } from '../api/client';
import { useTimeZone } from '../api/session';
import { EmptyState, ErrorMessage, Loading } from '../app/Page';
import { Link } from '../app/router';
import { useResource } from '../app/useResource';
import { StatusBadge } from '../tasks/StatusBadge';
import { useTaskEvents } from '../tasks/taskEvents';
import { dateTime, relativeTime } from '../time/format';
import { useNow } from '../time/useNow';

const shown = 20;

/**
 * A schedule's runs, newest first (the pending one on top), each with its outcome; read again as
 * they run, and when the schedule changes (`version`: its updatedAt).
 */
export function ScheduleRuns({ scheduleId, version }: { scheduleId: string; version: string }) {
  const runs = useResource(
    () => answer(api.GET('/v1/tasks', { params: { query: { scheduleId, limit: shown } } })),
    [scheduleId, version],
  );
  const now = useNow();
  const timezone = useTimeZone();
  useTaskEvents((event) => {
    if (event.scheduleId === scheduleId) void runs.reload();
  });
  if (runs.error) return <ErrorMessage error={runs.error} />;
  if (!runs.data) return <Loading lines={3} />;
  if (runs.data.tasks.length === 0) return <EmptyState title="No runs yet." />;
  return (
    <>
      <ol className="schedule-runs" data-testid="past-runs">
        {runs.data.tasks.map((task) => (
          <li key={task.id} data-task-id={task.id}>
            <Link to={`/tasks/${task.id}`}>#{task.id}</Link> <StatusBadge status={task.status} />{' '}
            <time dateTime={task.dueAt} title={dateTime(task.dueAt, timezone)} className="muted">
              {relativeTime(task.dueAt, now)}
            </time>
          </li>
        ))}
      </ol>
      {runs.data.nextCursor ? <p className="muted small">The last {shown} runs are shown.</p> : null}
    </>
  );
}
