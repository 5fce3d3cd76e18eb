export { freePort } from './freePort.js';
export { waitFor } from './waitFor.js';
export { MissingPrerequisite, findRedisServer } from './prerequisites.js';
export { startRedisServer, type RedisServerHandle, type RedisServerOptions } from './redisServer.js';
