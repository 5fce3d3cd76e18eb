import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { deliveryChannels, readyKey, replicasKey, shardKeys } from '../src/keys.js';
import { loadLuaScripts } from '../src/luaScripts.js';
import { QueueScripts } from '../src/scripts.js';
import { queuedTask } from '../src/testing.js';

const prefix = 'lua-headers';
const shard = 3;

/** The names a script's header gives its keys, in KEYS order: the `KEYS[i] -> name` lines. */
function headerKeyNames(source: string): string[] {
  const header = source.slice(0, source.indexOf(']]'));
  return [...header.matchAll(/^\s*KEYS\[(\d+)\] -> (\S+)/gm)].map(([, position, name], i) => {
    if (Number(position) !== i + 1) throw new Error(`KEYS[${position}] is listed where KEYS[${i + 1}] belongs`);
    return name!;
  });
}

/** Every key QueueScripts may pass, by its name in src/keys.ts. */
function keyNames(): Map<string, string> {
  const keys = shardKeys(prefix, shard);
  const names = new Map(Object.entries(keys).map(([name, key]) => [key, name]));
  for (const channel of deliveryChannels) names.set(readyKey(keys, channel), 'readyKey(channel)');
  names.set(replicasKey(prefix), 'replicasKey');
  return names;
}

/** Where a header's key names and the keys scripts.ts passes disagree, one line per position. */
function keyNameDrift(documented: string[], passed: string[]): string[] {
  const drift: string[] = [];
  for (let i = 0; i < Math.max(documented.length, passed.length); i++) {
    if (documented[i] !== passed[i])
      drift.push(`KEYS[${i + 1}]: header says ${documented[i]}, scripts.ts passes ${passed[i]}`);
  }
  return drift;
}

/** Stands in for ioredis: records the keys each script is called with and replies an empty list. */
class RecordingRedis {
  readonly keysPassed = new Map<string, string[]>();

  defineCommand(name: string, { numberOfKeys }: { numberOfKeys: number }): void {
    (this as unknown as Record<string, unknown>)[name] = async (...args: (string | number)[]) => {
      this.keysPassed.set(name, args.slice(0, numberOfKeys).map(String));
      return [0];
    };
  }
}

/** One call of each script through its QueueScripts method. */
const callEachScript: Record<string, (scripts: QueueScripts) => Promise<unknown>> = {
  queueTasks: (s) => s.queueTasks(shard, [{ taskId: '1', dueAt: 1_000, task: queuedTask() }]),
  claimDue: (s) => s.claimDue(shard, 10),
  takeReady: (s) => s.takeReady(shard, 'email', 10, 1_000),
  ackDeliveries: (s) =>
    s.ackDeliveries(shard, [{ taskId: '1', attempt: 1, outcome: 'success', retryDelayMs: 0, startedAt: 0 }]),
  requeueExpired: (s) => s.requeueExpired(shard, 10),
  cancelTask: (s) => s.cancelTask(shard, '1'),
  deferTask: (s) => s.deferTask(shard, '1', 1, 10),
  forgetFinished: (s) => s.forgetFinished(shard, [{ taskId: '1', attempt: 1 }]),
  heartbeat: (s) => s.heartbeat('scheduler', 'a', 1_000),
  aliveReplicas: (s) => s.aliveReplicas(1_000),
};

async function keysPassedByScripts(): Promise<Map<string, string[]>> {
  const redis = new RecordingRedis();
  const scripts = new QueueScripts(redis as unknown as Redis, prefix);
  for (const call of Object.values(callEachScript)) await call(scripts);
  return redis.keysPassed;
}

describe('Lua scripts', () => {
  const scripts = loadLuaScripts();

  it('are all found and have their includes inlined', () => {
    expect(scripts.map((s) => s.name).sort()).toEqual(Object.keys(callEachScript).sort());
    for (const script of scripts) expect(script.source).not.toMatch(/--@include/);
  });

  it('document exactly the keys their file name promises', () => {
    for (const script of scripts) {
      expect(headerKeyNames(script.source), `${script.name} header`).toHaveLength(script.numberOfKeys);
      expect(script.source, `${script.name} header`).toMatch(/Returns/);
    }
  });

  it('name each key as src/keys.ts names the key scripts.ts passes in that place', async () => {
    const passed = await keysPassedByScripts();
    const names = keyNames();
    for (const script of scripts) {
      const keys = passed.get(script.name) ?? [];
      const passedNames = keys.map((key) => names.get(key) ?? `unknown key ${key}`);
      expect(keyNameDrift(headerKeyNames(script.source), passedNames), script.name).toEqual([]);
    }
  });

  it('are passed keys of one hash tag per call, so each runs on one Redis Cluster slot', async () => {
    for (const [name, keys] of await keysPassedByScripts()) {
      const tags = new Set(keys.map((key) => /\{[^}]*\}/.exec(key)?.[0] ?? 'untagged'));
      expect(tags.size, name).toBe(1);
    }
  });

  it('catch a header that names a key other than the one passed', async () => {
    const takeReady = scripts.find((s) => s.name === 'takeReady')!;
    const planted = takeReady.source.replace('KEYS[2] -> leases', 'KEYS[2] -> due');
    const passed = (await keysPassedByScripts()).get('takeReady')!.map((key) => keyNames().get(key)!);
    expect(keyNameDrift(headerKeyNames(planted), passed)).toEqual([
      'KEYS[2]: header says due, scripts.ts passes leases',
    ]);
  });
});
