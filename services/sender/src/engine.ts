/**
 * The sender's moving parts for code that runs them in its own process: the benchmark runs
 * Later's real take/deliver/ack loop in-process, with a channel of its own or the real webhook
 * channel. main.ts wires the same classes for the service.
 */
export { DeliveryLoop, type DeliveryLoopOptions } from './deliveryLoop.js';
export { DeliverySigner } from './deliverySigner.js';
export { WebhookChannel } from './channels/webhook.js';
export type { Channel, DeliveryContext, DeliveryResult } from './channels/channel.js';
