import { randomUUID } from 'node:crypto';
import { isDataException } from '@later/store';
import type { CreateTaskInput } from '@later/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpErrorOf } from '../src/http/schedulingErrorAnswer.js';
import { SchedulingError } from '../src/schedulingError.js';
import { CreateBatches } from '../src/tasks/createBatches.js';
import { createTasks } from '../src/tasks/createTasks.js';
import { startTaskDeps, type TaskDepsFixture } from './taskDeps.js';

describe('plain creations sharing transactions, on real Postgres and Redis', () => {
  let fixture: TaskDepsFixture;
  beforeAll(async () => void (fixture = await startTaskDeps()));
  afterAll(() => fixture?.stop());

  const hook = (path: string, body?: unknown): CreateTaskInput => ({
    channel: 'webhook',
    webhook: { url: `https://example.com/${path}`, body },
    delay: 'PT10M',
  });
  const transactionsOf = async (ids: string[]) =>
    (
      await fixture.pool.query<{ n: number }>(
        'SELECT count(DISTINCT xmin::text)::int AS n FROM tasks WHERE id = ANY($1::bigint[])',
        [ids],
      )
    ).rows[0]!.n;
  const targetsOf = async (ids: string[]) =>
    (
      await fixture.pool.query<{ id: string; url: string }>(
        "SELECT id, target->>'url' AS url FROM tasks WHERE id = ANY($1::bigint[])",
        [ids],
      )
    ).rows;
  const queuedInRedis = async (ids: string[]) => {
    const { deps } = fixture;
    const held = await Promise.all(ids.map((id) => deps.scripts.holdsTask(Number(BigInt(id) % 2n), id)));
    return held.filter(Boolean).length;
  };

  it('records requests that arrive while one commits in one transaction, each answered with its own tasks in order', async () => {
    const batches = new CreateBatches(fixture.deps, 1);
    const owners = [randomUUID(), randomUUID()];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, r) =>
        createTasks(fixture.deps, owners[r % 2]!, [hook(`r${r}/a`), hook(`r${r}/b`)], { batches }),
      ),
    );
    const ids = answers.flatMap((answer) => answer.tasks.map((task) => task.id));
    expect(new Set(ids).size).toBe(40);
    const urlOf = new Map((await targetsOf(ids)).map((row) => [row.id, row.url]));
    answers.forEach((answer, r) => {
      expect(answer.tasks.map((task) => urlOf.get(task.id))).toEqual([
        `https://example.com/r${r}/a`,
        `https://example.com/r${r}/b`,
      ]);
      expect(answer.tasks.every((task) => task.status === 'scheduled')).toBe(true);
    });
    const owned = await fixture.pool.query<{ owner_id: string; n: number }>(
      'SELECT owner_id, count(*)::int AS n FROM tasks WHERE id = ANY($1::bigint[]) GROUP BY owner_id',
      [ids],
    );
    expect(Object.fromEntries(owned.rows.map((row) => [row.owner_id, row.n]))).toEqual({
      [owners[0]!]: 20,
      [owners[1]!]: 20,
    });
    // The first request commits alone; the 19 that came meanwhile share the next commit.
    expect(await transactionsOf(ids)).toBe(2);
    expect(await queuedInRedis(ids)).toBe(40);
  });

  it('a value Postgres refuses fails only the request that holds it; the others sharing its transaction are recorded', async () => {
    const batches = new CreateBatches(fixture.deps, 1);
    const owner = randomUUID();
    // Past the API's validation only by being handed in directly: JSON's \u0000 is no jsonb text.
    const refused = hook('refused', { text: 'a\u0000b' });
    const settled = await Promise.allSettled([
      createTasks(fixture.deps, owner, [hook('first')], { batches }),
      ...Array.from({ length: 5 }, (_, r) => createTasks(fixture.deps, owner, [hook(`good-${r}`)], { batches })),
      createTasks(fixture.deps, owner, [refused], { batches }),
    ]);
    const failed = settled.filter((one) => one.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(isDataException((failed[0] as PromiseRejectedResult).reason)).toBe(true);
    expect(settled.at(-1)!.status).toBe('rejected');
    const ids = settled.flatMap((one) => (one.status === 'fulfilled' ? one.value.tasks.map((task) => task.id) : []));
    expect((await targetsOf(ids)).length).toBe(6);
    expect(await queuedInRedis(ids)).toBe(6);
    const all = await fixture.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE owner_id = $1', [
      owner,
    ]);
    expect(all.rows[0]!.n).toBe(6);
  });

  it('a keyed or idempotent request keeps its own transaction', async () => {
    const batches = new CreateBatches(fixture.deps, 1);
    const owner = randomUUID();
    const answers = await Promise.all([
      createTasks(fixture.deps, owner, [hook('plain-1')], { batches }),
      createTasks(fixture.deps, owner, [{ ...hook('keyed'), key: 'k' }], { batches }),
      createTasks(fixture.deps, owner, [hook('idempotent')], { batches, idempotencyKey: 'once' }),
      createTasks(fixture.deps, owner, [hook('plain-2')], { batches }),
      createTasks(fixture.deps, owner, [hook('plain-3')], { batches }),
    ]);
    const ids = answers.map((answer) => answer.tasks[0]!.id);
    // plain-1 alone, plain-2 and plain-3 together, the keyed and the idempotent one each alone.
    expect(await transactionsOf(ids)).toBe(4);
  });

  it('answers 503 to a request no transaction takes in time (Postgres stalled), and records nothing of it', async () => {
    const batches = new CreateBatches(fixture.deps, 1, 1000, 300);
    const locker = await fixture.pool.connect();
    let inFlight: Promise<unknown>;
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE');
      inFlight = createTasks(fixture.deps, randomUUID(), [hook('stalled/first')], { batches });
      const started = Date.now();
      const refused = await createTasks(fixture.deps, randomUUID(), [hook('stalled/second')], { batches }).catch(
        (err: unknown) => err,
      );
      expect(Date.now() - started).toBeLessThan(2000);
      expect(refused).toMatchObject({ code: 'overloaded' });
      expect(httpErrorOf(refused as SchedulingError)).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    // The one in flight was waiting on the lock, not refused: it commits once the lock is gone.
    expect(await inFlight).toMatchObject({ tasks: [{ status: 'scheduled' }] });
    const stored = await fixture.pool.query(
      "SELECT target->>'url' AS url FROM tasks WHERE target->>'url' LIKE '%/stalled/%'",
    );
    expect(stored.rows.map((row) => row.url)).toEqual(['https://example.com/stalled/first']);
  });
});
