import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, waitFor, type RedisClusterHandle } from '@later/system';
import { connectRedis, ensureRedisMode, ensureShardCount, redisGeneration } from '../src/connection.js';
import { HistoryStream } from '../src/historyStream.js';
import { allShards, generationKey, readyChannel, wakeChannel } from '../src/keys.js';
import { streamKeyOf } from '../src/queuedTask.js';
import { QueueScripts } from '../src/scripts.js';
import type { RedisConnection } from '../src/scriptTypes.js';
import { readSigningVersions, writeSigningVersions } from '../src/signing.js';
import { queuedTask } from '../src/testing.js';

const shardCount = 24;
const prefix = 'later';

describe('every Redis operation on a real 3-master Redis Cluster', { timeout: 30_000 }, () => {
  let dir: string;
  let cluster: RedisClusterHandle;
  let redis: RedisConnection;
  let subscriber: RedisConnection;
  let q: QueueScripts;
  let history: HistoryStream;

  beforeAll(async () => {
    dir = mkdtempSync(`${tmpdir()}/later-queue-cluster-`);
    cluster = await startRedisCluster({ dir });
    redis = connectRedis(cluster.url, 'queue-cluster-test', () => undefined, true);
    subscriber = redis.duplicate();
    q = new QueueScripts(redis, prefix);
    history = new HistoryStream(redis, prefix);
  }, 30_000);

  afterAll(async () => {
    redis?.disconnect();
    subscriber?.disconnect();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const redisNow = async () => {
    const [s, us] = await redis.time();
    return Number(s) * 1000 + Math.floor(Number(us) / 1000);
  };

  it('runs every script on every shard, with a stream whose waiting set is named inside the script', async () => {
    await ensureRedisMode(redis, true);
    await ensureShardCount(redis, prefix, shardCount);
    expect((await redisGeneration(redis, prefix, allShards(shardCount))).created).toBe(true);
    const wakes: string[] = [];
    const readies: string[] = [];
    subscriber.on('message', (channel: string, message: string) =>
      (channel === wakeChannel(prefix) ? wakes : readies).push(message),
    );
    await subscriber.subscribe(wakeChannel(prefix), readyChannel(prefix));

    const now = await redisNow();
    const stream = streamKeyOf('owner', 'invoices');
    const shards = allShards(shardCount);
    for (const shard of shards) {
      const id = (n: number) => String(shard * 10 + n);
      expect(
        await q.queueTasks(shard, [
          { taskId: id(1), dueAt: now - 3, task: queuedTask({ streamKey: stream }) },
          { taskId: id(2), dueAt: now - 2, task: queuedTask({ streamKey: stream }) },
          { taskId: id(3), dueAt: now - 1, task: queuedTask({ timeoutMs: 1 }) },
          { taskId: id(4), dueAt: now + 60_000, task: queuedTask() },
        ]),
      ).toEqual([true, true, true, true]);
    }
    // The shards' keys really are spread: every master holds some.
    expect((await cluster.keysPerMaster()).every((keys) => keys > 0)).toBe(true);
    const heads = await q.dueHeads(shards);
    expect([...heads.values()].every((head) => head === now - 3)).toBe(true);

    for (const shard of shards) {
      const id = (n: number) => String(shard * 10 + n);
      // The stream's second task waits in `{later:N}:stream:<digest>`, a key the script builds.
      expect(await q.claimDue(shard, 100)).toMatchObject({ claimed: 3, nextDueAt: now + 60_000 });
      const taken = await q.takeReady(shard, 'webhook', 10, 0);
      expect(taken.leased.map((l) => l.taskId).sort()).toEqual([id(1), id(3)]);
      expect(
        await q.ackDeliveries(shard, [
          { taskId: id(1), attempt: 1, outcome: 'success', retryDelayMs: 0, startedAt: now },
        ]),
      ).toEqual(['delivered']);
      // Its stream is free: the second task is ready now.
      const next = await q.takeReady(shard, 'webhook', 10, 60_000);
      expect(next.leased.map((l) => l.taskId)).toEqual([id(2)]);
      expect(await q.deferTask(shard, id(2), 1, 0)).toBe(true);
      expect(await q.cancelTask(shard, id(4))).toBe('cancelled');
    }
    // The lease of each shard's third task (timeout 1 ms, margin 0) has expired by now.
    await waitFor(
      'expired leases to be taken back on every shard',
      async () => {
        const counts = await Promise.all(shards.map((shard) => q.requeueExpired(shard, 100)));
        return counts.reduce((sum, r) => sum + r.requeued, 0) >= shardCount;
      },
      { timeoutMs: 5000 },
    );

    expect(await history.depth(shards)).toBeGreaterThan(0);
    const events = await history.readOldest(shards, 100);
    expect(new Set(events.map((e) => e.shard)).size).toBe(shardCount);
    expect(events.filter((e) => e.kind === 'finish' && e.status === 'delivered')).toHaveLength(shardCount);
    await history.remove(events);
    expect(await history.depth(shards)).toBe(0);
    const forgotten = await Promise.all(
      shards.map((shard) => q.forgetFinished(shard, [{ taskId: String(shard * 10 + 1), attempt: 1 }])),
    );
    expect(forgotten.every((n) => n === 1)).toBe(true);

    // Scripts publish on whichever master runs them; a subscriber on any node hears every one.
    await waitFor('a wake and a ready message from every shard', () => {
      const fromShards = (messages: string[]) => new Set(messages.map((m) => m.split(':')[0])).size;
      return fromShards(wakes) === shardCount && fromShards(readies) === shardCount;
    });
  });

  it('holds what a full channel cannot take, and counts what waits, on every shard', async () => {
    // A key space of its own, so the counts are this test's alone.
    const held = new QueueScripts(redis, 'later-held');
    const now = await redisNow();
    const shards = allShards(shardCount);
    for (const shard of shards) {
      await held.queueTasks(shard, [
        { taskId: String(shard * 10 + 1), dueAt: now - 2, task: queuedTask() },
        { taskId: String(shard * 10 + 2), dueAt: now - 1, task: queuedTask() },
      ]);
    }
    expect(await held.queueDepths(shards, now)).toMatchObject({ dueUnclaimed: 2 * shardCount, held: { webhook: 0 } });
    // The held sets, `{later-held:N}:held:webhook`, are keys the script names itself.
    for (const shard of shards) expect(await held.claimDue(shard, 10, 1)).toMatchObject({ claimed: 2, held: 1 });
    expect(await held.queueDepths(shards, now)).toMatchObject({
      dueUnclaimed: 0,
      ready: { webhook: shardCount },
      held: { webhook: shardCount },
    });
    expect([...(await held.dueHeads(shards)).values()]).toEqual(shards.map(() => now - 1));
  });

  it('parks, cancels and promotes on every shard, with the parking keys the scripts name themselves', async () => {
    // Slots of a second promoted 300 ms ahead, and a key space of its own.
    const parked = new QueueScripts(redis, 'later-parked', { slotMs: 1000, aheadMs: 300, idSpan: 1024 });
    const shards = allShards(shardCount);
    const dueAt = (Math.floor((await redisNow()) / 1000) + 2) * 1000 + 400;
    for (const shard of shards) {
      const id = (n: number) => String(shard * 10 + n);
      await parked.queueTasks(
        shard,
        [1, 2].map((n) => ({ taskId: id(n), dueAt, task: queuedTask() })),
      );
      expect(await parked.cancelTask(shard, id(2))).toBe('cancelled');
    }
    expect(await parked.queueDepths(shards, dueAt)).toMatchObject({ dueUnclaimed: 0, parked: shardCount });
    await waitFor(
      'every shard to deliver its parked task when due, not its cancelled one',
      async () => {
        for (const shard of shards) await parked.claimDue(shard, 100);
        return (await parked.queueDepths(shards, dueAt)).ready.webhook === shardCount;
      },
      { timeoutMs: 8000 },
    );
    for (const shard of shards)
      expect((await parked.takeReady(shard, 'webhook', 10, 60_000)).leased.map((l) => [l.taskId, l.dueAt])).toEqual([
        [String(shard * 10 + 1), dueAt],
      ]);
    expect((await parked.queueDepths(shards, dueAt)).parked).toBe(0);
  });

  it('keeps the meta keys, heartbeats and signing versions on a cluster', async () => {
    await q.heartbeat('scheduler', 'a', 60_000);
    await q.heartbeat('sender', 'b', 60_000);
    expect((await q.aliveReplicas(10_000)).map((r) => `${r.service}:${r.instance}`).sort()).toEqual([
      'scheduler:a',
      'sender:b',
    ]);
    await q.leave('sender', 'b');
    expect((await q.aliveReplicas(10_000)).map((r) => r.instance)).toEqual(['a']);
    await writeSigningVersions(redis, prefix, [['owner-1', { current: 2, next: 3 }]]);
    expect(await readSigningVersions(redis, prefix, 'owner-1')).toEqual({ current: 2, next: 3 });
    await expect(ensureShardCount(redis, prefix, shardCount + 1)).rejects.toThrow(/SHARD_COUNT/);
  });

  it('notices a master that lost its data alone, though the meta keys live on another', async () => {
    const shards = allShards(shardCount);
    const before = await redisGeneration(redis, prefix, shards);
    expect(before.created).toBe(false);
    const nodes = cluster.masters.map((master) => new Redis(master.url));
    try {
      const metaSlot = Number(await redis.cluster('KEYSLOT', generationKey(prefix)));
      const holdsMeta = await Promise.all(nodes.map((node) => node.cluster('COUNTKEYSINSLOT', metaSlot)));
      await nodes[holdsMeta.indexOf(0)]!.flushall();
    } finally {
      for (const node of nodes) node.disconnect();
    }
    const after = await redisGeneration(redis, prefix, shards);
    expect(after.created).toBe(true);
    expect(after.generation).not.toBe(before.generation);
  });

  it('refuses a cluster node reached as a single Redis, and several URLs without REDIS_CLUSTER', async () => {
    const single = new Redis(cluster.masters[0]!.url);
    try {
      await expect(ensureRedisMode(single, false)).rejects.toThrow(/REDIS_CLUSTER=true/);
    } finally {
      single.disconnect();
    }
    expect(() => connectRedis(cluster.url, 'x', () => undefined, false)).toThrow(/REDIS_CLUSTER=true/);
  });
});
