import { envInt, envPort, parseEnv } from '@later/runtime';
import { defaultStatementTimeoutMs } from '@later/store';
import { z } from 'zod';
import { defaultSchedulerTimeoutMs } from './schedulerClient.js';

/** Every environment variable the frontend reads. Exported so deployment checks can list them. */
export const frontendEnv = z.object({
  PORT: envPort().default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** How long a Postgres statement may run (or wait for a lock) before Postgres cancels it, and a request answers 503. */
  DATABASE_STATEMENT_TIMEOUT_MS: envInt(100, 3_600_000).default(defaultStatementTimeoutMs),
  /** One or more scheduler replicas, comma-separated. */
  SCHEDULER_URL: z
    .string()
    .default('http://127.0.0.1:8081')
    .transform((value) =>
      value
        .split(',')
        .map((url) => url.trim())
        .filter((url) => url !== ''),
    )
    .pipe(z.array(z.url()).min(1)),
  SCHEDULER_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /** How long a call to the scheduler may go unanswered before the request answers 503. */
  SCHEDULER_TIMEOUT_MS: envInt(100, 600_000).default(defaultSchedulerTimeoutMs),
  /** How long a verified API key is trusted before its revocation is checked again. */
  KEY_RECHECK_MS: envInt(0, 600_000).default(5000),
  RATE_LIMIT_PER_SECOND: envInt(1, 100_000).default(50),
  RATE_LIMIT_BURST: envInt(1, 100_000).default(100),
  /** Requests per second of one account across all its keys and sessions, so more keys buy no more rate. */
  ACCOUNT_RATE_LIMIT_PER_SECOND: envInt(1, 100_000).default(100),
  ACCOUNT_RATE_LIMIT_BURST: envInt(1, 100_000).default(200),
  /** API keys one account may hold (revoked ones do not count). */
  MAX_API_KEYS_PER_ACCOUNT: envInt(1, 100_000).default(100),
  /** Event streams one account may hold open on one frontend replica. */
  MAX_EVENT_STREAMS_PER_ACCOUNT: envInt(1, 100_000).default(20),
  /** Signups, logins and password changes per minute from one address or IPv6 /64 (a burst of as many, then refilled). */
  LOGIN_ATTEMPTS_PER_MINUTE: envInt(1, 100_000).default(10),
  /** Refused API keys or session cookies (401) per minute from one address or IPv6 /64; past it, 429 before any check. */
  AUTH_FAILURES_PER_MINUTE: envInt(1, 100_000).default(30),
  /** Wrong passwords on one account, from any address, before it has to wait between attempts. */
  LOGIN_FREE_FAILURES: envInt(1, 1000).default(5),
  /** The first wait; each further wrong password doubles it, up to LOGIN_BACKOFF_MAX_MS. */
  LOGIN_BACKOFF_MS: envInt(1, 86_400_000).default(1000),
  LOGIN_BACKOFF_MAX_MS: envInt(1, 86_400_000).default(15 * 60_000),
  SESSION_LIFETIME_MS: envInt(60_000, 365 * 86_400_000).default(30 * 86_400_000),
  /** Mark the session cookie Secure; on wherever the UI is served over https. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Express' `trust proxy`: how many proxies to believe X-Forwarded-For from (0: none). */
  TRUST_PROXY: envInt(0, 10).default(0),
  /** A comment line on every event stream this often, so proxies keep it open. */
  SSE_HEARTBEAT_MS: envInt(100, 300_000).default(15_000),
  SHUTDOWN_GRACE_MS: envInt(0, 600_000).default(10_000),
  /** `npm run dev` only: its local catchers' listing; serves /v1/dev/outbox and /v1/dev/inbox (404 without it). */
  DEV_OUTBOX_URL: z.url().optional(),
});

export type FrontendConfig = z.output<typeof frontendEnv>;

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): FrontendConfig => parseEnv(frontendEnv, env);
