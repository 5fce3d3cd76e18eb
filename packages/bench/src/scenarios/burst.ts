import type { BenchEnvironment } from '../environment.js';
import type { ResultRow } from '../report.js';
import { drainBullmq, drainLater, type DrainResult, type Workload } from './drain.js';

const rows = (scenario: string, later: DrainResult, bullmq?: DrainResult): ResultRow[] => [
  {
    scenario,
    metric: 'seconds to drain',
    later: later.drainMs / 1000,
    other: bullmq && bullmq.drainMs / 1000,
    higherIsBetter: false,
  },
  {
    scenario,
    metric: 'items/s',
    later: (later.count * 1000) / later.drainMs,
    other: bullmq && (bullmq.count * 1000) / bullmq.drainMs,
    higherIsBetter: true,
  },
  {
    scenario,
    metric: 'lateness p50 (ms)',
    later: later.lateness.p50,
    other: bullmq?.lateness.p50,
    higherIsBetter: false,
  },
  {
    scenario,
    metric: 'lateness p99 (ms)',
    later: later.lateness.p99,
    other: bullmq?.lateness.p99,
    higherIsBetter: false,
  },
  {
    scenario,
    metric: 'lateness max (ms)',
    later: later.lateness.max,
    other: bullmq?.lateness.max,
    higherIsBetter: false,
  },
];

/** `count` tasks due at the same moment: how fast each drains them, and how late they run. */
export async function burstScenario(env: BenchEnvironment, count: number): Promise<ResultRow[]> {
  // Leave time to queue them all first: BullMQ adds ~20k jobs/s here, Later queues faster.
  const workload: Workload = { count, offsetMs: () => 0, leadMs: 2000 + count / 10 };
  const engine = await drainLater(env, workload, 'engine');
  const webhook = await drainLater(env, workload, 'webhook');
  const bullmq = await drainBullmq(env, workload);
  const name = `burst ${count.toLocaleString('en')}`;
  return [...rows(`${name}, engine path`, engine, bullmq), ...rows(`${name}, webhook path`, webhook, bullmq)];
}

/** `perSecond` tasks due each second for `seconds` s, evenly spread: how late each runs. */
export async function steadyScenario(env: BenchEnvironment, perSecond: number, seconds: number): Promise<ResultRow[]> {
  const count = perSecond * seconds;
  const workload: Workload = { count, offsetMs: (i) => (i * 1000) / perSecond, leadMs: 3000 + count / 10 };
  const engine = await drainLater(env, workload, 'engine');
  const webhook = await drainLater(env, workload, 'webhook');
  const bullmq = await drainBullmq(env, workload);
  const name = `steady ${perSecond.toLocaleString('en')}/s for ${seconds} s`;
  return [engine, webhook].flatMap((later, i) =>
    rows(`${name}, ${i === 0 ? 'engine' : 'webhook'} path`, later, bullmq).filter((row) =>
      row.metric.startsWith('lateness'),
    ),
  );
}
