import { createServer, type Socket } from 'node:net';
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
    const replies = [
      'LOADING Redis is loading the dataset in memory',
      'BUSY Redis is busy running a script',
      'CLUSTERDOWN The cluster is down',
    ];
    for (const message of replies)
      expect(isRedisUnavailable(Object.assign(new Error(message), { name: 'ReplyError' }))).toBe(true);
    expect(isRedisUnavailable(Object.assign(new Error("ERR unknown command 'nope'"), { name: 'ReplyError' }))).toBe(
      false,
    );
    expect(isRedisUnavailable('not an error')).toBe(false);
  });

  it('gives up on a Redis that takes the connection and never answers, within the command timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const stalled = connectRedis(`redis://127.0.0.1:${port}`, 'availability-test', () => undefined, false, 200);
    try {
      const started = Date.now();
      const err = await stalled.get('k').catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(isRedisUnavailable(err)).toBe(true);
    } finally {
      stalled.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
