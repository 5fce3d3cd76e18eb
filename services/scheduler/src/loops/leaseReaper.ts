import type { QueueScripts } from '@later/queue';
import type { Logger } from '@later/runtime';
import { Repeater } from './repeater.js';

/**
 * Every `intervalMs`, takes back leases whose sender never reported (it died or stalled): the
 * attempt is recorded as lost and the task retried. Every replica runs it; the script is atomic.
 */
export class LeaseReaper {
  private readonly repeater: Repeater;
  requeuedTotal = 0;
  /** Expired leases left to a newer release: their task is of a format this release does not read. */
  newerFormatTotal = 0;

  constructor(
    private readonly scripts: QueueScripts,
    private readonly log: Logger,
    private readonly shards: number[],
    intervalMs: number,
  ) {
    this.repeater = new Repeater(() => this.reap(), intervalMs);
  }

  start(): void {
    this.repeater.start();
  }

  stop(): Promise<void> {
    return this.repeater.stop();
  }

  async reap(): Promise<void> {
    try {
      const results = await Promise.all(this.shards.map((shard) => this.scripts.requeueExpired(shard, 1000)));
      const requeued = results.reduce((sum, r) => sum + r.requeued, 0);
      const newerFormat = results.reduce((sum, r) => sum + r.newerFormat, 0);
      if (requeued > 0) this.log.warn({ requeued }, 'took back expired leases');
      if (newerFormat > 0) {
        this.log.warn(
          { newerFormat },
          'left expired leases to a newer release: their tasks are of a format this release does not read',
        );
      }
      this.requeuedTotal += requeued;
      this.newerFormatTotal += newerFormat;
    } catch (err) {
      this.log.error({ err }, 'reaping expired leases failed');
    }
  }
}
