/**
 * `npm run chaos`: the chaos test at full size. Options: --tasks N (default 2000),
 * --seconds S of faults (default 90). Exits 1 if any accepted task was lost or left stuck, if
 * Postgres disagrees with the receiver, or if a duplicate has no cause the attempt history shows.
 *
 * `npm run chaos -- --upgrade [--from <git ref>]`: the mixed-version run instead (chaos/upgradeRun.ts),
 * from the release at `--from` (default HEAD~1) to this checkout's build.
 */
import { parseArgs } from 'node:util';
import { chaosFailures, runChaos } from '../chaos/chaosRun.js';
import { printChaosReport, printUpgradeReport } from '../chaos/report.js';
import { runUpgrade, upgradeFailures } from '../chaos/upgradeRun.js';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '90' },
    upgrade: { type: 'boolean', default: false },
    from: { type: 'string', default: 'HEAD~1' },
  },
});
const print = (line: string) => process.stdout.write(`${line}\n`);
const log = (line: string) => process.stdout.write(`[chaos] ${line}\n`);

if (values.upgrade) {
  const report = await runUpgrade({ from: values.from, perSecond: 10, burst: 300, settleMs: 120_000, log });
  printUpgradeReport(report, print);
  process.exit(upgradeFailures(report).length === 0 ? 0 : 1);
}
const report = await runChaos({
  tasks: Number(values.tasks),
  durationMs: Number(values.seconds) * 1000,
  settleMs: 120_000,
  log,
});
printChaosReport(report, print);
process.exit(chaosFailures(report).length === 0 ? 0 : 1);
