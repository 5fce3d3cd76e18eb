import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../src/testing/index.js';
import { deliverBurstExactlyOnce } from './burstDelivery.js';

const total = 20_000;

describe('3 scheduler replicas and 2 senders, as separate processes', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ schedulers: 3, senders: 2 });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it(`delivers ${total.toLocaleString('en')} tasks due within the same second exactly once each`, async () => {
    const measured = await deliverBurstExactlyOnce(system, total);
    console.log(`[exactly-once] ${total} tasks, 3 schedulers, 2 senders: ${measured}`);
  });
});
