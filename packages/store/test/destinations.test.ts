import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '@later/system/testing';
import {
  createPool,
  enableDestination,
  inTransaction,
  insertTasks,
  listDisabledDestinations,
  migrate,
  recordDestinationOutcomes,
  reserveTaskIds,
  type AttemptRecord,
  type Pool,
} from '../src/index.js';

const alice = '00000000-0000-4000-8000-00000000000a';
const bob = '00000000-0000-4000-8000-00000000000b';
const url = 'https://hooks.example.com/later';
const stretchMs = 10_000;

describe('destinations that keep failing, on a real Postgres', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await testDatabase();
    pool = createPool(db.url, (err) => console.error(err));
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const task = async (ownerId: string, channel = 'webhook') => {
    const [id] = await reserveTaskIds(pool, 1);
    const [row] = await insertTasks(pool, [
      {
        id: id!,
        ownerId,
        channel,
        target: channel === 'webhook' ? { url } : { to: 'ada@example.com', subject: 's', text: 't' },
        targetHost: 'hooks.example.com',
        dueAt: new Date(),
        shard: 0,
        priority: 'medium' as const,
        position: 'back' as const,
        deadline: null,
        taskKey: null,
        stream: null,
        maxAttempts: 100,
        timeoutMs: 1000,
        retry: { backoff: 'exponential' as const, baseMs: 1000, maxMs: 10_000, jitter: 0.5 },
        scheduleId: null,
        expiresAt: null,
        callbackUrl: null,
        callbackFor: null,
        callbackAttempt: null,
      },
    ]);
    return row!.id;
  };
  let n = 0;
  const attempt = (taskId: string, outcome: AttemptRecord['outcome'], finishedAt: number): AttemptRecord => ({
    taskId,
    n: ++n,
    dueAt: null,
    claimedAt: null,
    startedAt: finishedAt - 10,
    finishedAt,
    outcome,
    httpStatus: outcome === 'success' ? 200 : 503,
    error: outcome === 'success' ? null : `HTTP 503 at ${finishedAt}`,
  });
  const record = (attempts: AttemptRecord[]) =>
    inTransaction(pool, (client) => recordDestinationOutcomes(client, attempts, stretchMs));
  const disabledUrls = async (ownerId: string) => (await listDisabledDestinations(pool, ownerId)).map((d) => d.url);

  it('disables a URL once every attempt failed for the stretch, for that account only, and a success before then starts it over', async () => {
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    const mine = await task(alice);
    const theirs = await task(bob);
    expect(await record([attempt(mine, 'retryable', t0), attempt(theirs, 'retryable', t0)])).toEqual([]);
    // A success ends the stretch; the next failure starts a new one.
    expect(await record([attempt(mine, 'success', t0 + 5000), attempt(mine, 'permanent', t0 + 6000)])).toEqual([]);
    expect(await record([attempt(mine, 'retryable', t0 + stretchMs + 1000)])).toEqual([]);
    // A lost attempt is the sender's failing, not the destination's: it neither extends nor ends.
    expect(await record([attempt(mine, 'lost', t0 + 2 * stretchMs)])).toEqual([]);
    const disabled = await record([
      attempt(mine, 'retryable', t0 + 6000 + stretchMs),
      attempt(theirs, 'success', t0 + 6000 + stretchMs),
    ]);
    expect(disabled.map((d) => [d.ownerId, d.url, d.failingSince.getTime(), d.lastError])).toEqual([
      [alice, url, t0 + 6000, `HTTP 503 at ${t0 + 6000 + stretchMs}`],
    ]);
    expect(await disabledUrls(alice)).toEqual([url]);
    expect(await disabledUrls(bob)).toEqual([]);

    // Disabled once: a batch written again, or a late success, changes nothing.
    expect(await record([attempt(mine, 'retryable', t0 + 3 * stretchMs)])).toEqual([]);
    expect(await record([attempt(mine, 'success', t0 + 4 * stretchMs)])).toEqual([]);
    expect(await disabledUrls(alice)).toEqual([url]);

    // Enabling starts it over, and only the owner's URL can be enabled.
    expect(await inTransaction(pool, (client) => enableDestination(client, bob, url))).toBe(false);
    expect(await inTransaction(pool, (client) => enableDestination(client, alice, url))).toBe(true);
    expect(await inTransaction(pool, (client) => enableDestination(client, alice, url))).toBe(false);
    expect(await disabledUrls(alice)).toEqual([]);
    expect(await record([attempt(mine, 'retryable', t0 + 5 * stretchMs)])).toEqual([]);
  });

  it('counts webhook URLs only: an email that keeps failing disables nothing', async () => {
    const t0 = Date.parse('2026-12-02T00:00:00Z');
    const mail = await task(alice, 'email');
    expect(await record([attempt(mail, 'retryable', t0), attempt(mail, 'retryable', t0 + 2 * stretchMs)])).toEqual([]);
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM destination_failures WHERE owner_id = $1 AND disabled_at IS NULL',
      [alice],
    );
    expect(rows[0].n).toBe(1); // the webhook's stretch from the test above, not the email's
  });
});
