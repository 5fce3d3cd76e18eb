import type { Logger } from '@later/runtime';
import { ownersWithNewEvents, type Pool } from '@later/store';

type Wake = () => void;

/**
 * Long polls for task events wait here, and one poller per process watches for new events on
 * their behalf: one cheap query every `pollMs` while anyone waits, whatever the number of
 * waiting callers, instead of one query per caller. A poll wakes the waiters of every owner with
 * events settled since the last one; a woken waiter reads its events itself.
 *
 * Why not LISTEN/NOTIFY: a NOTIFY takes a lock every notifying transaction must queue for at
 * commit, which the busiest path (history batches, task creation) would pay for; the poll costs
 * one query per process and lets writers stay as they are.
 */
export class EventWaiters {
  private readonly waiting = new Map<string, Set<Wake>>();
  private horizon: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly log: Logger,
    private readonly pollMs: number,
  ) {}

  /**
   * Registers a waiter for `ownerId` before its caller reads, so nothing that settles after the
   * read can be missed: `until` resolves when a poll saw new events of the owner, after
   * `timeoutMs`, on `signal`, or at shutdown. Always `cancel` it.
   */
  register(ownerId: string, signal?: AbortSignal): { until(timeoutMs: number): Promise<void>; cancel(): void } {
    let wake: Wake = () => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const wakes = this.waiting.get(ownerId) ?? new Set<Wake>();
    wakes.add(wake);
    this.waiting.set(ownerId, wakes);
    if (this.stopped) wake();
    signal?.addEventListener('abort', wake, { once: true });
    this.schedulePoll();
    let timer: NodeJS.Timeout | undefined;
    return {
      until: (timeoutMs) =>
        Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, timeoutMs))))]),
      cancel: () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        wakes.delete(wake);
        if (wakes.size === 0 && this.waiting.get(ownerId) === wakes) this.waiting.delete(ownerId);
      },
    };
  }

  get stopping(): boolean {
    return this.stopped;
  }

  /** Wakes every waiter (they answer with what they have) and polls no more. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const wakes of this.waiting.values()) for (const wake of wakes) wake();
  }

  private schedulePoll(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    try {
      if (this.waiting.size === 0) {
        // Nobody waits: stop polling. The next poll starts afresh and wakes everyone once, since
        // events may have settled between that waiter's read and the new horizon.
        this.horizon = null;
        return;
      }
      const { horizon, owners } = await ownersWithNewEvents(this.pool, this.horizon);
      this.horizon = horizon;
      const woken = owners === 'all' ? [...this.waiting.keys()] : owners;
      for (const owner of woken) for (const wake of this.waiting.get(owner) ?? []) wake();
    } catch (err) {
      this.log.warn({ err }, 'looking for new task events failed');
    } finally {
      this.timer = undefined;
      if (this.waiting.size > 0) this.schedulePoll();
    }
  }
}
