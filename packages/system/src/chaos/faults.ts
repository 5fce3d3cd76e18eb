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

/** When a fault held (local clock, ms): what a duplicate delivery is explained by. */
export interface FaultWindow {
  kind: 'schedulerKill' | 'senderKill' | 'redisKill' | 'redisPause' | 'postgresOutage';
  /** The moment it struck: the SIGKILL sent, the pause begun, Postgres told to stop. */
  from: number;
  /** The moment it was over: the process dead, Redis running again, the pause ended. */
  to: number;
}

/** What the faults did: how many of each, and when each held. */
export interface FaultRecord {
  counts: FaultCounts;
  windows: FaultWindow[];
}

type Fault = (stack: Stack, servers: ChaosServers, record: FaultRecord) => Promise<string>;

/** Runs `strike` and records the window it held for. */
async function held<T>(record: FaultRecord, kind: FaultWindow['kind'], strike: () => Promise<T>): Promise<T> {
  const from = Date.now();
  const result = await strike();
  record.windows.push({ kind, from, to: Date.now() });
  return result;
}

/** SIGKILLs one of `replicas` at random and starts it again after a moment, as a supervisor would. */
async function killAndRestart(
  stack: Stack,
  replicas: ServiceHandle[],
  record: FaultRecord,
  kind: 'schedulerKill' | 'senderKill',
): Promise<string> {
  const victim = pick(replicas);
  await held(record, kind, () => victim.kill());
  record.counts[`${kind}s`] += 1;
  await sleep(between(200, 1500));
  await stack.respawn(victim);
  record.counts.restarts += 1;
  return `SIGKILL ${victim.label}, restarted`;
}

/** Every fault leaves the system whole again when it returns: what was killed is restarted. */
export const faults: Record<string, Fault> = {
  async killScheduler(stack, _servers, record) {
    return killAndRestart(stack, stack.schedulers, record, 'schedulerKill');
  },
  async killSender(stack, _servers, record) {
    return killAndRestart(stack, stack.senders, record, 'senderKill');
  },
  async restartRedis(_stack, servers, record) {
    await held(record, 'redisKill', async () => {
      await servers.redis.kill();
      await sleep(between(100, 800));
      servers.redis = await startRedisServer({
        dir: servers.redisDir,
        port: servers.redis.port,
        extraArgs: ['--enable-debug-command', 'yes'],
      });
    });
    record.counts.redisRestarts += 1;
    record.counts.restarts += 1;
    return 'SIGKILL redis-server, restarted from its AOF';
  },
  async pauseRedis(_stack, servers, record) {
    const client = new Redis(servers.redis.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    const seconds = between(0.5, 2).toFixed(1);
    await held(record, 'redisPause', () => client.call('DEBUG', 'SLEEP', seconds).catch(() => undefined));
    client.disconnect();
    record.counts.redisPauses += 1;
    return `DEBUG SLEEP ${seconds} on redis-server`;
  },
  async stopPostgres(_stack, servers, record) {
    const downMs = between(1000, 4000);
    await held(record, 'postgresOutage', async () => {
      await servers.postgres.stop();
      await sleep(downMs);
      servers.postgres = await startPostgresServer({ dir: servers.postgresDir, port: servers.postgres.port });
    });
    record.counts.postgresOutages += 1;
    record.counts.restarts += 1;
    return `Postgres stopped for ${(downMs / 1000).toFixed(1)} s`;
  },
};

/**
 * Injects faults one at a time, at random moments, until `until` (ms): in rounds that each hold
 * every kind of fault in a random order, so even a short run meets every kind.
 */
export async function injectFaults(
  stack: Stack,
  servers: ChaosServers,
  record: FaultRecord,
  until: number,
  log: (line: string) => void,
): Promise<void> {
  let round: string[] = [];
  while (Date.now() < until) {
    await sleep(between(300, 1500));
    if (Date.now() >= until) break;
    if (round.length === 0) round = Object.keys(faults).sort(() => Math.random() - 0.5);
    log(await faults[round.pop()!]!(stack, servers, record));
  }
}
