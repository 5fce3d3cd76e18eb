import type { QueueScripts } from '@later/queue';
import type { Logger } from '@later/runtime';

/**
 * Every `intervalMs`, takes back leases whose sender never reported (it died or stalled): the
 * attempt is recorded as lost and the task retried. Every replica runs it; the script is atomic.
 */
export class LeaseReaper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  requeuedTotal = 0;

  constructor(
    private readonly scripts: QueueScripts,
    private readonly log: Logger,
    private readonly shards: number[],
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.reap().finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
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
