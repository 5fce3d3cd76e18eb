import type { ChaosReport } from './chaosRun.js';

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
  print(`  duplicates          ${report.duplicates.length}`);
  for (const d of report.duplicates) print(`    task ${d.taskId} received ${d.received}x: ${d.cause}`);
}
