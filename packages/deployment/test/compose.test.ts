import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig as loadSenderConfig } from '@later/sender/config';
import { repoRoot } from '@later/system';
import {
  composeEnvProblems,
  composePortAndHealthProblems,
  composePostgresProblems,
  composeRedisProblems,
  composeSecretProblems,
  composeServiceFor,
  dataStoreAddressProblems,
  dependencyProblems,
  schedulerAddressProblems,
} from '../src/composeChecks.js';
import { interpolations } from '../src/composeFile.js';
import { serviceContract, serviceContracts, serviceNames } from '../src/serviceContracts.js';
import { composePath, loadCompose, loadDockerfile, loadNomadJobs } from './deploymentFiles.js';

/** The variables compose must be given (interpolations without a default), with throwaway values. */
function requiredComposeVariables(): Record<string, string> {
  const text = readFileSync(composePath, 'utf8');
  const names = interpolations(text)
    .filter((i) => i.fallback === undefined)
    .map((i) => i.name);
  return Object.fromEntries(names.map((name) => [name, `test-value-for-${name.toLowerCase()}-0123456789abcdef`]));
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const dockerfile = loadDockerfile();

  it('is valid for docker-compose itself (docker-compose config -q)', () => {
    const found = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (found.error) {
      throw new Error(
        'docker-compose is not installed: install the apt package `docker-compose` (Debian/Ubuntu: apt-get install -y docker-compose)',
      );
    }
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...requiredComposeVariables() };
    // Throws with compose's own message when the file is invalid.
    execFileSync('docker-compose', ['-f', composePath, 'config', '-q'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  });

  it('refuses to start without its secrets, naming the one that is missing', () => {
    const found = spawnSync('docker-compose', ['version']);
    if (found.error) throw new Error('docker-compose is not installed: install the apt package `docker-compose`');
    const { REDIS_PASSWORD: _missing, ...others } = requiredComposeVariables();
    const result = spawnSync('docker-compose', ['-f', composePath, 'config', '-q'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...others },
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('REDIS_PASSWORD');
  });

  it.each(serviceNames)('provides every variable the %s config schema requires, and none it does not read', (name) => {
    expect(composeEnvProblems(compose, serviceContract(name))).toEqual([]);
  });

  it.each(serviceNames)(
    'builds and exposes the %s on its own port, checks its health route, waits out its shutdown',
    (name) => {
      expect(composePortAndHealthProblems(compose, serviceContract(name), dockerfile)).toEqual([]);
    },
  );

  it('publishes the frontend on 8080', () => {
    expect(composeServiceFor(compose, 'frontend').published).toContainEqual({
      host: 8080,
      container: serviceContract('frontend').defaultPort,
    });
  });

  it('runs 3 scheduler replicas, which the frontend reaches by the service name', () => {
    expect(composeServiceFor(compose, 'scheduler').replicas).toBe(3);
    expect(schedulerAddressProblems(compose, serviceContract('scheduler'))).toEqual([]);
  });

  it('starts each service once what it depends on is healthy', () => {
    expect(dependencyProblems(compose, dockerfile)).toEqual([]);
    expect(Object.keys(composeServiceFor(compose, 'scheduler').dependsOn).sort()).toEqual(['postgres', 'redis']);
  });

  it('keeps Redis on a named volume with AOF on and a password', () => {
    expect(composeRedisProblems(compose)).toEqual([]);
  });

  it('keeps Postgres on a named volume', () => {
    expect(composePostgresProblems(compose)).toEqual([]);
  });

  it('holds no secret literal: secrets are interpolated from the environment, with no default', () => {
    expect(composeSecretProblems(compose, serviceContracts())).toEqual([]);
  });

  it('points REDIS_URL and DATABASE_URL at its redis and postgres services, with the passwords they are started with', () => {
    expect(dataStoreAddressProblems(compose, serviceContracts())).toEqual([]);
  });

  it('passes every email and SMS setting the sender reads through to it, empty (the default) when not given', () => {
    const channelSettings = serviceContract('sender').knownEnv.filter((name) => /^(SMTP|EMAIL|SMS)_/.test(name));
    expect(channelSettings.length).toBeGreaterThanOrEqual(15);
    const sender = composeServiceFor(compose, 'sender').environment;
    expect(channelSettings.filter((name) => sender[name] !== `\${${name}:-}`)).toEqual([]);
    // With none of them given, compose sets each to "", which the sender reads as its default.
    const given = requiredComposeVariables();
    const asComposeSetsIt = Object.fromEntries(
      Object.entries(sender).map(([name, value]) => [
        name,
        value.replace(
          /\$\{([A-Z_]+)(?::?-([^}]*)|:?\?[^}]*)?\}/g,
          (_, v: string, fallback?: string) => given[v] ?? fallback ?? '',
        ),
      ]),
    );
    expect(loadSenderConfig(asComposeSetsIt)).toMatchObject({
      SMTP_PORT: 587,
      SMTP_SECURE: false,
      SMS_BASE_URL: 'https://api.twilio.com',
      EMAIL_CONCURRENCY: 10,
    });
  });

  it('resolves the Redis fsync policy and the channel settings from the environment (docker-compose config)', () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...requiredComposeVariables() };
    const resolved = (extra: Record<string, string>) =>
      execFileSync('docker-compose', ['-f', composePath, 'config'], {
        cwd: repoRoot,
        env: { ...env, ...extra },
        encoding: 'utf8',
        stdio: 'pipe',
      });
    expect(resolved({})).toMatch(/--appendfsync everysec /);
    const configured = resolved({
      REDIS_APPENDFSYNC: 'always',
      SMTP_HOST: 'smtp.example.com',
      SMS_FROM: '+4930123456',
    });
    expect(configured).toMatch(/--appendfsync always /);
    expect(configured).toContain('SMTP_HOST: smtp.example.com');
    expect(configured).toContain("SMS_FROM: '+4930123456'");
  });

  it('gives schedulers and senders the same SHARD_COUNT, as the Nomad jobs do', async () => {
    const jobs = await loadNomadJobs();
    const composed = ['scheduler', 'sender'].map((name) => composeServiceFor(compose, name).environment.SHARD_COUNT);
    const resolved = composed.map((value) => value!.replace(/\$\{[A-Z_]+:-([^}]*)\}/, '$1'));
    expect(
      new Set([
        ...resolved,
        jobs.scheduler!.groups[0]!.tasks[0]!.env.SHARD_COUNT,
        jobs.sender!.groups[0]!.tasks[0]!.env.SHARD_COUNT,
      ]).size,
    ).toBe(1);
  });
});
