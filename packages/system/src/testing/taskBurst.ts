import type { Stack } from '../stack.js';

/**
 * Creates `total` webhook tasks for one new owner, due spread over the `spreadMs` that start at
 * `firstDueAt` (ms since the epoch; a spread of 0 makes them all due at that moment), through the
 * scheduler's bulk internal API, 1,000 per call, to the receiver (or the receivers in turn: one
 * destination each). Returns the owner and each task's id and due time.
 */
export async function createTaskBurst(
  stack: Stack,
  receiverUrls: string | readonly string[],
  total: number,
  firstDueAt: number,
  spreadMs = 1000,
): Promise<{ ownerId: string; dueAtById: Map<string, number> }> {
  const ownerId = crypto.randomUUID();
  const dueAtById = new Map<string, number>();
  const urls = typeof receiverUrls === 'string' ? [receiverUrls] : receiverUrls;
  for (let offset = 0; offset < total; offset += 1000) {
    const tasks = Array.from({ length: Math.min(1000, total - offset) }, (_, i) => ({
      channel: 'webhook' as const,
      webhook: { url: `${urls[(offset + i) % urls.length]}/burst`, body: { n: offset + i } },
      runAt: new Date(firstDueAt + (spreadMs > 0 ? (offset + i) % spreadMs : 0)).toISOString(),
    }));
    const res = await fetch(`${stack.schedulerUrl}/internal/v1/owners/${ownerId}/tasks/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.schedulerToken}` },
      body: JSON.stringify({ tasks }),
    });
    if (res.status !== 201) throw new Error(`bulk create answered ${res.status}: ${await res.text()}`);
    for (const created of ((await res.json()) as { tasks: { id: string; dueAt: string }[] }).tasks) {
      dueAtById.set(created.id, Date.parse(created.dueAt));
    }
  }
  return { ownerId, dueAtById };
}
