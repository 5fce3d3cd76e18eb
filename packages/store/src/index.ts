export { createPool, inTransaction, type Pool, type PoolClient } from './pool.js';
export { migrate, loadMigrations, type Migration } from './migrate.js';
export * from './accounts.js';
export * from './tasks.js';
export * from './taskChanges.js';
export * from './schedules.js';
export * from './idempotency.js';
export * from './history.js';
export { isDatabaseUnavailable } from './availability.js';
