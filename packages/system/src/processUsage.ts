import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc's CPU times, 100 on Linux whatever the kernel's own tick rate. */
const ticksPerSecond = 100;

export interface ProcessUsage {
  /** User plus system CPU time the process has used since it started (s). */
  cpuSeconds: number;
  /** Its resident set size now (KiB). */
  rssKb: number;
}

/** What a process has used, from /proc (Linux); undefined when it has exited or there is no /proc. */
export function readProcessUsage(pid: number): ProcessUsage | undefined {
  try {
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    // Fields 14 and 15 of /proc/pid/stat (utime, stime), counted after the command's closing
    // parenthesis: the command itself may contain spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond, rssKb };
  } catch {
    return undefined;
  }
}

/**
 * CPU time the whole machine has spent busy since boot, all cores added up (s), from /proc/stat;
 * NaN without /proc. Busy is everything but idle and iowait, whoever's process it was.
 */
export function machineBusySeconds(): number {
  try {
    const [, ...times] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    const [user, nice, system, , , irq, softirq, steal] = times.map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / ticksPerSecond;
  } catch {
    return NaN;
  }
}
