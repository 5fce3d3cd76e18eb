import type { Redis } from 'ioredis';

/** The p-th percentile (0-100) of `values`, by nearest rank; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Lateness {
  p50: number;
  p99: number;
  max: number;
}

export const latenessOf = (values: number[]): Lateness => ({
  p50: percentile(values, 50),
  p99: percentile(values, 99),
  max: values.reduce((a, b) => Math.max(a, b), -Infinity),
});

/** Redis' own count of the bytes it holds (INFO memory `used_memory`). */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` every `intervalMs` until it is true; resolves with the time it was first seen true. */
export async function until(done: () => boolean, timeoutMs: number, what: string, intervalMs = 1): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
  return Date.now();
}

/** Runs `work` over `items` with at most `concurrency` calls in flight. */
export async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
