/**
 * The guard that `groupGuard.ts` starts: a process of its own that outlives its parent and then
 * stops what the parent left running. redis-server and Postgres cannot watch their parent, and
 * run in process groups of their own (so a terminal's Ctrl-C reaches the services first); when
 * the parent is SIGKILLed, or exits on a second Ctrl-C, nothing else would stop them.
 *
 * stdin, a pipe only the parent writes to, carries `+<pgid> <SIGNAL>` (watch this group; stop it
 * with this signal) and `-<pgid>` (it was stopped: forget it). Its end is the parent's end: then
 * every group still listed gets its signal, and SIGKILL if it is still there 5 s later.
 */
import { createInterface } from 'node:readline';

const groups = new Map<number, NodeJS.Signals>();
const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};
const signalGroup = (pgid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Gone already.
  }
};

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [, sign, pgid, signal] = /^([+-])(\d+)(?: (\w+))?$/.exec(line.trim()) ?? [];
  if (sign === '+') groups.set(Number(pgid), signal as NodeJS.Signals);
  else if (sign === '-') groups.delete(Number(pgid));
});
lines.on('close', () => {
  for (const [pgid, signal] of groups) signalGroup(pgid, signal);
  const killAt = Date.now() + 5000;
  const check = setInterval(() => {
    const left = [...groups.keys()].filter(groupAlive);
    if (left.length > 0 && Date.now() < killAt) return;
    for (const pgid of left) signalGroup(pgid, 'SIGKILL');
    clearInterval(check);
  }, 100);
});
