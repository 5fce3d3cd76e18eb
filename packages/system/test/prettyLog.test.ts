import { describe, expect, it } from 'vitest';
import { prettyLogLine } from '../src/dev/prettyLog.js';

describe("npm run dev's log lines in a terminal", () => {
  it('shows time, level, message and the fields that matter, without pid, hostname or name', () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.UTC(2026, 0, 1, 12, 0, 1, 234),
      pid: 7,
      hostname: 'vm',
      name: 'sender',
      taskId: '42',
      destination: '127.0.0.1:8083',
      outcome: 'success',
      lateMs: 12,
      msg: 'delivery',
    });
    expect(prettyLogLine(line, false)).toBe(
      '12:00:01.234 INFO  delivery taskId=42 destination=127.0.0.1:8083 outcome=success lateMs=12',
    );
  });

  it("puts an error's stack on lines of its own, and quotes values with spaces", () => {
    const line = JSON.stringify({
      level: 50,
      time: 0,
      reason: 'no route',
      err: { message: 'boom', stack: 'Error: boom\n    at x' },
      msg: 'failed',
    });
    expect(prettyLogLine(line, false)).toBe('00:00:00.000 ERROR failed reason="no route"\nError: boom\n    at x');
  });

  it('leaves anything that is not a pino line as it is', () => {
    for (const line of ['plain text', '{"not":"pino"}', '{broken']) expect(prettyLogLine(line, false)).toBe(line);
  });
});
