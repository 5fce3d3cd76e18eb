import { describe, expect, it } from 'vitest';
import { freePort } from '@later/system/testing';
import { isRedisUnavailable } from '../src/availability.js';
import { connectRedis } from '../src/connection.js';

describe('isRedisUnavailable', () => {
  it('recognises a Redis that cannot be reached, but not a bad command', async () => {
    const down = connectRedis(`redis://127.0.0.1:${await freePort()}`, 'availability-test', () => undefined);
    try {
      const err = await down.get('k').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(isRedisUnavailable(err)).toBe(true);
    } finally {
      down.disconnect();
    }
    const replies = ['LOADING Redis is loading the dataset in memory', 'BUSY Redis is busy running a script', 'CLUSTERDOWN The cluster is down'];
    for (const message of replies) expect(isRedisUnavailable(Object.assign(new Error(message), { name: 'ReplyError' }))).toBe(true);
    expect(isRedisUnavailable(Object.assign(new Error("ERR unknown command 'nope'"), { name: 'ReplyError' }))).toBe(false);
    expect(isRedisUnavailable('not an error')).toBe(false);
  });
});
