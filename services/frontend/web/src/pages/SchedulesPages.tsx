import { useState } from 'react';
import { answer, api, type Schedule } from '../api/client';
import { useTimeZone } from '../api/session';
import { EmptyState, ErrorMessage, Loading, Page } from '../app/Page';
import { Link } from '../app/router';
import { Table, type Column } from '../app/Table';
import { useResource } from '../app/useResource';
import { ScheduleEdit } from '../schedules/ScheduleEdit';
import { ScheduleRuns } from '../schedules/ScheduleRuns';
import { useTaskEvents } from '../tasks/taskEvents';
import { dateTime, relativeTime } from '../time/format';
import { useNow } from '../time/useNow';

const ruleOf = (s: Schedule) => (s.cron ? `cron ${s.cron}` : `every ${s.every}`);

const scheduleColumns = (now: number, timezone: string): Column<Schedule>[] => [
  {
    heading: 'Schedule',
    cell: (s) => (
      <>
        <Link to={`/schedules/${s.id}`}>#{s.id}</Link>
        {s.key ? <span className="muted small"> · {s.key}</span> : null}
      </>
    ),
  },
  {
    heading: 'Rule',
    className: 'mono',
    cell: (s) => (
      <>
        {ruleOf(s)} <span className="muted small">({s.timezone})</span>
      </>
    ),
  },
  { heading: 'Status', cell: (s) => <span className={`badge badge-${s.status}`}>{s.status}</span> },
  {
    heading: 'Next run',
    cell: (s) =>
      s.nextRunAt ? <time title={dateTime(s.nextRunAt, timezone)}>{relativeTime(s.nextRunAt, now)}</time> : '—',
  },
  { heading: 'Runs', cell: (s) => s.runs },
];

export function SchedulesPage() {
  const list = useResource(() => answer(api.GET('/v1/schedules', { params: { query: { limit: 100 } } })), []);
  const now = useNow();
  const timezone = useTimeZone();
  return (
    <Page
      title="Recurring tasks"
      actions={
        <Link className="button" to="/tasks/new">
          New task
        </Link>
      }
    >
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {list.loading && !list.data ? (
        <Loading lines={4} />
      ) : list.data?.schedules.length === 0 ? (
        <EmptyState title="No recurring tasks yet.">
          <p>
            Choose <em>Recurring</em> under <em>When</em> on a <Link to="/tasks/new">new task</Link>.
          </p>
        </EmptyState>
      ) : list.data ? (
        <Table columns={scheduleColumns(now, timezone)} rows={list.data.schedules} rowKey={(s) => s.id} />
      ) : null}
    </Page>
  );
}

export function SchedulePage({ id }: { id: string }) {
  const schedule = useResource(() => answer(api.GET('/v1/schedules/{id}', { params: { path: { id } } })), [id]);
  const now = useNow();
  const [problem, setProblem] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const path = { params: { path: { id } } };
  // A run that starts makes the next one: show the new next runs.
  useTaskEvents((event) => {
    if (event.scheduleId === id) void schedule.reload();
  });
  const act = async (call: () => Promise<Schedule>) => {
    setProblem(null);
    try {
      const changed = await call();
      schedule.setData(() => changed);
    } catch (err) {
      setProblem(err);
    }
  };
  const s = schedule.data;
  return (
    <Page
      title={`Recurring task #${id}`}
      actions={s ? <span className={`badge badge-${s.status}`}>{s.status}</span> : null}
    >
      {schedule.error ? <ErrorMessage error={schedule.error} /> : null}
      {problem ? <ErrorMessage error={problem} /> : null}
      {!s ? (
        schedule.loading ? (
          <Loading lines={6} />
        ) : null
      ) : (
        <div className="task-layout">
          <section className="card" aria-labelledby="rule-title">
            <h2 id="rule-title">Rule</h2>
            <dl className="details">
              <dt>Runs</dt>
              <dd className="mono">{ruleOf(s)}</dd>
              <dt>Time zone</dt>
              <dd>{s.timezone}</dd>
              <dt>Delivers</dt>
              <dd className="break">
                <span className="badge badge-channel">{s.task.channel}</span>{' '}
                {s.task.webhook?.url ?? s.task.email?.to ?? s.task.sms?.to}
              </dd>
              {s.key ? (
                <>
                  <dt>Key</dt>
                  <dd>{s.key}</dd>
                </>
              ) : null}
              <dt>Runs so far</dt>
              <dd>{s.runs}</dd>
              {s.pendingTaskId ? (
                <>
                  <dt>Pending run</dt>
                  <dd>
                    <Link to={`/tasks/${s.pendingTaskId}`}>task #{s.pendingTaskId}</Link>
                  </dd>
                </>
              ) : null}
            </dl>
            <div className="actions">
              {s.status !== 'ended' ? (
                <button
                  type="button"
                  className="button-quiet"
                  aria-expanded={editing}
                  onClick={() => setEditing(!editing)}
                >
                  Edit…
                </button>
              ) : null}
              {s.status === 'active' ? (
                <button
                  type="button"
                  className="button-quiet"
                  onClick={() => void act(() => answer(api.POST('/v1/schedules/{id}/pause', path)))}
                >
                  Pause
                </button>
              ) : null}
              {s.status === 'paused' ? (
                <button
                  type="button"
                  onClick={() => void act(() => answer(api.POST('/v1/schedules/{id}/resume', path)))}
                >
                  Resume
                </button>
              ) : null}
              {s.status !== 'ended' ? (
                <button
                  type="button"
                  className="button-danger"
                  onClick={() => void act(() => answer(api.DELETE('/v1/schedules/{id}', path)))}
                >
                  End
                </button>
              ) : null}
            </div>
            {editing && s.status !== 'ended' ? (
              <ScheduleEdit
                schedule={s}
                onDone={(changed) => {
                  schedule.setData(() => changed);
                  setEditing(false);
                }}
              />
            ) : null}
          </section>
          <section className="card" aria-labelledby="next-title">
            <h2 id="next-title">Next runs</h2>
            {s.nextRuns.length === 0 ? (
              <EmptyState title={s.status === 'active' ? 'No run left.' : `No runs while ${s.status}.`} />
            ) : (
              <ol className="preview-runs" data-testid="next-runs">
                {s.nextRuns.map((run) => (
                  <li key={run}>
                    <time dateTime={run}>{dateTime(run, s.timezone)}</time>
                    <span className="muted"> · {relativeTime(run, now)}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section className="card" aria-labelledby="past-title">
            <h2 id="past-title">Runs</h2>
            <ScheduleRuns scheduleId={id} version={s.updatedAt} />
          </section>
        </div>
      )}
    </Page>
  );
}
