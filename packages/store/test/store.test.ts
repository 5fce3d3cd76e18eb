import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, waitFor, type TestDatabase } from '@later/system/testing';
import {
  createPool,
  getAttempts,
  getTask,
  insertTasks,
  listTasks,
  inTransaction,
  isDataException,
  isDatabaseUnavailable,
  lockEventShards,
  markCancelled,
  migrate,
  pruneTaskEvents,
  purgeFinishedTasks,
  readTaskEvents,
  type TaskEventRow,
  recordHistory,
  reserveTaskIds,
  taskFields,
  type AttemptRecord,
  type Pool,
  type TaskProgress,
  type TaskTransition,
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
    // Every file of migrations/, each once, in order: three replicas racing apply it once between them.
    const shipped = readdirSync(new URL('../migrations/', import.meta.url))
      .filter((name) => name.endsWith('.sql'))
      .sort();
    expect(shipped.length).toBeGreaterThan(12);
    expect(results.flat()).toEqual(shipped);
    expect(await migrate(pool)).toEqual([]);
  });

  it("keeps every column of tasks in a field of TaskRow, read and written as the column's type", async () => {
    const { rows } = await pool.query<{ column_name: string; udt_name: string }>(
      `SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'tasks'`,
    );
    const table = new Map(rows.map((r) => [r.column_name, r.udt_name]));
    // json_to_recordset's type names as Postgres spells them in the catalogue.
    const catalogueName: Record<string, string> = {
      int: 'int4',
      bigint: 'int8',
      bool: 'bool',
      text: 'text',
      uuid: 'uuid',
      jsonb: 'jsonb',
      timestamptz: 'timestamptz',
    };
    const fields = Object.values(taskFields) as { column: string; sql?: string }[];
    for (const field of fields) {
      expect(table.has(field.column), field.column).toBe(true);
      if (field.sql) expect(catalogueName[field.sql], field.column).toBe(table.get(field.column));
    }
    // pending_key: the key a task holds while it waits, written by the insert from taskKey.
    const notFields = [...table.keys()].filter((column) => !fields.some((field) => field.column === column));
    expect(notFields).toEqual(['pending_key']);
  });

  const newTasks = async (count: number, ownerId = owner, fields: { target?: unknown; taskKey?: string } = {}) => {
    const ids = await reserveTaskIds(pool, count);
    return insertTasks(
      pool,
      ids.map((id) => ({
        id,
        ownerId,
        channel: 'webhook',
        target: fields.target ?? { url: 'http://example.com' },
        targetHost: 'example.com',
        dueAt: new Date(),
        shard: 0,
        priority: 'medium' as const,
        position: 'back' as const,
        taskKey: fields.taskKey,
        maxAttempts: 3,
        timeoutMs: 1000,
        retry: { backoff: 'exponential' as const, baseMs: 1000, maxMs: 10_000, jitter: 0.5 },
      })),
    );
  };

  it('returns each inserted task as Postgres holds it, in the order given, leaving out a callback already made', async () => {
    const inserter = '00000000-0000-4000-8000-000000000004';
    const [parent] = await newTasks(1, inserter);
    // Every field newTasks leaves out holds its `absent` value, in the row returned as in Postgres.
    expect(parent).toEqual(await getTask(pool, inserter, parent!.id));
    const ids = await reserveTaskIds(pool, 3);
    const base = (await getTask(pool, inserter, parent!.id))!;
    const {
      status: _s,
      attemptCount: _a,
      replayFloor: _f,
      replays: _r,
      createdAt: _c,
      updatedAt: _u,
      ...fields
    } = base;
    const rows = await insertTasks(pool, [
      {
        ...fields,
        id: ids[0]!,
        // jsonb orders keys its own way: the row returned must carry the target as stored.
        target: { url: 'http://example.com/a', body: { zebra: 1, ant: [1.5, 'two'] } },
        deadline: new Date('2030-01-01T00:00:00.123Z'),
        expiresAt: new Date('2030-01-02T00:00:00Z'),
        taskKey: 'nightly',
        stream: 'orders',
        scheduleId: null,
        callbackUrl: 'http://example.com/done',
        queued: false,
      },
      { ...fields, id: ids[1]!, callbackFor: parent!.id, callbackAttempt: 1 },
      { ...fields, id: ids[2]!, callbackFor: parent!.id, callbackAttempt: 1, queued: undefined },
    ]);
    expect(rows.map((row) => row.id)).toEqual([ids[0], ids[1]]);
    for (const row of rows) expect(row).toEqual(await getTask(pool, inserter, row.id));
    expect(JSON.stringify(rows[0]!.target)).toBe(JSON.stringify((await getTask(pool, inserter, ids[0]!))!.target));
    expect(await getTask(pool, inserter, ids[2]!)).toBeNull();
  });

  it("pages an owner's tasks newest first and never shows another owner's", async () => {
    const mine = await newTasks(5);
    await newTasks(2, stranger);
    const first = await listTasks(pool, owner, { limit: 3 });
    expect(first.map((t) => t.id)).toEqual(
      mine
        .slice(2)
        .reverse()
        .map((t) => t.id),
    );
    const second = await listTasks(pool, owner, { limit: 3, beforeId: first.at(-1)!.id });
    expect(second.map((t) => t.id)).toEqual(
      mine
        .slice(0, 2)
        .reverse()
        .map((t) => t.id),
    );
    expect(await getTask(pool, stranger, mine[0]!.id)).toBeNull();
  });

  /** One history batch about one task, as the history writer makes it from stream events. */
  const batch = (attempts: AttemptRecord[], progress: TaskProgress[], transitions: TaskTransition[] = []) => ({
    shards: [0],
    attempts,
    progress,
    transitions,
  });
  const start = (taskId: string, n: number, at: number): TaskTransition => ({
    taskId,
    n,
    kind: 'start',
    status: 'running',
    at,
    outcome: null,
    httpStatus: null,
    error: null,
  });
  const finish = (
    taskId: string,
    n: number,
    status: TaskTransition['status'],
    outcome: TaskTransition['outcome'],
    at: number,
  ): TaskTransition => ({
    taskId,
    n,
    kind: 'finish',
    status,
    at,
    outcome,
    httpStatus: outcome === 'success' ? 200 : 503,
    error: outcome === 'success' ? null : 'HTTP 503',
  });
  /**
   * Waits until every transaction committed so far is settled: older than every transaction
   * still running on the server (other test databases' included), so readers see its events.
   */
  const settle = async () => {
    const { rows } = await pool.query<{ mark: string }>('SELECT pg_current_xact_id()::text AS mark');
    await waitFor('earlier transactions to settle', async () => {
      const { rows: now } = await pool.query<{ settled: boolean }>(
        'SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 AS settled',
        [rows[0]!.mark],
      );
      return now[0]!.settled;
    });
  };
  const eventsOf = async (ownerId: string, taskId?: string) => {
    await settle();
    return (await readTaskEvents(pool, ownerId, { xid: '0', seq: '0' }, 1000)).events.filter(
      (e): e is TaskEventRow => e.taskId !== null && (taskId === undefined || e.taskId === taskId),
    );
  };

  it('records history idempotently and moves status only forward, fenced by attempt number', async () => {
    const [task] = await newTasks(1);
    const id = task!.id;
    const start1 = {
      taskId: id,
      n: 1,
      dueAt: 900,
      claimedAt: 950,
      startedAt: 1000,
      finishedAt: null,
      outcome: 'running' as const,
      httpStatus: null,
      error: null,
    };
    // A finish knows neither time: the merge keeps those its start brought.
    const finish1 = {
      ...start1,
      dueAt: null,
      claimedAt: null,
      finishedAt: 1500,
      outcome: 'retryable' as const,
      httpStatus: 503,
    };
    await recordHistory(
      pool,
      batch([start1], [{ taskId: id, n: 1, kind: 'start', status: 'running', nextDueAt: null }]),
    );
    await recordHistory(
      pool,
      batch([finish1], [{ taskId: id, n: 1, kind: 'finish', status: 'retrying', nextDueAt: 9000 }]),
    );
    // The same start again (a writer that died before acknowledging) changes nothing.
    await recordHistory(
      pool,
      batch([start1], [{ taskId: id, n: 1, kind: 'start', status: 'running', nextDueAt: null }]),
    );
    let row = await getTask(pool, owner, id);
    expect(row!.status).toBe('retrying');
    expect(row!.dueAt.getTime()).toBe(9000);
    await recordHistory(
      pool,
      batch(
        [
          {
            taskId: id,
            n: 2,
            dueAt: 9000,
            claimedAt: 9001,
            startedAt: 9002,
            finishedAt: 9100,
            outcome: 'success',
            httpStatus: 200,
            error: null,
          },
        ],
        [{ taskId: id, n: 2, kind: 'finish', status: 'delivered', nextDueAt: null }],
      ),
    );
    // A late report about attempt 1 cannot overwrite attempt 2's result.
    await recordHistory(pool, batch([], [{ taskId: id, n: 1, kind: 'finish', status: 'dead', nextDueAt: null }]));
    row = await getTask(pool, owner, id);
    expect(row!.status).toBe('delivered');
    expect(row!.attemptCount).toBe(2);
    const attempts = await getAttempts(pool, id);
    expect(
      attempts.map((a) => [
        a.n,
        a.outcome,
        a.httpStatus,
        a.dueAt?.getTime(),
        a.claimedAt?.getTime(),
        a.startedAt.getTime(),
      ]),
    ).toEqual([
      [1, 'retryable', 503, 900, 950, 1000],
      [2, 'success', 200, 9000, 9001, 9002],
    ]);
  });

  it('records each task event once, in order, and never one that goes back', async () => {
    const [task] = await newTasks(1);
    const id = task!.id;
    const progressOf = (t: TaskTransition): TaskProgress => ({
      taskId: id,
      n: t.n,
      kind: t.kind,
      status: t.status,
      nextDueAt: null,
    });
    const steps = [start(id, 1, 1000), finish(id, 1, 'retrying', 'retryable', 1100), start(id, 2, 2000)];
    await recordHistory(pool, batch([], [progressOf(steps[2]!)], steps));
    // Written twice (a writer that died before deleting its batch): nothing new.
    await recordHistory(pool, batch([], [progressOf(steps[2]!)], steps));
    // A report about attempt 1 arriving after attempt 2 started is left out, not shown late.
    await recordHistory(pool, batch([], [], [finish(id, 1, 'dead', 'permanent', 1200)]));
    const done = finish(id, 2, 'delivered', 'success', 2100);
    await recordHistory(pool, batch([], [progressOf(done)], [done]));
    // Nothing moves a task out of a final status.
    await recordHistory(pool, batch([], [], [start(id, 3, 3000)]));
    const events = await eventsOf(owner, id);
    expect(events.map((e) => [e.status, e.attempt, e.outcome, e.httpStatus])).toEqual([
      ['scheduled', 0, null, null],
      ['running', 1, null, null],
      ['retrying', 1, 'retryable', 503],
      ['running', 2, null, null],
      ['delivered', 2, 'success', 200],
    ]);
    expect(events[2]!.at.getTime()).toBe(1100);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('hands out events by owner, resumes exactly after an id, and prunes old ones', async () => {
    const [mine] = await newTasks(1);
    const [theirs] = await newTasks(1, stranger);
    // "The present" may still come before events that committed a moment ago (while an older
    // transaction elsewhere on the server was running); settled, they are behind it.
    await settle();
    const { position: present } = await readTaskEvents(pool, owner, null, 10);
    await inTransaction(pool, async (client) => {
      await lockEventShards(client, [0]);
      await markCancelled(client, owner, mine!.id, ['scheduled']);
      await markCancelled(client, stranger, theirs!.id, ['scheduled']);
    });
    await settle();
    const fromPresent = await readTaskEvents(pool, owner, present, 10);
    expect(fromPresent.events.map((e) => [e.taskId, e.taskId === null ? e.type : e.status])).toEqual([
      [mine!.id, 'cancelled'],
    ]);
    const all = await eventsOf(owner);
    const middle = all.findIndex((e) => e.taskId === mine!.id);
    const [xid, seq] = all[middle]!.id.split('-') as [string, string];
    const after = await readTaskEvents(pool, owner, { xid, seq }, 1000);
    expect(after.events.map((e) => e.id)).toEqual(all.slice(middle + 1).map((e) => e.id));
    const strangers = (await eventsOf(stranger)).map((e) => e.taskId);
    expect(strangers).toContain(theirs!.id);
    expect(strangers).not.toContain(mine!.id);

    // Many events of one transaction come in the order they were written (positions compare as numbers, not as text: 99 before 100).
    const { position: beforeMany } = await readTaskEvents(pool, owner, null, 10);
    const many = await newTasks(120);
    await settle();
    const manyEvents = (await readTaskEvents(pool, owner, beforeMany, 1000)).events;
    expect(manyEvents.map((e) => e.taskId)).toEqual(many.map((t) => t.id));

    expect(await pruneTaskEvents(pool, 60_000, 100)).toBe(0);
    expect(await pruneTaskEvents(pool, 0, 1_000_000)).toBeGreaterThan(0);
    expect(await eventsOf(owner)).toEqual([]);
  });

  it('tells a refused value (SQLSTATE class 22: retrying cannot help) from an outage', async () => {
    const refusal = (fields: Parameters<typeof newTasks>[2]) =>
      newTasks(1, owner, fields).then(
        () => undefined,
        (err: unknown) => err,
      );
    const refusals = [
      await refusal({ taskKey: 'a\u0000b' }),
      await refusal({ target: { body: 'a\u0000b' } }),
      await refusal({ target: { body: 'a\ud800b' } }),
    ];
    expect(refusals.map((err) => (err as { code?: string }).code)).toEqual(['22P05', '22P05', '22P02']);
    expect(refusals.every(isDataException)).toBe(true);
    expect(refusals.some(isDatabaseUnavailable)).toBe(false);
    expect(isDataException(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isDataException(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
  });

  it('purges tasks finished longer ago than the retention, with their attempts, in bounded deletes, and nothing else', async () => {
    const retainer = '00000000-0000-4000-8000-000000000003';
    const ids = (await newTasks(5, retainer)).map((task) => task.id);
    const [oldDelivered, oldDead, oldCancelled, oldWaiting, newDelivered] = ids as [
      string,
      string,
      string,
      string,
      string,
    ];
    const attempt = {
      taskId: oldDelivered,
      n: 1,
      dueAt: 900,
      claimedAt: 950,
      startedAt: 1000,
      finishedAt: 1100,
      outcome: 'success' as const,
      httpStatus: 200,
      error: null,
    };
    await recordHistory(
      pool,
      batch([attempt], [{ taskId: oldDelivered, n: 1, kind: 'finish', status: 'delivered', nextDueAt: null }]),
    );
    await pool.query(
      `UPDATE tasks SET status = v.status FROM (VALUES ($1::bigint, 'dead'), ($2::bigint, 'cancelled'), ($3::bigint, 'delivered')) AS v(id, status) WHERE tasks.id = v.id`,
      [oldDead, oldCancelled, newDelivered],
    );
    await pool.query(`UPDATE tasks SET updated_at = now() - interval '2 days' WHERE id = ANY($1::bigint[])`, [
      [oldDelivered, oldDead, oldCancelled, oldWaiting],
    ]);
    expect(await getAttempts(pool, oldDelivered)).toHaveLength(1);

    expect(await purgeFinishedTasks(pool, 86_400_000, 2)).toBe(2);
    expect(await purgeFinishedTasks(pool, 86_400_000, 2)).toBe(1);
    expect(await purgeFinishedTasks(pool, 86_400_000, 2)).toBe(0);
    const left = await pool.query<{ id: string }>('SELECT id FROM tasks WHERE owner_id = $1 ORDER BY id', [retainer]);
    expect(left.rows.map((row) => row.id)).toEqual([oldWaiting, newDelivered]);
    expect(await getAttempts(pool, oldDelivered)).toEqual([]);
  });

  it('cancels only from the given statuses', async () => {
    const [task] = await newTasks(1);
    const cancel = (ownerId: string) =>
      inTransaction(pool, (client) => markCancelled(client, ownerId, task!.id, ['scheduled']));
    expect(await cancel(stranger)).toBeNull();
    expect((await cancel(owner))!.status).toBe('cancelled');
    expect(await cancel(owner)).toBeNull();
    expect((await eventsOf(owner, task!.id)).map((e) => e.status)).toEqual(['scheduled', 'cancelled']);
  });
});
