import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '@later/system/testing';
import {
  createPool,
  getAttempts,
  getTask,
  insertTasks,
  listTasks,
  markCancelled,
  migrate,
  recordHistory,
  reserveTaskIds,
  type Pool,
} from '../src/index.js';

const owner = '00000000-0000-4000-8000-000000000001';
const stranger = '00000000-0000-4000-8000-000000000002';

describe('store on a real Postgres', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await testDatabase();
    pool = createPool(db.url, (err) => console.error(err));
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('applies migrations once even when replicas start together', async () => {
    const results = await Promise.all([migrate(pool), migrate(pool), migrate(pool)]);
    expect(results.flat()).toEqual(['0001_init.sql', '0002_scheduling.sql', '0003_signing.sql', '0004_channels.sql', '0005_sessions.sql', '0007_load_horizon.sql']);
    expect(await migrate(pool)).toEqual([]);
  });

  const newTasks = async (count: number, ownerId = owner) => {
    const ids = await reserveTaskIds(pool, count);
    return insertTasks(
      pool,
      ids.map((id) => ({
        id,
        ownerId,
        channel: 'webhook',
        target: { url: 'http://example.com' },
        targetHost: 'example.com',
        dueAt: new Date(),
        shard: 0,
        priority: 'medium' as const,
        position: 'back' as const,
        deadline: null,
        taskKey: null,
        stream: null,
        maxAttempts: 3,
        timeoutMs: 1000,
        retry: { backoff: 'exponential' as const, baseMs: 1000, maxMs: 10_000, jitter: 0.5 },
        scheduleId: null,
        expiresAt: null,
      })),
    );
  };

  it('pages an owner\'s tasks newest first and never shows another owner\'s', async () => {
    const mine = await newTasks(5);
    await newTasks(2, stranger);
    const first = await listTasks(pool, owner, { limit: 3 });
    expect(first.map((t) => t.id)).toEqual(mine.slice(2).reverse().map((t) => t.id));
    const second = await listTasks(pool, owner, { limit: 3, beforeId: first.at(-1)!.id });
    expect(second.map((t) => t.id)).toEqual(mine.slice(0, 2).reverse().map((t) => t.id));
    expect(await getTask(pool, stranger, mine[0]!.id)).toBeNull();
  });

  it('records history idempotently and moves status only forward, fenced by attempt number', async () => {
    const [task] = await newTasks(1);
    const id = task!.id;
    const start1 = { taskId: id, n: 1, startedAt: 1000, finishedAt: null, outcome: 'running' as const, httpStatus: null, error: null };
    const finish1 = { ...start1, finishedAt: 1500, outcome: 'retryable' as const, httpStatus: 503 };
    await recordHistory(pool, [start1], [{ taskId: id, n: 1, kind: 'start', status: 'running', nextDueAt: null }]);
    await recordHistory(pool, [finish1], [{ taskId: id, n: 1, kind: 'finish', status: 'retrying', nextDueAt: 9000 }]);
    // The same start again (a writer that died before acknowledging) changes nothing.
    await recordHistory(pool, [start1], [{ taskId: id, n: 1, kind: 'start', status: 'running', nextDueAt: null }]);
    let row = await getTask(pool, owner, id);
    expect(row!.status).toBe('retrying');
    expect(row!.dueAt.getTime()).toBe(9000);
    await recordHistory(
      pool,
      [{ taskId: id, n: 2, startedAt: 9000, finishedAt: 9100, outcome: 'success', httpStatus: 200, error: null }],
      [{ taskId: id, n: 2, kind: 'finish', status: 'delivered', nextDueAt: null }],
    );
    // A late report about attempt 1 cannot overwrite attempt 2's result.
    await recordHistory(pool, [], [{ taskId: id, n: 1, kind: 'finish', status: 'dead', nextDueAt: null }]);
    row = await getTask(pool, owner, id);
    expect(row!.status).toBe('delivered');
    expect(row!.attemptCount).toBe(2);
    const attempts = await getAttempts(pool, id);
    expect(attempts.map((a) => [a.n, a.outcome, a.httpStatus])).toEqual([
      [1, 'retryable', 503],
      [2, 'success', 200],
    ]);
  });

  it('cancels only from the given statuses', async () => {
    const [task] = await newTasks(1);
    expect(await markCancelled(pool, stranger, task!.id, ['scheduled'])).toBeNull();
    expect((await markCancelled(pool, owner, task!.id, ['scheduled']))!.status).toBe('cancelled');
    expect(await markCancelled(pool, owner, task!.id, ['scheduled'])).toBeNull();
  });
});
