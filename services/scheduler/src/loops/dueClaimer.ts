import { wakeChannel, type QueueScripts, type RedisConnection } from '@later/queue';
import type { Logger } from '@later/runtime';
import type { RedisClock } from '../time/redisClock.js';

export interface DueClaimerOptions {
  shards: number[];
  batch: number;
  /** Longest sleep without looking at Redis: the safety net for a missed wake message. */
  maxSleepMs: number;
}

/**
 * Sleeps until the earliest due time of the shards it watches, then claims what is due.
 *
 * The earliest due time of every shard is kept in memory and re-armed by wake messages when a
 * new task is due sooner, so an idle scheduler makes no Redis calls but one look per
 * `maxSleepMs`. The timer runs in this process, not in a Redis blocking call, because Redis
 * only times blocked clients out at its `hz` tick (100 ms by default).
 * Due times are Redis' clock; `clock` converts them to this process' clock, so a replica whose
 * clock is off still wakes at the right moment.
 */
export class DueClaimer {
  private readonly heads = new Map<number, number | null>();
  /** Per shard, the earliest due time announced by a wake message while a claim of it ran. */
  private readonly wokenDuringClaim = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
  private claiming: Promise<void> | undefined;
  private stopped = false;
  private lastLook = 0;
  claimedTotal = 0;

  constructor(
    private readonly scripts: QueueScripts,
    private readonly subscriber: RedisConnection,
    private readonly clock: RedisClock,
    private readonly log: Logger,
    private readonly options: DueClaimerOptions,
  ) {}

  async start(): Promise<void> {
    const channel = wakeChannel(this.scripts.prefix);
    this.subscriber.on('message', (from: string, message: string) => {
      if (from === channel) this.onWake(message);
    });
    await this.subscriber.subscribe(channel);
    await this.look();
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.claiming;
  }

  private onWake(message: string): void {
    const [shardText, dueText] = message.split(':');
    const shard = Number(shardText);
    const dueAt = Number(dueText);
    if (!this.heads.has(shard) || !Number.isFinite(dueAt)) return;
    if (this.claiming) this.wokenDuringClaim.set(shard, Math.min(dueAt, this.wokenDuringClaim.get(shard) ?? Infinity));
    const head = this.heads.get(shard);
    if (head === null || head === undefined || dueAt < head) {
      this.heads.set(shard, dueAt);
      this.arm();
    }
  }

  /** Re-reads every watched shard's earliest due time from Redis. */
  private async look(): Promise<void> {
    const sentAt = Date.now();
    const heads = await this.scripts.dueHeads(this.options.shards);
    for (const [shard, head] of heads) this.heads.set(shard, head);
    this.lastLook = sentAt;
  }

  private earliestHead(): number {
    let earliest = Infinity;
    for (const head of this.heads.values()) if (head !== null && head < earliest) earliest = head;
    return earliest;
  }

  /** Sets the timer for the earliest head, or for the next safety look, whichever is sooner. */
  private arm(): void {
    if (this.stopped || this.claiming) return;
    const lookAt = this.lastLook + this.options.maxSleepMs;
    const dueAtLocal = this.earliestHead() - (this.clock.now() - Date.now());
    const wakeAt = Math.min(lookAt, dueAtLocal);
    if (this.timer && wakeAt >= this.wakeAt) return;
    clearTimeout(this.timer);
    this.wakeAt = wakeAt;
    this.timer = setTimeout(() => this.fire(), Math.max(0, wakeAt - Date.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.wakeAt = Infinity;
    this.claiming = this.claimDue()
      .catch((err: unknown) => {
        this.log.error({ err }, 'claiming due tasks failed; retrying after a pause');
        return new Promise<void>((resolve) => setTimeout(resolve, 200));
      })
      .finally(() => {
        this.claiming = undefined;
        this.arm();
      });
  }

  private async claimDue(): Promise<void> {
    if (Date.now() >= this.lastLook + this.options.maxSleepMs) await this.look();
    const now = this.clock.now();
    const due = [...this.heads].filter(([, head]) => head !== null && head <= now).map(([shard]) => shard);
    await Promise.all(due.map((shard) => this.drainShard(shard)));
  }

  private async drainShard(shard: number): Promise<void> {
    for (;;) {
      const sentAt = Date.now();
      this.wokenDuringClaim.delete(shard);
      const result = await this.scripts.claimDue(shard, this.options.batch);
      this.clock.observe(result.redisNow, sentAt);
      // A task queued while the claim ran may be missing from its answer: keep its wake.
      const woken = this.wokenDuringClaim.get(shard);
      const next = woken !== undefined && (result.nextDueAt === null || woken < result.nextDueAt) ? woken : result.nextDueAt;
      this.heads.set(shard, next);
      this.claimedTotal += result.claimed;
      if (result.claimed < this.options.batch || this.stopped) return;
    }
  }
}
