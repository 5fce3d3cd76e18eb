import { createHash } from 'node:crypto';

/**
 * What Redis holds for a task while it is near its time: everything a sender needs to deliver it
 * without asking Postgres, so delivery goes on while Postgres is down. It is stored in the compact
 * form of taskEncoding.ts (Lua reads a few of its fields).
 */
export interface WebhookRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  /** Already serialised; absent for a request without a body. */
  body?: string;
}

export interface RetryBackoff {
  kind: 'fixed' | 'exponential';
  /** Delay before the second attempt (ms); for `exponential` it doubles after each failure. */
  baseMs: number;
  /** Upper bound of any delay (ms). */
  maxMs: number;
  /** Share of each delay drawn at random (0 = exact, 1 = anywhere from 0 to the full delay). */
  jitter: number;
}

export interface EmailDelivery {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface SmsDelivery {
  to: string;
  body: string;
}

/** What is delivered, by channel: exactly one target. */
export type ChannelTarget =
  | { channel: 'webhook'; webhook: WebhookRequest }
  | { channel: 'email'; email: EmailDelivery }
  | { channel: 'sms'; sms: SmsDelivery };

export type QueuedTask = ChannelTarget & QueuedTaskSettings;

export interface QueuedTaskSettings {
  ownerId: string;
  /** Base priority: 0 high, 1 medium, 2 low. Each failed attempt lowers it by one for the retry. */
  priority: 0 | 1 | 2;
  /** When the deadline raises the task to high priority (ms): deadline minus the margin. */
  bumpAt?: number;
  /** Tasks with the same stream key run one at a time (see streamKeyOf). */
  streamKey?: string;
  /** Past this (ms) the task is skipped instead of delivered (catch-up policy `skip`). */
  expiresAt?: number;
  /** Which replay of the task this run is (1 for the first); absent on its first run. Names the run's delivery id. */
  replay?: number;
  maxAttempts: number;
  timeoutMs: number;
  backoff: RetryBackoff;
}

/**
 * A stream's key in Redis: a digest of owner and name, so names are any text, never collide
 * between owners, and keys stay short.
 */
export function streamKeyOf(ownerId: string, stream: string): string {
  return createHash('sha256').update(`${ownerId}\u0000${stream}`).digest('hex').slice(0, 24);
}
