import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@later/system';
import {
  composeEnvProblems,
  composePortAndHealthProblems,
  composePostgresProblems,
  composeRedisProblems,
  composeSecretProblems,
  composeServiceFor,
  dependencyProblems,
  schedulerAddressProblems,
} from '../src/composeChecks.js';
import { interpolations } from '../src/composeFile.js';
import { serviceContract, serviceNames } from '../src/serviceContracts.js';
import { composePath, loadCompose, loadDockerfile, loadNomadJobs } from './deploymentFiles.js';

/** The variables compose must be given (interpolations without a default), with throwaway values. */
function requiredComposeVariables(): Record<string, string> {
  const text = readFileSync(composePath, 'utf8');
  const names = interpolations(text).filter((i) => i.fallback === undefined).map((i) => i.name);
  return Object.fromEntries(names.map((name) => [name, `test-value-for-${name.toLowerCase()}-0123456789abcdef`]));
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const dockerfile = loadDockerfile();

  it('is valid for docker-compose itself (docker-compose config -q)', () => {
    const found = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (found.error) {
      throw new Error('docker-compose is not installed: install the apt package `docker-compose` (Debian/Ubuntu: apt-get install -y docker-compose)');
    }
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...requiredComposeVariables() };
    // Throws with compose's own message when the file is invalid.
    execFileSync('docker-compose', ['-f', composePath, 'config', '-q'], { cwd: repoRoot, env, encoding: 'utf8', stdio: 'pipe' });
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

  it.each(serviceNames)('builds and exposes the %s on its own port, checks its health route, waits out its shutdown', (name) => {
    expect(composePortAndHealthProblems(compose, serviceContract(name), dockerfile)).toEqual([]);
  });

  it('publishes the frontend on 8080', () => {
    expect(composeServiceFor(compose, 'frontend').published).toContainEqual({ host: 8080, container: serviceContract('frontend').defaultPort });
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
    expect(composeSecretProblems(compose)).toEqual([]);
  });

  it('gives schedulers and senders the same SHARD_COUNT, as the Nomad jobs do', async () => {
    const jobs = await loadNomadJobs();
    const composed = ['scheduler', 'sender'].map((name) => composeServiceFor(compose, name).environment.SHARD_COUNT);
    const resolved = composed.map((value) => value!.replace(/\$\{[A-Z_]+:-([^}]*)\}/, '$1'));
    expect(new Set([...resolved, jobs.scheduler!.groups[0]!.tasks[0]!.env.SHARD_COUNT, jobs.sender!.groups[0]!.tasks[0]!.env.SHARD_COUNT]).size).toBe(1);
  });
});
