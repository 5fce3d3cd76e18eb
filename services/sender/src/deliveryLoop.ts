import type { Redis } from 'ioredis';
import { readyChannel, retryDelayMs, type DeliveryReport, type LeasedTask, type QueueScripts } from '@later/queue';
import type { Logger } from '@later/runtime';
import type { Channel, DeliveryResult } from './channels/channel.js';
import type { DeliverySigner } from './deliverySigner.js';

export interface DeliveryLoopOptions {
  shards: number[];
  /** Deliveries in flight at most; the loop takes work only for free slots. */
  concurrency: number;
  leaseMarginMs: number;
  /** Longest wait without looking at every shard: the safety net for a missed ready message. */
  maxIdleMs: number;
}

export interface DeliveryCounters {
  delivered: number;
  retrying: number;
  dead: number;
  stale: number;
}

/**
 * Takes ready tasks under a lease, delivers them through their channel, and reports each outcome
 * with the lease's fencing token. It is told where work is by ready messages (shard numbers);
 * after `maxIdleMs` without one it looks at every shard anyway.
 */
export class DeliveryLoop {
  private inFlight = 0;
  private readonly hinted = new Set<number>();
  private scanFrom = 0;
  private wake: (() => void) | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private readonly drained: { resolve?: () => void } = {};
  readonly counters: DeliveryCounters = { delivered: 0, retrying: 0, dead: 0, stale: 0 };

  constructor(
    private readonly scripts: QueueScripts,
    private readonly subscriber: Redis,
    private readonly channels: Record<string, Channel>,
    private readonly signer: DeliverySigner,
    private readonly log: Logger,
    private readonly options: DeliveryLoopOptions,
  ) {}

  get deliveriesInFlight(): number {
    return this.inFlight;
  }

  async start(): Promise<void> {
    const channel = readyChannel(this.scripts.prefix);
    this.subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      this.hinted.add(Number(message));
      this.wake?.();
    });
    await this.subscriber.subscribe(channel);
    this.loop = this.run();
  }

  /** Stops taking work and waits for deliveries in flight; past `graceMs` aborts them. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    if (this.inFlight > 0) {
      const allDone = new Promise<void>((resolve) => (this.drained.resolve = resolve));
      const deadline = setTimeout(() => this.abort.abort(), graceMs);
      await allDone;
      clearTimeout(deadline);
    }
  }

  private async run(): Promise<void> {
    let scanAll = true;
    while (!this.stopped) {
      if (this.inFlight >= this.options.concurrency) {
        await this.idle(this.options.maxIdleMs);
        continue;
      }
      try {
        const took = await this.takeWork(scanAll ? this.rotatedShards() : this.takeHints());
        if (took > 0 || this.hinted.size > 0) {
          scanAll = false;
          continue;
        }
      } catch (err) {
        this.log.error({ err }, 'taking ready tasks failed');
      }
      scanAll = (await this.idle(this.options.maxIdleMs)) === 'timeout';
    }
  }

  private takeHints(): number[] {
    const shards = [...this.hinted];
    this.hinted.clear();
    return shards;
  }

  private rotatedShards(): number[] {
    const { shards } = this.options;
    this.scanFrom = (this.scanFrom + 1) % shards.length;
    return [...shards.slice(this.scanFrom), ...shards.slice(0, this.scanFrom)];
  }

  private async takeWork(shards: number[]): Promise<number> {
    let took = 0;
    for (const shard of shards) {
      const room = this.options.concurrency - this.inFlight;
      if (room <= 0 || this.stopped) {
        this.hinted.add(shard);
        continue;
      }
      const { redisNow, leased } = await this.scripts.takeReady(shard, room, this.options.leaseMarginMs);
      // A full batch suggests more is waiting there.
      if (leased.length === room) this.hinted.add(shard);
      for (const item of leased) void this.deliver(item, redisNow);
      took += leased.length;
    }
    return took;
  }

  private idle(ms: number): Promise<'woken' | 'timeout'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve('timeout');
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve('woken');
      };
    });
  }

  private async deliver(item: LeasedTask, startedAt: number): Promise<void> {
    this.inFlight += 1;
    try {
      const result = await this.attempt(item);
      const retryDelay =
        result.outcome === 'retryable'
          ? Math.max(retryDelayMs(item.task.backoff, item.attempt), result.retryAfterMs ?? 0)
          : 0;
      await this.report(item, {
        taskId: item.taskId,
        attempt: item.attempt,
        outcome: result.outcome,
        retryDelayMs: retryDelay,
        startedAt,
        httpStatus: result.httpStatus,
        error: result.error,
      });
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained.resolve?.();
      this.wake?.();
    }
  }

  /** One delivery attempt; whatever goes wrong becomes an outcome, never an escaping error. */
  private async attempt(item: LeasedTask): Promise<DeliveryResult> {
    const channel = this.channels[item.task.channel];
    if (!channel) return { outcome: 'permanent', error: `no channel "${item.task.channel}" in this sender` };
    try {
      return await channel.deliver(item.task, {
        taskId: item.taskId,
        attempt: item.attempt,
        signal: this.abort.signal,
        signingSecrets: await this.signer.secretsFor(item.task.ownerId),
      });
    } catch (err) {
      return { outcome: 'retryable', error: `could not deliver: ${(err as Error).message}` };
    }
  }

  /**
   * Reports an outcome, retrying while Redis is unreachable. If it never gets through, the lease
   * expires and the task is delivered again: the one way a duplicate delivery can happen.
   */
  private async report(item: LeasedTask, report: DeliveryReport): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const status = await this.scripts.ackDelivery(item.shard, report);
        this.counters[status] += 1;
        if (status === 'stale') {
          this.log.warn({ taskId: item.taskId, attempt: item.attempt }, 'outcome refused: the lease had passed to another attempt');
        }
        return;
      } catch (err) {
        if (attempt >= 20) {
          this.log.error({ err, taskId: item.taskId }, 'could not report an outcome; the lease will expire and the task run again');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 2000)));
      }
    }
  }
}
