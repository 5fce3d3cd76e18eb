/**
 * What the Nomad jobs must satisfy, each as a function that returns its problems (empty: fine),
 * so a test can show the check passing on the real files and failing on a broken copy.
 */
import {
  providedEnv,
  resolveVariable,
  templateLine,
  type NomadGroup,
  type NomadJob,
  type NomadTask,
} from './nomadJob.js';
import { appendfsyncPolicies } from './redisAof.js';
import { scanEnvironment, scanStrings, type Finding } from './secretLiterals.js';
import type { ServiceContract } from './serviceContracts.js';

/** Read by @later/runtime's logger in every service, outside the config schemas. */
const runtimeVariables = ['LOG_LEVEL'];
/** The Nomad client's default max_kill_timeout: a longer kill_timeout is cut to it. */
export const nomadMaxKillTimeoutMs = 30_000;

/** The group and task that run `contract`'s service (named after it). */
export function serviceTask(job: NomadJob, name: string): { group: NomadGroup; task: NomadTask } {
  for (const group of job.groups) {
    const task = group.tasks.find((t) => t.name === name);
    if (task) return { group, task };
  }
  throw new Error(`${job.file}: no task named ${name}`);
}

export function envProblems(job: NomadJob, contract: ServiceContract): string[] {
  const { task } = serviceTask(job, contract.name);
  const provided = providedEnv(task);
  return [
    ...contract.requiredEnv
      .filter((name) => !provided.has(name))
      .map(
        (name) =>
          `${job.name}: ${name} is required by the ${contract.name}'s config schema but neither its env nor a template sets it`,
      ),
    ...[...provided]
      .filter((name) => !contract.knownEnv.includes(name) && !runtimeVariables.includes(name))
      .map((name) => `${job.name}: ${name} is set but the ${contract.name} does not read it`),
  ];
}

/** The container port, the check paths and the service name agree with the service. */
export function portAndHealthProblems(job: NomadJob, contract: ServiceContract): string[] {
  const { group, task } = serviceTask(job, contract.name);
  const problems: string[] = [];
  const port = Number(task.env.PORT ?? contract.defaultPort);
  const services = group.services;
  if (services.length === 0) problems.push(`${job.name}: registers no service`);
  for (const service of services) {
    const label = String(service.port);
    const to = group.ports[label]?.to;
    if (Number(to) !== port)
      problems.push(`${job.name}: port "${label}" maps to ${String(to)}, the ${contract.name} listens on ${port}`);
    const checks = (service.check ?? []) as Record<string, unknown>[];
    const httpPaths = checks.filter((c) => c.type === 'http').map((c) => String(c.path));
    if (!httpPaths.includes(contract.readyPath)) problems.push(`${job.name}: no HTTP check on ${contract.readyPath}`);
    for (const path of httpPaths) {
      if (path !== contract.readyPath && path !== contract.healthPath)
        problems.push(`${job.name}: checks ${path}, which the ${contract.name} does not serve`);
    }
  }
  return problems;
}

/** kill_timeout leaves the process its whole shutdown, and Nomad will honour it. */
export function shutdownProblems(job: NomadJob, contract: ServiceContract): string[] {
  const { task } = serviceTask(job, contract.name);
  const graceMs = Number(task.env.SHUTDOWN_GRACE_MS ?? contract.defaultShutdownGraceMs);
  const deadlineMs = contract.shutdownDeadlineMs(graceMs);
  const kill = task.killTimeoutMs;
  if (kill === undefined)
    return [`${job.name}: no kill_timeout (Nomad's default 5 s is shorter than the ${deadlineMs} ms shutdown)`];
  const problems: string[] = [];
  if (kill < deadlineMs)
    problems.push(`${job.name}: kill_timeout ${kill} ms is shorter than the shutdown (${deadlineMs} ms)`);
  if (kill > deadlineMs + 10_000)
    problems.push(`${job.name}: kill_timeout ${kill} ms is far longer than the shutdown (${deadlineMs} ms)`);
  if (kill > nomadMaxKillTimeoutMs)
    problems.push(
      `${job.name}: kill_timeout ${kill} ms exceeds Nomad's default max_kill_timeout (${nomadMaxKillTimeoutMs} ms)`,
    );
  return problems;
}

/** Rolling updates with a canary that roll back, restart and reschedule policies, counts and tags from variables. */
export function rolloutProblems(job: NomadJob, contract: ServiceContract): string[] {
  const { group, task } = serviceTask(job, contract.name);
  const update = group.update ?? {};
  const problems: string[] = [];
  if (!(Number(update.max_parallel) >= 1))
    problems.push(`${job.name}: update.max_parallel must be at least 1 (rolling)`);
  if (!(Number(update.canary) >= 1)) problems.push(`${job.name}: update has no canary`);
  if (update.auto_revert !== true) problems.push(`${job.name}: update.auto_revert is not on`);
  // docs/operations.md: a canary is promoted by hand, once its /readyz and logs show it reads the data.
  if (update.auto_promote !== false)
    problems.push(`${job.name}: update.auto_promote is not off (a canary is promoted by hand)`);
  if (update.health_check !== 'checks') problems.push(`${job.name}: update.health_check is not "checks" (/readyz)`);
  if (!group.restart) problems.push(`${job.name}: no restart policy`);
  if (!group.reschedule) problems.push(`${job.name}: no reschedule policy`);
  if (!/\$\{var\.[a-z_]+\}/.test(String(group.countSource)))
    problems.push(`${job.name}: count is not taken from a variable`);
  if (!/\$\{var\.image_tag\}/.test(String(task.config.image)))
    problems.push(`${job.name}: the image tag is not taken from var.image_tag`);
  if (!task.resources?.cpu || !task.resources.memory) problems.push(`${job.name}: resources lack cpu or memory`);
  return problems;
}

export function replicaProblems(job: NomadJob, name: string, atLeast: number): string[] {
  const { group } = serviceTask(job, name);
  return group.count >= atLeast ? [] : [`${job.name}: count is ${group.count}, at least ${atLeast} needed`];
}

/** Redis' and the schedulers' addresses come from Nomad's service discovery, from services some job registers. */
export function discoveryProblems(job: NomadJob, contract: ServiceContract, all: NomadJob[]): string[] {
  const { task } = serviceTask(job, contract.name);
  const registered = new Set(all.flatMap((j) => j.groups.flatMap((g) => g.services.map((s) => String(s.name)))));
  const problems: string[] = [];
  const wanted: Record<string, string> = { REDIS_URL: 'later-redis', SCHEDULER_URL: 'later-scheduler' };
  for (const [variable, service] of Object.entries(wanted)) {
    if (!contract.knownEnv.includes(variable)) continue;
    const line = templateLine(task, variable);
    if (!line?.includes(`nomadService "${service}"`))
      problems.push(`${job.name}: ${variable} does not come from nomadService "${service}"`);
  }
  for (const template of task.templates) {
    for (const [, service] of template.data.matchAll(/nomadService "([^"]+)"/g)) {
      if (!registered.has(service!))
        problems.push(`${job.name}: looks up service "${service}", which no job registers`);
    }
  }
  return problems;
}

/** No secret in the file: env blocks hold none, templates read them from Nomad Variables. */
export function secretProblems(job: NomadJob, contract?: ServiceContract): Finding[] {
  const findings = [
    ...scanStrings(job.document, job.file),
    ...job.groups.flatMap((g) =>
      g.tasks.flatMap((t) => scanEnvironment(t.env, `${job.file}: task ${t.name} env`, false)),
    ),
  ];
  if (contract) {
    const { task } = serviceTask(job, contract.name);
    for (const name of contract.requiredEnv) {
      const template = task.templates.find((t) => t.data.split('\n').some((l) => l.trim().startsWith(`${name}=`)));
      if (template && !template.data.includes('nomadVar'))
        findings.push({ where: job.file, problem: `${name} comes from a template that reads no Nomad Variable` });
    }
  }
  return findings;
}

/** Redis keeps its data: a host or CSI volume, mounted where an AOF-on config writes. */
export function redisPersistenceProblems(job: NomadJob): string[] {
  const problems: string[] = [];
  const group = job.groups[0];
  const task = group?.tasks[0];
  if (!group || !task) return [`${job.name}: no group or task`];
  if (group.count !== 1) problems.push(`${job.name}: count is ${group.count}; Later needs one Redis`);
  const volumes = Object.entries(group.volumes).filter(([, v]) => v.type === 'host' || v.type === 'csi');
  if (volumes.length === 0) problems.push(`${job.name}: no host or CSI volume`);
  const config = task.templates.map((t) => t.data).join('\n');
  if (!/^\s*appendonly\s+yes\s*$/m.test(config))
    problems.push(`${job.name}: the Redis config does not turn AOF on (appendonly yes)`);
  const fsync = /^\s*appendfsync\s+(\S+)\s*$/m.exec(config)?.[1];
  const policy = fsync === undefined ? 'everysec' : resolveVariable(fsync, job.variables);
  if (!appendfsyncPolicies.includes(String(policy)))
    problems.push(
      `${job.name}: appendfsync ${fsync} is ${String(policy)}, not one of ${appendfsyncPolicies.join(', ')}`,
    );
  const dir = /^\s*dir\s+(\S+)\s*$/m.exec(config)?.[1];
  const mounted = task.volumeMounts
    .filter((m) => volumes.some(([name]) => name === m.volume))
    .map((m) => String(m.destination));
  if (!dir || !mounted.includes(dir))
    problems.push(
      `${job.name}: Redis writes to ${dir ?? '(no dir)'}, the volume is mounted at ${mounted.join(', ') || 'nothing'}`,
    );
  return problems;
}
