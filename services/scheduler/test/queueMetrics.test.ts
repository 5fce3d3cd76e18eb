import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueueScripts } from '@later/queue';
import { createMetricsRegistry } from '@later/runtime';
import { testRedis, type TestRedis } from '@later/system/testing';
import { SchedulerMetrics } from '../src/metrics.js';
import { queuedTask } from '@later/queue/testing';

describe('the queue gauges, read from a real Redis when scraped', () => {
  let t: TestRedis;
  beforeEach(async () => void (t = await testRedis()));
  afterEach(() => t.cleanup());

  it('counts parked tasks: due in an hour, parked; cancelled, gone', async () => {
    const scripts = new QueueScripts(t.redis, t.prefix);
    const metrics = new SchedulerMetrics(createMetricsRegistry());
    metrics.watchQueue(scripts, [0, 1], () => Date.now());
    const parked = async () => (await metrics.registry.getSingleMetric('later_parked_tasks')!.get()).values[0]?.value;
    expect(await parked()).toBe(0);
    const inAnHour = Date.now() + 3_600_000;
    await scripts.queueTasks(0, [
      { taskId: '2', dueAt: inAnHour, task: queuedTask() },
      { taskId: '4', dueAt: inAnHour, task: queuedTask() },
      { taskId: '6', dueAt: Date.now(), task: queuedTask() },
    ]);
    await scripts.queueTasks(1, [{ taskId: '3', dueAt: inAnHour + 60_000, task: queuedTask() }]);
    expect(await parked()).toBe(3);
    expect(await scripts.cancelTask(0, '4')).toBe('cancelled');
    expect(await parked()).toBe(2);
  });
});
