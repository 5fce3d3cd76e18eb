import type { Logger } from './logger.js';

export type ShutdownStep = () => Promise<void> | void;

/**
 * Runs the registered steps in reverse order of registration (last started, first stopped) on
 * SIGTERM/SIGINT, then exits 0; a second signal or the grace deadline exits 1 at once.
 */
export function onShutdown(log: Logger, graceMs: number): (step: ShutdownStep) => void {
  const steps: ShutdownStep[] = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
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
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return (step) => {
    steps.push(step);
  };
}
