import { chaosFailures, type ChaosReport } from './chaosRun.js';

export function printChaosReport(report: ChaosReport, print: (line: string) => void): void {
  print('chaos report');
  print(`  tasks accepted      ${report.tasks}`);
  print(`  deliveries received ${report.received}`);
  print(`  kills               ${report.schedulerKills} scheduler, ${report.senderKills} sender (SIGKILL)`);
  print(`  Redis               ${report.redisRestarts} restarts (SIGKILL), ${report.redisPauses} pauses (DEBUG SLEEP)`);
  print(`  Postgres            ${report.postgresOutages} outages`);
  print(`  restarts            ${report.restarts}`);
  print(`  lost                ${report.lost.length}${report.lost.length ? `: ${report.lost.slice(0, 10).join(', ')}` : ''}`);
  print(`  stuck               ${report.stuck.length}${report.stuck.length ? `: ${report.stuck.slice(0, 10).join(', ')}` : ''}`);
  print(`  status mismatches   ${report.mismatched.length}`);
  const byCause = new Map<string, number>();
  for (const cause of report.duplicates.flatMap((d) => d.causes)) byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
  const summary = [...byCause].map(([cause, count]) => `${count} ${cause}`).join(', ');
  print(`  duplicates          ${report.duplicates.length}${summary ? ` (${summary})` : ''}`);
  for (const d of report.duplicates) print(`    task ${d.taskId} received ${d.received}x: ${d.explanation}`);
  const failures = chaosFailures(report);
  print(failures.length === 0 ? 'passed' : `FAILED: ${failures.join('; ')}`);
}
