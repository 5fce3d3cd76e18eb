/**
 * Every Redis key Later uses, in one place. Each shard's keys share one hash tag, `{prefix:N}`,
 * so every script touches a single hash slot and runs unchanged on Redis Cluster; spreading
 * tasks over many shards spreads them over the cluster's masters.
 */
export interface ShardKeys {
  /**
   * ZSET taskId -> due score: what is waiting for its time. The score is the due time (ms) x 64
   * plus six flag bits (priority, front, stream, channel; see src/scores.ts), not a time.
   */
  due: string;
  /**
   * Prefix of the ready lists (`readyPrefix + channel + ':' + priority`): LISTs of
   * "<taskId>:<due score>:<readyMs>" (see `readyEntryTaskId`), claimed and waiting for a sender with
   * a free slot, high priority first, `front` tasks at the head of their list.
   */
  readyPrefix: string;
  /**
   * Prefix of the held sets (`heldPrefix + channel`): ZSETs taskId -> due score of due tasks
   * waiting for room on their channel's full ready lists (see lua/claimDue-10.lua).
   */
  heldPrefix: string;
  /** ZSET taskId -> lease expiry (ms): what senders hold now. */
  leases: string;
  /** HASH taskId -> encoded task: what to deliver. */
  tasks: string;
  /** HASH taskId -> attempt number, the fencing token of the current claim. */
  attempts: string;
  /** STREAM of attempt events, consumed by the scheduler's history writer into Postgres. */
  events: string;
  /** ZSET taskId -> when its deadline raises it to high priority (ms). */
  deadlines: string;
  /** HASH streamKey -> taskId currently running (or ready) for that stream. */
  streams: string;
  /** Prefix of the per-stream ZSETs of due tasks waiting for their stream: prefix + streamKey. */
  streamWaitingPrefix: string;
  /** STRING: an id set when this shard's keys were first seen; see redisGeneration. */
  generation: string;
  /** ZSET minute -> its start (ms): the minutes that have parked tasks (see src/parking.ts). */
  parkedSlots: string;
  /** Prefix of the per-minute LISTs of parked tasks: prefix + minute number. */
  parkedPrefix: string;
  /** Prefix of the HASHes taskId -> "<minute>:<position>" of parked tasks: prefix + id bucket. */
  parkedAtPrefix: string;
  /** STRING: how many tasks are parked (named from parkedAtPrefix inside the scripts). */
  parkedCount: string;
}

export interface KeyLayout {
  prefix: string;
  shardCount: number;
}

export function shardKeys(prefix: string, shard: number): ShardKeys {
  const tag = `{${prefix}:${shard}}`;
  return {
    due: `${tag}:due`,
    readyPrefix: `${tag}:ready:`,
    heldPrefix: `${tag}:held:`,
    leases: `${tag}:leases`,
    tasks: `${tag}:tasks`,
    attempts: `${tag}:attempts`,
    events: `${tag}:events`,
    deadlines: `${tag}:deadlines`,
    streams: `${tag}:streams`,
    streamWaitingPrefix: `${tag}:stream:`,
    generation: `${tag}:generation`,
    parkedSlots: `${tag}:parked`,
    parkedPrefix: `${tag}:parked:`,
    parkedAtPrefix: `${tag}:parkedAt:`,
    parkedCount: `${tag}:parkedAt:count`,
  };
}

/** Pub/sub channel: "<shard>:<dueMs>" when a shard's earliest due time moved earlier. */
export const wakeChannel = (prefix: string): string => `${prefix}:wake`;
/** The channels a task can be delivered by, in the order the score flags number them. */
export const deliveryChannels = ['webhook', 'email', 'sms'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

/** The prefix of one channel's ready lists. */
export const readyKey = (keys: ShardKeys, channel: DeliveryChannel): string => `${keys.readyPrefix}${channel}`;
/** One channel's ready lists, high priority first (see lua/includes/scores.lua). */
export const readyListKeys = (keys: ShardKeys, channel: DeliveryChannel): string[] =>
  [0, 1, 2].map((p) => `${readyKey(keys, channel)}:${p}`);
/** Each channel's held set: due tasks waiting for room on its ready lists. */
export const heldKeys = (keys: ShardKeys): string[] =>
  deliveryChannels.map((channel) => `${keys.heldPrefix}${channel}`);

/** Pub/sub channel: "<shard>:<channel>" when tasks of that channel became ready in that shard. */
export const readyChannel = (prefix: string): string => `${prefix}:ready`;
/** A random id set when this Redis first saw Later; a different or missing one means it was wiped or replaced. */
export const generationKey = (prefix: string): string => `${prefix}:meta:generation`;
/** The shard count every service of one deployment must agree on. */
export const shardCountKey = (prefix: string): string => `${prefix}:meta:shardCount`;
/** ZSET "<service>:<instance>" -> last heartbeat (ms): which schedulers and senders are alive. */
export const replicasKey = (prefix: string): string => `${prefix}:meta:replicas`;
/**
 * SET of "<ownerId> <url>": the destinations disabled because every attempt failed for a while
 * (src/disabledDestinations.ts); Postgres holds the record, this mirrors it for the senders.
 */
export const disabledDestinationsKey = (prefix: string): string => `${prefix}:meta:disabledDestinations`;
/** Pub/sub channel: the set of disabled destinations changed, read it again. */
export const disabledDestinationsChannel = (prefix: string): string => `${prefix}:destinations`;

/**
 * Which shard a task lives in: by its stream when it has one (a stream's tasks must share a
 * shard, so one script sees them all), else by its id. Stored with the task in Postgres, so it
 * never changes.
 */
export function shardOf(taskId: string, shardCount: number, streamKey?: string): number {
  if (streamKey) return parseInt(streamKey.slice(0, 8), 16) % shardCount;
  return Number(BigInt(taskId) % BigInt(shardCount));
}

export function allShards(shardCount: number): number[] {
  return Array.from({ length: shardCount }, (_, shard) => shard);
}
