import { aliveWithinMs, heartbeatIntervalMs, type QueueScripts } from '@later/queue';
import type { Logger } from '@later/runtime';

/** What the due claimer asks before claiming a shard: how long after a task's due time it should. */
export interface ClaimPolicy {
  /** 0 for a shard this replica owns; the takeover delay for one another replica owns. */
  claimDelayMs(shard: number): number;
  /** Tells the claimer when the answers changed, so it can set its timer again. */
  onChange?(listener: () => void): void;
}

/** FNV-1a: a replica name to 32 bits, once per replica. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i += 1) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** murmur3's finaliser: spreads every input bit over the output. */
function mix(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Each shard's owner among `replicas`: rendezvous (highest random weight) hashing, every shard
 * ranking the replicas by a hash of (replica, shard) and going to the first, so that a replica
 * joining or leaving moves only the shards it takes or had. Loads are bounded: a replica
 * holding ceil(shards / replicas) is full and the shard goes to its next choice, since with
 * tens of shards plain hashing typically gives the busiest replica 1.2-1.3 times its share,
 * and up to twice (measured over 200 sets of names, 16 to 64 shards, 3 replicas). The price:
 * a change of members moves a little more than the minimum (1.1-1.2 times, on average). Every
 * replica computes the same answer from the same names, with no coordination.
 */
export function assignShards(shards: number[], replicas: string[]): Map<number, string> {
  const candidates = [...new Set(replicas)].sort().map((name) => ({ name, hash: hashName(name), load: 0 }));
  const owners = new Map<number, string>();
  if (candidates.length === 0) return owners;
  const capacity = Math.ceil(shards.length / candidates.length);
  for (const shard of shards) {
    const shardHash = mix(shard ^ 0x9e3779b9);
    const ranked = candidates
      .map((c) => ({ c, weight: mix(c.hash ^ shardHash) }))
      .sort((a, b) => b.weight - a.weight || (a.c.name < b.c.name ? -1 : 1));
    const owner = ranked.find(({ c }) => c.load < capacity)!.c;
    owner.load += 1;
    owners.set(shard, owner.name);
  }
  return owners;
}

export interface ShardOwnershipOptions {
  shards: number[];
  /** This replica's name in the heartbeat set (`scheduler:<self>`). */
  self: string;
  /** How long past its due time a shard's head waits for its owner before any replica claims it. */
  takeoverDelayMs: number;
  /** How often the alive schedulers are read again. */
  refreshMs?: number;
}

/**
 * Splits the shards between the scheduler replicas alive (from their heartbeats), so that each
 * claims its own share at the due time instead of every replica claiming every shard. Owning is
 * a preference, not a lock: claims stay atomic scripts, so two replicas that briefly disagree
 * about who owns a shard (one saw a replica join before the other) only both try to claim it.
 * A shard whose owner died or stalls is claimed by the others once its head is
 * `takeoverDelayMs` overdue, until the owner's heartbeat goes stale and the shard is reassigned.
 */
export class ShardOwnership implements ClaimPolicy {
  private owned = new Set<number>();
  private members: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly scripts: QueueScripts,
    private readonly log: Logger,
    private readonly options: ShardOwnershipOptions,
  ) {
    this.assign([options.self]);
  }

  /** Reads the alive schedulers now, then every `refreshMs`. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? heartbeatIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  claimDelayMs(shard: number): number {
    return this.owned.has(shard) ? 0 : this.options.takeoverDelayMs;
  }

  /** Called after the shards were split anew. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** For /readyz: e.g. "owns 6 of 16 shards, 3 schedulers, takes over after 1000 ms". */
  describe(): string {
    return `owns ${this.owned.size} of ${this.options.shards.length} shards, ${this.members.length} schedulers, takes over after ${this.options.takeoverDelayMs} ms`;
  }

  async refresh(): Promise<void> {
    try {
      const alive = await this.scripts.aliveReplicas(aliveWithinMs);
      // This replica counts itself before its first heartbeat is seen, and while it is not.
      const members = [
        ...new Set([this.options.self, ...alive.filter((r) => r.service === 'scheduler').map((r) => r.instance)]),
      ].sort();
      if (members.join('\n') === this.members.join('\n')) return;
      this.assign(members);
      this.log.info({ members, owned: [...this.owned] }, `shard ownership: ${this.describe()}`);
      for (const listener of this.listeners) listener();
    } catch (err) {
      // The split made last stays; takeover covers whatever it gets wrong meanwhile.
      this.log.warn({ err }, 'could not read the alive schedulers; keeping the shard split');
    }
  }

  private assign(members: string[]): void {
    this.members = members;
    const owners = assignShards(this.options.shards, members);
    this.owned = new Set(this.options.shards.filter((shard) => owners.get(shard) === this.options.self));
  }
}
