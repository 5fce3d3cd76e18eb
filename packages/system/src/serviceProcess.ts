import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { devLogLine } from './dev/prettyLog.js';
import { waitFor } from './waitFor.js';

export type ServiceName = 'frontend' | 'scheduler' | 'sender';

export interface ServiceOptions {
  /** Label in logs, e.g. `scheduler-2`. */
  label?: string;
  port: number;
  env: Record<string, string>;
  /** `inherit`: print each line prefixed with the label; `capture`: keep the last lines for errors. */
  output?: 'inherit' | 'capture';
  /** A command that runs the service, e.g. ['faketime', '-f', '+5m'] for a skewed clock. */
  wrapper?: string[];
  /** The checkout whose build runs (ends in `/`): this one unless another release's (`npm run chaos -- --upgrade`). */
  root?: string;
  /** Sees every line the process writes, e.g. to look for errors a release must not log. */
  onLine?: (line: string) => void;
}

export interface ServiceHandle {
  label: string;
  url: string;
  /** The checkout whose build it runs, when not this one. */
  root?: string;
  port: number;
  process: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** The last lines the process wrote, for a failing test's message. */
  recentOutput(): string;
  /** SIGTERM, waiting for the graceful exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<number | null>;
}

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function serviceEntry(service: ServiceName, root = repoRoot): string {
  const entry = `${root}services/${service}/dist/main.js`;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  return entry;
}

/** Starts one service as its own Node process and waits until its /healthz answers. */
export async function startService(service: ServiceName, options: ServiceOptions): Promise<ServiceHandle> {
  const label = options.label ?? service;
  const [command, ...args] = [...(options.wrapper ?? []), process.execPath, serviceEntry(service, options.root)];
  // A wrapper such as faketime forks the service and passes on no signal: give them a process
  // group of their own and signal the group, or a killed wrapper would leave the service running.
  const grouped = options.wrapper !== undefined;
  const child = spawn(command!, args, {
    // LATER_PARENT_PID: the service shuts itself down if this process dies without stopping it.
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      ...options.env,
      PORT: String(options.port),
      LATER_PARENT_PID: String(process.pid),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: grouped,
  });
  const signal = (name: NodeJS.Signals) => {
    if (!grouped) {
      if (child.exitCode === null && child.signalCode === null) child.kill(name);
      return;
    }
    try {
      process.kill(-child.pid!, name);
    } catch {
      // The group is gone already.
    }
  };
  const recent: string[] = [];
  const onLine = (line: string) => {
    if (options.output === 'inherit') process.stdout.write(`[${label}] ${devLogLine(line)}\n`);
    options.onLine?.(line);
    recent.push(line);
    if (recent.length > 200) recent.shift();
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(onLine);
    });
  }
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      if (!grouped) return resolve(code);
      void waitFor(`${label}'s process group to end`, () => !groupAlive(child.pid!), {
        timeoutMs: 60_000,
        intervalMs: 50,
      }).then(
        () => resolve(code),
        () => resolve(code),
      );
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const handle: ServiceHandle = {
    label,
    url,
    ...(options.root !== undefined && { root: options.root }),
    port: options.port,
    process: child,
    exited,
    recentOutput: () => recent.join('\n'),
    stop: async () => {
      signal('SIGTERM');
      return exited;
    },
    kill: async () => {
      signal('SIGKILL');
      return exited;
    },
  };
  try {
    await waitFor(
      `${label} to answer /healthz`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${label} exited with code ${child.exitCode}`);
        const res = await fetch(`${url}/healthz`).catch(() => undefined);
        return res?.ok;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
  } catch (err) {
    await handle.kill();
    throw new Error(`${(err as Error).message}\n--- ${label} output ---\n${handle.recentOutput()}`);
  }
  return handle;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
