import { Redis } from 'ioredis';
import type { PostgresServerHandle } from '../postgresServer.js';
import { startPostgresServer } from '../postgresServer.js';
import type { RedisServerHandle } from '../redisServer.js';
import { startRedisServer } from '../redisServer.js';
import type { ServiceHandle } from '../serviceProcess.js';
import type { Stack } from '../stack.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;
const between = (min: number, max: number) => min + Math.random() * (max - min);

/** The servers a chaos run owns, and may therefore crash. */
export interface ChaosServers {
  redis: RedisServerHandle;
  redisDir: string;
  postgres: PostgresServerHandle;
  postgresDir: string;
}

export interface FaultCounts {
  schedulerKills: number;
  senderKills: number;
  redisRestarts: number;
  redisPauses: number;
  postgresOutages: number;
  restarts: number;
}

type Fault = (stack: Stack, servers: ChaosServers, counts: FaultCounts) => Promise<string>;

/** SIGKILLs one of `replicas` at random and starts it again after a moment, as a supervisor would. */
async function killAndRestart(stack: Stack, replicas: ServiceHandle[], counts: FaultCounts): Promise<string> {
  const victim = pick(replicas);
  await victim.kill();
  await sleep(between(200, 1500));
  await stack.respawn(victim);
  counts.restarts += 1;
  return `SIGKILL ${victim.label}, restarted`;
}

/** Every fault leaves the system whole again when it returns: what was killed is restarted. */
export const faults: Record<string, Fault> = {
  async killScheduler(stack, _servers, counts) {
    counts.schedulerKills += 1;
    return killAndRestart(stack, stack.schedulers, counts);
  },
  async killSender(stack, _servers, counts) {
    counts.senderKills += 1;
    return killAndRestart(stack, stack.senders, counts);
  },
  async restartRedis(_stack, servers, counts) {
    await servers.redis.kill();
    await sleep(between(100, 800));
    servers.redis = await startRedisServer({ dir: servers.redisDir, port: servers.redis.port, extraArgs: ['--enable-debug-command', 'yes'] });
    counts.redisRestarts += 1;
    counts.restarts += 1;
    return 'SIGKILL redis-server, restarted from its AOF';
  },
  async pauseRedis(_stack, servers, counts) {
    const client = new Redis(servers.redis.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    const seconds = between(0.5, 2).toFixed(1);
    await client.call('DEBUG', 'SLEEP', seconds).catch(() => undefined);
    client.disconnect();
    counts.redisPauses += 1;
    return `DEBUG SLEEP ${seconds} on redis-server`;
  },
  async stopPostgres(_stack, servers, counts) {
    await servers.postgres.stop();
    const downMs = between(1000, 4000);
    await sleep(downMs);
    servers.postgres = await startPostgresServer({ dir: servers.postgresDir, port: servers.postgres.port });
    counts.postgresOutages += 1;
    counts.restarts += 1;
    return `Postgres stopped for ${(downMs / 1000).toFixed(1)} s`;
  },
};

/**
 * Injects faults one at a time, at random moments, until `until` (ms): in rounds that each hold
 * every kind of fault in a random order, so even a short run meets every kind.
 */
export async function injectFaults(stack: Stack, servers: ChaosServers, counts: FaultCounts, until: number, log: (line: string) => void): Promise<void> {
  let round: string[] = [];
  while (Date.now() < until) {
    await sleep(between(300, 1500));
    if (Date.now() >= until) break;
    if (round.length === 0) round = Object.keys(faults).sort(() => Math.random() - 0.5);
    log(await faults[round.pop()!]!(stack, servers, counts));
  }
}
