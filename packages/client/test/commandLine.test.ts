import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../src/cli/command.js';
import { webhookTaskFrom } from '../src/cli/commands/taskRequest.js';
import { commands } from '../src/cli/run.js';

const parse = (...argv: string[]) => parseCommandLine(argv, commands);
const run = (...argv: string[]) => {
  const parsed = parse(...argv);
  if (parsed.kind !== 'run') throw new Error(`expected a command, got help:\n${parsed.text}`);
  return parsed;
};

describe('the later command line', () => {
  it('finds the command by its words and parses its options and arguments', () => {
    const parsed = run(
      'tasks',
      'create',
      '--url',
      'https://example.com/h',
      '--in',
      '2h',
      '--body',
      '{"a":1}',
      '--json',
    );
    expect(parsed.command.path).toEqual(['tasks', 'create']);
    expect(parsed.values).toMatchObject({ url: 'https://example.com/h', in: '2h', body: '{"a":1}', json: true });
    expect(run('tasks', 'get', '42').positionals).toEqual(['42']);
    expect(run('remind', 'call grandma', '--within', 'PT1H').positionals).toEqual(['call grandma']);
  });

  it('answers --help on every command with its usage and options, and on groups with their commands', () => {
    for (const command of commands) {
      const parsed = parse(...command.path, '--help');
      expect(parsed.kind).toBe('help');
      expect(parsed.kind === 'help' && parsed.text).toContain(`Usage: later ${command.path.join(' ')}`);
    }
    const group = parse('tasks');
    expect(group.kind === 'help' && group.text).toMatch(/later tasks create[\s\S]*later tasks list/);
    expect(parse().kind).toBe('help');
    expect(parse('--help').kind).toBe('help');
  });

  it('refuses unknown commands, unknown options and missing arguments with the usage', () => {
    expect(() => parse('tasks', 'explode')).toThrow(UsageError);
    expect(() => parse('tasks', 'list', '--colour')).toThrow(/Unknown option '--colour'/);
    expect(() => parse('tasks', 'get')).toThrow(/missing ID/);
    expect(() => parse('tasks', 'get', '1', '2')).toThrow(/unexpected argument 2/);
  });

  it('builds a webhook task from the options: --in, --at or --within, and a JSON body', () => {
    const values = (...argv: string[]) => run('tasks', 'create', ...argv).values;
    expect(webhookTaskFrom(values('--url', 'https://e.x/h', '--in', '90m', '--body', '{"text":"hi"}'))).toEqual({
      channel: 'webhook',
      webhook: { url: 'https://e.x/h', body: { text: 'hi' } },
      delay: 'PT90M',
    });
    expect(webhookTaskFrom(values('--url', 'https://e.x/h', '--at', '2026-12-24T09:00:00Z'))).toMatchObject({
      runAt: '2026-12-24T09:00:00Z',
    });
    expect(webhookTaskFrom(values('--url', 'https://e.x/h', '--within', 'P3D', '--method', 'put'))).toMatchObject({
      within: 'P3D',
      webhook: { method: 'PUT' },
    });
    expect(() =>
      webhookTaskFrom(values('--url', 'https://e.x/h', '--in', '2h', '--at', '2026-12-24T09:00:00Z')),
    ).toThrow(/one of --in, --at and --within/);
    expect(() => webhookTaskFrom(values('--url', 'https://e.x/h', '--body', 'hello'))).toThrow(/--body must be JSON/);
    expect(() => webhookTaskFrom(values('--in', '2h'))).toThrow(/--url is required/);
    expect(() => webhookTaskFrom(values('--url', 'https://e.x/h', '--in', 'soon'))).toThrow(
      /--in: "soon" is not a duration/,
    );
  });

  it('debounces a keyed task with --debounce PERIOD[,MAXWAIT]', () => {
    const values = (...argv: string[]) => run('tasks', 'create', '--url', 'https://e.x/h', ...argv).values;
    expect(webhookTaskFrom(values('--key', 'sync', '--debounce', '30s,5m'))).toMatchObject({
      key: 'sync',
      debounce: { period: 'PT30S', maxWait: 'PT5M' },
    });
    expect(webhookTaskFrom(values('--key', 'sync', '--debounce', 'PT10S')).debounce).toEqual({ period: 'PT10S' });
    expect(() => webhookTaskFrom(values('--debounce', '30s'))).toThrow(/--debounce needs --key/);
    expect(() => webhookTaskFrom(values('--key', 'sync', '--debounce', 'soon'))).toThrow(
      /--debounce: "soon" is not a duration/,
    );
    expect(() => webhookTaskFrom(values('--key', 'sync', '--debounce', '1s,2s,3s'))).toThrow(
      /PERIOD or PERIOD,MAXWAIT/,
    );
  });
});
