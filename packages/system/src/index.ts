export { freePort } from './freePort.js';
export { waitFor } from './waitFor.js';
export { MissingPrerequisite, findChromium, findRedisCli, findRedisServer } from './prerequisites.js';
export { startPostgresServer, type PostgresServerHandle } from './postgresServer.js';
export { startRedisServer, type RedisServerHandle, type RedisServerOptions } from './redisServer.js';
export { startRedisCluster, type RedisClusterHandle } from './redisCluster.js';
export { readProcessUsage, machineBusySeconds, type ProcessUsage } from './processUsage.js';
export {
  startService,
  serviceEntry,
  repoRoot,
  type ServiceHandle,
  type ServiceName,
  type ServiceOptions,
} from './serviceProcess.js';
export { startStack, type ReplicaExtras, type Stack, type StackOptions } from './stack.js';
