import { describe, expect, it } from 'vitest';
import { DestinationQueue } from '../src/destinationQueue.js';

const limits = { perDestination: 1, waitingPerDestination: 2, waitingInAll: 3, maxWaitMs: 60_000 };

describe('the destination queue', () => {
  it('hands a freed slot to the best waiting task: high first, then earliest due', async () => {
    const queue = new DestinationQueue(limits);
    expect(queue.tryEnter('a')).toBe(true);
    const low = queue.wait('a', { priority: 2, dueAt: 1 });
    const high = queue.wait('a', { priority: 0, dueAt: 5 });
    expect(queue.waiting).toBe(2);
    expect(queue.leave('a')).toBe(true);
    await expect(high).resolves.toBe(true);
    expect(queue.leave('a')).toBe(true);
    await expect(low).resolves.toBe(true);
    expect(queue.leave('a')).toBe(false);
    expect(queue.tryEnter('a')).toBe(true);
  });

  it('when full, sends back the worst task: the newcomer if nothing waiting is worse', async () => {
    const queue = new DestinationQueue(limits);
    queue.tryEnter('a');
    const first = queue.wait('a', { priority: 1, dueAt: 1 });
    const second = queue.wait('a', { priority: 2, dueAt: 1 });
    await expect(queue.wait('a', { priority: 2, dueAt: 2 })).resolves.toBe(false);
    const urgent = queue.wait('a', { priority: 0, dueAt: 3 });
    await expect(second).resolves.toBe(false);
    queue.leave('a');
    await expect(urgent).resolves.toBe(true);
    queue.leave('a');
    await expect(first).resolves.toBe(true);
  });

  it('keeps the waiting of all destinations within its bound', async () => {
    const queue = new DestinationQueue(limits);
    for (const destination of ['a', 'b']) queue.tryEnter(destination);
    void queue.wait('a', { priority: 1, dueAt: 1 });
    void queue.wait('a', { priority: 1, dueAt: 2 });
    void queue.wait('b', { priority: 1, dueAt: 1 });
    await expect(queue.wait('b', { priority: 1, dueAt: 2 })).resolves.toBe(false);
    expect(queue.waiting).toBe(3);
  });

  it('sends a task back once it has waited its longest, and every task when told to', async () => {
    const queue = new DestinationQueue({ ...limits, maxWaitMs: 20 });
    queue.tryEnter('a');
    await expect(queue.wait('a', { priority: 0, dueAt: 1 })).resolves.toBe(false);
    const patient = new DestinationQueue(limits);
    patient.tryEnter('a');
    const waiting = patient.wait('a', { priority: 0, dueAt: 1 });
    patient.dismissAll();
    await expect(waiting).resolves.toBe(false);
    expect(patient.waiting).toBe(0);
  });
});
