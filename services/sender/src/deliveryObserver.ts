import type { AckResult, DeliveryChannel } from '@later/queue';

/**
 * What the loop tells about each delivery as it happens. Called on the delivery path, so it
 * must be cheap and must not throw.
 */
export interface DeliveryObserver {
  /** An attempt through `channel` took `seconds`, whatever its outcome. */
  attempted(channel: DeliveryChannel, seconds: number): void;
  /** A task was taken whose claim came `seconds` after its due time. */
  claimLagged(channel: DeliveryChannel, seconds: number): void;
  /** Redis settled a task: its outcome accepted (or refused as `stale`), or the task handed back untried (`deferred`). */
  settled(channel: DeliveryChannel, outcome: AckResult | 'deferred'): void;
  /** Ready entries of a task format newer than this release reads were left for a newer sender. */
  leftNewerFormat(channel: DeliveryChannel, count: number): void;
}

export interface DeliveryCounters {
  delivered: number;
  retrying: number;
  dead: number;
  stale: number;
  deferred: number;
}
