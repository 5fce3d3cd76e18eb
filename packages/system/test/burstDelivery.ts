import { expect } from 'vitest';
import pg from 'pg';
import { createTaskBurst, percentile, tallyBurst, waitFor, type TestSystem } from '../src/testing/index.js';

/**
 * The foundation's exactly-once check, shared by the tests that run it on different Redis
 * set-ups: `total` webhook tasks due within one second (that starts once every task has surely
 * been accepted) each reach the receiver exactly once, none early, and Postgres, the record of
 * truth, shows every one delivered. `afterCreate` runs while the tasks wait in Redis. Returns
 * what one run measured, for the test to print.
 */
export async function deliverBurstExactlyOnce(
  system: TestSystem,
  total: number,
  afterCreate?: () => Promise<void>,
): Promise<string> {
  const { stack, receiver } = system;
  const second = Math.ceil((Date.now() + 12_000) / 1000) * 1000;
  const createStarted = Date.now();
  const { ownerId, dueAtById } = await createTaskBurst(stack, receiver.url, total, second);
  const createMs = Date.now() - createStarted;
  expect(Date.now()).toBeLessThan(second);
  expect(dueAtById.size).toBe(total);
  await afterCreate?.();

  await waitFor(`${total} deliveries`, () => receiver.received.length >= total, { timeoutMs: 90_000, intervalMs: 100 });
  // Give a duplicate, if any, the chance to arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const { lateness, lastArrivalAt, ...counts } = tallyBurst(receiver.received, dueAtById);
  expect(counts).toEqual({ exactlyOnce: total, missing: 0, duplicated: 0, unknown: 0, early: 0 });

  // Read Postgres itself: the record of truth must agree with what the receiver saw.
  const pool = new pg.Pool({ connectionString: system.db.url, max: 2 });
  try {
    const byStatus = await waitFor(
      'Postgres to show every task delivered',
      async () => {
        const { rows } = await pool.query<{ status: string; n: number }>(
          'SELECT status, count(*)::int AS n FROM tasks WHERE owner_id = $1 GROUP BY status',
          [ownerId],
        );
        const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
        return counts.delivered === total ? counts : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(byStatus).toEqual({ delivered: total });
  } finally {
    await pool.end();
  }

  const drainMs = lastArrivalAt - second;
  return (
    `created in ${createMs} ms; lateness p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms, ` +
    `max ${Math.max(...lateness)} ms; last delivery ${drainMs} ms after the second began`
  );
}
