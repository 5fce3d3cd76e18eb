import { queueEnv } from '@later/queue';
import { envInt, envPort, parseEnv } from '@later/runtime';
import { z } from 'zod';

/** Every environment variable the sender reads. Exported so deployment checks can list them. */
export const senderEnv = z.object({
  ...queueEnv,
  PORT: envPort().default(8082),
  HOST: z.string().default('0.0.0.0'),
  CONCURRENCY: envInt(1, 10_000).default(100),
  LEASE_MARGIN_MS: envInt(0, 600_000).default(15_000),
  MAX_IDLE_MS: envInt(10, 60_000).default(1000),
  SHUTDOWN_GRACE_MS: envInt(0, 600_000).default(30_000),
});

export type SenderConfig = z.output<typeof senderEnv>;

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): SenderConfig => parseEnv(senderEnv, env);
