import { isRedisUnavailable } from '@later/queue';
import type { Logger } from '@later/runtime';
import { isDatabaseUnavailable } from '@later/store';

/** The loops that walk many users' items, by the name the failures metric gives them. */
export const itemLoops = [
  'reconciler_schedules',
  'history_schedules',
  'horizon',
  'reconciler_tasks',
  'rebuild',
] as const;
export type ItemLoop = (typeof itemLoops)[number];

/**
 * Failures of single items in loops over many users' items. One item that fails (a row made bad
 * by hand, a rule that can no longer be computed) is logged with its id and counted, and the loop
 * goes on: it must never stop the work for everyone else.
 */
export class ItemFailures {
  readonly byLoop: Record<ItemLoop, number> = Object.fromEntries(itemLoops.map((loop) => [loop, 0])) as Record<
    ItemLoop,
    number
  >;

  constructor(private readonly log: Logger) {}

  record(loop: ItemLoop, id: string, err: unknown): void {
    this.byLoop[loop] += 1;
    this.log.error({ err, loop, id }, 'one item failed in a loop over many; skipped it, the loop goes on');
  }

  /**
   * Runs `work` for item `id`; a failure is recorded, not thrown. Postgres or Redis not answering
   * is thrown: it is no item's fault, and would fail every item after it too.
   */
  async isolate(loop: ItemLoop, id: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (isDatabaseUnavailable(err) || isRedisUnavailable(err)) throw err;
      this.record(loop, id, err);
    }
  }
}
