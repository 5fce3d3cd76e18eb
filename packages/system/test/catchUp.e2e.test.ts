import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, waitFor, type TestSystem } from '../src/testing/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('catch-up after every scheduler replica was down for 8 s', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ shardCount: 4, schedulers: 2, env: { scheduler: { MISFIRE_GRACE_MS: '1500' } } });
    await system.api.signup('catchup@example.com');
  });
  afterAll(() => system?.stop());

  it('fireOnce delivers the run that waited, skip none, backfill the last N missed too', async () => {
    const { api, stack, receiver } = system;
    const ids: Record<string, string> = {};
    for (const [name, extra] of [
      ['fireOnce', { catchUp: 'fireOnce' }],
      ['skip', { catchUp: 'skip' }],
      ['backfill', { catchUp: 'backfill', backfillLimit: 2 }],
    ] as const) {
      const created = await api.call('POST', '/v1/schedules', {
        every: 'PT1S',
        ...extra,
        task: { channel: 'webhook', webhook: { url: `${receiver.url}/${name}` } },
      });
      expect(created.status).toBe(201);
      ids[name] = created.body.id;
    }
    await sleep(2500);

    const downAt = Date.now();
    await Promise.all(stack.schedulers.map((s) => s.kill()));
    await sleep(8000);
    await Promise.all([...stack.schedulers].map((s) => stack.respawn(s)));
    // Runs are planned only once a replica is up: every run due before then is a catch-up run.
    const upAt = Date.now();
    await sleep(4000);

    const occurrences = async (scheduleId: string) => {
      const all = (await api.call('GET', '/v1/tasks?limit=100')).body.tasks as { id: string; scheduleId?: string }[];
      const mine = all.filter((t) => t.scheduleId === scheduleId);
      return Promise.all(mine.map(async (t) => (await api.call('GET', `/v1/tasks/${t.id}`)).body));
    };
    // Runs "for" the downtime: their time fell between the crash and the replicas being up again.
    const missedRuns = async (name: string) =>
      (await occurrences(ids[name]!)).filter((t) => Date.parse(t.dueAt) > downAt && Date.parse(t.dueAt) < upAt);

    const fireOnce = await missedRuns('fireOnce');
    expect(fireOnce.map((t) => t.status)).toEqual(['delivered']);

    const skip = await missedRuns('skip');
    expect(skip.map((t) => t.status)).toEqual(['cancelled']);
    expect(skip[0].attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['skipped']);

    // The run that waited, then the last two of the ~8 missed ones; runs after those that were
    // less than the grace late when the replica planned are late, not missed, and run as well.
    const backfill = (await missedRuns('backfill')).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    expect(backfill.every((t) => t.status === 'delivered')).toBe(true);
    const [waited, ...after] = backfill.map((t) => Date.parse(t.dueAt));
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.length).toBeLessThanOrEqual(4);
    expect(after[0]! - waited!).toBeGreaterThanOrEqual(3000);
    after.forEach((slot, i) => i > 0 && expect(slot - after[i - 1]!).toBe(1000));

    // Each goes on at its normal pace afterwards.
    for (const name of ['fireOnce', 'skip', 'backfill']) {
      await waitFor(`${name} to run after the restart`, async () =>
        (await occurrences(ids[name]!)).some((t) => t.status === 'delivered' && Date.parse(t.dueAt) > upAt + 1000),
      );
    }
  });
});
