/**
 * What docker/Dockerfile must satisfy, each as a function that returns its problems (empty:
 * fine). `repo` is the repository root, against which every path and name it uses is checked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finalStage, type Dockerfile } from './dockerfile.js';

/** Every stage starts from Node 20 on Alpine, pinned to a patch version and an Alpine release. */
export function baseImageProblems(dockerfile: Dockerfile): string[] {
  return dockerfile.stages
    .filter((stage) => !/^node:20\.\d+\.\d+-alpine\d+\.\d+$/.test(stage.from))
    .map((stage) => `stage ${stage.name ?? '?'} starts FROM ${stage.from}, not node:20.x.y-alpineA.B`);
}

/** The image runs as a non-root user, under tini, with a health check on `healthPath`. */
export function runtimeProblems(dockerfile: Dockerfile, healthPath: string): string[] {
  const last = finalStage(dockerfile);
  const problems: string[] = [];
  const user = last
    .filter((inst) => inst.keyword === 'USER')
    .at(-1)
    ?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push(`the image runs as ${user ?? 'root (no USER)'}`);
  const healthcheck = last.find((inst) => inst.keyword === 'HEALTHCHECK');
  if (!healthcheck?.args.includes(healthPath)) problems.push(`no HEALTHCHECK on ${healthPath}`);
  const entrypoint = last.find((inst) => inst.keyword === 'ENTRYPOINT')?.args ?? '';
  if (!/tini/.test(entrypoint)) problems.push('the ENTRYPOINT is not tini');
  if (!last.some((inst) => inst.keyword === 'RUN' && /apk add[^&]*\btini\b/.test(inst.args)))
    problems.push('tini is not installed (apk add tini)');
  return problems;
}

/**
 * The names and paths the build uses exist here: the workspace `@later/<service>` with a build
 * script and a start script that runs the CMD, the files it COPYs from the context, the turbo
 * version the lockfile holds.
 */
export function buildCommandProblems(dockerfile: Dockerfile, repo: string, service: string): string[] {
  const problems: string[] = [];
  const text = dockerfile.instructions.map((inst) => `${inst.keyword} ${inst.args}`).join('\n');
  const pkgFile = join(repo, 'services', service, 'package.json');
  if (!existsSync(pkgFile)) return [`no workspace services/${service}`];
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string; scripts?: Record<string, string> };
  if (!text.includes('turbo prune @later/${SERVICE}') || pkg.name !== `@later/${service}`)
    problems.push(`turbo prune does not name @later/${service}`);
  if (!text.includes('turbo run build --filter=@later/${SERVICE}') || !pkg.scripts?.build)
    problems.push(`@later/${service} has no build script for turbo to run`);
  // CMD ["node", "dist/main.js"] in WORKDIR /app/services/${SERVICE}: the same as the package's start script.
  const last = finalStage(dockerfile);
  const cmd = JSON.parse(last.find((inst) => inst.keyword === 'CMD')?.args ?? '[]') as string[];
  const workdir = last.filter((inst) => inst.keyword === 'WORKDIR').at(-1)?.args;
  if (workdir !== '/app/services/${SERVICE}')
    problems.push(`the final WORKDIR is ${workdir}, not the service's folder`);
  if (cmd.join(' ') !== pkg.scripts?.start)
    problems.push(`CMD ${cmd.join(' ')} is not @later/${service}'s start script (${pkg.scripts?.start})`);
  const entry = cmd.find((arg) => arg.endsWith('.js'));
  if (!entry || !existsSync(join(repo, 'services', service, entry)))
    problems.push(`services/${service}/${entry} does not exist (run the build first)`);
  for (const copy of dockerfile.instructions.filter(
    (inst) => inst.keyword === 'COPY' && !inst.args.startsWith('--from'),
  )) {
    const sources = copy.args
      .split(/\s+/)
      .filter((arg) => !arg.startsWith('--'))
      .slice(0, -1);
    for (const source of sources)
      if (source !== '.' && !existsSync(join(repo, source))) problems.push(`COPY ${source}: not in the repository`);
  }
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const turbo = lock.packages['node_modules/turbo']?.version;
  if (
    dockerfile.instructions.find((inst) => inst.keyword === 'ARG' && inst.args.startsWith('TURBO_VERSION='))?.args !==
    `TURBO_VERSION=${turbo}`
  ) {
    problems.push(`TURBO_VERSION is not the lockfile's turbo (${turbo})`);
  }
  return problems;
}

/** The build context leaves out installs, builds, local data and secrets. */
export function dockerignoreProblems(repo: string): string[] {
  const file = join(repo, '.dockerignore');
  if (!existsSync(file)) return ['no .dockerignore at the build context (the repository root)'];
  const patterns = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim());
  return ['**/node_modules', '**/dist', '.data', '.env', '.git']
    .filter((p) => !patterns.includes(p))
    .map((p) => `.dockerignore does not leave out ${p}`);
}
