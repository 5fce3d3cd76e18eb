import { describe, expect, it } from 'vitest';
import { repoRoot } from '@later/system';
import { composeServiceFor } from '../src/composeChecks.js';
import {
  baseImageProblems,
  buildCommandProblems,
  dockerignoreProblems,
  runtimeProblems,
} from '../src/dockerfileChecks.js';
import { serviceContract, serviceNames } from '../src/serviceContracts.js';
import { loadCompose, loadDockerfile } from './deploymentFiles.js';

describe('docker/Dockerfile', () => {
  const dockerfile = loadDockerfile();

  it('builds every stage on Node 20 Alpine, pinned by version', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    expect(baseImageProblems(dockerfile)).toEqual([]);
  });

  it('runs as a non-root user under tini, with a HEALTHCHECK on the health route every service serves', () => {
    expect(runtimeProblems(dockerfile, serviceContract('scheduler').healthPath)).toEqual([]);
  });

  it.each(serviceNames)('builds the %s with names, scripts and files that exist in this workspace', (name) => {
    expect(buildCommandProblems(dockerfile, repoRoot, name)).toEqual([]);
  });

  it('is what compose builds every Later service from', () => {
    const compose = loadCompose();
    for (const name of serviceNames) expect(composeServiceFor(compose, name).dockerfile).toBe('docker/Dockerfile');
  });

  it('has a .dockerignore that leaves installs, builds, local data and secrets out of the context', () => {
    expect(dockerignoreProblems(repoRoot)).toEqual([]);
  });
});
