import { randomUUID } from 'node:crypto';
import { EgressPolicy } from '@later/egress';
import { WebhookChannel, type Channel } from '@later/sender/engine';
import { startArrivalReceiver } from '../arrivalReceiver.js';
import { benchTask, bullmqJobData } from '../benchTask.js';
import { addDelayedJobs, bullmqDueAt, startBullmq } from '../bullmqRunner.js';
import type { BenchEnvironment } from '../environment.js';
import { noopChannel, queueTasks, startLaterEngine } from '../laterEngine.js';
import { latenessOf, until, type Lateness } from '../measure.js';

export interface DrainResult {
  /** From the first due time to the last task done (ms). */
  drainMs: number;
  count: number;
  lateness: Lateness;
}

export interface Workload {
  count: number;
  /** Due time of task i, relative to the workload's start (ms). */
  offsetMs: (i: number) => number;
  /** Time to leave for queuing before the first task is due (ms). */
  leadMs: number;
}

export const shardCount = 16;

/**
 * Collects the garbage of queuing a workload before its first task is due (both systems, when
 * the bench runs with --expose-gc, as `npm run bench` does): otherwise the collector copies the
 * queuing's objects in the middle of the measurement, and that pause, the harness's and not the
 * system's, shows as lateness.
 */
function collectQueuingGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
export const concurrency = 100;

/**
 * Later: queues `workload` through queueTasks, lets the real claim loop and sender loop
 * deliver it (noop channel, or webhooks to a local receiver), and times it on Redis' clock.
 */
export async function drainLater(
  env: BenchEnvironment,
  workload: Workload,
  path: 'engine' | 'webhook',
): Promise<DrainResult> {
  await env.flush();
  const lateness: number[] = [];
  const dueById = new Map<string, number>();
  let now = () => Date.now();
  const record = (taskId: string) => lateness.push(now() - dueById.get(taskId)!);
  const receiver = path === 'webhook' ? await startArrivalReceiver(record) : undefined;
  const channel: Channel =
    path === 'webhook' ? new WebhookChannel(new EgressPolicy(['127.0.0.0/8']), 0) : noopChannel(record);
  const engine = await startLaterEngine({
    redisUrl: env.redisServer.url,
    prefix: 'later',
    shardCount,
    channel,
    concurrency,
  });
  now = () => engine.clock.now();
  try {
    const start = engine.clock.now() + workload.leadMs;
    const owner = randomUUID();
    const url = `${receiver?.url ?? 'http://127.0.0.1:9'}/hook`;
    const tasks = Array.from({ length: workload.count }, (_, i) => {
      const id = i + 1;
      dueById.set(String(id), start + workload.offsetMs(i));
      return { id, dueAt: start + workload.offsetMs(i), task: benchTask(owner, url, id) };
    });
    await queueTasks(engine.scripts, shardCount, tasks);
    collectQueuingGarbage();
    if (engine.clock.now() > start)
      throw new Error(`queuing took longer than the ${workload.leadMs} ms lead; raise it`);
    await until(() => engine.delivered() >= workload.count, 600_000, `${workload.count} deliveries`, 2);
    return { drainMs: engine.clock.now() - start, count: workload.count, lateness: latenessOf(lateness) };
  } finally {
    await engine.stop();
    await (channel as { close?: () => Promise<void> }).close?.();
    await receiver?.close();
  }
}

/** BullMQ: the same workload as delayed jobs, a Worker with a noop processor. */
export async function drainBullmq(env: BenchEnvironment, workload: Workload): Promise<DrainResult> {
  await env.flush();
  const lateness: number[] = [];
  const run = await startBullmq(env.redisPort, concurrency, (job) => lateness.push(Date.now() - bullmqDueAt(job)));
  try {
    const start = Date.now() + workload.leadMs;
    await addDelayedJobs(
      run.queue,
      workload.count,
      (i) => bullmqJobData('http://127.0.0.1:9/hook', i),
      (i) => start + workload.offsetMs(i),
    );
    collectQueuingGarbage();
    if (Date.now() > start) throw new Error(`adding jobs took longer than the ${workload.leadMs} ms lead; raise it`);
    await until(() => run.completed() >= workload.count, 600_000, `${workload.count} BullMQ jobs`, 2);
    return { drainMs: Date.now() - start, count: workload.count, lateness: latenessOf(lateness) };
  } finally {
    await run.stop();
  }
}
