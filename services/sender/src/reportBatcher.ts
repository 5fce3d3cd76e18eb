import type { AckResult, DeliveryReport, QueueScripts } from '@later/queue';

interface Waiting {
  report: DeliveryReport;
  resolve: (status: AckResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Sends outcomes to Redis in batches: the reports made in one turn of the event loop (a busy
 * sender finishes many deliveries at once) go in one ackDeliveries call per shard instead of a
 * call each, which is most of what a delivery costs Redis and this process. Each report still
 * gets its own status, or the error of its batch.
 */
export class ReportBatcher {
  private pending = new Map<number, Waiting[]>();
  private flushScheduled = false;

  constructor(
    private readonly scripts: QueueScripts,
    private readonly maxBatch = 500,
  ) {}

  report(shard: number, report: DeliveryReport): Promise<AckResult> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(shard) ?? [];
      waiting.push({ report, resolve, reject });
      this.pending.set(shard, waiting);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batches = this.pending;
    this.pending = new Map();
    for (const [shard, waiting] of batches) {
      for (let from = 0; from < waiting.length; from += this.maxBatch) {
        const chunk = waiting.slice(from, from + this.maxBatch);
        this.scripts
          .ackDeliveries(
            shard,
            chunk.map((w) => w.report),
          )
          .then(
            (statuses) => chunk.forEach((w, i) => w.resolve(statuses[i]!)),
            (err: unknown) => chunk.forEach((w) => w.reject(err)),
          );
      }
    }
  }
}
