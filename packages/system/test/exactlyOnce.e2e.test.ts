import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Stack } from '../src/index.js';
import { createTaskBurst, percentile, startTestSystem, waitFor, type TestSystem, type WebhookReceiver } from '../src/testing/index.js';

const total = 20_000;

describe('3 scheduler replicas and 2 senders, as separate processes', () => {
  let system: TestSystem;
  let stack: Stack;
  let receiver: WebhookReceiver;
  let pool: pg.Pool;

  beforeAll(async () => {
    system = await startTestSystem({ schedulers: 3, senders: 2 });
    ({ stack, receiver } = system);
    pool = new pg.Pool({ connectionString: system.db.url, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await system?.stop();
  });

  it(`delivers ${total.toLocaleString('en')} tasks due within the same second exactly once each`, async () => {
    // Due within one second that starts once every task has surely been accepted.
    const second = Math.ceil((Date.now() + 12_000) / 1000) * 1000;
    const createStarted = Date.now();
    const { ownerId, dueAtById } = await createTaskBurst(stack, receiver.url, total, second);
    const createMs = Date.now() - createStarted;
    expect(Date.now()).toBeLessThan(second);
    expect(dueAtById.size).toBe(total);

    await waitFor(`${total} deliveries`, () => receiver.received.length >= total, { timeoutMs: 90_000, intervalMs: 100 });
    // Give a duplicate, if any, the chance to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const counts = receiver.countById();
    expect(counts.size).toBe(total);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect([...counts.keys()].every((id) => dueAtById.has(id))).toBe(true);
    expect(receiver.received.every((r) => r.receivedAt >= dueAtById.get(r.deliveryId)! - 5)).toBe(true);

    // Read Postgres itself: the record of truth must agree with what the receiver saw.
    const byStatus = await waitFor('Postgres to show every task delivered', async () => {
      const { rows } = await pool.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM tasks WHERE owner_id = $1 GROUP BY status',
        [ownerId],
      );
      const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      return counts.delivered === total ? counts : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250 });
    expect(byStatus).toEqual({ delivered: total });

    const lateness = receiver.received.map((r) => r.receivedAt - dueAtById.get(r.deliveryId)!);
    const drainMs = Math.max(...receiver.received.map((r) => r.receivedAt)) - second;
    console.log(
      `[exactly-once] ${total} tasks, 3 schedulers, 2 senders: created in ${createMs} ms; ` +
        `lateness p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms, max ${Math.max(...lateness)} ms; ` +
        `last delivery ${drainMs} ms after the second began`,
    );
  });
});
