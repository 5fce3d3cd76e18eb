/**
 * `npm run footprint -w @later/deployment` (after `npm run build`): how much memory and CPU each
 * process of Later uses, idle and under a burst, to size the Nomad jobs' `resources`. Starts a
 * private redis-server (AOF), 3 schedulers, 2 senders and a frontend on the shared test Postgres,
 * samples /proc every 500 ms, idles, then creates `--tasks` webhook tasks due within one second
 * (the exactly-once test's load) and waits until all are delivered, then sends `--requests`
 * POST /v1/tasks through the frontend and waits for those deliveries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readProcessUsage, startRedisServer, type ProcessUsage } from '@later/system';
import { createTaskBurst, startTestSystem, waitFor } from '@later/system/testing';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '20000' },
    requests: { type: 'string', default: '3000' },
    idle: { type: 'string', default: '10' },
  },
});
const total = Number(values.tasks);
const requests = Number(values.requests);
const idleSeconds = Number(values.idle);

interface Sample extends ProcessUsage {
  at: number;
}
const samples = new Map<string, Sample[]>();

function sample(label: string, pid: number | undefined): void {
  const usage = pid ? readProcessUsage(pid) : undefined;
  // None when the process exited between samples.
  if (usage) samples.set(label, [...(samples.get(label) ?? []), { ...usage, at: Date.now() }]);
}

/** Peak RSS and CPU (in % of one core: average over the phase, and the busiest 1 s) for each label. */
function summarise(from: number, to: number): Record<string, string> {
  return Object.fromEntries(
    [...samples].map(([label, all]) => {
      const phase = all.filter((s) => s.at >= from && s.at <= to);
      if (phase.length < 2) return [label, 'no samples'];
      const seconds = (phase.at(-1)!.at - phase[0]!.at) / 1000;
      const average = ((phase.at(-1)!.cpuSeconds - phase[0]!.cpuSeconds) / seconds) * 100;
      let busiest = 0;
      for (let i = 2; i < phase.length; i++) {
        const window = (phase[i]!.at - phase[i - 2]!.at) / 1000;
        busiest = Math.max(busiest, ((phase[i]!.cpuSeconds - phase[i - 2]!.cpuSeconds) / window) * 100);
      }
      const peakMb = Math.max(...phase.map((s) => s.rssKb)) / 1024;
      return [
        label,
        `RSS peak ${peakMb.toFixed(0)} MiB, CPU avg ${average.toFixed(0)}%, busiest 1 s ${busiest.toFixed(0)}% of a core`,
      ];
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'later-footprint-'));
const redis = await startRedisServer({ dir, appendfsync: 'everysec' });
// The public API phase sends one user's requests as fast as it can: lift that user's rate limit.
const system = await startTestSystem(
  {
    schedulers: 3,
    senders: 2,
    env: {
      frontend: {
        RATE_LIMIT_PER_SECOND: '100000',
        RATE_LIMIT_BURST: '100000',
        ACCOUNT_RATE_LIMIT_PER_SECOND: '100000',
        ACCOUNT_RATE_LIMIT_BURST: '100000',
      },
    },
  },
  { redisUrl: redis.url },
);
const { stack, receiver, api } = system;
const processes = (): [string, number | undefined][] => [
  ['redis', redis.process.pid],
  ['frontend', stack.frontend.process.pid],
  ...stack.schedulers.map((s) => [s.label, s.process.pid] as [string, number | undefined]),
  ...stack.senders.map((s) => [s.label, s.process.pid] as [string, number | undefined]),
];
const sampler = setInterval(() => processes().forEach(([label, pid]) => sample(label, pid)), 500);

try {
  const idleFrom = Date.now();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const idleTo = Date.now();

  await createTaskBurst(stack, receiver.url, total, Math.ceil((Date.now() + 15_000) / 1000) * 1000);
  await waitFor(`${total} deliveries`, () => receiver.received.length >= total, {
    timeoutMs: 180_000,
    intervalMs: 200,
  });
  const loadTo = Date.now();

  // Public API: POST /v1/tasks through the frontend, 16 at a time, each delivered 2 s later.
  await api.signup('footprint@example.com');
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next++;
      const answer = await api.call('POST', '/v1/tasks', {
        channel: 'webhook',
        webhook: { url: `${receiver.url}/api` },
        delay: 'PT2S',
      });
      if (answer.status !== 201) throw new Error(`POST /v1/tasks answered ${answer.status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await waitFor(`${requests} API deliveries`, () => receiver.received.length >= total + requests, {
    timeoutMs: 120_000,
    intervalMs: 200,
  });
  const apiTo = Date.now();

  console.log(`idle, ${idleSeconds} s:`);
  for (const [label, line] of Object.entries(summarise(idleFrom, idleTo))) console.log(`  ${label.padEnd(12)} ${line}`);
  console.log(`${total} tasks created and delivered, ${((loadTo - idleTo) / 1000).toFixed(1)} s:`);
  for (const [label, line] of Object.entries(summarise(idleTo, loadTo))) console.log(`  ${label.padEnd(12)} ${line}`);
  console.log(
    `${requests} tasks through the public API (16 at a time) and delivered, ${((apiTo - loadTo) / 1000).toFixed(1)} s:`,
  );
  for (const [label, line] of Object.entries(summarise(loadTo, apiTo))) console.log(`  ${label.padEnd(12)} ${line}`);
} finally {
  clearInterval(sampler);
  await system.stop();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
