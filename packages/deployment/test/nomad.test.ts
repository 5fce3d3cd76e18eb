import { beforeAll, describe, expect, it } from 'vitest';
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
import type { NomadJob } from '../src/nomadJob.js';
import { serviceContract, serviceNames } from '../src/serviceContracts.js';
import { loadNomadJobs, nomadJobFiles } from './deploymentFiles.js';

describe('Nomad jobs (parsed with HashiCorp HCL, via hcl2json)', () => {
  let jobs: Record<string, NomadJob>;
  beforeAll(async () => {
    jobs = await loadNomadJobs();
  });

  it('has one job file per service, plus Redis and Postgres, each a single job', () => {
    expect(Object.keys(jobs).sort()).toEqual(['frontend', 'postgres', 'redis', 'scheduler', 'sender']);
    expect(nomadJobFiles()).toHaveLength(5);
    for (const job of Object.values(jobs)) expect(job.name).toMatch(/^later-/);
  });

  it.each(serviceNames)('provides every variable the %s config schema requires, and none it does not read', (name) => {
    const contract = serviceContract(name);
    expect(contract.requiredEnv.length).toBeGreaterThan(0);
    expect(envProblems(jobs[name]!, contract)).toEqual([]);
  });

  it.each(serviceNames)('maps the %s port to the one it listens on and checks its real health routes', (name) => {
    expect(portAndHealthProblems(jobs[name]!, serviceContract(name))).toEqual([]);
  });

  it.each(serviceNames)('gives the %s a kill_timeout that covers its graceful shutdown', (name) => {
    expect(shutdownProblems(jobs[name]!, serviceContract(name))).toEqual([]);
  });

  it.each(serviceNames)(
    'rolls the %s out one at a time behind a canary, reverts on failure, takes tag and count from variables',
    (name) => {
      expect(rolloutProblems(jobs[name]!, serviceContract(name))).toEqual([]);
    },
  );

  it.each(serviceNames)('finds Redis and the schedulers for the %s through Nomad service discovery', (name) => {
    expect(discoveryProblems(jobs[name]!, serviceContract(name), Object.values(jobs))).toEqual([]);
  });

  it('runs at least 2 scheduler replicas (3 by default)', () => {
    expect(replicaProblems(jobs.scheduler!, 'scheduler', 2)).toEqual([]);
    expect(jobs.scheduler!.groups[0]!.count).toBe(3);
  });

  it('keeps Redis on a host volume with AOF on, as one instance', () => {
    expect(redisPersistenceProblems(jobs.redis!)).toEqual([]);
  });

  it("lets the operator choose Redis' fsync policy (variable appendfsync, everysec by default)", () => {
    expect(jobs.redis!.variables.appendfsync).toBe('everysec');
    expect(jobs.redis!.groups[0]!.tasks[0]!.templates[0]!.data).toMatch(/^\s*appendfsync \$\{var\.appendfsync\}$/m);
  });

  it('keeps Postgres on a host volume', () => {
    const group = jobs.postgres!.groups[0]!;
    expect(Object.values(group.volumes).map((v) => v.type)).toContain('host');
    expect(group.tasks[0]!.volumeMounts.map((m) => m.destination)).toContain('/var/lib/postgresql/data');
  });

  it('holds no secret literal: secrets come from Nomad Variables through templates', () => {
    const findings = Object.entries(jobs).flatMap(([name, job]) =>
      secretProblems(
        job,
        (serviceNames as readonly string[]).includes(name) ? serviceContract(name as never) : undefined,
      ),
    );
    expect(findings).toEqual([]);
  });

  it('sets SHARD_COUNT to the same value for every service that reads it', () => {
    const values = serviceNames
      .filter((name) => serviceContract(name).knownEnv.includes('SHARD_COUNT'))
      .map((name) => jobs[name]!.groups[0]!.tasks[0]!.env.SHARD_COUNT);
    expect(values).toHaveLength(2);
    expect(new Set(values).size).toBe(1);
  });
});
