import { readProcessUsage, type Stack } from '@later/system';
import type { BenchEnvironment } from './environment.js';
import { usedMemory } from './measure.js';

/** The Postgres tables whose size the soak follows: each holds rows written per task. */
export const soakTables = ['tasks', 'attempts', 'task_events', 'idempotent_requests'] as const;

/** What the soak's processes had used at one moment. */
export interface UsageSample {
  at: number;
  /** Tasks created so far. */
  created: number;
  /** CPU seconds used so far, by part, by process id. */
  cpu: Map<string, Map<number, number>>;
  /** Resident set size now by part (MB); Postgres' backends are left out (their RSS counts shared buffers). */
  rssMb: Map<string, number>;
  redisUsedMb: number;
  /** pg_total_relation_size of each of `soakTables` (MB). */
  tableMb: Record<string, number>;
}

/**
 * The processes of a soak by part: the frontend, each scheduler, each sender, Redis, the Postgres
 * backends serving the bench's database (not Postgres' background writers, which serve every
 * database) and the bench itself (the client creating the tasks and the receivers taking them).
 */
async function pidsByPart(stack: Stack, env: BenchEnvironment): Promise<[string, (number | undefined)[]][]> {
  const { rows: backends } = await env.pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  return [
    ['frontend', [stack.frontend.process.pid]],
    ...stack.schedulers.map((s, i): [string, (number | undefined)[]] => [`scheduler ${i + 1}`, [s.process.pid]]),
    ...stack.senders.map((s, i): [string, (number | undefined)[]] => [`sender ${i + 1}`, [s.process.pid]]),
    ['redis', [env.redisServer.process.pid]],
    ['postgres', backends.map((row) => row.pid)],
    ['bench', [process.pid]],
  ];
}

/** Reads every part's CPU and RSS from /proc, Redis' used_memory and the tables' sizes. */
export async function sampleUsage(stack: Stack, env: BenchEnvironment, created: number): Promise<UsageSample> {
  const cpu = new Map<string, Map<number, number>>();
  const rssMb = new Map<string, number>();
  for (const [part, pids] of await pidsByPart(stack, env)) {
    const byPid = new Map<number, number>();
    let rssKb = 0;
    for (const pid of pids) {
      // A backend that closed since it was listed has no /proc entry: it is left out.
      const usage = pid === undefined ? undefined : readProcessUsage(pid);
      if (!usage) continue;
      byPid.set(pid!, usage.cpuSeconds);
      rssKb += usage.rssKb;
    }
    cpu.set(part, byPid);
    if (part !== 'postgres') rssMb.set(part, rssKb / 1024);
  }
  const { rows: sizes } = await env.pool.query<{ name: string; bytes: string }>(
    'SELECT name, pg_total_relation_size(name::regclass) AS bytes FROM unnest($1::text[]) AS name',
    [soakTables],
  );
  const tableMb = Object.fromEntries(sizes.map((row) => [row.name, Number(row.bytes) / 2 ** 20]));
  return { at: Date.now(), created, cpu, rssMb, redisUsedMb: (await usedMemory(env.redis)) / 2 ** 20, tableMb };
}

/**
 * A part's CPU between two samples per task created between them (us): a process that started
 * between the samples counts whole, one that ended is missed.
 */
export function cpuPerTaskUs(before: UsageSample, after: UsageSample, part: string): number {
  const tasks = after.created - before.created;
  if (tasks <= 0) return NaN;
  let used = 0;
  for (const [pid, cpu] of after.cpu.get(part) ?? []) used += cpu - (before.cpu.get(part)?.get(pid) ?? 0);
  return (used * 1e6) / tasks;
}
