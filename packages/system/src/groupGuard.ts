import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

let guard: ChildProcess | undefined;

/**
 * Has the process group `pgid` (a detached redis-server or Postgres) stopped with `signal` if
 * this process dies before stopping it (see groupGuardProcess.ts). Returns the call that says it
 * was stopped. One guard process serves every group this process starts.
 */
export function guardProcessGroup(pgid: number | undefined, signal: NodeJS.Signals): () => void {
  if (pgid === undefined) return () => undefined; // never started
  if (!guard || guard.exitCode !== null || guard.signalCode !== null) {
    // Compiled, whether this module runs from dist/ or (in vitest) from src/.
    const entry = fileURLToPath(new URL('../dist/groupGuardProcess.js', import.meta.url));
    guard = spawn(process.execPath, [entry], { detached: true, stdio: ['pipe', 'ignore', 'inherit'] });
    guard.stdin!.on('error', () => undefined); // the guard died: nothing to tell it any more
    // Neither the guard nor its pipe keeps this process alive; the pipe's end at exit is the point.
    guard.unref();
    (guard.stdin as unknown as { unref(): void }).unref();
  }
  const stdin = guard.stdin!;
  stdin.write(`+${pgid} ${signal}\n`);
  return () => {
    if (stdin.writable) stdin.write(`-${pgid}\n`);
  };
}
