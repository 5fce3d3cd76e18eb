/**
 * The scheduler's moving parts for code that runs them in its own process: the benchmark runs
 * Later's real claim loop and horizon queuer in-process, as BullMQ's Worker runs in its caller's.
 * main.ts wires the same classes for the service.
 */
export { DueClaimer, type DueClaimerOptions } from './loops/dueClaimer.js';
export { HorizonQueuer } from './loops/horizonQueuer.js';
export { ItemFailures } from './loops/itemFailures.js';
export { RedisClock } from './time/redisClock.js';
export { queuedTaskFromRow } from './tasks/queuedTask.js';
export { loadConfig, type SchedulerConfig } from './config.js';
