/** What the queue's scripts are given and what they answer, as the rest of Later sees it. */

import type { Cluster, Redis } from 'ioredis';
import type { AttemptExcerpt } from './attemptExcerpt.js';
import type { DeliveryChannel } from './keys.js';
import type { QueuedTask } from './queuedTask.js';

export type RedisConnection = Redis | Cluster;

export interface QueueEntry {
  taskId: string;
  dueAt: number;
  task: QueuedTask;
  /** Run before everything already waiting at its priority (`position: front`). */
  front?: boolean;
  /** Attempts already made (a replay or a task restored from Postgres); 0 for a new task. */
  attemptsMade?: number;
}

export interface ClaimResult {
  /** Tasks taken out of the due set: made ready, or held because their channel's ready lists are full. */
  claimed: number;
  /** Tasks left held, waiting for room on a full channel's ready lists. */
  held: number;
  /** Tasks claimed, by channel: made ready (held ones that found room included), or passed to their busy stream's queue. */
  claimedByChannel: Record<DeliveryChannel, number>;
  /** The shard's earliest remaining due time (ms), or null when nothing waits. */
  nextDueAt: number | null;
  /** Redis' clock when the claim ran (ms). */
  redisNow: number;
}

export interface LeasedTask {
  shard: number;
  taskId: string;
  /** Attempt number, and the fencing token every report about this claim must carry. */
  attempt: number;
  task: QueuedTask;
  /** When this attempt was due, and when a claim made it ready (Redis' clock, ms); null if unknown. */
  dueAt: number | null;
  claimedAt: number | null;
}

export type AttemptOutcome = 'success' | 'retryable' | 'permanent';

export interface DeliveryReport {
  taskId: string;
  attempt: number;
  outcome: AttemptOutcome;
  /** How long to wait before trying again (ms), if the outcome is retryable and attempts remain. */
  retryDelayMs: number;
  /** When the attempt began, Redis' clock (ms): the `redisNow` of the take that leased it. */
  startedAt: number;
  httpStatus?: number;
  error?: string;
  /** For a failure: its kind (`http_5xx`, `timeout`, ...), what the error report groups by. */
  errorClass?: string;
  /** What the attempt sent and got back, bounded by the sender. */
  excerpt?: AttemptExcerpt;
}

/** A scheduler or sender process whose heartbeat was seen recently. */
export type ReplicaService = 'scheduler' | 'sender';
export interface AliveReplica {
  service: ReplicaService;
  instance: string;
  /** How long ago its last heartbeat arrived (ms). */
  lastSeenMs: number;
}

/** What waits in Redis, summed over shards (see `QueueScripts.queueDepths`). */
export interface QueueDepths {
  /** Tasks in the ready lists, claimed and waiting for a sender, per channel. */
  ready: Record<DeliveryChannel, number>;
  /** Due tasks held because their channel's ready lists are full, per channel. */
  held: Record<DeliveryChannel, number>;
  /** Tasks parked: due after their minute's promotion (src/parking.ts). */
  parked: number;
  /** Tasks in the due sets whose time has come, not claimed yet. */
  dueUnclaimed: number;
  /** Leases held: tasks a sender is delivering now. */
  leases: number;
  /** Entries of the events streams waiting to be written to Postgres. */
  historyEntries: number;
}

export type AckResult = 'delivered' | 'retrying' | 'dead' | 'stale';
export type CancelResult = 'cancelled' | 'running' | 'finishing' | 'absent';
