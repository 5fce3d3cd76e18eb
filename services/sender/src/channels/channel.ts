import type { AttemptExcerpt, AttemptOutcome, QueuedTask } from '@later/queue';
import type { FailureClass } from './failureClass.js';

export interface DeliveryContext {
  taskId: string;
  attempt: number;
  /** Aborted when the sender must give up the attempt (shutdown past its grace). */
  signal: AbortSignal;
  /** The owner's signing secrets: current, and next during a rotation. */
  signingSecrets: string[];
}

export interface DeliveryResult {
  outcome: AttemptOutcome;
  httpStatus?: number;
  error?: string;
  /** For a failure: what kind it was (what the error report groups by). */
  errorClass?: FailureClass;
  /** The receiver asked not to be retried sooner than this (Retry-After). */
  retryAfterMs?: number;
  /** What the attempt sent and got back, bounded and with secrets redacted (excerpt.ts). */
  excerpt?: AttemptExcerpt;
}

/** One way of delivering a task. A channel never throws: every failure is a classified result. */
export interface Channel {
  deliver(task: QueuedTask, context: DeliveryContext): Promise<DeliveryResult>;
}
