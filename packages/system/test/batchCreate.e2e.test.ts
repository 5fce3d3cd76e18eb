import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publicApiClient,
  startTestSystem,
  waitFor,
  type PublicApiClient,
  type TestSystem,
} from '../src/testing/index.js';

describe('creating many tasks in one call (POST /v1/tasks/batch), on real processes', () => {
  let system: TestSystem;
  let ada: PublicApiClient;
  let bob: PublicApiClient;
  let adaId: string;
  let db: pg.Client;

  const task = (n: number, extra: Record<string, unknown> = {}) => ({
    channel: 'webhook',
    webhook: { url: `${system.receiver.url}/batch`, body: { n } },
    ...extra,
  });
  const tasks = (count: number, extra: Record<string, unknown> = {}) =>
    Array.from({ length: count }, (_, n) => task(n, extra));
  const storedIds = async (ownerId = adaId) =>
    (await db.query<{ id: string }>('SELECT id::text FROM tasks WHERE owner_id = $1 ORDER BY id', [ownerId])).rows.map(
      (r) => r.id,
    );
  /** A new API key of Ada's: its own rate-limit bucket, full. */
  const freshKey = async () =>
    (await ada.call('POST', '/v1/api-keys', { name: `batch ${Math.random()}` })).body.apiKey as string;

  beforeAll(async () => {
    // Per caller: a burst of 100 tasks, refilled at 1/s, so the counting shows; the account's
    // limit stays out of the way.
    system = await startTestSystem({
      shardCount: 2,
      env: {
        frontend: {
          RATE_LIMIT_PER_SECOND: '1',
          RATE_LIMIT_BURST: '100',
          ACCOUNT_RATE_LIMIT_PER_SECOND: '100000',
          ACCOUNT_RATE_LIMIT_BURST: '100000',
        },
      },
    });
    ada = system.api;
    adaId = await ada.signup('ada@example.com');
    bob = publicApiClient(system.stack.frontendUrl);
    await bob.signup('bob@example.com');
    db = new pg.Client({ connectionString: system.db.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  it('refuses the whole batch when one task is bad, naming it by index, and creates nothing', async () => {
    const key = await freshKey();
    const bad: Record<string, unknown>[] = tasks(50);
    bad[37] = { ...task(37), webhook: { url: 'not a url' } };
    const refused = await ada.call('POST', '/v1/tasks/batch', { tasks: bad }, { key });
    expect(refused.status).toBe(400);
    expect(refused.body.issues.map((i: { path: string }) => i.path)).toEqual(['tasks.37.webhook.url']);
    expect(refused.body.error).toMatch(/^tasks\.37\.webhook\.url must be /);

    // What only the scheduler can refuse (a due time past its limit) is named the same way.
    const late = tasks(50);
    late[12] = task(12, { delay: 'P6Y' });
    const refusedLate = await ada.call('POST', '/v1/tasks/batch', { tasks: late }, { key });
    expect(refusedLate.status).toBe(400);
    expect(refusedLate.body.issues.map((i: { path: string }) => i.path)).toEqual(['tasks.12.delay']);

    for (const body of [
      { tasks: [] },
      { tasks: tasks(1001) },
      { tasks: [task(0, { key: 'k' }), task(1, { key: 'k' })] },
      { task: task(0) },
    ]) {
      expect((await ada.call('POST', '/v1/tasks/batch', body, { key })).status).toBe(400);
    }
    expect(await storedIds()).toEqual([]);
  });

  it('creates 1,000 tasks in one call, answers them in request order once committed, and delivers each once', async () => {
    const answer = await ada.call('POST', '/v1/tasks/batch', { tasks: tasks(1000) }, { key: await freshKey() });
    expect(answer.status).toBe(201);
    const ids: string[] = answer.body.tasks.map((t: { id: string }) => t.id);
    expect(answer.body.tasks[0]).toEqual({ id: ids[0], status: 'scheduled', dueAt: expect.any(String) });
    expect(new Set(ids).size).toBe(1000);
    // Committed before the answer: every one is in Postgres, in request order with its body.
    expect(new Set(await storedIds())).toEqual(new Set(ids));
    const { rows } = await db.query<{ id: string; n: number }>(
      "SELECT id::text, (target->'body'->>'n')::int AS n FROM tasks WHERE id = ANY($1::bigint[])",
      [ids],
    );
    expect(rows.map((r) => ids.indexOf(r.id)).sort((a, b) => a - b)).toEqual(
      rows.map((r) => r.n).sort((a, b) => a - b),
    );
    for (const r of rows) expect(ids.indexOf(r.id)).toBe(r.n);

    await waitFor(
      'all 1,000 delivered',
      () => (ids.every((id) => system.receiver.countById().has(id)) ? true : undefined),
      { timeoutMs: 60_000 },
    );
    const counts = system.receiver.countById();
    expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);
  }, 90_000);

  it('answers a repeated Idempotency-Key with the same tasks (200) and creates nothing; another body under it is 422', async () => {
    const key = await freshKey();
    const before = (await storedIds()).length;
    const body = { tasks: tasks(20, { delay: 'P1D' }) };
    const headers = { 'idempotency-key': 'nightly-import-2026-12-07' };
    const first = await ada.call('POST', '/v1/tasks/batch', body, { key, headers });
    expect(first.status).toBe(201);
    const again = await ada.call('POST', '/v1/tasks/batch', body, { key, headers });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await storedIds()).length).toBe(before + 20);

    const other = await ada.call('POST', '/v1/tasks/batch', { tasks: tasks(21, { delay: 'P1D' }) }, { key, headers });
    expect(other.status).toBe(422);
    expect(other.body.issues).toEqual([{ path: 'Idempotency-Key', message: 'was used with a different request' }]);
    // A single create under the batch's key is another request too.
    expect((await ada.call('POST', '/v1/tasks', body.tasks[0], { key, headers })).status).toBe(422);
    // A batch of one under a single create's key likewise.
    const single = { 'idempotency-key': 'one-task' };
    expect((await ada.call('POST', '/v1/tasks', body.tasks[0], { key, headers: single })).status).toBe(201);
    expect(
      (await ada.call('POST', '/v1/tasks/batch', { tasks: [body.tasks[0]] }, { key, headers: single })).status,
    ).toBe(422);
    expect((await storedIds()).length).toBe(before + 21);
  });

  it('keeps one account\u2019s batch from every other account', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const adas = await ada.call(
      'POST',
      '/v1/tasks/batch',
      { tasks: tasks(3, { delay: 'P1D' }) },
      { key: await freshKey(), headers },
    );
    expect(adas.status).toBe(201);
    for (const { id } of adas.body.tasks) {
      expect((await bob.call('GET', `/v1/tasks/${id}`)).status).toBe(404);
      expect((await bob.call('DELETE', `/v1/tasks/${id}`)).status).toBe(404);
    }
    // The same key is Bob's own: it creates his tasks, never answers Ada's.
    const bobs = await bob.call('POST', '/v1/tasks/batch', { tasks: tasks(3, { delay: 'P1D' }) }, { headers });
    expect(bobs.status).toBe(201);
    const bobIds = bobs.body.tasks.map((t: { id: string }) => t.id);
    expect(bobIds.filter((id: string) => adas.body.tasks.some((t: { id: string }) => t.id === id))).toEqual([]);
    expect((await bob.call('GET', '/v1/tasks?limit=100')).body.tasks.map((t: { id: string }) => t.id).sort()).toEqual(
      [...bobIds].sort(),
    );
  });

  it('counts tasks, not requests, against the rate limit; a batch above the burst takes a full bucket and owes the rest', async () => {
    const key = await freshKey();
    const before = (await storedIds()).length;
    expect((await ada.call('POST', '/v1/tasks/batch', { tasks: tasks(60, { delay: 'P1D' }) }, { key })).status).toBe(
      201,
    );
    const over = await ada.call('POST', '/v1/tasks/batch', { tasks: tasks(60, { delay: 'P1D' }) }, { key });
    expect(over.status).toBe(429);
    expect(over.body.error).toMatch(/for this caller/);
    // 39 tokens left once the door took one of this request's 60: 20 short, at 1 a second.
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(19);
    expect((await storedIds()).length).toBe(before + 60);
    // What is left still takes a smaller batch.
    expect((await ada.call('POST', '/v1/tasks/batch', { tasks: tasks(30, { delay: 'P1D' }) }, { key })).status).toBe(
      201,
    );

    const big = await freshKey();
    expect(
      (await ada.call('POST', '/v1/tasks/batch', { tasks: tasks(500, { delay: 'P1D' }) }, { key: big })).status,
    ).toBe(201);
    const owing = await ada.call('POST', '/v1/tasks', task(0, { delay: 'P1D' }), { key: big });
    expect(owing.status).toBe(429);
    expect(Number(owing.headers.get('retry-after'))).toBeGreaterThan(390);
  });
});
