/**
 * What docker-compose.yml must satisfy, each as a function that returns its problems (empty:
 * fine), so a test can show the check passing on the real file and failing on a broken copy.
 */
import { interpolations, type ComposeFile, type ComposeService } from './composeFile.js';
import { finalStage, type Dockerfile } from './dockerfile.js';
import { scanEnvironment, scanStrings, secretName, type Finding } from './secretLiterals.js';
import type { ServiceContract } from './serviceContracts.js';

/** The compose service that runs a Later service: built with SERVICE=<name>. */
export function composeServiceFor(compose: ComposeFile, name: string): ComposeService {
  const service = Object.values(compose.services).find((s) => s.buildArgs.SERVICE === name);
  if (!service) throw new Error(`${compose.file}: no service is built with SERVICE=${name}`);
  return service;
}

export function composeEnvProblems(compose: ComposeFile, contract: ServiceContract): string[] {
  const service = composeServiceFor(compose, contract.name);
  const provided = Object.keys(service.environment);
  return [
    ...contract.requiredEnv
      .filter((name) => !provided.includes(name))
      .map((name) => `compose ${service.name}: ${name} is required by the ${contract.name}'s config schema but not set`),
    ...provided
      .filter((name) => !contract.knownEnv.includes(name) && name !== 'LOG_LEVEL')
      .map((name) => `compose ${service.name}: ${name} is set but the ${contract.name} does not read it`),
  ];
}

/** The health check compose (or the image) runs, as one string. */
function healthcheckOf(service: ComposeService, dockerfile: Dockerfile | undefined): string | undefined {
  if (service.healthcheck) return service.healthcheck.join(' ');
  const fromImage = dockerfile && finalStage(dockerfile).find((inst) => inst.keyword === 'HEALTHCHECK');
  return fromImage?.args;
}

/** Port, build argument, health check and stop grace agree with the service. */
export function composePortAndHealthProblems(compose: ComposeFile, contract: ServiceContract, dockerfile: Dockerfile): string[] {
  const service = composeServiceFor(compose, contract.name);
  const problems: string[] = [];
  const port = Number(service.environment.PORT ?? contract.defaultPort);
  if (Number(service.buildArgs.PORT) !== port) problems.push(`compose ${service.name}: built with PORT=${service.buildArgs.PORT}, listens on ${port}`);
  const reachable = [...service.expose, ...service.published.map((p) => p.container)];
  if (!reachable.includes(port)) problems.push(`compose ${service.name}: neither exposes nor publishes ${port}`);
  const check = healthcheckOf(service, dockerfile);
  if (!check?.includes(contract.healthPath)) problems.push(`compose ${service.name}: its health check does not call ${contract.healthPath}`);
  const graceMs = Number(service.environment.SHUTDOWN_GRACE_MS ?? contract.defaultShutdownGraceMs);
  const deadlineMs = contract.shutdownDeadlineMs(graceMs);
  if ((service.stopGracePeriodMs ?? 10_000) < deadlineMs) {
    problems.push(`compose ${service.name}: stop_grace_period ${service.stopGracePeriodMs ?? 10_000} ms is shorter than the shutdown (${deadlineMs} ms)`);
  }
  return problems;
}

/** Every depends_on waits for health, and what it waits for has a health check. */
export function dependencyProblems(compose: ComposeFile, dockerfile: Dockerfile): string[] {
  const problems: string[] = [];
  for (const service of Object.values(compose.services)) {
    for (const [target, condition] of Object.entries(service.dependsOn)) {
      if (condition !== 'service_healthy') problems.push(`compose ${service.name}: depends on ${target} with ${condition}, not service_healthy`);
      const dependency = compose.services[target];
      const builtHere = dependency?.dockerfile ? dockerfile : undefined;
      if (!dependency || !healthcheckOf(dependency, builtHere)) problems.push(`compose ${service.name}: waits for ${target}, which has no health check`);
    }
  }
  return problems;
}

/** A named volume (declared at the top level) mounted at `path`. */
function namedVolumeAt(compose: ComposeFile, service: ComposeService, path: string): boolean {
  return service.volumes.some((spec) => {
    const [source, target] = spec.split(':');
    return target === path && source !== undefined && source in compose.volumes;
  });
}

export function composeRedisProblems(compose: ComposeFile): string[] {
  const redis = compose.services.redis;
  if (!redis) return ['compose: no redis service'];
  const command = redis.command.join(' ');
  const problems: string[] = [];
  if (!/--appendonly yes/.test(command)) problems.push('compose redis: AOF is not on (--appendonly yes)');
  const dir = /--dir (\S+)/.exec(command)?.[1] ?? '/data';
  if (!namedVolumeAt(compose, redis, dir)) problems.push(`compose redis: no named volume at ${dir}`);
  if (!/requirepass/.test(command)) problems.push('compose redis: no password (requirepass)');
  if (!redis.healthcheck) problems.push('compose redis: no health check');
  return problems;
}

export function composePostgresProblems(compose: ComposeFile): string[] {
  const postgres = compose.services.postgres;
  if (!postgres) return ['compose: no postgres service'];
  return namedVolumeAt(compose, postgres, '/var/lib/postgresql/data') ? [] : ['compose postgres: no named volume at /var/lib/postgresql/data'];
}

/** The frontend's SCHEDULER_URL names the scheduler service on the scheduler's port. */
export function schedulerAddressProblems(compose: ComposeFile, scheduler: ServiceContract): string[] {
  const frontend = composeServiceFor(compose, 'frontend');
  const target = composeServiceFor(compose, 'scheduler');
  const urls = (frontend.environment.SCHEDULER_URL ?? '').split(',').filter(Boolean);
  if (urls.length === 0) return ['compose frontend: no SCHEDULER_URL'];
  return urls
    .map((url) => new URL(url))
    .filter((url) => url.hostname !== target.name || Number(url.port) !== scheduler.defaultPort)
    .map((url) => `compose frontend: SCHEDULER_URL ${url.href} is not ${target.name}:${scheduler.defaultPort}`);
}

/** No secret in the file: secret-named variables and URL passwords are interpolations without defaults. */
export function composeSecretProblems(compose: ComposeFile): Finding[] {
  const findings = [
    ...scanStrings(compose.document, compose.file),
    ...Object.values(compose.services).flatMap((s) => scanEnvironment(s.environment, `${compose.file}: ${s.name}.environment`, true)),
  ];
  // An interpolation with a default would start the system with a secret anyone can read here.
  for (const service of Object.values(compose.services)) {
    for (const [name, value] of Object.entries(service.environment)) {
      for (const used of interpolations(value)) {
        if (used.fallback !== undefined && secretName(used.name)) {
          findings.push({ where: `${compose.file}: ${service.name}.environment.${name}`, problem: `${used.name} has a default (${used.text})` });
        }
      }
    }
  }
  return findings;
}
