import { randomBytes } from 'node:crypto';
import { freePort } from './freePort.js';
import { startService, type ServiceHandle } from './serviceProcess.js';

export interface StackOptions {
  redisUrl: string;
  /** `redisUrl` lists the nodes of a Redis Cluster (REDIS_CLUSTER=true). */
  redisCluster?: boolean;
  databaseUrl: string;
  redisPrefix?: string;
  shardCount?: number;
  /** The service token shared by the frontend and the schedulers; random when not given. */
  schedulerToken?: string;
  /** The webhook signing master secret of schedulers and senders; random when not given. */
  signingSecret?: string;
  schedulers?: number;
  senders?: number;
  /** Fixed ports (dev); tests leave them out and get free ones. */
  ports?: { frontend: number; scheduler: number; sender: number };
  env?: { scheduler?: Record<string, string>; sender?: Record<string, string>; frontend?: Record<string, string> };
  output?: 'inherit' | 'capture';
  /** The checkout whose build every replica runs unless told otherwise (see ServiceOptions.root). */
  root?: string;
  /** Sees every line every replica writes, with its label. */
  onLine?: (label: string, line: string) => void;
}

export interface ReplicaExtras {
  env?: Record<string, string>;
  wrapper?: string[];
  root?: string;
}

export interface Stack {
  frontendUrl: string;
  schedulerUrl: string;
  schedulerToken: string;
  frontend: ServiceHandle;
  schedulers: ServiceHandle[];
  senders: ServiceHandle[];
  /** Starts one more replica with the stack's settings, or with `extra` on top (to scale out, or a test's odd one). */
  addScheduler(extra?: ReplicaExtras): Promise<ServiceHandle>;
  addSender(extra?: ReplicaExtras): Promise<ServiceHandle>;
  /** One more frontend on a free port, talking to every scheduler; stopped with the stack unless it exited before. */
  addFrontend(extra?: ReplicaExtras): Promise<ServiceHandle>;
  /** Starts a scheduler or sender again on the same port, as a supervisor would after a crash. */
  respawn(handle: ServiceHandle): Promise<ServiceHandle>;
  /**
   * Replaces a scheduler or sender as a roll does: SIGTERM, the graceful exit awaited, then the
   * same replica (label, port, settings) started from `root`'s build.
   */
  replace(handle: ServiceHandle, root: string): Promise<ServiceHandle>;
  /** SIGTERM to every process, frontend first; waits for all to exit. */
  stop(): Promise<void>;
}

/** Starts the frontend, `schedulers` scheduler replicas and `senders` senders as separate processes. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const token = options.schedulerToken ?? randomBytes(24).toString('base64url');
  const shared = {
    // Development and tests deliver to receivers on this machine: allow loopback, nothing else.
    EGRESS_ALLOW_CIDRS: '127.0.0.0/8,::1/128',
    SIGNING_SECRET: options.signingSecret ?? randomBytes(32).toString('base64url'),
    REDIS_URL: options.redisUrl,
    REDIS_CLUSTER: String(options.redisCluster ?? false),
    REDIS_PREFIX: options.redisPrefix ?? 'later',
    SHARD_COUNT: String(options.shardCount ?? 16),
  };
  const output = options.output ?? 'capture';
  const watched = (label: string, root = options.root) => ({
    label,
    root,
    ...(options.onLine && { onLine: (line: string) => options.onLine!(label, line) }),
  });
  const replicas = { scheduler: [] as ServiceHandle[], sender: [] as ServiceHandle[] };
  const envOf = {
    scheduler: {
      ...shared,
      DATABASE_URL: options.databaseUrl,
      SCHEDULER_TOKEN: token,
      // Development and tests run schedules every second; production keeps the one-minute floor.
      MIN_SCHEDULE_INTERVAL_MS: '1000',
      ...options.env?.scheduler,
    },
    sender: { ...shared, ...options.env?.sender },
  };
  const startedCount = { scheduler: 0, sender: 0 };

  /** Starts replica N+1 of a service; with fixed ports, replica i listens on base + 100 * i. */
  const addReplica = async (service: 'scheduler' | 'sender', extra: ReplicaExtras = {}) => {
    const index = startedCount[service]++;
    const base = options.ports?.[service];
    const handle = await startService(service, {
      ...watched(`${service}-${index + 1}`, extra.root),
      port: base ? base + 100 * index : await freePort(),
      output,
      env: { ...envOf[service], ...extra.env },
      wrapper: extra.wrapper,
    });
    replicas[service].push(handle);
    return handle;
  };
  const addScheduler = (extra?: ReplicaExtras) => addReplica('scheduler', extra);
  const addSender = (extra?: ReplicaExtras) => addReplica('sender', extra);
  const respawn = async (old: ServiceHandle) => {
    const service = replicas.scheduler.includes(old) ? 'scheduler' : 'sender';
    await old.kill();
    const handle = await startService(service, {
      ...watched(old.label, old.root),
      port: old.port,
      output,
      env: envOf[service],
    });
    replicas[service][replicas[service].indexOf(old)] = handle;
    return handle;
  };
  const replace = async (old: ServiceHandle, root: string) => {
    const service = replicas.scheduler.includes(old) ? 'scheduler' : 'sender';
    await old.stop();
    const handle = await startService(service, {
      ...watched(old.label, root),
      port: old.port,
      output,
      env: envOf[service],
    });
    replicas[service][replicas[service].indexOf(old)] = handle;
    return handle;
  };
  const { scheduler: schedulers, sender: senders } = replicas;

  const frontendEnv = () => ({
    DATABASE_URL: options.databaseUrl,
    SCHEDULER_URL: schedulers.map((s) => s.url).join(','),
    SCHEDULER_TOKEN: token,
    ...options.env?.frontend,
  });
  const moreFrontends: ServiceHandle[] = [];
  const addFrontend = async (extra: ReplicaExtras = {}) => {
    const handle = await startService('frontend', {
      ...watched(`frontend-${moreFrontends.length + 2}`, extra.root),
      port: await freePort(),
      output,
      env: { ...frontendEnv(), ...extra.env },
      wrapper: extra.wrapper,
    });
    moreFrontends.push(handle);
    return handle;
  };

  const all: ServiceHandle[] = [];
  try {
    // The first scheduler migrates Postgres; the others start together after it.
    all.push(await addScheduler());
    all.push(...(await Promise.all(Array.from({ length: (options.schedulers ?? 1) - 1 }, () => addScheduler()))));
    all.push(...(await Promise.all(Array.from({ length: options.senders ?? 1 }, () => addSender()))));
    const frontend = await startService('frontend', {
      ...watched('frontend'),
      port: options.ports?.frontend ?? (await freePort()),
      output,
      env: frontendEnv(),
    });
    all.push(frontend);
    return {
      frontendUrl: frontend.url,
      schedulerUrl: schedulers[0]!.url,
      schedulerToken: token,
      frontend,
      schedulers,
      senders,
      addScheduler,
      addSender,
      addFrontend,
      respawn,
      replace,
      async stop() {
        await Promise.all([frontend, ...moreFrontends].map((f) => f.stop()));
        await Promise.all([...schedulers, ...senders].map((s) => s.stop()));
      },
    };
  } catch (err) {
    await Promise.all(all.map((s) => s.kill()));
    throw err;
  }
}
