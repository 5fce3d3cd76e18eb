import type { EgressPolicy } from '@later/egress';
import type { QueueScripts } from '@later/queue';
import type { Logger } from '@later/runtime';
import type { Pool } from '@later/store';
import type { SchedulerConfig } from '../config.js';
import type { SchedulerMetrics } from '../metrics.js';
import type { RandomSource } from '../time/randomSource.js';
import type { RedisClock } from '../time/redisClock.js';

/** What the steps of a task's life in the scheduler (plan, record, queue, change, cancel) use. */
export interface TaskDeps {
  pool: Pool;
  scripts: QueueScripts;
  config: SchedulerConfig;
  log: Logger;
  random: RandomSource;
  clock: RedisClock;
  egress: EgressPolicy;
  metrics: SchedulerMetrics;
}
