import { chaosFailures, type ChaosReport } from './chaosRun.js';
import { upgradeFailures, type UpgradeReport } from './upgradeRun.js';

export function printChaosReport(report: ChaosReport, print: (line: string) => void): void {
  print('chaos report');
  print(`  tasks accepted      ${report.tasks}`);
  print(`  deliveries received ${report.received}`);
  print(`  kills               ${report.schedulerKills} scheduler, ${report.senderKills} sender (SIGKILL)`);
  print(`  Redis               ${report.redisRestarts} restarts (SIGKILL), ${report.redisPauses} pauses (DEBUG SLEEP)`);
  print(`  Postgres            ${report.postgresOutages} outages`);
  print(`  restarts            ${report.restarts}`);
  print(
    `  lost                ${report.lost.length}${report.lost.length ? `: ${report.lost.slice(0, 10).join(', ')}` : ''}`,
  );
  print(
    `  stuck               ${report.stuck.length}${report.stuck.length ? `: ${report.stuck.slice(0, 10).join(', ')}` : ''}`,
  );
  print(`  status mismatches   ${report.mismatched.length}`);
  const byCause = new Map<string, number>();
  for (const cause of report.duplicates.flatMap((d) => d.causes)) byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
  const summary = [...byCause].map(([cause, count]) => `${count} ${cause}`).join(', ');
  print(`  duplicates          ${report.duplicates.length}${summary ? ` (${summary})` : ''}`);
  for (const d of report.duplicates) print(`    task ${d.taskId} received ${d.received}x: ${d.explanation}`);
  const failures = chaosFailures(report);
  print(failures.length === 0 ? 'passed' : `FAILED: ${failures.join('; ')}`);
}

export function printUpgradeReport(report: UpgradeReport, print: (line: string) => void): void {
  print(`upgrade report: from ${report.from} to this checkout`);
  for (const step of report.steps) print(`  ${step}`);
  const kinds = Object.entries(report.byKind)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  print(`  tasks               ${Object.values(report.byKind).reduce((a, b) => a + b, 0)} (${kinds})`);
  print(`  receipts            ${report.receipts}`);
  print(`  creates refused     ${report.refused}`);
  print(
    `  lost                ${report.lost.length}${report.lost.length ? `: ${report.lost.slice(0, 10).join(', ')}` : ''}`,
  );
  print(
    `  stuck               ${report.stuck.length}${report.stuck.length ? `: ${report.stuck.slice(0, 10).join(', ')}` : ''}`,
  );
  print(`  ended wrongly       ${report.wrongEnds.length}`);
  for (const wrong of report.wrongEnds.slice(0, 10))
    print(`    task ${wrong.taskId} (${wrong.kind}): ${wrong.problem}`);
  print(
    `  duplicates          ${report.duplicates.explained.length} explained (a sender died holding them, or the receiver answered after the timeout), ${report.duplicates.unexplained.length} unexplained`,
  );
  for (const d of [...report.duplicates.unexplained, ...report.duplicates.explained].slice(0, 10))
    print(`    task ${d}`);
  print(`  decode errors       ${report.decodeErrors.length}`);
  for (const line of report.decodeErrors.slice(0, 5)) print(`    ${line}`);
  print(`  error lines         ${report.errorLines.length} (reported, not failed on)`);
  for (const line of report.errorLines.slice(0, 5)) print(`    ${line}`);
  const failures = upgradeFailures(report);
  print(failures.length === 0 ? 'passed' : `FAILED: ${failures.join('; ')}`);
}
