import { useState } from 'react';
import { answer, api, type Task } from '../api/client';
import { useTimeZone } from '../api/session';
import { EmptyState, ErrorMessage, Loading, Page } from '../app/Page';
import { Link } from '../app/router';
import { useResource } from '../app/useResource';
import { Reschedule } from '../tasks/Reschedule';
import { LiveBadge, StatusBadge } from '../tasks/StatusBadge';
import { TaskLinks } from '../tasks/TaskLinks';
import { useTaskEvents } from '../tasks/taskEvents';
import { Timeline } from '../tasks/Timeline';
import { dateTime, duration, relativeTime } from '../time/format';
import { useNow } from '../time/useNow';

function destinationOf(task: Task): string {
  if (task.webhook) return `${task.webhook.method ?? 'POST'} ${task.webhook.url}`;
  if (task.email) return `${task.email.to}: “${task.email.subject}”`;
  if (task.sms) return task.sms.to;
  return '—';
}

const waiting = (task: Task) => task.status === 'scheduled' || task.status === 'retrying';
const finished = (task: Task) => task.status === 'delivered' || task.status === 'dead';

export function TaskPage({ id }: { id: string }) {
  const timezone = useTimeZone();
  const now = useNow();
  const task = useResource(() => answer(api.GET('/v1/tasks/{id}', { params: { path: { id } } })), [id]);
  const [problem, setProblem] = useState<unknown>(null);
  const [rescheduling, setRescheduling] = useState(false);
  const [busy, setBusy] = useState(false);

  useTaskEvents((event) => {
    if (event.taskId === id) void task.reload();
  });

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      await task.reload();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };
  const path = { params: { path: { id } } };
  const data = task.data;

  return (
    <Page
      title={`Task #${id}`}
      actions={
        <>
          <LiveBadge />
          {data ? <StatusBadge status={data.status} /> : null}
        </>
      }
    >
      {task.error ? <ErrorMessage error={task.error} /> : null}
      {problem ? <ErrorMessage error={problem} /> : null}
      {!data ? (
        task.loading ? (
          <Loading lines={8} />
        ) : null
      ) : (
        <div className="task-layout">
          <section className="card" aria-labelledby="details-title">
            <h2 id="details-title">Details</h2>
            <dl className="details">
              <dt>Delivers</dt>
              <dd className="break">
                <span className="badge badge-channel">{data.channel}</span> {destinationOf(data)}
              </dd>
              <dt>Due</dt>
              <dd>
                <time dateTime={data.dueAt}>{dateTime(data.dueAt, timezone)}</time>{' '}
                <span className="muted">({relativeTime(data.dueAt, now)})</span>
              </dd>
              <dt>Priority</dt>
              <dd>
                {data.priority}
                {data.position === 'front' ? ', front' : ''}
              </dd>
              {data.deadline ? (
                <>
                  <dt>Deadline</dt>
                  <dd>{dateTime(data.deadline, timezone)}</dd>
                </>
              ) : null}
              {data.key ? (
                <>
                  <dt>Key</dt>
                  <dd>{data.key}</dd>
                </>
              ) : null}
              {data.stream ? (
                <>
                  <dt>Stream</dt>
                  <dd>{data.stream}</dd>
                </>
              ) : null}
              {data.scheduleId ? (
                <>
                  <dt>Recurring</dt>
                  <dd>
                    <Link to={`/schedules/${data.scheduleId}`}>schedule #{data.scheduleId}</Link>
                  </dd>
                </>
              ) : null}
              <TaskLinks task={data} timezone={timezone} />
              <dt>Retries</dt>
              <dd>
                {data.retry.maxAttempts} attempts, {data.retry.backoff} from {duration(data.retry.baseDelayMs)} up to{' '}
                {duration(data.retry.maxDelayMs)}
              </dd>
              <dt>Timeout</dt>
              <dd>{duration(data.timeoutMs)}</dd>
              <dt>Created</dt>
              <dd>{dateTime(data.createdAt, timezone)}</dd>
            </dl>
            <div className="actions">
              {waiting(data) ? (
                <>
                  <button
                    type="button"
                    className="button-danger"
                    disabled={busy}
                    onClick={() => void act(() => answer(api.DELETE('/v1/tasks/{id}', path)))}
                  >
                    Cancel task
                  </button>
                  <button
                    type="button"
                    className="button-quiet"
                    aria-expanded={rescheduling}
                    onClick={() => setRescheduling(!rescheduling)}
                  >
                    Reschedule…
                  </button>
                </>
              ) : null}
              {finished(data) ? (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => void act(() => answer(api.POST('/v1/tasks/{id}/replay', path)))}
                >
                  Replay
                </button>
              ) : null}
            </div>
            {rescheduling && waiting(data) ? (
              <Reschedule
                task={data}
                timezone={timezone}
                onDone={(changed) => {
                  task.setData(() => changed);
                  setRescheduling(false);
                }}
              />
            ) : null}
          </section>
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Attempts</h2>
            {data.attempts.length === 0 ? (
              <EmptyState title={data.status === 'cancelled' ? 'Cancelled before it ran.' : 'No attempt yet.'}>
                {data.status === 'cancelled' ? null : Date.parse(data.dueAt) > now ? (
                  <p>The first one starts {relativeTime(data.dueAt, now)}.</p>
                ) : (
                  <p>It is due: starting…</p>
                )}
              </EmptyState>
            ) : (
              <Timeline attempts={data.attempts} timezone={timezone} now={now} />
            )}
          </section>
        </div>
      )}
    </Page>
  );
}
