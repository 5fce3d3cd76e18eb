import type { AddressInfo } from 'node:net';
import express from 'express';
import { Gauge } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ScrapeRead, createMetricsRegistry, listen, metricsRoute } from '../src/index.js';

/** Serves `registry` on a free port; returns its /metrics URL. */
async function serve(registry: ReturnType<typeof createMetricsRegistry>) {
  const app = express();
  app.use(metricsRoute(registry));
  const server = await listen(app, 0, '127.0.0.1');
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** The value of the sample `series` (name with its labels, as written) in a scrape, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics registry and route', () => {
  it('serves the process and Node.js metrics, event-loop lag included, in Prometheus text format', async () => {
    const url = await serve(createMetricsRegistry());
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('gives each process its own registry, so a service metric shows in its scrape only', async () => {
    const mine = createMetricsRegistry();
    const other = createMetricsRegistry();
    new Gauge({ name: 'later_test_answer', help: 'a test gauge', registers: [mine] }).set(42);
    expect(sample(await (await fetch(await serve(mine))).text(), 'later_test_answer')).toBe(42);
    expect(await (await fetch(await serve(other))).text()).not.toContain('later_test_answer');
  });

  it('reads a scrape-time value once per scrape, however many gauges show it, and never between scrapes', async () => {
    const registry = createMetricsRegistry();
    let reads = 0;
    const depths = new ScrapeRead(async () => {
      reads += 1;
      return { ready: 7, leased: 3 };
    });
    for (const [name, part] of [
      ['later_test_ready', 'ready'],
      ['later_test_leased', 'leased'],
    ] as const) {
      new Gauge({
        name,
        help: 'a test gauge',
        registers: [registry],
        async collect() {
          this.set((await depths.get())?.[part] ?? NaN);
        },
      });
    }
    const url = await serve(registry);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toBe(0);
    const text = await (await fetch(url)).text();
    expect([sample(text, 'later_test_ready'), sample(text, 'later_test_leased')]).toEqual([7, 3]);
    expect(reads).toBe(1);
    await fetch(url);
    expect(reads).toBe(2);
  });

  it('answers 200 within a second, with what it knows, when a scrape-time read hangs or fails', async () => {
    const registry = createMetricsRegistry();
    const hanging = new ScrapeRead(() => new Promise<number>(() => undefined), 300);
    const failing = new ScrapeRead<number>(async () => {
      throw new Error('connection refused');
    });
    new Gauge({ name: 'later_test_known', help: 'always known', registers: [registry] }).set(1);
    for (const [name, read] of [
      ['later_test_hanging', hanging],
      ['later_test_failing', failing],
    ] as const) {
      new Gauge({
        name,
        help: 'read at scrape time',
        registers: [registry],
        async collect() {
          const value = await read.get();
          if (value === undefined) this.remove();
          else this.set(value);
        },
      });
    }
    const started = Date.now();
    const res = await fetch(await serve(registry));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sample(text, 'later_test_known')).toBe(1);
    expect(sample(text, 'later_test_hanging')).toBeUndefined();
    expect(sample(text, 'later_test_failing')).toBeUndefined();
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});
