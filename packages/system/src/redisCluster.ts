import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './freePort.js';
import { findRedisCli } from './prerequisites.js';
import { startRedisServer, type RedisServerHandle } from './redisServer.js';
import { waitFor } from './waitFor.js';

export interface RedisClusterHandle {
  /** Every master's URL, comma-separated: what REDIS_URL holds with REDIS_CLUSTER=true. */
  url: string;
  masters: RedisServerHandle[];
  /** DBSIZE of each master, in `masters` order: where the keys really landed. */
  keysPerMaster(): Promise<number[]>;
  /** SIGTERM to every node; waits for all to exit. */
  stop(): Promise<void>;
}

const execFileAsync = promisify(execFile);

/**
 * Starts a real Redis Cluster of `masters` private redis-servers (no replicas, no persistence),
 * each with its own directory under `dir`, has `redis-cli --cluster create` split the 16,384
 * slots between them, and waits until every node says `cluster_state:ok` and knows them all.
 */
export async function startRedisCluster(options: { dir: string; masters?: number }): Promise<RedisClusterHandle> {
  const count = options.masters ?? 3;
  const masters: RedisServerHandle[] = [];
  const stop = async () => {
    await Promise.all(masters.map((node) => node.stop()));
  };
  try {
    for (let i = 0; i < count; i += 1) {
      const dir = `${options.dir}/node-${i + 1}`;
      masters.push(
        await startRedisServer({
          dir,
          appendonly: false,
          extraArgs: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `${dir}/nodes.conf`,
            // The bus port is port + 10000 unless named; a free one of its own avoids clashes.
            '--cluster-port',
            String(await freePort()),
            '--cluster-node-timeout',
            '5000',
          ],
        }),
      );
    }
    const addresses = masters.map((node) => `127.0.0.1:${node.port}`);
    await execFileAsync(findRedisCli(), [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await Promise.all(masters.map((node) => waitForClusterOk(node.url, count)));
    const keysPerMaster = () => Promise.all(masters.map((node) => withNode(node.url, (client) => client.dbsize())));
    return { url: masters.map((node) => node.url).join(','), masters, keysPerMaster, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitForClusterOk(url: string, nodes: number): Promise<void> {
  await withNode(url, (client) =>
    waitFor(
      `the cluster node at ${url} to say cluster_state:ok`,
      async () => {
        const info = await client.cluster('INFO');
        return (
          info.includes('cluster_state:ok') &&
          info.includes(`cluster_known_nodes:${nodes}`) &&
          info.includes('cluster_slots_ok:16384')
        );
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    ),
  );
}

/** A plain connection to one node (not the cluster): what that node alone holds and says. */
async function withNode<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}
