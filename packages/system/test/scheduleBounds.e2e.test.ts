import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publicApiClient,
  scrapeMetrics,
  startTestSystem,
  waitFor,
  type PublicApiClient,
  type TestSystem,
} from '../src/testing/index.js';

const hour = 3_600_000;

describe('schedules whose runs cannot be made, on real processes', () => {
  let system: TestSystem;
  let db: pg.Client;
  let alice: PublicApiClient;
  let bob: PublicApiClient;

  const task = () => ({ channel: 'webhook', webhook: { url: `${system.receiver.url}/run` } });
  const fieldsOf = (answer: { body: { issues?: { path: string }[] } }) =>
    answer.body.issues?.map((issue) => issue.path);

  beforeAll(async () => {
    system = await startTestSystem({
      shardCount: 2,
      schedulers: 1,
      env: { scheduler: { RECONCILE_INTERVAL_MS: '300' } },
    });
    db = new pg.Client({ connectionString: system.db.url });
    await db.connect();
    alice = system.api;
    await alice.signup('alice@example.com');
    bob = publicApiClient(system.stack.frontendUrl);
    await bob.signup('bob@example.com');
  });
  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  it.each(['P999999Y', 'PT99999999999999999999S'])(
    'refuses every: %s with a 400 naming every, saves nothing, and previews nothing',
    async (every) => {
      const created = await alice.call('POST', '/v1/schedules', { key: 'x', every, task: task() });
      expect(created.status).toBe(400);
      expect(fieldsOf(created)).toEqual(['every']);
      const preview = await alice.call('POST', '/v1/schedules/preview', { every });
      expect(preview.status).toBe(400);
      expect(fieldsOf(preview)).toEqual(['every']);
      const listed = await alice.call('GET', '/v1/schedules');
      expect(listed.status).toBe(200);
      expect(listed.body.schedules).toEqual([]);
    },
  );

  it('refuses a first run more than 5 years ahead with a 400 naming startAt, on create and on a change by key', async () => {
    const startAt = new Date(Date.now() + 6 * 366 * 24 * hour).toISOString();
    const created = await alice.call('POST', '/v1/schedules', { key: 'far', every: 'PT1H', startAt, task: task() });
    expect(created.status).toBe(400);
    expect(fieldsOf(created)).toEqual(['startAt']);

    expect((await alice.call('POST', '/v1/schedules', { key: 'near', every: 'PT1H', task: task() })).status).toBe(201);
    const changed = await alice.call('POST', '/v1/schedules', { key: 'near', every: 'PT1H', startAt, task: task() });
    expect(changed.status).toBe(400);
    expect(fieldsOf(changed)).toEqual(['startAt']);
  });

  it('a schedule made bad in Postgres is still listed, and the reconciler repairs another user\u2019s schedule past it, counting it', async () => {
    const startAt = new Date(Date.now() + hour).toISOString();
    const bad = (await alice.call('POST', '/v1/schedules', { key: 'bad', every: 'PT1H', startAt, task: task() })).body;
    const good = (await bob.call('POST', '/v1/schedules', { key: 'good', every: 'PT1H', startAt, task: task() })).body;
    // As a schedule saved before rules were bounded: its runs after the first cannot be computed.
    // Both occurrences cancelled outside the service, so both schedules need their next run.
    await db.query("UPDATE tasks SET status = 'cancelled' WHERE id = ANY($1::bigint[])", [
      [bad.pendingTaskId, good.pendingTaskId],
    ]);
    await db.query("UPDATE schedules SET every = 'P999999Y', updated_at = now() - interval '1 minute' WHERE id = $1", [
      bad.id,
    ]);
    await db.query("UPDATE schedules SET updated_at = now() - interval '1 minute' WHERE id = $1", [good.id]);

    const listed = await alice.call('GET', '/v1/schedules');
    expect(listed.status).toBe(200);
    expect(listed.body.schedules.find((s: { id: string }) => s.id === bad.id)).toMatchObject({
      every: 'P999999Y',
      nextRunAt: startAt,
      nextRuns: [startAt],
    });

    const repaired = await waitFor('the good schedule to get its next run', async () => {
      const got = (await bob.call('GET', `/v1/schedules/${good.id}`)).body;
      return got.pendingTaskId !== good.pendingTaskId ? got : undefined;
    });
    expect(repaired).toMatchObject({ runs: 2, nextRunAt: new Date(Date.parse(startAt) + hour).toISOString() });
    const failures = await waitFor('the bad schedule to be counted', async () => {
      const value = (await scrapeMetrics(system.stack.schedulers[0]!.url)).value('later_loop_item_failures_total', {
        loop: 'reconciler_schedules',
      });
      return value !== undefined && value > 0 ? value : undefined;
    });
    expect(failures).toBeGreaterThan(0);
    expect((await alice.call('GET', `/v1/schedules/${bad.id}`)).body).toMatchObject({
      runs: 1,
      pendingTaskId: bad.pendingTaskId,
    });
  });
});
