import type { LeasedTask, QueuedTask } from '@later/queue';

/** What orders tasks waiting for one destination: the one to start next is the least. */
export interface WaitRank {
  /** 0 high, 1 medium, 2 low; a task past its deadline bump counts as high. */
  priority: number;
  /** When the attempt was due (ms); 0 when unknown. */
  dueAt: number;
}

interface Waiter {
  rank: WaitRank;
  /** Arrival order: among equals, first come first served. */
  seq: number;
  admit(slot: boolean): void;
  timer: NodeJS.Timeout;
}

export interface DestinationQueueLimits {
  /** Deliveries in flight to one destination at most. */
  perDestination: number;
  /** Tasks waiting here for one destination at most; more go back to Redis. */
  waitingPerDestination: number;
  /** Tasks waiting here for any destination at most: waiting holds a lease, not a slot. */
  waitingInAll: number;
  /** Longest wait here (ms): a waiting task's lease runs out, so it goes back before that. */
  maxWaitMs: number;
}

function before(a: Waiter, b: Waiter): boolean {
  if (a.rank.priority !== b.rank.priority) return a.rank.priority < b.rank.priority;
  if (a.rank.dueAt !== b.rank.dueAt) return a.rank.dueAt < b.rank.dueAt;
  return a.seq < b.seq;
}

/**
 * Deliveries in flight per destination (a webhook's host, an email's domain): one slow receiver
 * may hold at most `perDestination` of the sender's slots. A task that finds its destination
 * full waits here, ranked, and the slot a delivery frees goes to the best waiting task: so a
 * busy destination's tasks start in priority order (seed 001: high always runs next), which
 * handing every one back to Redis for a fixed delay did not give (whichever came back when a
 * slot freed went out). Waiting is bounded per destination, in all, and in time; past a bound
 * the worst task goes back to Redis (the caller's `handBack`), where nothing is lost.
 */
export class DestinationQueue {
  private readonly inFlight = new Map<string, number>();
  /** Per destination, best first. Short (bounded by waitingPerDestination): a sorted array is enough. */
  private readonly waiters = new Map<string, Waiter[]>();
  private waitingCount = 0;
  private seq = 0;

  constructor(private readonly limits: DestinationQueueLimits) {}

  get waiting(): number {
    return this.waitingCount;
  }

  tryEnter(destination: string): boolean {
    const count = this.inFlight.get(destination) ?? 0;
    if (count >= this.limits.perDestination) return false;
    this.inFlight.set(destination, count + 1);
    return true;
  }

  /**
   * Waits for a slot at a full destination. Resolves true when a freed slot was handed over
   * (the caller holds it and must `leave` after), false when the task should go back to Redis.
   */
  wait(destination: string, rank: WaitRank): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        rank,
        seq: (this.seq += 1),
        admit: resolve,
        timer: setTimeout(() => this.dismiss(destination, waiter), this.limits.maxWaitMs),
      };
      const queue = this.waiters.get(destination) ?? [];
      if (queue.length >= this.limits.waitingPerDestination || this.waitingCount >= this.limits.waitingInAll) {
        const worst = queue[queue.length - 1];
        // Full: the newcomer takes a place only from a worse task of its own destination.
        if (worst === undefined || !before(waiter, worst)) {
          clearTimeout(waiter.timer);
          resolve(false);
          return;
        }
        this.dismiss(destination, worst);
      }
      let at = queue.length;
      while (at > 0 && before(waiter, queue[at - 1]!)) at -= 1;
      queue.splice(at, 0, waiter);
      this.waiters.set(destination, queue);
      this.waitingCount += 1;
    });
  }

  /**
   * A delivery to `destination` is done: its slot goes to the best waiting task (true: the slot
   * stays taken, by that task) or is freed (false).
   */
  leave(destination: string): boolean {
    const next = this.waiters.get(destination)?.[0];
    if (next) {
      this.remove(destination, next);
      next.admit(true);
      return true;
    }
    const count = (this.inFlight.get(destination) ?? 1) - 1;
    if (count <= 0) this.inFlight.delete(destination);
    else this.inFlight.set(destination, count);
    return false;
  }

  /** Every waiting task goes back to Redis (a stopping sender). */
  dismissAll(): void {
    for (const [destination, queue] of this.waiters) for (const waiter of [...queue]) this.dismiss(destination, waiter);
  }

  private dismiss(destination: string, waiter: Waiter): void {
    if (!this.remove(destination, waiter)) return;
    waiter.admit(false);
  }

  private remove(destination: string, waiter: Waiter): boolean {
    const queue = this.waiters.get(destination);
    const at = queue?.indexOf(waiter) ?? -1;
    if (!queue || at < 0) return false;
    queue.splice(at, 1);
    if (queue.length === 0) this.waiters.delete(destination);
    this.waitingCount -= 1;
    clearTimeout(waiter.timer);
    return true;
  }
}

const hostOfUrl = new Map<string, string>();

/** A URL's host, remembered: parsing a URL costs more than the rest of a delivery's bookkeeping. */
function hostOf(url: string): string {
  let host = hostOfUrl.get(url);
  if (host === undefined) {
    host = new URL(url).host;
    if (hostOfUrl.size >= 10_000) hostOfUrl.clear();
    hostOfUrl.set(url, host);
  }
  return host;
}

/** Where a task goes, for the per-destination limit: a webhook's host, an email's domain. */
export function destinationOf(task: QueuedTask): string | undefined {
  if (task.channel === 'webhook') return `webhook:${hostOf(task.webhook.url)}`;
  if (task.channel === 'email') return `email:${task.email.to.split('@').pop()!.toLowerCase()}`;
  return undefined;
}

/** How a task waiting for its destination is ordered: high (or past its deadline bump) first, then by due time. */
export function waitRank(item: LeasedTask, now: number): WaitRank {
  const bumped = item.task.bumpAt !== undefined && item.task.bumpAt <= now;
  return { priority: bumped ? 0 : item.task.priority, dueAt: item.dueAt ?? 0 };
}
