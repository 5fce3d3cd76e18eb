import type { DeliveryChannel, QueueScripts } from '@later/queue';
import type { Logger } from '@later/runtime';

/** What the sender says about its load: for `/readyz` and the metrics. */
export interface LoadState {
  /** Why the sender takes no new work now (its process is overloaded), or undefined. */
  overload: string | undefined;
  /** Channels whose every slot is busy while more of their work waits. */
  saturated: DeliveryChannel[];
  /** Tasks past their due time and not yet taken, all shards, when last counted (while saturated). */
  overdue: number | undefined;
}

/**
 * Seed 000's warning: when all sender slots are busy and tasks are already overdue, say so, at
 * most once per `intervalMs` (a sender stays saturated for as long as the load lasts, and one
 * line per loop turn would bury everything else). The overdue count is read from Redis only
 * then, so a busy sender pays for it once per interval, an idle one never.
 */
export class OverloadWatch {
  private readonly lastWarned = new Map<string, number>();
  readonly state: LoadState = { overload: undefined, saturated: [], overdue: undefined };

  constructor(
    private readonly scripts: QueueScripts,
    private readonly shards: number[],
    private readonly log: Logger,
    private readonly intervalMs = 10_000,
  ) {}

  /** The process is overloaded: no new work is taken until it recovers. */
  overloaded(reason: string | undefined): void {
    const recovered = this.state.overload !== undefined && reason === undefined;
    this.state.overload = reason;
    if (recovered) this.log.info('process load is back within limits: taking work again');
    else if (reason && this.due('overload'))
      this.log.warn({ reason }, `not taking work while the process is overloaded: ${reason}`);
  }

  /** Every slot of `channels` is busy and more of their work waits (none: not saturated). */
  saturated(channels: DeliveryChannel[]): void {
    this.state.saturated = channels;
    if (channels.length === 0) {
      this.state.overdue = undefined;
      return;
    }
    if (!this.due('saturated')) return;
    void this.scripts.queueDepths(this.shards, Date.now()).then(
      (depths) => {
        const waiting = channels.reduce((sum, channel) => sum + depths.ready[channel] + depths.held[channel], 0);
        this.state.overdue = waiting + depths.dueUnclaimed;
        if (this.state.overdue > 0) {
          this.log.warn(
            {
              channels,
              overdue: this.state.overdue,
              ready: depths.ready,
              held: depths.held,
              dueUnclaimed: depths.dueUnclaimed,
            },
            `every slot for ${channels.join(', ')} is busy and ${this.state.overdue} tasks are past their due time: add senders or raise their concurrency`,
          );
        }
      },
      (err: unknown) => this.log.warn({ err }, 'could not count overdue tasks'),
    );
  }

  private due(kind: string): boolean {
    const now = Date.now();
    if (now - (this.lastWarned.get(kind) ?? -Infinity) < this.intervalMs) return false;
    this.lastWarned.set(kind, now);
    return true;
  }
}
