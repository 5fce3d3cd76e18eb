import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testRedis, type TestRedis } from '@later/system/testing';
import { subscriberConnection } from '../src/connection.js';
import type { RedisConnection } from '../src/scriptTypes.js';

describe('subscriber connections', () => {
  let t: TestRedis;
  const opened: RedisConnection[] = [];
  beforeEach(async () => void (t = await testRedis()));
  afterEach(async () => {
    for (const connection of opened.splice(0)) connection.disconnect();
    await t.cleanup();
  });

  it('hear what is published after a SUBSCRIBE sent between connect and ready (redis/ioredis#2037)', async () => {
    const heard: string[] = [];
    const errors: Error[] = [];
    for (let i = 0; i < 5; i++) {
      const subscriber = subscriberConnection(t.redis);
      opened.push(subscriber);
      subscriber.on('error', (err: Error) => errors.push(err));
      subscriber.on('message', (_channel: string, message: string) => heard.push(message));
      // The window a busy process hits by chance: connected, its handshake not done.
      await new Promise((resolve) => subscriber.once('connect', resolve));
      const channel = `${t.prefix}:${randomUUID()}`;
      await subscriber.subscribe(channel);
      await t.redis.publish(channel, String(i));
    }
    const deadline = Date.now() + 2000;
    while (heard.length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(heard.sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(errors).toEqual([]);
  });
});
