export { testRedis, sharedRedisUrl, type TestRedis } from './testRedis.js';
export { testDatabase, adminDatabaseUrl, type TestDatabase } from './testDatabase.js';
export { waitFor } from '../waitFor.js';
export { freePort } from '../freePort.js';
export { startWebhookReceiver, percentile, type ReceivedDelivery, type WebhookReceiver } from './webhookReceiver.js';
