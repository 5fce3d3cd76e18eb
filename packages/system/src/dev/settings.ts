import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { ServiceName } from '../serviceProcess.js';
import { repoRoot } from '../serviceProcess.js';

/**
 * Variables `npm run dev` sets itself for every service (the stack's plumbing): a user's value for
 * one of these is read by dev where it means something (REDIS_URL, DATABASE_URL, SIGNING_SECRET,
 * SCHEDULER_TOKEN) and never passed through as is.
 */
const stackOwned = new Set([
  'PORT',
  'HOST',
  'DATABASE_URL',
  'REDIS_URL',
  'SCHEDULER_URL',
  'SCHEDULER_TOKEN',
  'SIGNING_SECRET',
  'DEV_OUTBOX_URL',
]);

/** Read by dev itself or by every service's runtime rather than by a config schema. */
const devOwn = (name: string) =>
  name.startsWith('DEV_') ||
  ['REDIS_SERVER_BIN', 'LOG_LEVEL', 'REDIS_URL', 'DATABASE_URL', 'SIGNING_SECRET', 'SCHEDULER_TOKEN'].includes(name);

export interface DevSettings {
  /** `.env` and the process environment merged (the process wins): what dev itself reads. */
  env: Record<string, string>;
  /** Per service, the user's settings its config schema declares (and LOG_LEVEL, read by every service's logger). */
  perService: Record<ServiceName, Record<string, string>>;
  /** Names in `.env` that no service and not dev reads: likely a typo. */
  unknown: string[];
  /** The `.env` file read, if there was one. */
  envFile?: string;
}

/** Variable names an env file sets or shows commented out (`# NAME=`). */
function namesIn(file: string): string[] {
  if (!existsSync(file)) return [];
  return [...readFileSync(file, 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
}

/** The variable names each service's config schema reads, from the built services (the system package does not depend on them). */
export async function schemaKeys(): Promise<Record<ServiceName, string[]>> {
  const keysOf = async (service: ServiceName) => {
    const config = (await import(`${repoRoot}services/${service}/dist/config.js`)) as Record<string, unknown>;
    const schema = Object.values(config).find((v) => typeof v === 'object' && v !== null && 'shape' in v) as {
      shape: Record<string, unknown>;
    };
    return Object.keys(schema.shape);
  };
  return { frontend: await keysOf('frontend'), scheduler: await keysOf('scheduler'), sender: await keysOf('sender') };
}

/**
 * Reads `.env` at the repository root (or DEV_ENV_FILE) and the process environment, the process
 * winning, and gives each service the settings it declares. Only `.env` names are checked for
 * typos: the process environment holds PATH, HOME and the like that nobody means for Later.
 */
export function devSettings(
  keys: Record<ServiceName, string[]>,
  processEnv: NodeJS.ProcessEnv = process.env,
): DevSettings {
  const envFile = processEnv.DEV_ENV_FILE ?? `${repoRoot}.env`;
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  const env: Record<string, string> = {};
  // Empty is unset, as in .env.example's blank lines: SIGNING_SECRET= must not become an empty secret.
  for (const [name, value] of [...Object.entries(fromFile), ...Object.entries(processEnv)]) {
    if (value !== undefined && value !== '') env[name] = value;
  }
  const pick = (service: ServiceName) => {
    const names = [...keys[service], 'LOG_LEVEL'].filter((name) => !stackOwned.has(name) && env[name] !== undefined);
    return Object.fromEntries(names.map((name) => [name, env[name]!]));
  };
  // .env is docker compose's file too: what .env.example names (its passwords, LATER_TAG) is no typo.
  const known = new Set([...Object.values(keys).flat(), ...namesIn(`${repoRoot}.env.example`)]);
  const unknown = Object.keys(fromFile).filter((name) => !known.has(name) && !devOwn(name));
  return {
    env,
    perService: { frontend: pick('frontend'), scheduler: pick('scheduler'), sender: pick('sender') },
    unknown,
    ...(existsSync(envFile) ? { envFile } : {}),
  };
}
