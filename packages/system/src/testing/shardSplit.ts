import type { ServiceHandle } from '../serviceProcess.js';
import { waitFor } from '../waitFor.js';

/** What a scheduler's /readyz says of its shards, e.g. "owns 16 of 48 shards, 3 schedulers, ...". */
const shardsLine = async (scheduler: ServiceHandle) =>
  ((await (await fetch(`${scheduler.url}/readyz`)).json()) as { checks: { shards: string } }).checks.shards;

/**
 * Waits until every scheduler replica has seen all the others, so that each claims only its own
 * share of the shards (until they meet, each replica owns every shard); returns the number of
 * shards each owns, in the order given.
 */
export async function waitForShardSplit(schedulers: ServiceHandle[], timeoutMs = 15_000): Promise<number[]> {
  const lines = await waitFor(
    `every scheduler to split the shards ${schedulers.length} ways`,
    async () => {
      const answers = await Promise.all(schedulers.map(shardsLine));
      return answers.every((line) => line.includes(`, ${schedulers.length} schedulers`)) ? answers : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
  return lines.map((line) => Number(/^owns (\d+) of/.exec(line)![1]));
}
