/**
 * What docker-compose.yml must satisfy, each as a function that returns its problems (empty:
 * fine), so a test can show the check passing on the real file and failing on a broken copy.
 */
import { interpolations, type ComposeFile, type ComposeService } from './composeFile.js';
import { finalStage, type Dockerfile } from './dockerfile.js';
import { appendfsyncPolicies } from './redisAof.js';
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
      .map(
        (name) => `compose ${service.name}: ${name} is required by the ${contract.name}'s config schema but not set`,
      ),
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
export function composePortAndHealthProblems(
  compose: ComposeFile,
  contract: ServiceContract,
  dockerfile: Dockerfile,
): string[] {
  const service = composeServiceFor(compose, contract.name);
  const problems: string[] = [];
  const port = Number(service.environment.PORT ?? contract.defaultPort);
  if (Number(service.buildArgs.PORT) !== port)
    problems.push(`compose ${service.name}: built with PORT=${service.buildArgs.PORT}, listens on ${port}`);
  const reachable = [...service.expose, ...service.published.map((p) => p.container)];
  if (!reachable.includes(port)) problems.push(`compose ${service.name}: neither exposes nor publishes ${port}`);
  const check = healthcheckOf(service, dockerfile);
  if (!check?.includes(contract.healthPath))
    problems.push(`compose ${service.name}: its health check does not call ${contract.healthPath}`);
  const graceMs = Number(service.environment.SHUTDOWN_GRACE_MS ?? contract.defaultShutdownGraceMs);
  const deadlineMs = contract.shutdownDeadlineMs(graceMs);
  if ((service.stopGracePeriodMs ?? 10_000) < deadlineMs) {
    problems.push(
      `compose ${service.name}: stop_grace_period ${service.stopGracePeriodMs ?? 10_000} ms is shorter than the shutdown (${deadlineMs} ms)`,
    );
  }
  return problems;
}

/** Every depends_on waits for health, and what it waits for has a health check. */
export function dependencyProblems(compose: ComposeFile, dockerfile: Dockerfile): string[] {
  const problems: string[] = [];
  for (const service of Object.values(compose.services)) {
    for (const [target, condition] of Object.entries(service.dependsOn)) {
      if (condition !== 'service_healthy')
        problems.push(`compose ${service.name}: depends on ${target} with ${condition}, not service_healthy`);
      const dependency = compose.services[target];
      const builtHere = dependency?.dockerfile ? dockerfile : undefined;
      if (!dependency || !healthcheckOf(dependency, builtHere))
        problems.push(`compose ${service.name}: waits for ${target}, which has no health check`);
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

/** A value as compose would give it when no variable is set: each `${NAME:-default}` is its default. */
const withDefaults = (value: string) => value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}/g, '$1');

export function composeRedisProblems(compose: ComposeFile): string[] {
  const redis = compose.services.redis;
  if (!redis) return ['compose: no redis service'];
  const command = redis.command.join(' ');
  const problems: string[] = [];
  if (!/--appendonly yes/.test(command)) problems.push('compose redis: AOF is not on (--appendonly yes)');
  const fsync = /--appendfsync (\S+)/.exec(command)?.[1];
  if (fsync && !appendfsyncPolicies.includes(withDefaults(fsync))) {
    problems.push(`compose redis: --appendfsync ${fsync} is not one of ${appendfsyncPolicies.join(', ')}`);
  }
  const dir = /--dir (\S+)/.exec(command)?.[1] ?? '/data';
  if (!namedVolumeAt(compose, redis, dir)) problems.push(`compose redis: no named volume at ${dir}`);
  if (!/requirepass/.test(command)) problems.push('compose redis: no password (requirepass)');
  if (!redis.healthcheck) problems.push('compose redis: no health check');
  return problems;
}

export function composePostgresProblems(compose: ComposeFile): string[] {
  const postgres = compose.services.postgres;
  if (!postgres) return ['compose: no postgres service'];
  return namedVolumeAt(compose, postgres, '/var/lib/postgresql/data')
    ? []
    : ['compose postgres: no named volume at /var/lib/postgresql/data'];
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

/**
 * A URL as written in compose, interpolations and all: `scheme://user:password@host:port/path`.
 * (`new URL` cannot read it: an interpolation's message may hold spaces and parentheses.)
 */
function urlAsWritten(value: string) {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)@([^@:/]+)(?::(\d+))?(?:\/(.*))?$/i.exec(value);
  if (!match) return undefined;
  const [, scheme, credentials, host, port, path] = match;
  const colon = credentials!.indexOf(':');
  return {
    scheme: scheme!,
    user: colon < 0 ? credentials! : credentials!.slice(0, colon),
    password: colon < 0 ? '' : credentials!.slice(colon + 1),
    host: host!,
    port: port === undefined ? undefined : Number(port),
    path: path ?? '',
  };
}

/** The variable a value is wholly taken from (`${NAME}` or `${NAME:?message}`, no default), if it is. */
function soleVariable(value: string | undefined): string | undefined {
  const [only, ...more] = interpolations(value ?? '');
  return only && more.length === 0 && only.text === value && only.fallback === undefined ? only.name : undefined;
}

/**
 * REDIS_URL and DATABASE_URL point at the redis and postgres services of this file, on their
 * ports, with the very password each server is started with (taken from the same variable, with
 * no default), and DATABASE_URL with the user and database the postgres service creates. The
 * required-variable check sees only that DATABASE_URL is set, and nothing of REDIS_URL: it has a
 * default in the schemas (a local Redis), which would quietly be used if the line were lost.
 */
export function dataStoreAddressProblems(compose: ComposeFile, contracts: ServiceContract[]): string[] {
  const problems: string[] = [];
  const redis = compose.services.redis;
  const postgres = compose.services.postgres;
  for (const contract of contracts) {
    const service = composeServiceFor(compose, contract.name);
    const where = `compose ${service.name}`;
    if (contract.knownEnv.includes('REDIS_URL')) {
      const url = urlAsWritten(service.environment.REDIS_URL ?? '');
      if (!url) problems.push(`${where}: REDIS_URL is not set as a URL`);
      else {
        if (url.scheme !== 'redis' || url.host !== 'redis' || !redis || url.port !== 6379) {
          problems.push(
            `${where}: REDIS_URL does not name the redis service on 6379 (${url.scheme}://${url.host}:${url.port ?? ''})`,
          );
        }
        const password = soleVariable(url.password);
        if (!password || password !== soleVariable(redis?.environment.REDIS_PASSWORD)) {
          problems.push(
            `${where}: REDIS_URL's password is not \${REDIS_PASSWORD}, the password the redis service requires`,
          );
        }
      }
    }
    if (contract.knownEnv.includes('DATABASE_URL')) {
      const url = urlAsWritten(service.environment.DATABASE_URL ?? '');
      if (!url) problems.push(`${where}: DATABASE_URL is not set as a URL`);
      else {
        if (!/^postgres(ql)?$/.test(url.scheme) || url.host !== 'postgres' || !postgres || url.port !== 5432) {
          problems.push(
            `${where}: DATABASE_URL does not name the postgres service on 5432 (${url.scheme}://${url.host}:${url.port ?? ''})`,
          );
        }
        const password = soleVariable(url.password);
        if (!password || password !== soleVariable(postgres?.environment.POSTGRES_PASSWORD)) {
          problems.push(`${where}: DATABASE_URL's password is not the postgres service's POSTGRES_PASSWORD`);
        }
        if (url.user !== postgres?.environment.POSTGRES_USER || url.path !== postgres?.environment.POSTGRES_DB) {
          problems.push(
            `${where}: DATABASE_URL's user ${url.user} and database ${url.path} are not those the postgres service creates`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * No secret in the file: secret-named variables and URL passwords are interpolations without
 * defaults. An optional setting a Later service reads may pass through empty (`NAME: ${NAME:-}`:
 * unset when not given), never a setting it requires.
 */
export function composeSecretProblems(compose: ComposeFile, contracts: ServiceContract[] = []): Finding[] {
  const findings = [
    ...scanStrings(compose.document, compose.file),
    ...Object.values(compose.services).flatMap((s) =>
      scanEnvironment(s.environment, `${compose.file}: ${s.name}.environment`, true),
    ),
  ];
  // An interpolation with a default would start the system with a secret anyone can read here.
  const optionalIn = (service: ComposeService, name: string) => {
    const contract = contracts.find((c) => c.name === service.buildArgs.SERVICE);
    return contract !== undefined && contract.knownEnv.includes(name) && !contract.requiredEnv.includes(name);
  };
  for (const service of Object.values(compose.services)) {
    for (const [name, value] of Object.entries(service.environment)) {
      for (const used of interpolations(value)) {
        const passedThrough = used.fallback === '' && used.name === name && optionalIn(service, name);
        if (used.fallback !== undefined && secretName(used.name) && !passedThrough) {
          findings.push({
            where: `${compose.file}: ${service.name}.environment.${name}`,
            problem: `${used.name} has a default (${used.text})`,
          });
        }
      }
    }
  }
  return findings;
}
