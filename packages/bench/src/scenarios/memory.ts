import { randomUUID } from 'node:crypto';
import { QueueScripts } from '@later/queue';
import { benchTask, bullmqJobData } from '../benchTask.js';
import { addDelayedJobs, startBullmq } from '../bullmqRunner.js';
import type { BenchEnvironment } from '../environment.js';
import { queueTasks } from '../laterEngine.js';
import { usedMemory } from '../measure.js';
import type { ResultRow } from '../report.js';
import { shardCount } from './drain.js';

const url = 'http://127.0.0.1:40123/hook';
const hourMs = 3_600_000;

/**
 * Redis bytes per pending task: used_memory after queuing `count` tasks spread over the next
 * hour (what Redis holds with the default horizon), minus before, divided by `count`;
 * BullMQ the same with delayed jobs carrying the same url and body.
 */
export async function memoryScenario(env: BenchEnvironment, counts: number[]): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const count of counts) {
    await env.flush();
    const scripts = new QueueScripts(env.redis, 'later');
    const owner = randomUUID();
    const start = Date.now() + 60_000;
    const before = await usedMemory(env.redis);
    for (let offset = 0; offset < count; offset += 100_000) {
      const tasks = Array.from({ length: Math.min(100_000, count - offset) }, (_, j) => {
        const id = offset + j + 1;
        return { id, dueAt: start + ((id * 7919) % hourMs), task: benchTask(owner, url, id) };
      });
      await queueTasks(scripts, shardCount, tasks);
    }
    const later = ((await usedMemory(env.redis)) - before) / count;

    await env.flush();
    const run = await startBullmq(env.redisPort, 1);
    await run.queue.waitUntilReady();
    const bullBefore = await usedMemory(env.redis);
    await addDelayedJobs(
      run.queue,
      count,
      (i) => bullmqJobData(url, i + 1),
      (i) => start + (((i + 1) * 7919) % hourMs),
    );
    const bullmq = ((await usedMemory(env.redis)) - bullBefore) / count;
    await run.stop();
    rows.push({
      scenario: 'memory',
      metric: `Redis bytes per pending task, ${count.toLocaleString('en')} pending`,
      later,
      other: bullmq,
      higherIsBetter: false,
    });
  }
  return rows;
}
