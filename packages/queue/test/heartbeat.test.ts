import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testRedis, waitFor, type TestRedis } from '@later/system/testing';
import { Heartbeat } from '../src/heartbeat.js';
import { replicasKey } from '../src/keys.js';
import { QueueScripts } from '../src/scripts.js';

describe('replica heartbeats on a real Redis', () => {
  let t: TestRedis;
  let q: QueueScripts;

  beforeEach(async () => {
    t = await testRedis();
    q = new QueueScripts(t.redis, t.prefix);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('counts an instance alive while it beats, and gone once its beats are older than the window', async () => {
    const beating = new Heartbeat(q, 'scheduler', 'host-1', 100);
    await beating.start();
    await q.heartbeat('sender', 'host-2', 60_000);
    expect((await q.aliveReplicas(1000)).map((r) => `${r.service}:${r.instance}`).sort()).toEqual([
      'scheduler:host-1',
      'sender:host-2',
    ]);
    // The sender beat once; the scheduler keeps beating.
    await waitFor('the sender to go stale', async () => (await q.aliveReplicas(300)).length === 1, { timeoutMs: 3000 });
    const [alive] = await q.aliveReplicas(300);
    expect(alive).toMatchObject({ service: 'scheduler', instance: 'host-1' });
    expect(alive!.lastSeenMs).toBeLessThan(300);
    await beating.stop();
    expect(await q.aliveReplicas(60_000)).toEqual([
      { service: 'sender', instance: 'host-2', lastSeenMs: expect.any(Number) },
    ]);
  });

  it('forgets instances silent for longer than asked, so crashed ones do not pile up', async () => {
    await q.heartbeat('sender', 'crashed', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await q.heartbeat('sender', 'alive', 10);
    expect(await t.redis.zrange(replicasKey(t.prefix), 0, -1)).toEqual(['sender:alive']);
  });
});
