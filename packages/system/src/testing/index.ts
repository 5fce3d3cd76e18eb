export { testRedis, sharedRedisUrl, type TestRedis } from './testRedis.js';
export { testDatabase, adminDatabaseUrl, type TestDatabase } from './testDatabase.js';
export { waitFor } from '../waitFor.js';
export { freePort } from '../freePort.js';
export { startWebhookReceiver, percentile, type ReceivedDelivery, type WebhookReceiver } from './webhookReceiver.js';
export { publicApiClient, type Answer, type PublicApiClient } from './publicApiClient.js';
export { startTestSystem, type TestSystem } from './testSystem.js';
export { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './smtpServer.js';
export { startSmsProvider, type ReceivedSms, type TestSmsProvider } from './smsProvider.js';
