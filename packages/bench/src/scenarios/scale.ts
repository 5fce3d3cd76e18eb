import { machineBusySeconds, readProcessUsage, startStack, type Stack } from '@later/system';
import { createTaskBurst, tallyBurst, waitForShardSplit } from '@later/system/testing';
import { startArrivalReceiver } from '../arrivalReceiver.js';
import type { BenchEnvironment } from '../environment.js';
import { latenessOf, sleep } from '../measure.js';
import type { ResultRow } from '../report.js';
import { concurrency, shardCount } from './drain.js';

/** The set-ups compared: 1, 2 and 3 scheduler replicas, each with 1 and 2 senders. */
const setups = [1, 2, 3].flatMap((schedulers) => [1, 2].map((senders) => ({ schedulers, senders })));

/** How long a set-up may go without a delivery before the missing ones are counted as lost. */
const stallMs = 30_000;
/** Time to create the tasks before they are due: at 2,000 a second, well under what bulk creation does here. */
export const leadMs = (count: number) => 3000 + count / 2;

type Setup = (typeof setups)[number];
const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The processes whose CPU each set-up reports, by part. */
const parts = ['receiver', 'schedulers', 'senders', 'redis', 'postgres'] as const;
type Part = (typeof parts)[number];

/**
 * Scaling out: for each set-up, real scheduler and sender processes (started by `startStack`, as
 * the end-to-end tests do, on the bench's redis-server and database, both emptied first) deliver
 * `count` webhook tasks due at the same moment to a receiver in this process: how fast they
 * drain, how late they arrive, whether each arrived exactly once, and where the CPU went meanwhile.
 */
export async function scaleScenario(env: BenchEnvironment, count: number): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const setup of setups) rows.push(...(await drainOn(env, setup, count)));
  return rows;
}

async function drainOn(env: BenchEnvironment, setup: Setup, count: number): Promise<ResultRow[]> {
  await env.flush();
  await env.pool.query('TRUNCATE tasks CASCADE');
  const arrivals: { deliveryId: string; receivedAt: number }[] = [];
  const receiver = await startArrivalReceiver((deliveryId) => arrivals.push({ deliveryId, receivedAt: Date.now() }));
  const stack = await startStack({
    redisUrl: env.redisServer.url,
    databaseUrl: env.db.url,
    shardCount,
    schedulers: setup.schedulers,
    senders: setup.senders,
    env: {
      scheduler: { LOG_LEVEL: 'warn' },
      // The one receiver is one destination: at the default of 20 deliveries in flight per
      // destination, that cap is what would be measured. Each sender may fill all its slots
      // with it, as the in-process webhook path does.
      sender: { LOG_LEVEL: 'warn', CONCURRENCY: String(concurrency), PER_DESTINATION_CONCURRENCY: String(concurrency) },
    },
  });
  try {
    await waitForShardSplit(stack.schedulers);
    const dueAt = Date.now() + leadMs(count);
    const { dueAtById } = await createTaskBurst(stack, receiver.url, count, dueAt, 0);
    if (Date.now() > dueAt)
      throw new Error(`creating ${count} tasks took longer than the ${leadMs(count)} ms lead; raise it`);
    await sleep(dueAt - Date.now());
    const before = await readCpu(stack, env);
    await untilAllOrStalled(() => arrivals.length, count);
    const after = await readCpu(stack, env);
    // Give a duplicate, if any, the chance to arrive before counting.
    await sleep(1000);

    const tally = tallyBurst(arrivals, dueAtById);
    const scenario = `scale ${count.toLocaleString('en')}: ${counted(setup.schedulers, 'scheduler')}, ${counted(setup.senders, 'sender')}`;
    if (tally.exactlyOnce !== count || tally.unknown > 0 || tally.early > 0) {
      console.warn(
        `WARNING ${scenario}: ${tally.exactlyOnce} of ${count} arrived exactly once; ${tally.missing} never, ` +
          `${tally.duplicated} more than once, ${tally.unknown} unknown ids, ${tally.early} early`,
      );
    }
    const drainMs = tally.lastArrivalAt - dueAt;
    const lateness = latenessOf(tally.lateness);
    const row = (metric: string, later: number, higherIsBetter = false): ResultRow => ({
      scenario,
      metric,
      later,
      higherIsBetter,
    });
    return [
      // Apart from the drain: how long the first delivery took, claim and hand-over included.
      row(
        'first arrival (ms)',
        tally.lateness.reduce((first, ms) => Math.min(first, ms), Infinity),
      ),
      row('seconds to drain', drainMs / 1000),
      row('items/s', (tally.lateness.length * 1000) / drainMs, true),
      row('lateness p50 (ms)', lateness.p50),
      row('lateness p99 (ms)', lateness.p99),
      row('received exactly once', tally.exactlyOnce, true),
      ...[...parts, 'machine' as const].map((part) => row(`CPU % ${part}`, cpuPercent(before, after, part))),
    ];
  } finally {
    await stack.stop();
    await receiver.close();
  }
}

interface CpuReading {
  /** When read (ms since the epoch). */
  at: number;
  /** CPU seconds used so far by each process (by id) of each part. */
  byPart: Record<Part, Map<number, number>>;
  /** Every core's busy seconds, whoever's: other users' work too. NaN without /proc. */
  machine: number;
}

/**
 * CPU used so far: by this process (the receiver, and little else while the tasks drain), the
 * schedulers, the senders, the bench's redis-server and the Postgres backends serving the
 * bench's database (not Postgres' own background writers, which serve every database).
 */
async function readCpu(stack: Stack, env: BenchEnvironment): Promise<CpuReading> {
  const { rows } = await env.pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const pids: Record<Part, (number | undefined)[]> = {
    receiver: [process.pid],
    schedulers: stack.schedulers.map((s) => s.process.pid),
    senders: stack.senders.map((s) => s.process.pid),
    redis: [env.redisServer.process.pid],
    postgres: rows.map((row) => row.pid),
  };
  const cpuByPid = (list: (number | undefined)[]) => {
    const cpu = new Map<number, number>();
    for (const pid of list) {
      // A backend that closed since it was listed has no /proc entry: it is left out.
      const usage = pid === undefined ? undefined : readProcessUsage(pid);
      if (usage) cpu.set(pid!, usage.cpuSeconds);
    }
    return cpu;
  };
  return {
    at: Date.now(),
    byPart: Object.fromEntries(parts.map((part) => [part, cpuByPid(pids[part])])) as CpuReading['byPart'],
    machine: machineBusySeconds(),
  };
}

/**
 * A part's CPU between two readings, in % of one core (200 is all of a 2-core machine):
 * a process that started between the readings counts whole, one that ended is missed.
 */
function cpuPercent(before: CpuReading, after: CpuReading, part: Part | 'machine'): number {
  const seconds = (after.at - before.at) / 1000;
  if (Number.isNaN(after.machine)) return NaN;
  if (part === 'machine') return ((after.machine - before.machine) / seconds) * 100;
  let used = 0;
  for (const [pid, cpu] of after.byPart[part]) used += cpu - (before.byPart[part].get(pid) ?? 0);
  return (used / seconds) * 100;
}

/**
 * Waits until `received()` reaches `total`, or has not grown for `stallMs`: a lost task must show
 * in the table, not hang the run. Polls every 20 ms: often enough to end the CPU readings close to
 * the last arrival, seldom enough to leave the CPU to the receiver.
 */
export async function untilAllOrStalled(received: () => number, total: number): Promise<void> {
  let last = received();
  let grewAt = Date.now();
  while (received() < total && Date.now() - grewAt < stallMs) {
    await sleep(20);
    if (received() > last) {
      last = received();
      grewAt = Date.now();
    }
  }
}
