import { describe, expect, it } from 'vitest';
import { chaosFailures, runChaos } from '../src/chaos/chaosRun.js';
import { printChaosReport } from '../src/chaos/report.js';

describe('chaos, small (npm run chaos is the full run)', () => {
  it('loses no accepted task while schedulers, senders, Redis and Postgres fail at random', async () => {
    const report = await runChaos({ tasks: 300, durationMs: 20_000, settleMs: 60_000 });
    printChaosReport(report, (line) => console.log(`[chaos] ${line}`));
    expect(report.tasks).toBe(300);
    expect(
      report.redisRestarts * report.redisPauses * report.postgresOutages * report.schedulerKills * report.senderKills,
    ).toBeGreaterThan(0);
    expect(chaosFailures(report)).toEqual([]);
  }, 180_000);
});
