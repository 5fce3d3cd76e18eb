import {
  readyChannel,
  retryDelayMs,
  type DeliveryChannel,
  type DeliveryReport,
  type LeasedTask,
  type QueueScripts,
  type RedisConnection,
} from '@later/queue';
import type { Logger } from '@later/runtime';
import type { Channel, DeliveryResult } from './channels/channel.js';
import { storableText } from './channels/storableText.js';
import type { DeliverySigner } from './deliverySigner.js';
import { DestinationQueue, destinationOf, waitRank } from './destinationQueue.js';
import { Lane, type LaneSettings } from './lane.js';
import type { DeliveryCounters, DeliveryObserver } from './deliveryObserver.js';
import { OverloadWatch } from './overloadWatch.js';
import type { LoadGate } from './processHealth.js';
import { ReportBatcher } from './reportBatcher.js';

export interface DeliveryLoopOptions {
  shards: number[];
  lanes: LaneSettings[];
  /** Deliveries in flight to one destination at most; more wait here, ranked, or go back for later. */
  perDestination: number;
  /** How long a task handed back because its destination was busy waits in Redis (ms). */
  destinationBusyDelayMs: number;
  /** Which webhook URLs of which accounts are disabled: their tasks go back to wait, untried. */
  disabled?: { isDisabled(ownerId: string, url: string): boolean };
  /** How long a task of a disabled destination waits in Redis before it is looked at again (ms). */
  disabledDestinationDelayMs?: number;
  leaseMarginMs: number;
  /** Longest wait without looking at every shard: the safety net for a missed ready message. */
  maxIdleMs: number;
  /** Told about every delivery (the sender's metrics); none in the benchmark. */
  observer?: DeliveryObserver;
  /** Asked before taking work: while it names an overload, none is taken (the process' health). */
  gate?: LoadGate;
}

/** How often an overloaded sender looks again whether it may take work (ms). */
const overloadRecheckMs = 100;

/**
 * Takes ready tasks under a lease, from each channel's ready lists, as many as that channel has free
 * slots; delivers them through their channel; reports each outcome with the lease's fencing
 * token. It is told where work is by ready messages ("<shard>:<channel>"); after `maxIdleMs`
 * without one it looks at every shard anyway.
 */
export class DeliveryLoop {
  private readonly lanes: Lane[];
  private readonly destinations: DestinationQueue;
  private readonly hinted = new Set<string>();
  /** A ready message came while the loop was busy taking: look again before sleeping. */
  private hintedWhileBusy = false;
  private scanFrom = 0;
  private wake: (() => void) | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private readonly drained: { resolve?: () => void } = {};
  private readonly reports: ReportBatcher;
  /** Outcomes delivered and not yet accepted by Redis. */
  private reportsInFlight = 0;
  /** Tasks on their way back to Redis because their destination was busy. */
  private handBacksInFlight = 0;
  readonly counters: DeliveryCounters = { delivered: 0, retrying: 0, dead: 0, stale: 0, deferred: 0 };
  /** Whether this sender is overloaded or saturated, and how much is overdue then. */
  readonly load: OverloadWatch;
  /** Ready entries left for a newer release (a task format this one does not read), for `/readyz`. */
  newerFormatTotal = 0;
  private newerFormatWarnedAt = 0;

  constructor(
    private readonly scripts: QueueScripts,
    private readonly subscriber: RedisConnection,
    private readonly channels: Record<DeliveryChannel, Channel>,
    private readonly signer: DeliverySigner,
    private readonly log: Logger,
    private readonly options: DeliveryLoopOptions,
  ) {
    this.lanes = options.lanes.map((settings) => new Lane(settings));
    const slots = options.lanes.reduce((sum, lane) => sum + lane.concurrency, 0);
    this.destinations = new DestinationQueue({
      perDestination: options.perDestination,
      // Enough to rank a few waves of a busy destination, never more than the sender's slots.
      waitingPerDestination: options.perDestination * 4,
      waitingInAll: slots,
      // A waiting task's lease covers its delivery's timeout plus this margin: half of it is
      // the most it waits here, so the delivery still ends well inside the lease.
      maxWaitMs: options.leaseMarginMs / 2,
    });
    this.reports = new ReportBatcher(scripts);
    this.load = new OverloadWatch(scripts, options.shards, log);
  }

  get deliveriesInFlight(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.inFlight, 0);
  }

  /** Tasks held, leased, until their busy destination frees a slot. */
  get waitingForDestination(): number {
    return this.destinations.waiting;
  }

  /** Deliveries of `channel` in flight now (0 for a channel this loop has no lane for). */
  inFlightOf(channel: DeliveryChannel): number {
    return this.lanes.find((lane) => lane.settings.channel === channel)?.inFlight ?? 0;
  }

  async start(): Promise<void> {
    const channel = readyChannel(this.scripts.prefix);
    this.subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      this.hinted.add(message);
      if (this.wake) this.wake();
      else this.hintedWhileBusy = true;
    });
    await this.subscriber.subscribe(channel);
    this.loop = this.run();
  }

  /** Stops taking work and waits for deliveries in flight; past `graceMs` aborts them. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.destinations.dismissAll();
    if (!this.idleNow()) {
      const allDone = new Promise<void>((resolve) => (this.drained.resolve = resolve));
      const deadline = setTimeout(() => this.abort.abort(), graceMs);
      await allDone;
      clearTimeout(deadline);
    }
  }

  private async run(): Promise<void> {
    let scanAll = true;
    while (!this.stopped) {
      this.hintedWhileBusy = false;
      const overload = this.options.gate?.overload();
      this.load.overloaded(overload);
      if (overload) {
        // The work stays in Redis, where another sender may take it; ready messages meanwhile
        // only make this look again at its own health.
        await this.idle(overloadRecheckMs);
        scanAll = true;
        continue;
      }
      let took = 0;
      try {
        for (const lane of this.lanes) {
          if (lane.free <= 0) continue;
          took += await this.takeWork(lane, scanAll ? this.rotatedShards() : this.takeHints(lane.settings.channel));
        }
      } catch (err) {
        this.log.error({ err }, 'taking ready tasks failed');
      }
      // Without the second test, a message that came while taking would wait for the next one,
      // or for maxIdleMs: a stall of up to a second for the task it announced.
      if (took > 0 || this.hintedWhileBusy) {
        scanAll = false;
        // One turn of the event loop first: deliveries that finish at once (a refused
        // connection, a fast local receiver) free their slots, so the next take fills more of
        // them in one call instead of taking what is free in the middle of their finishing.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      this.load.saturated(this.saturatedChannels());
      scanAll = (await this.idle(this.options.maxIdleMs)) === 'timeout';
    }
  }

  /** Channels whose every slot is busy while a ready message of theirs waits to be acted on. */
  private saturatedChannels(): DeliveryChannel[] {
    const full = this.lanes.filter((lane) => lane.free <= 0).map((lane) => lane.settings.channel);
    if (full.length === 0) return full;
    const waiting = new Set([...this.hinted].map((hint) => hint.slice(hint.indexOf(':') + 1)));
    return full.filter((channel) => waiting.has(channel));
  }

  private takeHints(channel: DeliveryChannel): number[] {
    const shards: number[] = [];
    for (const hint of this.hinted) {
      const [shard, hintChannel] = hint.split(':');
      if (hintChannel !== channel) continue;
      this.hinted.delete(hint);
      shards.push(Number(shard));
    }
    return shards;
  }

  private rotatedShards(): number[] {
    const { shards } = this.options;
    this.scanFrom = (this.scanFrom + 1) % shards.length;
    return [...shards.slice(this.scanFrom), ...shards.slice(0, this.scanFrom)];
  }

  private async takeWork(lane: Lane, shards: number[]): Promise<number> {
    let took = 0;
    const { channel } = lane.settings;
    for (const shard of shards) {
      const room = lane.free;
      if (room <= 0 || this.stopped) {
        this.hinted.add(`${shard}:${channel}`);
        continue;
      }
      const { redisNow, leased, newerFormat } = await this.scripts.takeReady(
        shard,
        channel,
        room,
        this.options.leaseMarginMs,
      );
      if (newerFormat > 0) this.leftNewerFormat(channel, newerFormat);
      // A full batch suggests more is waiting there.
      if (leased.length === room) this.hinted.add(`${shard}:${channel}`);
      for (const item of leased) {
        if (item.dueAt !== null && item.claimedAt !== null)
          this.options.observer?.claimLagged(channel, Math.max(0, item.claimedAt - item.dueAt) / 1000);
        void this.deliver(lane, item, redisNow);
      }
      took += leased.length;
    }
    return took;
  }

  /** Says so, at most once in 10 s: while a roll lasts, an old sender meets these on every take. */
  private leftNewerFormat(channel: DeliveryChannel, count: number): void {
    this.newerFormatTotal += count;
    this.options.observer?.leftNewerFormat(channel, count);
    if (Date.now() - this.newerFormatWarnedAt < 10_000) return;
    this.newerFormatWarnedAt = Date.now();
    this.log.warn(
      { channel, total: this.newerFormatTotal },
      'left ready tasks to a newer release: their format is newer than this release reads',
    );
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

  /**
   * One delivery in one of the lane's slots. The slot is free again as soon as the delivery is
   * done, before its outcome reaches Redis: reporting is bookkeeping, and holding a slot for it
   * would make every delivery wait a Redis round trip before the next could start.
   */
  private async deliver(lane: Lane, item: LeasedTask, takenAt: number): Promise<void> {
    if (
      item.task.channel === 'webhook' &&
      this.options.disabled?.isDisabled(item.task.ownerId, item.task.webhook.url)
    ) {
      // Not an attempt: the task waits in Redis until its destination is enabled again.
      return this.handBackUntried(item, this.options.disabledDestinationDelayMs ?? this.options.destinationBusyDelayMs);
    }
    lane.inFlight += 1;
    const destination = destinationOf(item.task);
    let startedAt = takenAt;
    if (destination !== undefined && !this.destinations.tryEnter(destination)) {
      // Waiting holds the task's lease, not one of the lane's slots: other destinations go on.
      lane.inFlight -= 1;
      this.wake?.();
      const waitStarted = performance.now();
      if (!(await this.destinations.wait(destination, waitRank(item, takenAt))))
        return this.handBackUntried(item, this.options.destinationBusyDelayMs);
      // The slot is the one a delivery to the same destination, in this lane, just left.
      startedAt = takenAt + Math.round(performance.now() - waitStarted);
    }
    let report: DeliveryReport | undefined;
    try {
      await lane.pacer?.take();
      const attemptStarted = performance.now();
      const result = await this.attempt(item);
      this.options.observer?.attempted(item.task.channel, (performance.now() - attemptStarted) / 1000);
      // One line per attempt: where it went and how it went, never what it carried.
      this.log.info(
        {
          taskId: item.taskId,
          channel: item.task.channel,
          destination: destination?.slice(destination.indexOf(':') + 1),
          attempt: item.attempt,
          outcome: result.outcome,
          ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
          ...(item.dueAt !== null ? { lateMs: Math.max(0, startedAt - item.dueAt) } : {}),
        },
        'delivery',
      );
      const retryDelay =
        result.outcome === 'retryable'
          ? Math.max(retryDelayMs(item.task.backoff, item.attempt), result.retryAfterMs ?? 0)
          : 0;
      report = {
        taskId: item.taskId,
        attempt: item.attempt,
        outcome: result.outcome,
        retryDelayMs: retryDelay,
        startedAt,
        httpStatus: result.httpStatus,
        error: result.error === undefined ? undefined : storableText(result.error),
        errorClass: result.errorClass,
        excerpt: result.excerpt,
      };
      this.reportsInFlight += 1;
    } finally {
      // A slot handed to a waiting task of the same destination stays taken in this lane.
      const handedOn = destination !== undefined && this.destinations.leave(destination);
      if (!handedOn) lane.inFlight -= 1;
      this.wake?.();
    }
    try {
      if (report) await this.report(item, report);
    } finally {
      if (report) this.reportsInFlight -= 1;
      if (this.idleNow()) this.drained.resolve?.();
    }
  }

  /** Nothing in flight: no delivery, no task waiting for its destination, no outcome or hand-back unsent. */
  private idleNow(): boolean {
    return (
      this.deliveriesInFlight === 0 &&
      this.reportsInFlight === 0 &&
      this.destinations.waiting === 0 &&
      this.handBacksInFlight === 0
    );
  }

  /** Its destination is busy or disabled: back to Redis, untried, for `delayMs`, rather than wait here in a slot. */
  private async handBackUntried(item: LeasedTask, delayMs: number): Promise<void> {
    this.handBacksInFlight += 1;
    try {
      if (await this.scripts.deferTask(item.shard, item.taskId, item.attempt, delayMs)) {
        this.counters.deferred += 1;
        this.options.observer?.settled(item.task.channel, 'deferred');
      }
    } catch (err) {
      // The lease will expire and the task be taken again: nothing is lost.
      this.log.warn({ err, taskId: item.taskId }, 'could not hand a task back');
    } finally {
      this.handBacksInFlight -= 1;
      if (this.idleNow()) this.drained.resolve?.();
    }
  }

  /** One delivery attempt; whatever goes wrong becomes an outcome, never an escaping error. */
  private async attempt(item: LeasedTask): Promise<DeliveryResult> {
    const channel = this.channels[item.task.channel];
    try {
      return await channel.deliver(item.task, {
        taskId: item.taskId,
        attempt: item.attempt,
        signal: this.abort.signal,
        signingSecrets: await this.signer.secretsFor(item.task.ownerId),
      });
    } catch (err) {
      return { outcome: 'retryable', error: `could not deliver: ${(err as Error).message}`, errorClass: 'internal' };
    }
  }

  /**
   * Reports an outcome, retrying while Redis is unreachable. If it never gets through, the lease
   * expires and the task is delivered again: the one way a duplicate delivery can happen.
   */
  private async report(item: LeasedTask, report: DeliveryReport): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const status = await this.reports.report(item.shard, report);
        this.counters[status] += 1;
        this.options.observer?.settled(item.task.channel, status);
        if (status === 'stale') {
          this.log.warn(
            { taskId: item.taskId, attempt: item.attempt },
            'outcome refused: the lease had passed to another attempt',
          );
        }
        return;
      } catch (err) {
        if (attempt >= 20) {
          this.log.error(
            { err, taskId: item.taskId },
            'could not report an outcome; the lease will expire and the task run again',
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 2000)));
      }
    }
  }
}
