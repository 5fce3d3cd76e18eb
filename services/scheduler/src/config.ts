import { egressEnv } from '@later/egress';
import { queueEnv } from '@later/queue';
import { ConfigError, envInt, envPort, parseEnv } from '@later/runtime';
import { defaultStatementTimeoutMs } from '@later/store';
import { z } from 'zod';

/** Every environment variable the scheduler reads. Exported so deployment checks can list them. */
export const schedulerEnv = z.object({
  ...queueEnv,
  ...egressEnv,
  PORT: envPort().default(8081),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** How long a Redis command may go unanswered before it fails (and a request answers 503, or 201 if its task was committed). */
  REDIS_COMMAND_TIMEOUT_MS: envInt(100, 600_000).default(2000),
  /** How long a Postgres statement may run (or wait for a lock) before Postgres cancels it, and a request answers 503. */
  DATABASE_STATEMENT_TIMEOUT_MS: envInt(100, 3_600_000).default(defaultStatementTimeoutMs),
  SCHEDULER_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /** Derives every user's webhook signing keys; the same in schedulers and senders, and kept secret. */
  SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters'),
  CLAIM_BATCH: envInt(1, 5000).default(1000),
  READY_LIMIT: envInt(1, 1_000_000).default(2000),
  HELD_RECHECK_MS: envInt(5, 10_000).default(50),
  MAX_SLEEP_MS: envInt(10, 60_000).default(1000),
  /** How long a shard's due head waits for the replica that owns it before the others claim it; 0: every replica claims every shard at once. */
  TAKEOVER_DELAY_MS: envInt(0, 600_000).default(1000),
  REAP_INTERVAL_MS: envInt(50, 60_000).default(1000),
  HISTORY_BATCH: envInt(1, 10_000).default(1000),
  DEFAULT_MAX_ATTEMPTS: envInt(1, 100).default(5),
  DEFAULT_TIMEOUT_MS: envInt(100, 600_000).default(30_000),
  RETRY_BASE_MS: envInt(1, 3_600_000).default(2000),
  RETRY_MAX_MS: envInt(1, 86_400_000).default(600_000),
  DEADLINE_MARGIN_MS: envInt(0, 86_400_000).default(60_000),
  MISFIRE_GRACE_MS: envInt(1000, 86_400_000).default(60_000),
  RECONCILE_INTERVAL_MS: envInt(100, 3_600_000).default(5000),
  RECONCILE_GRACE_MS: envInt(1000, 86_400_000).default(30_000),
  HORIZON_MS: envInt(1000, 30 * 86_400_000).default(3_600_000),
  HORIZON_INTERVAL_MS: envInt(50, 600_000).default(1000),
  HORIZON_BATCH: envInt(1, 50_000).default(2000),
  /** Schedules one account may have active (paused and ended ones do not count). */
  MAX_ACTIVE_SCHEDULES_PER_ACCOUNT: envInt(1, 10_000_000).default(1000),
  /** The shortest time a schedule may leave between two runs, by `cron` or `every`. */
  MIN_SCHEDULE_INTERVAL_MS: envInt(1000, 86_400_000).default(60_000),
  IDEMPOTENCY_TTL_MS: envInt(60_000, 30 * 86_400_000).default(86_400_000),
  /** How long task events are kept for resuming `GET /v1/events`. */
  EVENT_RETENTION_MS: envInt(1000, 365 * 86_400_000).default(7 * 86_400_000),
  /**
   * How long finished tasks (delivered, dead, cancelled) and their attempts are kept; 0 keeps
   * them forever. At least a day, so the dashboard's and the error report's last 24 h stay whole.
   */
  TASK_RETENTION_MS: envInt(0, 3650 * 86_400_000)
    .default(0)
    .refine((ms) => ms === 0 || ms >= 86_400_000, 'must be 0 (keep forever) or at least 86400000 (a day)'),
  /**
   * How long every attempt to one webhook URL of an account must fail (no success between) before
   * the URL is disabled for that account: its tasks wait until it is enabled again. 5 days, as Svix.
   */
  DESTINATION_DISABLE_AFTER_MS: envInt(100, 365 * 86_400_000).default(5 * 86_400_000),
  /** How often a scheduler with callers waiting for events looks for new ones. */
  EVENT_POLL_MS: envInt(10, 10_000).default(100),
  RANDOM_SEED: envInt(0, 2 ** 32 - 1).optional(),
  SHUTDOWN_GRACE_MS: envInt(0, 600_000).default(10_000),
});

export type SchedulerConfig = z.output<typeof schedulerEnv>;

/**
 * Variables renamed so that one verb names one step (issue 20). Set under an old name alone, a
 * value would otherwise be ignored without a word and the default used: it is refused instead.
 * Both names set is allowed, so one environment serves both releases during a rolling upgrade.
 */
const renamedVariables: Record<string, string> = {
  LOAD_HORIZON_MS: 'HORIZON_MS',
  LOAD_INTERVAL_MS: 'HORIZON_INTERVAL_MS',
  LOAD_BATCH: 'HORIZON_BATCH',
  REQUEUE_GRACE_MS: 'RECONCILE_GRACE_MS',
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): SchedulerConfig {
  const isSet = (name: string) => env[name] !== undefined && env[name] !== '';
  const renamed = Object.entries(renamedVariables).filter(([old, now]) => isSet(old) && !isSet(now));
  if (renamed.length > 0) throw new ConfigError(renamed.map(([old, now]) => `${old}: renamed ${now}`));
  return parseEnv(schedulerEnv, env);
}
