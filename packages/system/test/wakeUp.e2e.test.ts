import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, waitFor, type TestSystem } from '../src/testing/index.js';

/**
 * Every other end-to-end test runs with the default 1 s safety look (MAX_SLEEP_MS, MAX_IDLE_MS),
 * which would hide a broken wake: a task would still run, up to a second late. Here the safety
 * looks come once a minute, so only the pub/sub messages (a scheduler's wake when a task is due
 * sooner than any it knows, a sender's ready message) can make a task run on time.
 */
describe('waking on pub/sub, with the safety looks a minute apart (2 schedulers, 1 sender)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({
      shardCount: 4,
      schedulers: 2,
      env: { scheduler: { MAX_SLEEP_MS: '60000' }, sender: { MAX_IDLE_MS: '60000' } },
    });
    await system.api.signup('wake@example.com');
  });
  afterAll(() => system?.stop());

  const runOnce = async (path: string) => {
    const created = await system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}${path}` },
      delay: 'PT1S',
    });
    expect(created.status).toBe(201);
    const delivery = await waitFor(
      `the delivery to ${path}`,
      () => system.receiver.received.find((r) => r.path === path),
      { timeoutMs: 10_000 },
    );
    return delivery.receivedAt - Date.parse(created.body.dueAt);
  };

  it('runs a task due in a second on time, woken from idle, again and again', async () => {
    // Once the first delivery is done nothing is due anywhere: every scheduler sleeps towards its
    // next look, a minute on, and the sender waits for a ready message.
    const lateness: number[] = [];
    for (let i = 0; i < 5; i++) lateness.push(await runOnce(`/wake-${i}`));
    console.log(`[wake] lateness ${lateness.join(', ')} ms`);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(-5);
    expect(Math.max(...lateness)).toBeLessThan(300);
  });
});
