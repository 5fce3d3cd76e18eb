import { frontendEnv } from '@later/frontend/config';
import { healthRoutes } from '@later/runtime';
import { schedulerEnv } from '@later/scheduler/config';
import { senderEnv, shutdownDeadlineMs as senderShutdownDeadlineMs } from '@later/sender/config';
import type { z } from 'zod';

export type ServiceName = 'frontend' | 'scheduler' | 'sender';
export const serviceNames: readonly ServiceName[] = ['frontend', 'scheduler', 'sender'];

/**
 * What a deployment of one service must agree with, read from the service itself: its config
 * schema (which variables it cannot start without, its default port and shutdown grace) and the
 * health routes every service mounts. Nothing here is a copied list.
 */
export interface ServiceContract {
  name: ServiceName;
  /** Variables with neither a default nor `optional()`: the service refuses to start without them. */
  requiredEnv: string[];
  /** Every variable the schema reads. */
  knownEnv: string[];
  defaultPort: number;
  defaultShutdownGraceMs: number;
  /** How long the process may take to exit after SIGTERM with the given grace. */
  shutdownDeadlineMs(graceMs: number): number;
  /** Liveness (restart when it fails) and readiness (send traffic when it passes). */
  healthPath: string;
  readyPath: string;
}

type EnvSchema = z.ZodObject<Record<string, z.ZodType>>;

const schemas: Record<ServiceName, EnvSchema> = {
  frontend: frontendEnv as unknown as EnvSchema,
  scheduler: schedulerEnv as unknown as EnvSchema,
  sender: senderEnv as unknown as EnvSchema,
};

/** A variable is required when the schema refuses it absent. */
export function requiredVariables(schema: EnvSchema): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name)
    .sort();
}

/** The value a variable takes when it is not set. */
export function defaultValue(schema: EnvSchema, name: string): unknown {
  const field = schema.shape[name];
  if (!field) throw new Error(`the schema reads no ${name}`);
  return field.parse(undefined);
}

/** The paths of the health router every service mounts (from @later/runtime), liveness first. */
export function healthRoutePaths(): string[] {
  const router = healthRoutes('probe', async () => ({ state: 'ready', checks: {} })) as unknown as {
    stack: { route?: { path: string } }[];
  };
  return router.stack.flatMap((layer) => (layer.route ? [layer.route.path] : []));
}

export function serviceContract(name: ServiceName): ServiceContract {
  const schema = schemas[name];
  const paths = healthRoutePaths();
  const healthPath = paths.find((path) => path.includes('health'));
  const readyPath = paths.find((path) => path.includes('ready'));
  if (!healthPath || !readyPath) throw new Error(`health routes not found among ${paths.join(', ')}`);
  return {
    name,
    requiredEnv: requiredVariables(schema),
    knownEnv: Object.keys(schema.shape).sort(),
    defaultPort: defaultValue(schema, 'PORT') as number,
    defaultShutdownGraceMs: defaultValue(schema, 'SHUTDOWN_GRACE_MS') as number,
    shutdownDeadlineMs:
      name === 'sender' ? (graceMs) => senderShutdownDeadlineMs({ SHUTDOWN_GRACE_MS: graceMs }) : (graceMs) => graceMs,
    healthPath,
    readyPath,
  };
}

export const serviceContracts = (): ServiceContract[] => serviceNames.map(serviceContract);
