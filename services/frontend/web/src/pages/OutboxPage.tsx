import { useEffect } from 'react';
import { ApiError, type Schemas } from '../api/client';
import { useTimeZone } from '../api/session';
import { EmptyState, ErrorMessage, Loading, Page } from '../app/Page';
import { Link } from '../app/router';
import { Table, type Column } from '../app/Table';
import { useResource } from '../app/useResource';
import { dateTime } from '../time/format';

/** How often the page asks again: new mail shows within this, with no event stream of its own. */
const pollMs = 2000;

/** A dev route's answer; null when the server is not in dev mode (404). */
export async function devList<T>(path: '/v1/dev/outbox' | '/v1/dev/inbox'): Promise<T | null> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (res.status === 404) return null;
  if (!res.ok) throw new ApiError(res.status, `the dev outbox answered ${res.status}`, []);
  return (await res.json()) as T;
}

const taskLink = (row: { taskId: string | null }) =>
  row.taskId ? <Link to={`/tasks/${row.taskId}`}>{row.taskId}</Link> : null;

const messageColumns = (timezone: string): Column<Schemas['DevCaughtMessage']>[] => [
  { heading: 'Received', cell: (m) => dateTime(m.receivedAt, timezone) },
  { heading: 'Channel', cell: (m) => <span className="badge badge-channel">{m.channel}</span> },
  { heading: 'To', cell: (m) => m.to },
  {
    heading: 'Message',
    cell: (m) => (
      <>
        {m.subject ? <strong>{m.subject}</strong> : null}
        <pre className="outbox-text">{m.text}</pre>
      </>
    ),
  },
  { heading: 'Task', cell: taskLink },
];

const deliveryColumns = (timezone: string): Column<Schemas['DevInboxDelivery']>[] => [
  { heading: 'Received', cell: (d) => dateTime(d.receivedAt, timezone) },
  {
    heading: 'Request',
    cell: (d) => (
      <code>
        {d.method} {d.path}
      </code>
    ),
  },
  {
    heading: 'Signature',
    cell: (d) => (
      <span className={`badge ${d.signatureValid ? 'badge-success' : 'badge-permanent'}`}>
        {d.signatureValid ? 'valid' : 'invalid'}
      </span>
    ),
  },
  { heading: 'Body', cell: (d) => <pre className="outbox-text">{d.body}</pre> },
  { heading: 'Task', cell: taskLink },
];

export function OutboxPage() {
  const timezone = useTimeZone();
  const outbox = useResource(async () => {
    const [messages, inbox] = await Promise.all([
      devList<Schemas['DevOutbox']>('/v1/dev/outbox'),
      devList<Schemas['DevInbox']>('/v1/dev/inbox'),
    ]);
    return messages && inbox ? { messages: messages.messages, deliveries: inbox.deliveries } : null;
  }, []);
  const { reload } = outbox;
  useEffect(() => {
    const timer = setInterval(() => void reload(), pollMs);
    return () => clearInterval(timer);
  }, [reload]);

  if (outbox.loading && outbox.data === undefined)
    return (
      <Page title="Outbox">
        <Loading lines={4} />
      </Page>
    );
  if (outbox.data === null) {
    return (
      <Page title="Outbox">
        <EmptyState title="The outbox exists under npm run dev only.">
          It shows the emails, SMS and webhooks a local Later caught instead of sending them out.
        </EmptyState>
      </Page>
    );
  }
  const { messages = [], deliveries = [] } = outbox.data ?? {};
  return (
    <Page title="Outbox">
      <p className="lead">
        What your tasks sent on this machine: email and SMS caught by <code>npm run dev</code>, and webhooks sent to its
        inbox. It updates by itself.
      </p>
      {outbox.error ? <ErrorMessage error={outbox.error} /> : null}
      <h2>Email and SMS</h2>
      {messages.length === 0 ? (
        <EmptyState title="Nothing sent yet.">
          <Link to="/remind">Remind yourself of something</Link> a minute from now.
        </EmptyState>
      ) : (
        <Table
          className="outbox-table"
          columns={messageColumns(timezone)}
          rows={messages}
          rowKey={(m, i) => `${m.receivedAt}-${i}`}
        />
      )}
      <h2>Webhook inbox</h2>
      {deliveries.length === 0 ? (
        <EmptyState title="No webhook has come in yet.">
          Point a task's URL at the inbox address <code>npm run dev</code> printed.
        </EmptyState>
      ) : (
        <Table
          className="outbox-table"
          columns={deliveryColumns(timezone)}
          rows={deliveries}
          rowKey={(d, i) => `${d.receivedAt}-${i}`}
        />
      )}
    </Page>
  );
}
