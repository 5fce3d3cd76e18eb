/**
 * `npm run chaos`: the chaos test at full size. Options: --tasks N (default 2000),
 * --seconds S of faults (default 90). Exits 1 if any accepted task was lost or left stuck, if
 * Postgres disagrees with the receiver, or if a duplicate has no cause the attempt history shows.
 */
import { parseArgs } from 'node:util';
import { chaosFailures, runChaos } from '../chaos/chaosRun.js';
import { printChaosReport } from '../chaos/report.js';

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '90' } } });
const report = await runChaos({
  tasks: Number(values.tasks),
  durationMs: Number(values.seconds) * 1000,
  settleMs: 120_000,
  log: (line) => process.stdout.write(`[chaos] ${line}\n`),
});
printChaosReport(report, (line) => process.stdout.write(`${line}\n`));
process.exit(chaosFailures(report).length === 0 ? 0 : 1);
