import { egressEnv } from '@later/egress';
import { queueEnv } from '@later/queue';
import { envInt, envPort, parseEnv } from '@later/runtime';
import { z } from 'zod';

/** Every environment variable the sender reads. Exported so deployment checks can list them. */
export const senderEnv = z.object({
  ...queueEnv,
  ...egressEnv,
  PORT: envPort().default(8082),
  HOST: z.string().default('0.0.0.0'),
  CONCURRENCY: envInt(1, 10_000).default(100),
  PER_DESTINATION_CONCURRENCY: envInt(1, 10_000).default(20),
  DESTINATION_BUSY_DELAY_MS: envInt(10, 60_000).default(250),
  /** How long a task of a disabled destination waits in Redis before it is looked at again: at most this late once re-enabled. */
  DISABLED_DESTINATION_DELAY_MS: envInt(10, 3_600_000).default(30_000),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: envPort().default(587),
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('Later <later@localhost>'),
  SMTP_TLS_REJECT_UNAUTHORIZED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  EMAIL_CONCURRENCY: envInt(1, 1000).default(10),
  EMAIL_RATE_PER_SECOND: envInt(1, 10_000).default(10),
  SMS_BASE_URL: z.url().default('https://api.twilio.com'),
  SMS_ACCOUNT_SID: z.string().optional(),
  SMS_AUTH_TOKEN: z.string().optional(),
  SMS_FROM: z.string().optional(),
  SMS_CONCURRENCY: envInt(1, 1000).default(10),
  SMS_RATE_PER_SECOND: envInt(1, 10_000).default(10),
  /** Derives every user's webhook signing keys; the same in schedulers and senders, and kept secret. */
  SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters'),
  LEASE_MARGIN_MS: envInt(0, 600_000).default(15_000),
  MAX_IDLE_MS: envInt(10, 60_000).default(1000),
  REDIRECT_LIMIT: envInt(0, 10).default(3),
  SHUTDOWN_GRACE_MS: envInt(0, 600_000).default(30_000),
  MAX_EVENT_LOOP_DELAY_MS: envInt(10, 60_000).default(250),
  MAX_HEAP_PERCENT: envInt(10, 100).default(90),
  MAX_RSS_MB: envInt(0, 1_048_576).default(0),
});

export type SenderConfig = z.output<typeof senderEnv>;

/**
 * How long the process may take to exit after SIGTERM: the grace for deliveries in flight, then
 * up to 5 s to abort what is left and report it retryable. A supervisor's kill timeout must be
 * at least this (deployment checks read it from here).
 */
export const shutdownDeadlineMs = (config: Pick<SenderConfig, 'SHUTDOWN_GRACE_MS'>): number =>
  config.SHUTDOWN_GRACE_MS + 5000;

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): SenderConfig => parseEnv(senderEnv, env);
