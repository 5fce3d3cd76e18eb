#!/usr/bin/env node
import { runCli } from './run.js';

/** Only a command that asks for it (tail) handles Ctrl-C, to end cleanly; the rest die at once as usual. */
function interruptSignal(): AbortSignal {
  const interrupted = new AbortController();
  process.once('SIGINT', () => interrupted.abort());
  return interrupted.signal;
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  interruptSignal,
});
