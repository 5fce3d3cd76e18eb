import { describe, expect, it } from 'vitest';
import { judgeUpgrade, type FinalTask } from '../src/chaos/upgradeCheck.js';
import type { Receipt, UpgradeTaskKind } from '../src/chaos/upgradeLoad.js';

const task = (id: string, status: string, over: Partial<FinalTask> = {}): FinalTask => ({
  id,
  status,
  maxAttempts: 5,
  attempts: 1,
  mayRepeat: false,
  fromSchedule: false,
  history: '',
  ...over,
});
const failed = (...ns: number[]): Receipt[] => ns.map((attempt) => ({ attempt, ok: false }));
const attempts = (...ns: number[]): Receipt[] => ns.map((attempt) => ({ attempt, ok: true }));

describe("the upgrade run's judgement of how each task ended", () => {
  it('passes tasks that ended as their kind says', () => {
    const kinds = new Map<string, UpgradeTaskKind>([
      ['1', 'webhook'],
      ['2', 'retry'],
      ['3', 'dead'],
    ]);
    const tasks = [
      task('1', 'delivered'),
      task('2', 'delivered', { attempts: 3 }),
      task('3', 'dead', { attempts: 5 }),
      task('4', 'cancelled', { fromSchedule: true }),
    ];
    const verdict = judgeUpgrade(
      kinds,
      tasks,
      new Map([
        ['1', attempts(1)],
        ['2', [...failed(1, 2), ...attempts(3)]],
        ['3', failed(1, 2, 3, 4, 5)],
      ]),
    );
    expect(verdict).toMatchObject({
      lost: [],
      stuck: [],
      wrongEnds: [],
      duplicates: { explained: [], unexplained: [] },
    });
    expect(verdict.byKind).toMatchObject({ webhook: 1, retry: 1, dead: 1, schedule: 1 });
  });

  it('catches a failing task that died before its own max_attempts: a default read differently', () => {
    const verdict = judgeUpgrade(
      new Map([['3', 'dead']]),
      [task('3', 'dead', { attempts: 3 })],
      new Map([['3', failed(1, 2, 3)]]),
    );
    expect(verdict.wrongEnds).toEqual([
      { taskId: '3', kind: 'dead', problem: expect.stringContaining('expected 5 attempts') },
    ]);
  });

  it('catches a status Postgres holds that the receiver did not see', () => {
    const verdict = judgeUpgrade(new Map([['1', 'webhook']]), [task('1', 'delivered')], new Map([['1', failed(1)]]));
    expect(verdict.wrongEnds[0]?.problem).toContain('Postgres and the receiver disagree');
  });

  it('counts a delivery received twice as a duplicate, explained only by a lost attempt or one that timed out', () => {
    const kinds = new Map<string, UpgradeTaskKind>([
      ['1', 'webhook'],
      ['2', 'email'],
      ['3', 'email'],
    ]);
    const tasks = [
      task('1', 'delivered', { mayRepeat: true }),
      task('2', 'delivered'),
      task('3', 'delivered', { attempts: 2, mayRepeat: true }),
    ];
    const verdict = judgeUpgrade(
      kinds,
      tasks,
      new Map([
        ['1', attempts(1, 1)],
        ['2', attempts(1, 1)],
        ['3', attempts(1, 2)],
      ]),
    );
    expect(verdict.duplicates).toEqual({
      explained: ['1 (webhook) []', '3 (email) []'],
      unexplained: ['2 (email) []'],
    });
    expect(verdict.wrongEnds).toEqual([]);
  });

  it('calls a task no receiver got lost, and one not final stuck', () => {
    const verdict = judgeUpgrade(new Map([['1', 'sms']]), [task('1', 'scheduled')], new Map());
    expect(verdict.lost).toEqual(['1']);
    expect(verdict.stuck).toEqual(['1 (sms, scheduled)']);
  });
});
