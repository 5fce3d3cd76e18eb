export * from './enums.js';
export * from './time.js';
export * from './webhook.js';
export * from './ids.js';
export * from './tasks.js';
export * from './schedules.js';
export * from './accounts.js';
export * from './events.js';
