import { cpus, loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { findRedisServer } from '@later/system';
import { startBenchEnvironment } from './environment.js';
import { resultTable, setupTable, type ResultRow } from './report.js';
import { burstScenario, steadyScenario } from './scenarios/burst.js';
import { claimScenario } from './scenarios/claim.js';
import { createScenario } from './scenarios/create.js';
import { deliveryScenario } from './scenarios/delivery.js';
import { horizonScenario } from './scenarios/horizon.js';
import { memoryScenario } from './scenarios/memory.js';
import { scaleScenario } from './scenarios/scale.js';
import { soakScenario } from './scenarios/soak.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    scenario: { type: 'string', multiple: true },
    runs: { type: 'string', default: '1' },
    /** Webhooks the `delivery` scenario drains (100,000 by default, 20,000 with --quick). */
    webhooks: { type: 'string' },
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '1000' },
  },
});
const allScenarios = ['burst', 'steady', 'create', 'delivery', 'memory', 'claim', 'horizon', 'scale', 'soak'] as const;
type ScenarioName = (typeof allScenarios)[number];
const chosen = (values.scenario ?? []).flatMap((s) => s.split(','));
for (const name of chosen) {
  if (!allScenarios.includes(name as ScenarioName)) {
    console.error(`unknown scenario "${name}"; choose from ${allScenarios.join(', ')}`);
    process.exit(2);
  }
}
// `horizon` inserts 10 million rows, `scale` starts six set-ups of real processes and `soak` runs for
// minutes: they run only when asked for by name.
const askedOnly: ScenarioName[] = ['horizon', 'scale', 'soak'];
const scenarios = chosen.length > 0 ? (chosen as ScenarioName[]) : allScenarios.filter((s) => !askedOnly.includes(s));
// `scale` compares set-ups of Later with each other: one line per set-up, no BullMQ column.
const setupScenarios: ScenarioName[] = ['scale', 'soak'];
const quick = values.quick;
const runs = Math.max(1, Number(values.runs));

process.env.LOG_LEVEL ??= 'warn';
const env = await startBenchEnvironment();
const redisVersion = execFileSync(findRedisServer(), ['--version']).toString().trim();
console.log(`Later vs BullMQ, ${new Date().toISOString()}`);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `redis: ${redisVersion}; a private redis-server on port ${env.redisPort}, default hz (10), no persistence (no AOF, no RDB), flushed between runs`,
);
console.log(`postgres: database ${env.db.name}, dropped at the end`);
console.log(`scenarios: ${scenarios.join(', ')}${quick ? ' (quick)' : ''}, ${runs} run(s) each\n`);

const results: ResultRow[][] = Array.from({ length: runs }, () => []);
const setupResults: ResultRow[][] = Array.from({ length: runs }, () => []);
const run = async (name: ScenarioName): Promise<ResultRow[]> => {
  switch (name) {
    case 'burst':
      return burstScenario(env, quick ? 20_000 : 100_000);
    case 'steady':
      return steadyScenario(env, 1000, quick ? 5 : 30);
    case 'create':
      return createScenario(env, quick ? 0.2 : 1);
    case 'delivery':
      return deliveryScenario(env, values.webhooks ? Number(values.webhooks) : quick ? 20_000 : 100_000);
    case 'memory':
      return memoryScenario(env, quick ? [100_000] : [100_000, 1_000_000]);
    case 'claim':
      return claimScenario(env, quick ? 20_000 : 100_000);
    case 'horizon':
      return horizonScenario(env, quick ? 1_000_000 : 10_000_000, quick ? 20_000 : 100_000);
    case 'scale':
      return scaleScenario(env, quick ? 5_000 : 20_000);
    case 'soak':
      return soakScenario(env, { minutes: Number(values.minutes), rate: Number(values.rate) });
  }
};
try {
  for (const name of scenarios) {
    for (let i = 0; i < runs; i++) {
      const started = Date.now();
      const rows = await run(name);
      const bySetup = setupScenarios.includes(name);
      (bySetup ? setupResults : results)[i]!.push(...rows);
      console.log(
        `${name}, run ${i + 1}: ${((Date.now() - started) / 1000).toFixed(1)} s\n${(bySetup ? setupTable : resultTable)([rows])}\n`,
      );
    }
  }
  if (runs > 1 || scenarios.length > 1) {
    if (results[0]!.length > 0)
      console.log(`All runs (each figure per run, advantage of the medians):\n${resultTable(results)}`);
    if (setupResults[0]!.length > 0)
      console.log(`All runs of the set-ups (each figure per run):\n${setupTable(setupResults)}`);
  }
} finally {
  await env.close();
}
