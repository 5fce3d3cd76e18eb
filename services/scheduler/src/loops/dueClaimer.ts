import {
  deliveryChannels,
  wakeChannel,
  type DeliveryChannel,
  type QueueScripts,
  type RedisConnection,
} from '@later/queue';
import type { Logger } from '@later/runtime';
import type { RedisClock } from '../time/redisClock.js';
import type { ClaimPolicy } from './shardOwnership.js';

export interface DueClaimerOptions {
  shards: number[];
  batch: number;
  /** Most tasks a channel may have ready in one shard; more wait, held, until senders take some. */
  readyLimit: number;
  /** How soon a shard with held tasks is claimed again: senders give no signal when they make room. */
  heldRecheckMs: number;
  /** Longest sleep without looking at Redis: the safety net for a missed wake message. */
  maxSleepMs: number;
  /** Which shards to claim at once and which only once overdue (shardOwnership.ts); all at once without it. */
  policy?: ClaimPolicy;
}

/**
 * Sleeps until the earliest due time of the shards it watches, then claims what is due.
 *
 * The earliest due time of every shard is kept in memory and updated by wake messages when a
 * new task is due sooner, so an idle scheduler makes no Redis calls but one look per
 * `maxSleepMs`. The timer runs in this process, not in a Redis blocking call, because Redis
 * only times blocked clients out at its `hz` tick (100 ms by default).
 * Due times are Redis' clock; `clock` converts them to this process' clock, so a replica whose
 * clock is off still wakes at the right moment.
 */
export class DueClaimer {
  private readonly heads = new Map<number, number | null>();
  /** Per shard, when Redis was last seen holding its head (Redis' clock). */
  private readonly headSeenAt = new Map<number, number>();
  /** Per shard, the earliest due time announced by a wake message while a claim of it ran. */
  private readonly wokenDuringClaim = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
  private claiming: Promise<void> | undefined;
  private stopped = false;
  private lastLook = 0;
  /** Tasks this replica claimed since it started, by channel; the scheduler's metrics read it when scraped. */
  readonly claimedByChannel: Record<DeliveryChannel, number> = { webhook: 0, email: 0, sms: 0 };
  /** Tasks taken out of due sets since start (held ones included). */
  claimedTotal = 0;
  /** Of those, claimed from shards another replica owns, past the takeover delay. */
  takenOverTotal = 0;
  /** Tasks claimed per shard. */
  readonly claimedByShard = new Map<number, number>();

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
    // A shard newly owned may be due already: its claim time moved earlier.
    this.options.policy?.onChange?.(() => this.setTimer());
    await this.look();
    this.setTimer();
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
      this.setTimer();
    }
  }

  /** Re-reads every watched shard's earliest due time from Redis. */
  private async look(): Promise<void> {
    const sentAt = Date.now();
    await this.readHeads(this.options.shards);
    this.lastLook = sentAt;
  }

  private async readHeads(shards: number[]): Promise<void> {
    const seenAt = this.clock.now();
    for (const [shard, head] of await this.scripts.dueHeads(shards)) {
      this.heads.set(shard, head);
      this.headSeenAt.set(shard, seenAt);
    }
  }

  private claimDelayMs(shard: number): number {
    return this.options.policy?.claimDelayMs(shard) ?? 0;
  }

  /** When this replica should claim a shard's head (Redis' clock): at once if it owns it, else past the takeover delay. */
  private claimAt(shard: number, head: number): number {
    return head + this.claimDelayMs(shard);
  }

  private earliestHead(): number {
    let earliest = Infinity;
    for (const [shard, head] of this.heads)
      if (head !== null && this.claimAt(shard, head) < earliest) earliest = this.claimAt(shard, head);
    return earliest;
  }

  /** Sets the timer for the earliest head, or for the next safety look, whichever is sooner. */
  private setTimer(): void {
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
        this.setTimer();
      });
  }

  private async claimDue(): Promise<void> {
    if (Date.now() >= this.lastLook + this.options.maxSleepMs) await this.look();
    const now = this.clock.now();
    const owned: number[] = [];
    const others: number[] = [];
    for (const [shard, head] of this.heads) {
      if (head !== null && this.claimAt(shard, head) <= now)
        (this.claimDelayMs(shard) === 0 ? owned : others).push(shard);
    }
    await Promise.all([...owned.map((shard) => this.drainShard(shard)), this.takeOver(others)]);
  }

  /**
   * Claims shards of other replicas whose head Redis held past the takeover delay. The head known
   * here may come from before its owner claimed it (a look a second old, a wake message): such
   * shards are read again first, so a live owner's shards cost a read now and then, not a claim.
   */
  private async takeOver(shards: number[]): Promise<void> {
    if (shards.length === 0) return;
    const seenOverdue = (shard: number) => {
      const head = this.heads.get(shard);
      return (
        head !== null && head !== undefined && this.claimAt(shard, head) <= (this.headSeenAt.get(shard) ?? -Infinity)
      );
    };
    const unconfirmed = shards.filter((shard) => !seenOverdue(shard));
    if (unconfirmed.length > 0) await this.readHeads(unconfirmed);
    await Promise.all(shards.filter(seenOverdue).map((shard) => this.drainShard(shard)));
  }

  private async drainShard(shard: number): Promise<void> {
    const takeover = this.claimDelayMs(shard) > 0;
    for (;;) {
      const sentAt = Date.now();
      const seenAt = this.clock.now();
      this.wokenDuringClaim.delete(shard);
      const result = await this.scripts.claimDue(shard, this.options.batch, this.options.readyLimit);
      this.clock.observe(result.redisNow, sentAt);
      this.headSeenAt.set(shard, seenAt);
      // A task queued while the claim ran may be missing from its answer: keep its wake. Held
      // tasks are looked at again shortly, when senders may have made room for them.
      const candidates = [
        result.nextDueAt,
        this.wokenDuringClaim.get(shard),
        result.held > 0 ? result.redisNow + this.options.heldRecheckMs : undefined,
      ].filter((at): at is number => at !== undefined && at !== null);
      this.heads.set(shard, candidates.length > 0 ? Math.min(...candidates) : null);
      for (const channel of deliveryChannels) this.claimedByChannel[channel] += result.claimedByChannel[channel];
      this.claimedTotal += result.claimed;
      if (takeover) this.takenOverTotal += result.claimed;
      if (result.claimed > 0) this.claimedByShard.set(shard, (this.claimedByShard.get(shard) ?? 0) + result.claimed);
      if (result.claimed < this.options.batch || this.stopped) return;
    }
  }
}
