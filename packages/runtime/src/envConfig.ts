import { z } from 'zod';

/** Thrown at start-up when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses `env` once with a zod object schema whose keys are the variable names, so every error
 * names the variable to fix (e.g. "REDIS_URL: Invalid URL"). An empty variable counts as unset:
 * deployments pass optional settings through as `${NAME:-}` (docker compose), which sets NAME to
 * the empty string when the operator did not give it, and that must mean the default.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
}

/** An integer environment variable within [min, max]. */
export const envInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A TCP port environment variable. */
export const envPort = () => envInt(1, 65535);
