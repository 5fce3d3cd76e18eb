import { readdirSync } from 'node:fs';
import { repoRoot } from '@later/system';
import { parseComposeFile } from '../src/composeFile.js';
import { parseDockerfile } from '../src/dockerfile.js';
import { parseNomadJob, type NomadJob } from '../src/nomadJob.js';

/** The repository's deployment files, parsed: what every test here checks. */
export const composePath = `${repoRoot}docker-compose.yml`;
export const dockerfilePath = `${repoRoot}docker/Dockerfile`;
export const nomadDir = `${repoRoot}nomad/`;

export const nomadJobFiles = (): string[] =>
  readdirSync(nomadDir)
    .filter((f) => f.endsWith('.nomad.hcl'))
    .map((f) => `${nomadDir}${f}`);

export async function loadNomadJobs(): Promise<Record<string, NomadJob>> {
  const jobs = await Promise.all(nomadJobFiles().map(parseNomadJob));
  return Object.fromEntries(jobs.map((job) => [job.file.slice(nomadDir.length).replace('.nomad.hcl', ''), job]));
}

export const loadCompose = () => parseComposeFile(composePath);
export const loadDockerfile = () => parseDockerfile(dockerfilePath);
