import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import { generationKey, shardCountKey, shardKeys } from './keys.js';
import type { RedisConnection } from './scriptTypes.js';

/**
 * A Redis connection for Later: to one Redis, or with `cluster` to a Redis Cluster, whose other
 * nodes are found from the ones `url` names (comma-separated). Commands issued while Redis is
 * unreachable wait in ioredis' offline queue and fail after a few retries instead of hanging
 * forever; the connection keeps reconnecting, and its errors go to `onError` (at most one a
 * second) instead of crashing.
 *
 * A Redis that stops answering without closing the connection (stopped, swapping, a stalled
 * network) holds every command until it wakes. With `commandTimeoutMs`, for a process that
 * answers requests, each fails after that instead ("Command timed out", which
 * isRedisUnavailable recognises). Redis may still run it later: like a connection lost before
 * the reply, the caller cannot know whether it ran. The scheduler's commands allow that
 * (queuing skips a task Redis holds; claims, reaping and history are fenced or idempotent); a
 * sender's take does not (the tasks it leased would wait for their leases to expire), so a
 * sender, which answers no request but its health checks, waits instead.
 */
export function connectRedis(
  url: string,
  connectionName: string,
  onError: (err: Error) => void,
  cluster = false,
  commandTimeoutMs?: number,
): RedisConnection {
  const urls = url.split(',').map((u) => u.trim());
  if (!cluster && urls.length > 1) {
    throw new Error(
      `REDIS_URL names ${urls.length} Redis servers: set REDIS_CLUSTER=true to use them as a Redis Cluster, or name one`,
    );
  }
  const options: RedisOptions = {
    connectionName,
    maxRetriesPerRequest: 3,
    ...(commandTimeoutMs === undefined ? {} : { commandTimeout: commandTimeoutMs }),
    retryStrategy: (times) => Math.min(50 * times, 1000),
  };
  // No auto-pipelining: ioredis builds a pipeline object (with every defined script copied onto
  // it) for each event-loop turn that sends commands, about 60 KB per delivery on a busy sender,
  // and the garbage collector's pauses made one task in fifty 10-20 ms late. Commands issued
  // together (a read of every shard) still go out back to back without waiting for each other's
  // replies, so they cost about one round trip all the same.
  const redis = cluster
    ? new Cluster(urls.map(clusterNode), {
        redisOptions: { ...options, ...credentialsOf(urls[0]!) },
        enableAutoPipelining: false,
        clusterRetryStrategy: (times) => Math.min(50 * times, 1000),
      })
    : new Redis(urls[0]!, { ...options, enableAutoPipelining: false });
  let reportedAt = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - reportedAt < 1000) return;
    reportedAt = Date.now();
    onError(err);
  });
  return redis;
}

/**
 * A second connection, for SUBSCRIBE. Without a ready check: ioredis 5 writes a SUBSCRIBE issued
 * between its TCP connect and its ready at once (Redis allows subscribing while it loads), then
 * its ready check's INFO is refused in subscriber mode, and the connection is dropped and made
 * again; what was published meanwhile is lost (redis/ioredis#2037). A scheduler subscribing at
 * start on a busy machine missed wake-ups that way. A cluster's subscriber connects lazily,
 * through the offline queue, and is left as it is.
 */
export function subscriberConnection(redis: RedisConnection): RedisConnection {
  return redis instanceof Cluster ? redis.duplicate() : redis.duplicate({ enableReadyCheck: false });
}

function clusterNode(url: string): { host: string; port: number } {
  const { hostname, port } = new URL(url);
  return { host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) };
}

/** A cluster's nodes share credentials and TLS: taken from the first URL, applied to every node found. */
function credentialsOf(url: string): Pick<RedisOptions, 'username' | 'password' | 'tls'> {
  const { username, password, protocol } = new URL(url);
  return {
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
    ...(protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * Refuses a Redis Cluster node reached as a single Redis: it would answer MOVED for most shards'
 * keys, and only fail once tasks arrived. (A Cluster client on a plain Redis fails by itself: it
 * cannot read the slot map.)
 */
export async function ensureRedisMode(redis: RedisConnection, cluster: boolean): Promise<void> {
  if (cluster) return;
  const info = await redis.info('cluster');
  if (/^cluster_enabled:1/m.test(info)) throw new Error('this Redis is a Redis Cluster node: set REDIS_CLUSTER=true');
}

/**
 * Records the shard count on first start and refuses to run with another one: services that
 * disagree on it would never see each other's tasks.
 */
export async function ensureShardCount(redis: RedisConnection, prefix: string, shardCount: number): Promise<void> {
  await redis.set(shardCountKey(prefix), shardCount, 'NX');
  const recorded = Number(await redis.get(shardCountKey(prefix)));
  if (recorded !== shardCount) {
    throw new Error(
      `SHARD_COUNT is ${shardCount} but this Redis (prefix "${prefix}") was set up with ${recorded}; use ${recorded}`,
    );
  }
}

/**
 * This Redis' generation: ids set when it first saw Later, one in the meta keys and one with
 * each shard's keys. Creates those missing (an empty Redis: new, wiped, or replaced). A
 * scheduler that sees the generation change knows that what Redis held is gone, at least in
 * part, and must be rebuilt from Postgres. One id per shard because on a Redis Cluster a master
 * can lose its data alone (restarted without persistence, no replica to take over): the shards
 * it held are then empty while the meta keys, on another master, are not.
 */
export async function redisGeneration(
  redis: RedisConnection,
  prefix: string,
  shards: number[],
): Promise<{ generation: string; created: boolean }> {
  const keys = [generationKey(prefix), ...shards.map((shard) => shardKeys(prefix, shard).generation)];
  const id = randomUUID();
  const created = (await Promise.all(keys.map((key) => redis.set(key, id, 'NX')))).includes('OK');
  const ids = await Promise.all(keys.map((key) => redis.get(key)));
  return { generation: createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 16), created };
}
