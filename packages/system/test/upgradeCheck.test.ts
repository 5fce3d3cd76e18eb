import { describe, expect, it } from 'vitest';
import { judgeUpgrade, type FinalTask } from '../src/chaos/upgradeCheck.js';
import type { Receipt, UpgradeTaskKind } from '../src/chaos/upgradeLoad.js';

const task = (id: string, status: string, over: Partial<FinalTask> = {}): FinalTask => ({ id, status, maxAttempts: 5, attempts: 1, lost: false, fromSchedule: false, ...over });
const attempts = (...ns: number[]): Receipt[] => ns.map((attempt) => ({ attempt, ok: true }));

describe("the upgrade run's judgement of how each task ended", () => {
  it('passes tasks that ended as their kind says', () => {
    const kinds = new Map<string, UpgradeTaskKind>([['1', 'webhook'], ['2', 'retry'], ['3', 'dead']]);
    const verdict = judgeUpgrade(kinds, [task('1', 'delivered'), task('2', 'delivered'), task('3', 'dead'), task('4', 'cancelled', { fromSchedule: true })], new Map([
      ['1', attempts(1)],
      ['2', attempts(1, 2, 3)],
      ['3', attempts(1, 2, 3, 4, 5)],
    ]));
    expect(verdict).toMatchObject({ lost: [], stuck: [], wrongEnds: [], duplicates: { explained: [], unexplained: [] } });
    expect(verdict.byKind).toMatchObject({ webhook: 1, retry: 1, dead: 1, schedule: 1 });
  });

  it('catches a failing task that died before its own max_attempts: a default read differently', () => {
    const verdict = judgeUpgrade(new Map([['3', 'dead']]), [task('3', 'dead', { attempts: 3 })], new Map([['3', attempts(1, 2, 3)]]));
    expect(verdict.wrongEnds).toEqual([{ taskId: '3', kind: 'dead', problem: expect.stringContaining('dead after 3 attempts received') }]);
  });

  it('counts an attempt received twice as a duplicate, explained only when a sender died holding it', () => {
    const kinds = new Map<string, UpgradeTaskKind>([['1', 'webhook'], ['2', 'email']]);
    const verdict = judgeUpgrade(kinds, [task('1', 'delivered', { lost: true }), task('2', 'delivered')], new Map([
      ['1', attempts(1, 1)],
      ['2', attempts(1, 1)],
    ]));
    expect(verdict.duplicates).toEqual({ explained: ['1'], unexplained: ['2'] });
  });

  it('calls a task no receiver got lost, and one not final stuck', () => {
    const verdict = judgeUpgrade(new Map([['1', 'sms']]), [task('1', 'scheduled')], new Map());
    expect(verdict.lost).toEqual(['1']);
    expect(verdict.stuck).toEqual(['1 (sms, scheduled)']);
  });
});
