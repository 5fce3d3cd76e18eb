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
      const counts = await Promise.all(this.shards.map((shard) => this.scripts.requeueExpired(shard, 1000)));
      const requeued = counts.reduce((a, b) => a + b, 0);
      if (requeued > 0) this.log.warn({ requeued }, 'took back expired leases');
      this.requeuedTotal += requeued;
    } catch (err) {
      this.log.error({ err }, 'reaping expired leases failed');
    }
  }
}
