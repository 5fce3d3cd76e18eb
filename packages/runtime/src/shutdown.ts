import type { Logger } from './logger.js';
import { watchParent } from './parentWatch.js';

export type ShutdownStep = () => Promise<void> | void;

/**
 * Runs the registered steps in reverse order of registration (last started, first stopped) on
 * SIGTERM/SIGINT, or when the process named by LATER_PARENT_PID is gone, then exits 0. A hard
 * timer exits 1 at the deadline whatever the steps are waiting for (a stopped or vanished Redis,
 * a hung socket). Further signals are ignored: a terminal's Ctrl-C reaches every process of its
 * group and a supervisor may signal again, and neither should cut short a shutdown that is
 * already bounded by its deadline. Call it early in `main`: steps registered later still run.
 */
export function onShutdown(log: Logger, graceMs: number): (step: ShutdownStep) => void {
  const steps: ShutdownStep[] = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Armed before anything else can wait; unref'd so that it never holds a finished process.
    const deadline = setTimeout(() => {
      log.error({ graceMs }, 'shutdown grace period exceeded, exiting');
      process.exit(1);
    }, graceMs);
    deadline.unref();
    log.info({ signal, graceMs }, 'shutting down');
    for (const step of steps.reverse()) {
      try {
        await step();
      } catch (err) {
        log.error({ err }, 'shutdown step failed');
      }
    }
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  watchParent(() => void stop('parent exited'));
  return (step) => {
    steps.push(step);
  };
}
