import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { repoRoot } from '../src/serviceProcess.js';

const devEntry = `${repoRoot}packages/system/dist/cli/dev.js`;

/** Whether something listens on `port` of 127.0.0.1. */
export const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A base port whose every port `npm run dev` uses (base, +1, +2, +3, +101, +201) is free. */
export async function freePortBase(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const all = await Promise.all([0, 1, 2, 3, 101, 201].map((offset) => portFree(base + offset)));
    if (all.every(Boolean)) return base;
  }
}

/** Runs `npm run dev`'s entry point; its output is collected. `group`: in a process group of its own, as a terminal runs it. */
export function dev(
  env: Record<string, string>,
  group = false,
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(process.execPath, [devEntry], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: group,
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}
