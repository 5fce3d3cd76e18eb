import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type RedisClusterHandle } from '../src/index.js';
import { startTestSystem, waitForShardSplit, type TestSystem } from '../src/testing/index.js';
import { deliverBurstExactlyOnce } from './burstDelivery.js';

// Smaller than the single-Redis run's 20,000: three more redis-servers share the same 2 cores.
const total = 5_000;
// 16 per master, as docs/operations.md advises.
const shardCount = 48;

interface ClaimerSummary {
  claimed: number;
  takenOver: number;
  shards: number[];
}

describe('on a real 3-master Redis Cluster: 3 scheduler replicas and 2 senders, as separate processes', () => {
  let dir: string;
  let cluster: RedisClusterHandle;
  let system: TestSystem;

  beforeAll(async () => {
    dir = mkdtempSync(`${tmpdir()}/later-cluster-`);
    cluster = await startRedisCluster({ dir });
    system = await startTestSystem(
      { schedulers: 3, senders: 2, shardCount },
      { redisUrl: cluster.url, redisCluster: true },
    );
  });

  afterAll(async () => {
    await system?.stop();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers ${total.toLocaleString('en')} tasks due within the same second exactly once each, from shards on every master, each scheduler claiming its share`, async () => {
    const { schedulers } = system.stack;
    // Every replica has seen the other two before the burst, so each claims its own share.
    const owned = await waitForShardSplit(schedulers);
    expect(owned.reduce((a, b) => a + b, 0)).toBe(shardCount);

    let keysPerMaster: number[] = [];
    const measured = await deliverBurstExactlyOnce(system, total, async () => {
      keysPerMaster = await cluster.keysPerMaster();
    });
    // The shards' keys really landed on all three masters.
    expect(keysPerMaster.every((keys) => keys > 0)).toBe(true);

    // A stopping scheduler logs what it claimed: each claimed some, and together every task (a
    // task a sender hands back, its destination busy, waits in the due set and is claimed again).
    await Promise.all(schedulers.map((s) => s.stop()));
    const summaries = schedulers.map((s) => {
      const line = s
        .recentOutput()
        .split('\n')
        .find((l) => l.includes('"due claimer stopped"'));
      expect(line, `${s.label} logged no claim summary`).toBeDefined();
      return JSON.parse(line!) as ClaimerSummary;
    });
    expect(summaries.every((s) => s.claimed > 0 && s.shards.length > 0)).toBe(true);
    const claimedTotal = summaries.reduce((sum, s) => sum + s.claimed, 0);
    expect(claimedTotal).toBeGreaterThanOrEqual(total);

    const claims = summaries
      .map((s, i) => `${schedulers[i]!.label} ${s.claimed} from ${s.shards.length} shards (${s.takenOver} taken over)`)
      .join(', ');
    console.log(
      `[cluster exactly-once] ${total} tasks, ${shardCount} shards on 3 masters (keys per master while waiting: ${keysPerMaster.join(', ')}), ` +
        `3 schedulers, 2 senders: ${measured}; ${claimedTotal} claims: ${claims}`,
    );
  });
});
