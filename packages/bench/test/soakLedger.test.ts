import { describe, expect, it } from 'vitest';
import { tallySoak, type Arrival, type CreatedTask } from '../src/soakLedger.js';

const startedAt = 1_000_000;
const task = (id: string, dueAfterMs: number): CreatedTask => ({ id, dueAt: startedAt + dueAfterMs });
const arrival = (deliveryId: string, at: number): Arrival => ({ deliveryId, receivedAt: startedAt + at });

describe('tallySoak', () => {
  it('puts each task in the minute it fell due and takes percentiles per minute', () => {
    const created = [...Array.from({ length: 100 }, (_, i) => task(`a${i}`, 1000 + i)), task('b', 61_000)];
    // Task a<i> arrives i+1 ms late: p50 is 50 ms, p99 99 ms, max 100 ms.
    const arrivals = [...created.slice(0, 100).map((t, i) => arrival(t.id, 1000 + i + i + 1)), arrival('b', 61_007)];
    const tally = tallySoak(created, arrivals, startedAt);
    expect(tally.minutes.map((m) => [m.minute, m.due, m.delivered])).toEqual([
      [0, 100, 100],
      [1, 1, 1],
    ]);
    expect(tally.minutes[0]!.lateness).toEqual({ p50: 50, p99: 99, max: 100 });
    expect(tally.minutes[1]!.lateness).toEqual({ p50: 7, p99: 7, max: 7 });
  });

  it('counts a task never delivered as lost and one delivered twice as duplicated, once each', () => {
    const created = [task('once', 0), task('twice', 10), task('never', 20), task('late-minute', 130_000)];
    const arrivals = [arrival('once', 5), arrival('twice', 30), arrival('twice', 12), arrival('stranger', 40)];
    const tally = tallySoak(created, arrivals, startedAt);
    expect(tally).toMatchObject({ lost: 2, duplicated: 1, unknown: 1 });
    // The duplicate's lateness is its first arrival's, and counts once.
    expect(tally.minutes[0]).toMatchObject({
      due: 3,
      delivered: 2,
      lost: 1,
      duplicated: 1,
      lateness: { p50: 2, max: 5 },
    });
    // A minute with nothing due is listed, empty, so the rows line up with the wall clock.
    expect(tally.minutes[1]).toMatchObject({ due: 0, delivered: 0, lost: 0 });
    expect(tally.minutes[2]).toMatchObject({ due: 1, delivered: 0, lost: 1 });
  });
});
