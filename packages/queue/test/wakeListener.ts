import { Redis, type Cluster } from 'ioredis';
import { wakeChannel } from '../src/keys.js';

/** Listens on a prefix's wake channel; `heard` returns what arrived once Redis has sent it all. */
export async function listenForWakes(url: string, prefix: string) {
  const sub = new Redis(url);
  const messages: string[] = [];
  await sub.subscribe(wakeChannel(prefix));
  sub.on('message', (_channel, message) => messages.push(message));
  return {
    /** After a round trip on `redis` (everything it published is out), and a moment for delivery. */
    async heard(redis: Redis | Cluster): Promise<string[]> {
      await redis.ping();
      await new Promise((resolve) => setTimeout(resolve, 50));
      return messages;
    },
    close: () => sub.disconnect(),
  };
}
