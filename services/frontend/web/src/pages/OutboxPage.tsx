import { useEffect } from 'react';
import { ApiError, type Schemas } from '../api/client';
import { useTimeZone } from '../api/session';
import { EmptyState, ErrorMessage, Loading, Page } from '../app/Page';
import { Link } from '../app/router';
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

  if (outbox.loading && outbox.data === undefined) return <Page title="Outbox"><Loading lines={4} /></Page>;
  if (outbox.data === null) {
    return (
      <Page title="Outbox">
        <EmptyState title="The outbox exists under npm run dev only.">It shows the emails, SMS and webhooks a local Later caught instead of sending them out.</EmptyState>
      </Page>
    );
  }
  const { messages = [], deliveries = [] } = outbox.data ?? {};
  return (
    <Page title="Outbox">
      <p className="lead">What your tasks sent on this machine: email and SMS caught by <code>npm run dev</code>, and webhooks sent to its inbox. It updates by itself.</p>
      {outbox.error ? <ErrorMessage error={outbox.error} /> : null}
      <h2>Email and SMS</h2>
      {messages.length === 0 ? (
        <EmptyState title="Nothing sent yet.">
          <Link to="/remind">Remind yourself of something</Link> a minute from now.
        </EmptyState>
      ) : (
        <table className="table outbox-table">
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Channel</th>
              <th scope="col">To</th>
              <th scope="col">Message</th>
              <th scope="col">Task</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m, i) => (
              <tr key={`${m.receivedAt}-${i}`}>
                <td>{dateTime(m.receivedAt, timezone)}</td>
                <td><span className="badge badge-channel">{m.channel}</span></td>
                <td>{m.to}</td>
                <td>
                  {m.subject ? <strong>{m.subject}</strong> : null}
                  <pre className="outbox-text">{m.text}</pre>
                </td>
                <td>{m.taskId ? <Link to={`/tasks/${m.taskId}`}>{m.taskId}</Link> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Webhook inbox</h2>
      {deliveries.length === 0 ? (
        <EmptyState title="No webhook has come in yet.">Point a task's URL at the inbox address <code>npm run dev</code> printed.</EmptyState>
      ) : (
        <table className="table outbox-table">
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Request</th>
              <th scope="col">Signature</th>
              <th scope="col">Body</th>
              <th scope="col">Task</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d, i) => (
              <tr key={`${d.receivedAt}-${i}`}>
                <td>{dateTime(d.receivedAt, timezone)}</td>
                <td><code>{d.method} {d.path}</code></td>
                <td>
                  <span className={`badge ${d.signatureValid ? 'badge-success' : 'badge-permanent'}`}>{d.signatureValid ? 'valid' : 'invalid'}</span>
                </td>
                <td><pre className="outbox-text">{d.body}</pre></td>
                <td>{d.taskId ? <Link to={`/tasks/${d.taskId}`}>{d.taskId}</Link> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
