import { Queue, Worker, type Job } from 'bullmq';

export interface BullmqRun {
  queue: Queue;
  /** Jobs the worker completed so far. */
  completed(): number;
  stop(): Promise<void>;
}

/**
 * BullMQ as a TypeScript user would run it: a Queue and an in-process Worker on the bench's
 * redis-server. `onProcess` is the processor: by default a noop; a job completes when it resolves.
 * Completed jobs are removed (BullMQ's cheapest setting; Later keeps its history in a stream).
 */
export async function startBullmq(
  port: number,
  concurrency: number,
  onProcess: (job: Job) => unknown = () => undefined,
): Promise<BullmqRun> {
  const connection = { host: '127.0.0.1', port };
  const queue = new Queue('bench', { connection, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });
  let completed = 0;
  const worker = new Worker(
    'bench',
    async (job) => {
      await onProcess(job);
    },
    { connection, concurrency },
  );
  worker.on('completed', () => completed++);
  await worker.waitUntilReady();
  return {
    queue,
    completed: () => completed,
    async stop() {
      await worker.close();
      await queue.close();
    },
  };
}

/** Adds jobs with addBulk, 1,000 per call, each due at `dueAt(i)` (ms, this process' clock). */
export async function addDelayedJobs(
  queue: Queue,
  count: number,
  data: (i: number) => object,
  dueAt: (i: number) => number,
): Promise<void> {
  for (let offset = 0; offset < count; offset += 1000) {
    const now = Date.now();
    const jobs = Array.from({ length: Math.min(1000, count - offset) }, (_, j) => ({
      name: 'job',
      data: data(offset + j),
      opts: { delay: Math.max(0, dueAt(offset + j) - now), timestamp: now },
    }));
    await queue.addBulk(jobs);
  }
}

/** When a BullMQ job was due: its creation time plus its delay. */
export const bullmqDueAt = (job: Job): number => job.timestamp + (job.opts.delay ?? 0);
