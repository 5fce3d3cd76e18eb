/**
 * No process outlives what started it: a service stops by its documented deadline whatever Redis
 * is doing, stops by itself when its parent dies, and the redis-server its parent started is
 * stopped too (the group guard).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../src/redisServer.js';
import { repoRoot, startService } from '../src/serviceProcess.js';
import { freePort, stillRunning, waitFor } from '../src/testing/index.js';

const signingSecret = 'a'.repeat(40);
const graceMs = 500;
/** The sender's documented deadline after SIGTERM: the grace, then 5 s to abort and report. */
const deadlineMs = graceMs + 5000;
/** What a loaded machine adds between the timer firing and the exit being seen. */
const slackMs = 2000;

describe('processes left behind', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(`${tmpdir()}/later-procs-`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const startSender = async (redis: RedisServerHandle) =>
    startService('sender', {
      port: await freePort(),
      env: {
        REDIS_URL: redis.url,
        SIGNING_SECRET: signingSecret,
        SHUTDOWN_GRACE_MS: String(graceMs),
        REDIS_PREFIX: 'procs',
      },
    });

  for (const outage of ['stopped (SIGSTOP)', 'gone (SIGKILL)'] as const) {
    it(`a sender whose Redis is ${outage} exits by its deadline after SIGTERM`, async () => {
      const redis = await startRedisServer({ dir: `${dir}/redis-${outage.length}`, appendonly: false });
      const sender = await startSender(redis);
      try {
        if (outage === 'stopped (SIGSTOP)') redis.process.kill('SIGSTOP');
        else await redis.kill();
        const signalledAt = Date.now();
        sender.process.kill('SIGTERM');
        const code = await Promise.race([
          sender.exited,
          new Promise((resolve) => setTimeout(resolve, deadlineMs + slackMs, 'still running')),
        ]);
        expect(code, sender.recentOutput()).not.toBe('still running');
        expect(Date.now() - signalledAt).toBeLessThan(deadlineMs + slackMs);
      } finally {
        redis.process.kill('SIGCONT');
        await sender.kill();
        await redis.kill();
      }
    });
  }

  it('a sender and the redis-server its parent started stop by themselves when the parent is SIGKILLed', async () => {
    // The parent: starts a redis-server and a sender the way dev, chaos and the tests do, then waits.
    const parentScript = `
      import { startRedisServer, startService } from '${repoRoot}packages/system/dist/index.js';
      const redis = await startRedisServer({ dir: '${dir}/redis-parent', appendonly: false });
      const sender = await startService('sender', {
        port: ${await freePort()},
        env: { REDIS_URL: redis.url, SIGNING_SECRET: '${signingSecret}', SHUTDOWN_GRACE_MS: '${graceMs}', REDIS_PREFIX: 'procs' },
      });
      process.stdout.write(JSON.stringify([redis.process.pid, sender.process.pid]) + '\\n');
      setInterval(() => undefined, 1000);
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', parentScript], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let started: number[] = [];
    try {
      let output = '';
      parent.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      started = await waitFor(
        'the parent to start redis-server and a sender',
        () => (output.includes('\n') ? (JSON.parse(output) as number[]) : undefined),
        {
          timeoutMs: 60_000,
        },
      );
      parent.kill('SIGKILL');
      // The sender polls its parent every 0.5 s, then has its deadline; Redis gets SIGTERM from the guard.
      await waitFor('the sender and redis-server to exit', () => stillRunning(started).length === 0, {
        timeoutMs: 500 + deadlineMs + slackMs,
        intervalMs: 100,
      });
    } finally {
      parent.kill('SIGKILL');
      for (const pid of stillRunning(started)) process.kill(pid, 'SIGKILL');
    }
  });
});
