export * from './keys.js';
export * from './queuedTask.js';
export * from './retryBackoff.js';
export * from './scores.js';
export * from './scripts.js';
export * from './historyStream.js';
export { connectRedis, ensureShardCount, redisGeneration } from './connection.js';
export { loadLuaScripts, type LuaScript } from './luaScripts.js';
export { queueEnv } from './queueEnv.js';
