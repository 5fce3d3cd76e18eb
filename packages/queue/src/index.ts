export * from './keys.js';
export * from './queuedTask.js';
export * from './taskEncoding.js';
export * from './retryBackoff.js';
export * from './deliveryId.js';
export * from './scores.js';
export * from './parking.js';
export * from './scripts.js';
export * from './scriptTypes.js';
export * from './historyStream.js';
export type * from './attemptExcerpt.js';
export {
  connectRedis,
  ensureRedisMode,
  ensureShardCount,
  redisGeneration,
  subscriberConnection,
} from './connection.js';
export { loadLuaScripts, type LuaScript } from './luaScripts.js';
export { queueEnv } from './queueEnv.js';
export { isRedisUnavailable } from './availability.js';
export * from './signing.js';
export * from './heartbeat.js';
export * from './taskFormats.js';
export * from './disabledDestinations.js';
