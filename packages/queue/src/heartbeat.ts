import type { QueueScripts } from './scripts.js';
import type { ReplicaService } from './scriptTypes.js';

/** How often every scheduler and sender says it is alive. */
export const heartbeatIntervalMs = 2000;
/** An instance whose last heartbeat is older than this is counted as gone: three missed beats. */
export const aliveWithinMs = 3 * heartbeatIntervalMs;

/**
 * Tells Redis, every `intervalMs`, that this process is alive, so a dashboard can count the
 * replicas serving it. A beat that fails (Redis down) is simply skipped: the next one, or the
 * staleness of the last, tells the truth. `stop` removes the entry at once.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly scripts: QueueScripts,
    readonly service: ReplicaService,
    readonly instance: string,
    private readonly intervalMs = heartbeatIntervalMs,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.scripts.leave(this.service, this.instance).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    // Entries silent for a minute are dropped, so crashed instances do not pile up forever.
    await this.scripts
      .heartbeat(this.service, this.instance, Math.max(60_000, 10 * this.intervalMs))
      .catch(() => undefined);
  }
}
