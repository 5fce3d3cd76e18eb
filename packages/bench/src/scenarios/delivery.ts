import { startStack } from '@later/system';
import { createTaskBurst, tallyBurst } from '@later/system/testing';
import { idHeader } from '@later/webhook-verify';
import { startArrivalReceiver, type ArrivalReceiver } from '../arrivalReceiver.js';
import { addDelayedJobs, startBullmq } from '../bullmqRunner.js';
import type { BenchEnvironment } from '../environment.js';
import { sleep } from '../measure.js';
import type { ResultRow } from '../report.js';
import { concurrency, shardCount } from './drain.js';
import { untilAllOrStalled } from './scale.js';

/** Destinations (receivers on their own ports): the sender's per-destination cap (20) never binds. */
const destinations = 20;
const schedulers = 3;
/** Later's webhooks per second must reach this multiple of BullMQ's fetching worker's jobs per second. */
const target = 2;
/**
 * Time to create the tasks before they are due: bulk creation runs 10k-30k/s on a quiet machine,
 * but near 1,500/s with this machine shared; only the due moment starts the clock, so a long lead
 * costs the run's length, not its figures.
 */
const leadMs = (count: number) => 5000 + count;

interface Arrival {
  deliveryId: string;
  receivedAt: number;
}

async function startReceivers(arrivals: Arrival[]): Promise<ArrivalReceiver[]> {
  return Promise.all(
    Array.from({ length: destinations }, () =>
      startArrivalReceiver((deliveryId) => arrivals.push({ deliveryId, receivedAt: Date.now() })),
    ),
  );
}

/**
 * Webhook delivery through the whole system, against the fair anchor: `count` webhooks due at the
 * same moment, spread over 20 local receivers. Later: real processes (3 schedulers, one sender,
 * default settings), tasks created through the schedulers' bulk API. BullMQ: delayed jobs and a
 * Worker of the sender's default concurrency (100) whose processor POSTs each job with `fetch`,
 * what a BullMQ user writes to deliver a webhook.
 */
export async function deliveryScenario(env: BenchEnvironment, count: number): Promise<ResultRow[]> {
  const later = await drainStack(env, count);
  const bullmq = await drainFetchingWorker(env, count);
  const scenario = `webhooks ${count.toLocaleString('en')} due at once, ${destinations} destinations`;
  return [
    {
      scenario,
      metric: `webhooks/s, whole system (${schedulers} schedulers, 1 sender) vs a Worker POSTing with fetch`,
      later: (count * 1000) / later,
      other: (count * 1000) / bullmq,
      versus: 'fetch processor',
      higherIsBetter: true,
      target,
    },
    {
      scenario,
      metric: 'seconds to drain',
      later: later / 1000,
      other: bullmq / 1000,
      versus: 'fetch processor',
      higherIsBetter: false,
    },
  ];
}

/** Later: ms from the due time to the last arrival. */
async function drainStack(env: BenchEnvironment, count: number): Promise<number> {
  await env.flush();
  await env.pool.query('TRUNCATE tasks CASCADE');
  const arrivals: Arrival[] = [];
  const receivers = await startReceivers(arrivals);
  const stack = await startStack({
    redisUrl: env.redisServer.url,
    databaseUrl: env.db.url,
    shardCount,
    schedulers,
    senders: 1,
    env: { scheduler: { LOG_LEVEL: 'warn' }, sender: { LOG_LEVEL: 'warn' } },
  });
  try {
    const dueAt = Date.now() + leadMs(count);
    const { dueAtById } = await createTaskBurst(
      stack,
      receivers.map((r) => r.url),
      count,
      dueAt,
      0,
    );
    if (Date.now() > dueAt)
      throw new Error(`creating ${count} tasks took longer than the ${leadMs(count)} ms lead; raise it`);
    await sleep(dueAt - Date.now());
    await untilAllOrStalled(() => arrivals.length, count);
    const tally = tallyBurst(arrivals, dueAtById);
    if (tally.exactlyOnce !== count)
      console.warn(
        `WARNING webhooks: ${tally.exactlyOnce} of ${count} arrived exactly once; ${tally.missing} never, ${tally.duplicated} more than once`,
      );
    return tally.lastArrivalAt - dueAt;
  } finally {
    await stack.stop();
    await Promise.all(receivers.map((r) => r.close()));
  }
}

/** BullMQ: ms from the due time to the last job completed. */
async function drainFetchingWorker(env: BenchEnvironment, count: number): Promise<number> {
  await env.flush();
  const arrivals: Arrival[] = [];
  const receivers = await startReceivers(arrivals);
  const run = await startBullmq(env.redisPort, concurrency, async (job) => {
    const res = await fetch(job.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [idHeader]: job.id! },
      body: JSON.stringify(job.data.body),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`receiver answered ${res.status}`);
  });
  try {
    const start = Date.now() + leadMs(count);
    await addDelayedJobs(
      run.queue,
      count,
      (i) => ({ url: `${receivers[i % destinations]!.url}/hook`, body: { n: i } }),
      () => start,
    );
    if (Date.now() > start) throw new Error(`adding jobs took longer than the ${leadMs(count)} ms lead; raise it`);
    // Waiting for progress before the jobs are due would see none and stop early, as a stall.
    await sleep(start - Date.now());
    await untilAllOrStalled(() => run.completed(), count);
    if (run.completed() !== count)
      console.warn(`WARNING fetch processor: ${run.completed()} of ${count} jobs completed`);
    return Date.now() - start;
  } finally {
    await run.stop();
    await Promise.all(receivers.map((r) => r.close()));
  }
}
