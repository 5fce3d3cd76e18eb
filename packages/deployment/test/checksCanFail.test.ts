/**
 * Each check, run on a copy of the real file with one thing broken, reports that thing: the
 * passing tests elsewhere in this folder are not passing because a check is blind.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot } from '@later/system';
import {
  composeEnvProblems,
  composePortAndHealthProblems,
  composeRedisProblems,
  composeSecretProblems,
  composeServiceFor,
  dataStoreAddressProblems,
  dependencyProblems,
} from '../src/composeChecks.js';
import { parseComposeFile } from '../src/composeFile.js';
import { parseDockerfile } from '../src/dockerfile.js';
import { baseImageProblems, buildCommandProblems, runtimeProblems } from '../src/dockerfileChecks.js';
import {
  discoveryProblems,
  envProblems,
  portAndHealthProblems,
  redisPersistenceProblems,
  replicaProblems,
  rolloutProblems,
  secretProblems,
  shutdownProblems,
} from '../src/nomadChecks.js';
import { parseNomadJob } from '../src/nomadJob.js';
import { requiredVariables, serviceContract, serviceContracts } from '../src/serviceContracts.js';
import { composePath, dockerfilePath, loadDockerfile, loadNomadJobs, nomadDir } from './deploymentFiles.js';

const scratch = mkdtempSync(join(tmpdir(), 'later-deploy-mutants-'));

/** A copy of `file` with `from` replaced by `to`; fails if `from` is not there (a mutation that changes nothing proves nothing). */
function mutant(file: string, from: string | RegExp, to: string): string {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${basename(file)} does not contain ${String(from)}`);
  const path = join(mkdtempSync(join(scratch, 'm-')), basename(file));
  writeFileSync(path, changed);
  return path;
}

const nomadMutant = (job: string, from: string | RegExp, to: string) =>
  parseNomadJob(mutant(`${nomadDir}${job}.nomad.hcl`, from, to));
const composeMutant = (from: string | RegExp, to: string) => parseComposeFile(mutant(composePath, from, to));
const dockerfileMutant = (from: string | RegExp, to: string) => parseDockerfile(mutant(dockerfilePath, from, to));

describe('the required-variable list comes from the schema', () => {
  it('counts a variable without default or optional() as required, and only that', () => {
    const schema = z.object({
      NEEDED: z.string(),
      DEFAULTED: z.string().default('x'),
      OPTIONAL: z.string().optional(),
    });
    expect(requiredVariables(schema as never)).toEqual(['NEEDED']);
  });
});

describe('the Nomad checks fail on a broken job', () => {
  const sender = serviceContract('sender');
  const scheduler = serviceContract('scheduler');

  it('a required variable left out of the templates', async () => {
    const job = await nomadMutant('sender', /^\s*SIGNING_SECRET=.*$/m, '');
    expect(envProblems(job, sender).join()).toContain('SIGNING_SECRET is required');
  });

  it('a misspelt variable', async () => {
    const job = await nomadMutant('scheduler', 'SHARD_COUNT = "16"', 'SHARDS = "16"');
    expect(envProblems(job, scheduler).join()).toContain('SHARDS is set but');
  });

  it('a secret written into the env block, or into a URL', async () => {
    const literal = await nomadMutant(
      'scheduler',
      'LOG_LEVEL   = "info"',
      'LOG_LEVEL = "info"\n        SIGNING_SECRET = "Qx7pL2mN9vR4tY8wZ1aB3cD5eF6gH0jK"',
    );
    expect(
      secretProblems(literal, scheduler)
        .map((f) => f.problem)
        .join(),
    ).toContain('SIGNING_SECRET is set in an env block');
    const url = await nomadMutant('sender', /REDIS_URL=\{\{.*$/m, 'REDIS_URL=redis://:hunter2hunter2@10.0.0.5:6379');
    expect(
      secretProblems(url)
        .map((f) => f.problem)
        .join(),
    ).toContain('literal password');
    expect(discoveryProblems(url, sender, Object.values(await loadNomadJobs())).join()).toContain(
      'REDIS_URL does not come from nomadService',
    );
  });

  it('a wrong container port and a health path the service does not serve', async () => {
    const job = await nomadMutant('scheduler', 'path     = "/readyz"', 'path     = "/ready"');
    expect(portAndHealthProblems(job, scheduler).join()).toContain('no HTTP check on /readyz');
    const port = await nomadMutant('scheduler', 'to = 8081', 'to = 9000');
    expect(portAndHealthProblems(port, scheduler).join()).toContain('maps to 9000');
  });

  it('a kill_timeout shorter than the shutdown, or longer than Nomad allows', async () => {
    expect(
      shutdownProblems(await nomadMutant('sender', 'kill_timeout = "30s"', 'kill_timeout = "20s"'), sender).join(),
    ).toContain('shorter than the shutdown (25000 ms)');
    expect(
      shutdownProblems(
        await nomadMutant('sender', 'SHUTDOWN_GRACE_MS = "20000"', 'SHUTDOWN_GRACE_MS = "30000"'),
        sender,
      ).join(),
    ).toContain('shorter');
    const long = await nomadMutant('scheduler', 'kill_timeout = "15s"', 'kill_timeout = "45s"');
    expect(shutdownProblems(long, scheduler).join()).toContain('max_kill_timeout');
  });

  it('no restart policy, no reschedule policy, an image tag written into the job', async () => {
    expect(rolloutProblems(await nomadMutant('scheduler', /\n\s*restart \{[^}]*\}/, ''), scheduler).join()).toContain(
      'no restart policy',
    );
    expect(
      rolloutProblems(await nomadMutant('scheduler', /\n\s*reschedule \{[^}]*\}/, ''), scheduler).join(),
    ).toContain('no reschedule policy');
    const tagged = await nomadMutant(
      'scheduler',
      'image = "${var.image}:${var.image_tag}"',
      'image = "${var.image}:0.1.0"',
    );
    expect(rolloutProblems(tagged, scheduler).join()).toContain('image tag is not taken from var.image_tag');
  });

  it('no canary, no auto_revert, a literal count', async () => {
    const job = await nomadMutant('scheduler', /canary\s+= 1/, 'canary = 0');
    expect(rolloutProblems(job, scheduler).join()).toContain('no canary');
    const noRevert = await nomadMutant('scheduler', /auto_revert\s+= true/, 'auto_revert = false');
    expect(rolloutProblems(noRevert, scheduler).join()).toContain('auto_revert');
    const promoted = await nomadMutant('scheduler', /auto_promote\s+= false/, 'auto_promote = true');
    expect(rolloutProblems(promoted, scheduler).join()).toContain('auto_promote');
    const unchecked = await nomadMutant('scheduler', /health_check\s+= "checks"/, 'health_check = "task_states"');
    expect(rolloutProblems(unchecked, scheduler).join()).toContain('health_check');
    const fixed = await nomadMutant('scheduler', 'count = var.count', 'count = 3');
    expect(rolloutProblems(fixed, scheduler).join()).toContain('count is not taken from a variable');
  });

  it('a single scheduler replica', async () => {
    const job = await nomadMutant('scheduler', /default\s+= 3/, 'default = 1');
    expect(replicaProblems(job, 'scheduler', 2)).toEqual(['later-scheduler: count is 1, at least 2 needed']);
  });

  it('Redis without AOF, without its volume, or writing elsewhere', async () => {
    expect(redisPersistenceProblems(await nomadMutant('redis', 'appendonly yes', 'appendonly no')).join()).toContain(
      'AOF',
    );
    expect(redisPersistenceProblems(await nomadMutant('redis', /volume "data" \{[^}]*\}/, '')).join()).toContain(
      'no host or CSI volume',
    );
    expect(redisPersistenceProblems(await nomadMutant('redis', 'dir /data', 'dir /tmp')).join()).toContain(
      'Redis writes to /tmp',
    );
    expect(
      redisPersistenceProblems(
        await nomadMutant('redis', 'default     = "everysec"', 'default     = "sometimes"'),
      ).join(),
    ).toContain('appendfsync');
  });

  it('a service looked up that no job registers', async () => {
    const job = await nomadMutant('frontend', 'nomadService "later-scheduler"', 'nomadService "later-schedulers"');
    expect(discoveryProblems(job, serviceContract('frontend'), Object.values(await loadNomadJobs())).join()).toContain(
      '"later-schedulers", which no job registers',
    );
  });
});

describe('the compose checks fail on a broken file', () => {
  const dockerfile = loadDockerfile();

  it('a required variable left out', () => {
    const compose = composeMutant(/^\s+SCHEDULER_URL: .*$/m, '');
    expect(composeEnvProblems(compose, serviceContract('frontend'))).toEqual([]);
    const missing = composeMutant(/(frontend:[\s\S]*?)\n\s+SCHEDULER_TOKEN: [^\n]*/, '$1');
    expect(composeEnvProblems(missing, serviceContract('frontend')).join()).toContain('SCHEDULER_TOKEN is required');
  });

  it('REDIS_URL or DATABASE_URL aimed elsewhere, or with another password; REDIS_URL left out, which the required-variable check cannot see', () => {
    const check = (from: string | RegExp, to: string) =>
      dataStoreAddressProblems(composeMutant(from, to), serviceContracts()).join();
    expect(check('}@redis:6379', '}@127.0.0.1:6379')).toContain('REDIS_URL does not name the redis service');
    expect(check('}@redis:6379', '}@redis:6380')).toContain('REDIS_URL does not name the redis service on 6379');
    expect(
      check('redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD (see .env.example)}@', 'redis://:${REDIS_PASS:?set it}@'),
    ).toContain("REDIS_URL's password");
    expect(check('redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD (see .env.example)}@', 'redis://@')).toContain(
      "REDIS_URL's password",
    );
    const dropped = composeMutant(/^\s+REDIS_URL: .*$/m, '');
    expect(composeEnvProblems(dropped, serviceContract('sender'))).toEqual([]);
    expect(dataStoreAddressProblems(dropped, serviceContracts()).join()).toContain('REDIS_URL is not set');
    expect(check('}@postgres:5432/later', '}@db.example.com:5432/later')).toContain(
      'DATABASE_URL does not name the postgres service',
    );
    expect(check('}@postgres:5432/later', '}@postgres:5432/other')).toContain(
      "DATABASE_URL's user later and database other",
    );
    expect(
      check(
        'postgres://later:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD (see .env.example)}@',
        'postgres://later:${PGPASS}@',
      ),
    ).toContain("DATABASE_URL's password");
  });

  it('a secret with a default, a literal secret, a literal password in a URL', () => {
    const defaulted = composeMutant(
      'SIGNING_SECRET: ${SIGNING_SECRET:?set SIGNING_SECRET (see .env.example)}',
      'SIGNING_SECRET: ${SIGNING_SECRET:-dev-secret}',
    );
    expect(
      composeSecretProblems(defaulted, serviceContracts())
        .map((f) => f.problem)
        .join(),
    ).toContain('SIGNING_SECRET');
    // Empty is a pass-through only for what a service may go without, never for a secret it needs.
    const emptied = composeMutant(
      'SIGNING_SECRET: ${SIGNING_SECRET:?set SIGNING_SECRET (see .env.example)}',
      'SIGNING_SECRET: ${SIGNING_SECRET:-}',
    );
    expect(
      composeSecretProblems(emptied, serviceContracts())
        .map((f) => f.problem)
        .join(),
    ).toContain('SIGNING_SECRET has a default');
    const literalSmtp = composeMutant('SMTP_PASSWORD: ${SMTP_PASSWORD:-}', 'SMTP_PASSWORD: ${SMTP_PASSWORD:-hunter2}');
    expect(
      composeSecretProblems(literalSmtp, serviceContracts())
        .map((f) => f.problem)
        .join(),
    ).toContain('SMTP_PASSWORD has a default');
    const literal = composeMutant(
      /SCHEDULER_TOKEN: \$\{SCHEDULER_TOKEN:\?[^}]*\}/,
      'SCHEDULER_TOKEN: s3cr3t-token-for-everyone',
    );
    expect(
      composeSecretProblems(literal)
        .map((f) => f.problem)
        .join(),
    ).toContain('SCHEDULER_TOKEN has a literal value');
    const url = composeMutant(
      'postgres://later:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD (see .env.example)}@',
      'postgres://later:later@',
    );
    expect(
      composeSecretProblems(url)
        .map((f) => f.problem)
        .join(),
    ).toContain('literal password');
  });

  it('Redis without AOF or without its volume, or with no such fsync policy', () => {
    expect(composeRedisProblems(composeMutant('--appendonly yes', '--appendonly no')).join()).toContain('AOF');
    expect(
      composeRedisProblems(composeMutant('${REDIS_APPENDFSYNC:-everysec}', '${REDIS_APPENDFSYNC:-sometimes}')).join(),
    ).toContain('--appendfsync');
    expect(composeRedisProblems(composeMutant('- redis-data:/data', '- /tmp/redis:/data')).join()).toContain(
      'no named volume',
    );
  });

  it('one scheduler replica, a dependency not waited for, a health check on the wrong path, too short a stop grace', () => {
    expect(composeServiceFor(composeMutant('scale: 3', 'scale: 1'), 'scheduler').replicas).toBe(1);
    expect(
      dependencyProblems(
        composeMutant(/(scheduler:[\s\S]*?redis:\n\s+condition: )service_healthy/, '$1service_started'),
        dockerfile,
      ).join(),
    ).toContain('service_started');
    const sender = serviceContract('sender');
    expect(
      composePortAndHealthProblems(
        composeMutant('stop_grace_period: 40s', 'stop_grace_period: 10s'),
        sender,
        dockerfile,
      ).join(),
    ).toContain('stop_grace_period');
    const badHealth = parseDockerfile(mutant(dockerfilePath, '/healthz" || exit 1', '/health" || exit 1'));
    expect(composePortAndHealthProblems(parseComposeFile(composePath), sender, badHealth).join()).toContain(
      'does not call /healthz',
    );
  });

  it('docker-compose itself refuses an invalid file', () => {
    const found = spawnSync('docker-compose', ['version']);
    if (found.error) throw new Error('docker-compose is not installed: install the apt package `docker-compose`');
    const broken = mutant(composePath, 'scale: 3', 'scale: three');
    const result = spawnSync('docker-compose', ['-f', broken, 'config', '-q'], {
      env: {
        PATH: process.env.PATH ?? '',
        REDIS_PASSWORD: 'x',
        POSTGRES_PASSWORD: 'x',
        SIGNING_SECRET: 'x',
        SCHEDULER_TOKEN: 'x',
      },
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/scale/);
  });
});

describe('the Dockerfile checks fail on a broken Dockerfile', () => {
  it('a floating or non-Alpine base', () => {
    expect(
      baseImageProblems(
        dockerfileMutant('ARG NODE_IMAGE=node:20.20.2-alpine3.23', 'ARG NODE_IMAGE=node:20-alpine'),
      ).join(),
    ).toContain('node:20-alpine');
    expect(
      baseImageProblems(
        dockerfileMutant('ARG NODE_IMAGE=node:20.20.2-alpine3.23', 'ARG NODE_IMAGE=node:20.20.2-bookworm'),
      ).length,
    ).toBe(3);
  });

  it('root, no tini, no health check', () => {
    expect(runtimeProblems(dockerfileMutant('USER node', 'USER root'), '/healthz').join()).toContain('runs as root');
    expect(
      runtimeProblems(dockerfileMutant('ENTRYPOINT ["/sbin/tini", "--"]', 'ENTRYPOINT []'), '/healthz').join(),
    ).toContain('not tini');
    expect(runtimeProblems(dockerfileMutant(/HEALTHCHECK[^\n]*\\\n[^\n]*\n/, ''), '/healthz').join()).toContain(
      'no HEALTHCHECK',
    );
  });

  it('a service, a command or a file that does not exist here', () => {
    const dockerfile = loadDockerfile();
    expect(buildCommandProblems(dockerfile, repoRoot, 'mailer')).toEqual(['no workspace services/mailer']);
    expect(
      buildCommandProblems(
        dockerfileMutant('CMD ["node", "dist/main.js"]', 'CMD ["node", "dist/server.js"]'),
        repoRoot,
        'scheduler',
      ).join(),
    ).toContain('dist/server.js does not exist');
    expect(
      buildCommandProblems(
        dockerfileMutant('COPY tsconfig.base.json ./', 'COPY tsconfig.shared.json ./'),
        repoRoot,
        'scheduler',
      ).join(),
    ).toContain('COPY tsconfig.shared.json');
    expect(
      buildCommandProblems(
        dockerfileMutant('ARG TURBO_VERSION=2.11.11', 'ARG TURBO_VERSION=2.0.0'),
        repoRoot,
        'sender',
      ).join(),
    ).toContain('TURBO_VERSION');
  });
});
