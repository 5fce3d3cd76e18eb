import { describe, expect, it } from 'vitest';
import { classifyDuplicates, type RecordedAttempt } from '../src/chaos/duplicates.js';
import type { FaultWindow } from '../src/chaos/faults.js';
import type { ReceivedDelivery } from '../src/testing/webhookReceiver.js';

const leaseMs = 3000;
const t0 = 1_800_000_000_000;

const receipt = (taskId: string, attempt: number, receivedAt: number): ReceivedDelivery => ({
  deliveryId: taskId,
  attempt,
  method: 'POST',
  path: '/chaos',
  headers: {},
  body: '',
  receivedAt,
});
const attempt = (
  taskId: string,
  n: number,
  outcome: string,
  errorClass: string | null,
  startedAt: number,
  finishedAt: number,
): RecordedAttempt => ({
  taskId,
  n,
  outcome,
  errorClass,
  startedAt,
  finishedAt,
});
const fault = (kind: FaultWindow['kind'], from: number, to = from + 5): FaultWindow => ({ kind, from, to });

/** One task received at attempt 1 (t0 + 10) and again at attempt 2, with attempt 1 recorded as given. */
const lostThenDelivered = (first: RecordedAttempt, windows: FaultWindow[]) =>
  classifyDuplicates(
    [receipt('7', 1, t0 + 10), receipt('7', 2, t0 + 4000)],
    [first, attempt('7', 2, 'success', null, t0 + 3990, t0 + 4010)],
    windows,
    leaseMs,
  )[0]!;

describe("explaining a chaos run's duplicate deliveries", () => {
  it('leaves a task received once alone', () => {
    expect(classifyDuplicates([receipt('1', 1, t0), receipt('2', 1, t0)], [], [], leaseMs)).toEqual([]);
  });

  it('a lease that expired after a sender was killed within it, once the receiver had the delivery', () => {
    const lost = attempt('7', 1, 'lost', 'lease_expired', t0, t0 + 3200);
    expect(lostThenDelivered(lost, [fault('senderKill', t0 + 100)])).toMatchObject({
      received: 2,
      causes: ['sender killed'],
      explained: true,
    });
    // A kill before the receiver had it, or after the lease ran out, explains nothing.
    expect(lostThenDelivered(lost, [fault('senderKill', t0 - 2000)]).causes).toEqual(['unexplained']);
    expect(lostThenDelivered(lost, [fault('senderKill', t0 + 3500)]).causes).toEqual(['unexplained']);
    // Nor does a scheduler kill, or a Postgres outage.
    expect(
      lostThenDelivered(lost, [fault('schedulerKill', t0 + 100), fault('postgresOutage', t0, t0 + 3000)]).causes,
    ).toEqual(['unexplained']);
  });

  it('a lease that expired after Redis was killed or paused before the report reached it', () => {
    const lost = attempt('7', 1, 'lost', 'lease_expired', t0, t0 + 3300);
    expect(lostThenDelivered(lost, [fault('redisPause', t0 + 50, t0 + 1900)]).causes).toEqual(['redis fault']);
    expect(lostThenDelivered(lost, [fault('redisKill', t0 + 2000, t0 + 2600)]).causes).toEqual(['redis fault']);
    expect(lostThenDelivered(lost, [fault('redisKill', t0 + 5000, t0 + 5600)]).causes).toEqual(['unexplained']);
  });

  it('an attempt lost because Redis was wiped, and one the receiver answered after the timeout', () => {
    expect(lostThenDelivered(attempt('7', 1, 'lost', 'redis_lost', t0, t0 + 500), []).causes).toEqual(['redis lost']);
    expect(lostThenDelivered(attempt('7', 1, 'retryable', 'timeout', t0, t0 + 2000), []).causes).toEqual([
      'answered late',
    ]);
  });

  it("the same attempt received twice only with a Redis kill between (its record lost with the AOF's last second)", () => {
    const twice = [receipt('9', 1, t0), receipt('9', 1, t0 + 1500)];
    const delivered = [attempt('9', 1, 'success', null, t0 + 1490, t0 + 1510)];
    expect(classifyDuplicates(twice, delivered, [fault('redisKill', t0 + 300, t0 + 900)], leaseMs)[0]!.causes).toEqual([
      'redis crash',
    ]);
    expect(classifyDuplicates(twice, delivered, [fault('redisPause', t0 + 300, t0 + 900)], leaseMs)[0]!.causes).toEqual(
      ['unexplained'],
    );
  });

  it('anything else is unexplained: a delivery that failed after the receiver had it, or one with no record', () => {
    expect(
      lostThenDelivered(attempt('7', 1, 'retryable', 'http_5xx', t0, t0 + 20), [fault('senderKill', t0 + 5)]).causes,
    ).toEqual(['unexplained']);
    const noRecord = classifyDuplicates(
      [receipt('7', 1, t0), receipt('7', 2, t0 + 100)],
      [],
      [fault('senderKill', t0 + 5)],
      leaseMs,
    )[0]!;
    expect(noRecord).toMatchObject({ causes: ['unexplained'], explained: false });
  });

  it('explains each repeat of a task received three times, and is unexplained if any one is', () => {
    const receipts = [receipt('5', 1, t0), receipt('5', 2, t0 + 4000), receipt('5', 3, t0 + 8000)];
    const attempts = [
      attempt('5', 1, 'lost', 'lease_expired', t0, t0 + 3100),
      attempt('5', 2, 'lost', 'lease_expired', t0 + 3990, t0 + 7100),
      attempt('5', 3, 'success', null, t0 + 7990, t0 + 8010),
    ];
    const bothKilled = classifyDuplicates(
      receipts,
      attempts,
      [fault('senderKill', t0 + 100), fault('redisKill', t0 + 4500, t0 + 5000)],
      leaseMs,
    )[0]!;
    expect(bothKilled).toMatchObject({ received: 3, causes: ['sender killed', 'redis fault'], explained: true });
    const oneKilled = classifyDuplicates(receipts, attempts, [fault('senderKill', t0 + 100)], leaseMs)[0]!;
    expect(oneKilled).toMatchObject({ causes: ['sender killed', 'unexplained'], explained: false });
  });
});
