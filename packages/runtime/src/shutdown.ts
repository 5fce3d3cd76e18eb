import type { Logger } from './logger.js';

export type ShutdownStep = () => Promise<void> | void;

/**
 * Runs the registered steps in reverse order of registration (last started, first stopped) on
 * SIGTERM/SIGINT, then exits 0; past the grace deadline it exits 1. Further signals are ignored:
 * a terminal's Ctrl-C reaches every process of its group and a supervisor may signal again, and
 * neither should cut short a shutdown that is already bounded by its deadline.
 */
export function onShutdown(log: Logger, graceMs: number): (step: ShutdownStep) => void {
  const steps: ShutdownStep[] = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error({ graceMs }, 'shutdown grace period exceeded, exiting');
      process.exit(1);
    }, graceMs);
    deadline.unref();
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
  return (step) => {
    steps.push(step);
  };
}
