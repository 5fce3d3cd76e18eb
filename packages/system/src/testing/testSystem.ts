import { startStack, type Stack, type StackOptions } from '../stack.js';
import { publicApiClient, type PublicApiClient } from './publicApiClient.js';
import { testDatabase, type TestDatabase } from './testDatabase.js';
import { testRedis, type TestRedis } from './testRedis.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver.js';

export interface TestSystem {
  db: TestDatabase;
  redis: TestRedis;
  receiver: WebhookReceiver;
  stack: Stack;
  /** A public API client; `signup()` makes it act as a new user. */
  api: PublicApiClient;
  /** Stops every process and removes the database and keys. */
  stop(): Promise<void>;
}

/**
 * The whole of Later on real processes for one test file: its own database and Redis key prefix
 * on the shared servers (or on `servers`, e.g. private ones a test crashes, or a Redis Cluster), a webhook receiver,
 * and the stack configured by `options`.
 */
export async function startTestSystem(
  options: Omit<StackOptions, 'redisUrl' | 'redisPrefix' | 'databaseUrl'> = {},
  servers: { redisUrl?: string; redisCluster?: boolean; adminDatabaseUrl?: string } = {},
): Promise<TestSystem> {
  const [db, redis, receiver] = await Promise.all([
    testDatabase(servers.adminDatabaseUrl),
    testRedis(servers.redisUrl, { cluster: servers.redisCluster }),
    startWebhookReceiver(),
  ]);
  let stack: Stack | undefined;
  const stop = async () => {
    await stack?.stop();
    await receiver.close();
    await redis.cleanup();
    await db.drop();
  };
  try {
    stack = await startStack({
      ...options,
      redisUrl: redis.url,
      redisCluster: redis.cluster,
      redisPrefix: redis.prefix,
      databaseUrl: db.url,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { db, redis, receiver, stack, api: publicApiClient(stack.frontendUrl), stop };
}
