import { randomUUID } from 'node:crypto';
import { QueueScripts } from '@later/queue';
import { benchTask } from '../benchTask.js';
import type { BenchEnvironment } from '../environment.js';
import { queueTasks } from '../laterEngine.js';
import type { ResultRow } from '../report.js';

/** The reference the issue quotes: a bare claim with no priorities, streams or deadlines. */
const bareClaim = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #due > 0 then
  redis.call('ZREM', KEYS[1], unpack(due))
  redis.call('RPUSH', KEYS[2], unpack(due))
end
return #due`;

/** Calls `claim` until it moves nothing; returns items per second. */
async function timeClaims(claim: () => Promise<number>, expected: number): Promise<number> {
  const started = process.hrtime.bigint();
  let moved = 0;
  for (;;) {
    const n = await claim();
    if (n === 0) break;
    moved += n;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (moved !== expected) throw new Error(`claimed ${moved} of ${expected}`);
  return moved / seconds;
}

/**
 * Items per second moved by Later's claimDue script (due set -> ready lists), one shard, one
 * connection, one call after another, by batch size; beside it the bare claim script on the
 * same Redis, the bound any claim script has here.
 */
export async function claimScenario(env: BenchEnvironment, count: number): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const scripts = new QueueScripts(env.redis, 'later');
  const owner = randomUUID();
  for (const batch of [1, 100, 1000]) {
    const n = batch === 1 ? Math.min(count, 20_000) : count;
    await env.flush();
    await queueTasks(
      scripts,
      1,
      Array.from({ length: n }, (_, i) => ({
        id: i + 1,
        dueAt: 1000 + i,
        task: benchTask(owner, 'http://127.0.0.1:9/hook', i),
      })),
    );
    const later = await timeClaims(async () => (await scripts.claimDue(0, batch)).claimed, n);

    await env.flush();
    for (let i = 0; i < n; i += 1000) {
      const args: (string | number)[] = [];
      for (let j = i; j < Math.min(n, i + 1000); j++) args.push(1000 + j, String(j + 1));
      await env.redis.zadd('bare:due', ...args);
    }
    const bare = await timeClaims(
      async () => Number(await env.redis.eval(bareClaim, 2, 'bare:due', 'bare:ready', Date.now(), batch)),
      n,
    );
    rows.push({
      scenario: 'claim',
      metric: `items/s at batch ${batch}`,
      later,
      other: bare,
      versus: 'bare Lua claim',
      higherIsBetter: true,
    });
  }
  return rows;
}
