import { useEffect, useRef, useState } from 'react';
import { answer, api, type Schemas, type TaskSummary } from '../api/client';
import { useTimeZone } from '../api/session';
import { EmptyState, ErrorMessage, Loading, Page } from '../app/Page';
import { Link, navigate, useLocation } from '../app/router';
import { Table, type Column } from '../app/Table';
import { useResource } from '../app/useResource';
import { useDebounced } from '../forms/useDebounced';
import { LiveBadge, StatusBadge } from '../tasks/StatusBadge';
import { useTaskEvents } from '../tasks/taskEvents';
import { dateTime, relativeTime } from '../time/format';
import { useNow } from '../time/useNow';

const statuses = ['scheduled', 'running', 'retrying', 'delivered', 'dead', 'cancelled'] as const;
const channels = ['webhook', 'email', 'sms'] as const;
const pageSize = 20;
const filterNames = ['status', 'channel', 'stream', 'key', 'q'] as const;
type Query = Record<(typeof filterNames)[number], string>;

/** The filters live in the address, so a filtered list can be bookmarked, shared and gone back to. */
function useFilters(): [Query, (patch: Partial<Query>) => void] {
  const { query } = useLocation();
  const filters = Object.fromEntries(filterNames.map((name) => [name, query.get(name) ?? ''])) as Query;
  const setFilters = (patch: Partial<Query>) => {
    const next = new URLSearchParams();
    for (const name of filterNames) {
      const value = patch[name] ?? filters[name];
      if (value) next.set(name, value);
    }
    const search = next.toString();
    navigate(`/tasks${search ? `?${search}` : ''}`, { replace: true });
  };
  return [filters, setFilters];
}

/** The filters the task list and the bulk replay both take, as the API names them. */
const sharedFilters = (filters: Query) => ({
  ...(filters.channel ? { channel: filters.channel as Schemas['Channel'] } : {}),
  ...(filters.stream ? { stream: filters.stream } : {}),
  ...(filters.key ? { key: filters.key } : {}),
});

export function TasksPage() {
  const [filters, setFilters] = useFilters();
  // Typed text is applied once typing pauses; the inputs keep what is typed meanwhile.
  const [typed, setTyped] = useState({ stream: filters.stream, key: filters.key, q: filters.q });
  const settled = useDebounced(typed, 300);
  useEffect(() => {
    if (settled.stream !== filters.stream || settled.key !== filters.key || settled.q !== filters.q)
      setFilters(settled);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);

  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const filterKey = JSON.stringify(filters);
  useEffect(() => setCursors([undefined]), [filterKey]);

  const list = useResource(() => {
    const query = {
      limit: pageSize,
      ...(cursor ? { cursor } : {}),
      ...(filters.status ? { status: filters.status as Schemas['TaskStatus'] } : {}),
      ...sharedFilters(filters),
      ...(filters.q ? { q: filters.q } : {}),
    };
    return answer(api.GET('/v1/tasks', { params: { query } }));
  }, [filterKey, cursor]);

  // Live: a listed task's status changes in place; a new task appears on the first page.
  const reloadSoon = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(reloadSoon.current), []);
  useTaskEvents((event) => {
    const listed = list.data?.tasks.some((t) => t.id === event.taskId);
    if (listed) {
      list.setData(
        (old) =>
          old && { ...old, tasks: old.tasks.map((t) => (t.id === event.taskId ? { ...t, status: event.status } : t)) },
      );
    }
    // At most one reload per half second, however many events arrive meanwhile.
    if ((!listed || filters.status) && reloadSoon.current === undefined) {
      reloadSoon.current = setTimeout(() => {
        reloadSoon.current = undefined;
        void list.reload();
      }, 500);
    }
  });

  return (
    <Page
      title="Tasks"
      actions={
        <>
          <LiveBadge />
          <Link className="button" to="/tasks/new">
            New task
          </Link>
        </>
      }
    >
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="filter filter-search">
          <span>Search</span>
          <input
            type="search"
            placeholder="id, URL, address, text…"
            value={typed.q}
            onChange={(e) => setTyped({ ...typed, q: e.target.value })}
          />
        </label>
        <label className="filter">
          <span>Status</span>
          <select value={filters.status} onChange={(e) => setFilters({ status: e.target.value })}>
            <option value="">any</option>
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>Channel</span>
          <select value={filters.channel} onChange={(e) => setFilters({ channel: e.target.value })}>
            <option value="">any</option>
            {channels.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>Stream</span>
          <input value={typed.stream} onChange={(e) => setTyped({ ...typed, stream: e.target.value })} />
        </label>
        <label className="filter">
          <span>Key</span>
          <input value={typed.key} onChange={(e) => setTyped({ ...typed, key: e.target.value })} />
        </label>
      </form>
      {filters.status === 'dead' && !filters.q ? (
        <ReplayDead filters={filters} none={list.data?.tasks.length === 0} onDone={() => void list.reload()} />
      ) : null}
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {list.loading && !list.data ? (
        <Loading lines={6} />
      ) : list.data && list.data.tasks.length === 0 ? (
        <EmptyState title={Object.values(filters).some(Boolean) ? 'No task matches these filters.' : 'No tasks yet.'}>
          <Link to="/tasks/new">Schedule your first task</Link>
        </EmptyState>
      ) : list.data ? (
        <TaskTable tasks={list.data.tasks} />
      ) : null}
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          className="button-quiet"
          disabled={cursors.length === 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          ← Newer
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button
          type="button"
          className="button-quiet"
          disabled={!list.data?.nextCursor}
          onClick={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}
        >
          Older →
        </button>
      </nav>
    </Page>
  );
}

/**
 * The dead-letter "retry all": replays every dead task the filters show (search text aside, which
 * the API's bulk replay does not take, so the button is not offered with it), 1,000 per press.
 */
function ReplayDead({ filters, none, onDone }: { filters: Query; none: boolean; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState('');
  const replay = async () => {
    setBusy(true);
    try {
      const body = { status: 'dead' as const, limit: 1000, ...sharedFilters(filters) };
      const { replayed, more } = await answer(api.POST('/v1/tasks/replay', { body }));
      const count = `Replayed ${replayed.length} ${replayed.length === 1 ? 'task' : 'tasks'}`;
      setOutcome(more ? `${count}; more are left: press again.` : `${count}.`);
      onDone();
    } catch (err) {
      setOutcome(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bulk-actions">
      <button type="button" disabled={busy || none} onClick={() => void replay()}>
        Replay all dead tasks
      </button>
      <span className="muted" role="status">
        {outcome}
      </span>
    </div>
  );
}

function TaskTable({ tasks }: { tasks: TaskSummary[] }) {
  const now = useNow();
  const timezone = useTimeZone();
  const columns: Column<TaskSummary>[] = [
    {
      heading: 'Task',
      className: 'cell-id',
      cell: (task) => (
        <>
          <Link to={`/tasks/${task.id}`}>#{task.id}</Link>
          {task.scheduleId ? <span className="muted small"> · recurring</span> : null}
        </>
      ),
    },
    { heading: 'Status', className: 'cell-status', cell: (task) => <StatusBadge status={task.status} /> },
    { heading: 'Channel', className: 'cell-channel', cell: (task) => task.channel },
    {
      heading: 'Destination',
      className: 'ellipsis cell-destination',
      title: (task) => task.destination,
      cell: (task) => task.destination,
    },
    {
      heading: 'Due',
      className: 'cell-due',
      cell: (task) => (
        <time dateTime={task.dueAt} title={dateTime(task.dueAt, timezone)}>
          {relativeTime(task.dueAt, now)}
        </time>
      ),
    },
    {
      heading: 'Key / stream',
      className: 'ellipsis cell-keys',
      cell: (task) => [task.key, task.stream].filter(Boolean).join(' / ') || <span className="muted">—</span>,
    },
    { heading: 'Priority', className: 'cell-priority', cell: (task) => task.priority },
  ];
  return (
    <Table
      className="tasks-table"
      columns={columns}
      rows={tasks}
      rowKey={(task) => task.id}
      rowAttributes={(task) => ({ 'data-task-id': task.id })}
    />
  );
}
