import { readFileSync } from 'node:fs';

/**
 * The variable a supervisor that is itself a process (`npm run dev`, the chaos run, the test
 * stacks) sets to its pid: a service started with it shuts down when that process is gone, so a
 * killed supervisor leaves nothing behind. Unset (a container, systemd), nothing is watched.
 */
export const parentPidVariable = 'LATER_PARENT_PID';

/** Whether `pid` is a live process; a zombie (dead, not yet reaped) counts as gone. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): kill() said it is there
  }
}

/**
 * Calls `onGone` once when the process named by LATER_PARENT_PID has exited. Polls (Node's
 * `process.ppid` is read once at start, and no signal tells a child its parent died); the timer
 * is unref'd, so it never keeps the process alive by itself.
 */
export function watchParent(onGone: () => void, env: NodeJS.ProcessEnv = process.env, intervalMs = 500): void {
  const pid = Number(env[parentPidVariable]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const timer = setInterval(() => {
    if (processAlive(pid)) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
}
