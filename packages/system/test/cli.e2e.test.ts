import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, waitFor, type TestSystem } from '../src/testing/index.js';

// The `later` bin of @later/client, run as a user would: a child process, not a TTY.
const cli = join(dirname(createRequire(import.meta.url).resolve('@later/client/package.json')), 'dist/cli/main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the later CLI, as a child process against a real stack', () => {
  let system: TestSystem;
  const configHome = mkdtempSync(join(tmpdir(), 'later-cli-'));
  const baseEnv = { PATH: process.env.PATH!, HOME: configHome, XDG_CONFIG_HOME: configHome };
  const later = (args: string[], env: Record<string, string> = {}) =>
    new Promise<Run>((resolve) => {
      execFile(process.execPath, [cli, ...args], { env: { ...baseEnv, ...env } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const url = (path: string) => `${system.receiver.url}/${path}`;

  beforeAll(async () => {
    system = await startTestSystem({
      env: { scheduler: { EVENT_POLL_MS: '50' }, frontend: { SSE_HEARTBEAT_MS: '300' } },
    });
    await system.api.signup('cli@example.com');
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('logs in: checks the key, stores URL and key readable by the owner only', async () => {
    const bad = await later(['login', '--url', system.stack.frontendUrl, '--key', 'lk_wrong.key']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^later: .*(key|unauthori[sz]ed|authori[sz]ation)/im);

    const run = await later(['login', '--url', `${system.stack.frontendUrl}/`, '--key', system.api.apiKey!]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      `Logged in to ${system.stack.frontendUrl} as cli@example.com; saved in ${configHome}/later/config.json.\n`,
    );
    const path = join(configHome, 'later', 'config.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      url: system.stack.frontendUrl,
      apiKey: system.api.apiKey,
    });
  });

  it('creates, gets, lists and cancels tasks, for people and with --json', async () => {
    const human = await later(['tasks', 'create', '--url', url('cli-human'), '--in', '2h', '--body', '{"text":"hi"}']);
    expect(human).toMatchObject({ code: 0, stderr: '' });
    const [, id] = human.stdout.match(/^Task (\d+) scheduled, due in 2h \(\d{4}-\d\d-\d\dT[\d:.]+Z\)\n$/)!;

    const json = await later(['tasks', 'create', '--url', url('cli-json'), '--within', 'P3D', '--json']);
    expect(json.code).toBe(0);
    const created = JSON.parse(json.stdout);
    expect(created).toEqual({ id: expect.any(String), status: 'scheduled', dueAt: expect.any(String) });

    const got = await later(['tasks', 'get', id!]);
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(
      new RegExp(`^id +${id}\\nstatus +scheduled\\nchannel +webhook\\ntarget +POST ${url('cli-human')}\\ndue +in 2h`),
    );
    expect(JSON.parse((await later(['tasks', 'get', id!, '--json'])).stdout)).toMatchObject({
      id,
      webhook: { body: { text: 'hi' } },
    });

    const list = await later(['tasks', 'list', '--status', 'scheduled']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +STATUS +CHANNEL +DUE +CREATED +KEY$/);
    expect(lines.slice(1).map((line) => line.split(/ +/)[0])).toEqual([created.id, id]);
    // Columns line up: each row's status starts where the header's does.
    expect(new Set(lines.map((line) => line.search(/STATUS|scheduled/))).size).toBe(1);
    expect(
      (JSON.parse((await later(['tasks', 'list', '--json'])).stdout) as { id: string }[]).map((t) => t.id),
    ).toEqual([created.id, id]);

    expect(await later(['tasks', 'cancel', id!])).toEqual({ code: 0, stdout: `Task ${id} cancelled.\n`, stderr: '' });
    const again = await later(['tasks', 'cancel', id!]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^later: .+\n$/);
    const missing = await later(['tasks', 'get', '999999999', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toEqual({ status: 404, error: 'no task 999999999', issues: [] });
  });

  it('imports many tasks from a JSON or CSV file in one request, all or none', async () => {
    const file = (name: string, text: string) => {
      const path = join(configHome, name);
      writeFileSync(path, text);
      return path;
    };
    const listed = async () =>
      (JSON.parse((await later(['tasks', 'list', '--json'])).stdout) as { id: string }[]).map((t) => t.id);
    const before = await listed();

    const twoTasks = {
      tasks: [
        { channel: 'webhook', webhook: { url: url('json-1') }, delay: 'PT2H' },
        { channel: 'webhook', webhook: { url: url('json-2') }, delay: 'P1D' },
      ],
    };
    const fromJson = await later(['tasks', 'import', file('tasks.json', JSON.stringify(twoTasks)), '--json']);
    expect(fromJson).toMatchObject({ code: 0, stderr: '' });
    const jsonIds = (JSON.parse(fromJson.stdout) as { id: string }[]).map((t) => t.id);
    expect(jsonIds).toHaveLength(2);

    // Columns are tasks create's options; a quoted body keeps its commas and quotes.
    const csv = [
      'url,in,body,key',
      `${url('csv-1')},2h,"{""n"":1,""m"":2}",`,
      `${url('csv-2')},,"""text""",csv-key`,
      '',
    ].join('\r\n');
    const fromCsv = await later(['tasks', 'import', file('tasks.csv', csv)]);
    expect(fromCsv).toMatchObject({ code: 0, stderr: '' });
    expect(fromCsv.stdout).toMatch(/^2 tasks scheduled\nID +STATUS +DUE\n\d+ +scheduled +in 2h\n\d+ +scheduled +/);
    const csvIds = [...fromCsv.stdout.matchAll(/^(\d+) +scheduled/gm)].map((m) => m[1]!);
    expect(JSON.parse((await later(['tasks', 'get', csvIds[0]!, '--json'])).stdout)).toMatchObject({
      webhook: { url: url('csv-1'), body: { n: 1, m: 2 } },
    });
    expect(JSON.parse((await later(['tasks', 'get', csvIds[1]!, '--json'])).stdout)).toMatchObject({
      key: 'csv-key',
      webhook: { body: 'text' },
    });

    // One bad task: the API names it, and nothing of the file is created.
    const bad = await later([
      'tasks',
      'import',
      file(
        'bad.json',
        JSON.stringify([
          { channel: 'webhook', webhook: { url: url('ok') } },
          { channel: 'webhook', webhook: { url: 'nope' } },
        ]),
      ),
    ]);
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toMatch(/^later: tasks\.1\.webhook\.url must be /);
    const badCsv = await later(['tasks', 'import', file('bad.csv', `url,when\n${url('x')},2h\n`)]);
    expect(badCsv).toMatchObject({ code: 2, stderr: expect.stringMatching(/^later: CSV row 2: unknown column when/) });

    // The same --idempotency-key again creates nothing and prints the same tasks.
    const once = file(
      'once.json',
      JSON.stringify([{ channel: 'webhook', webhook: { url: url('once') }, delay: 'P1D' }]),
    );
    const first = await later(['tasks', 'import', once, '--idempotency-key', 'import-1', '--json']);
    expect((await later(['tasks', 'import', once, '--idempotency-key', 'import-1', '--json'])).stdout).toBe(
      first.stdout,
    );
    const onceId = (JSON.parse(first.stdout) as { id: string }[])[0]!.id;
    expect(new Set(await listed())).toEqual(new Set([...before, ...jsonIds, ...csvIds, onceId]));
  });

  it('reminds and schedules', async () => {
    // A day always holds time outside the account's quiet hours, whatever hour the test runs at
    // (an hour from 22:00 UTC lies entirely in them).
    const reminder = await later(['remind', 'call grandma', '--within', 'P1D']);
    expect(reminder.code, reminder.stderr).toBe(0);
    expect(reminder.stdout).toMatch(/^Reminder \d+ scheduled, due (in \d+[dhms]( \d+[dhms])?|now) \(/);

    const schedule = await later([
      'schedules',
      'create',
      '--cron',
      '0 8 * * 1-5',
      '--url',
      url('standup'),
      '--timezone',
      'Europe/Berlin',
      '--json',
    ]);
    expect(schedule.code).toBe(0);
    expect(JSON.parse(schedule.stdout)).toMatchObject({
      cron: '0 8 * * 1-5',
      timezone: 'Europe/Berlin',
      status: 'active',
      nextRuns: expect.any(Array),
    });
    const human = await later(['schedules', 'create', '--every', '15m', '--url', url('often')]);
    expect(human.stdout).toMatch(/^id +\d+\nstatus +active\nrule +every PT15M \(UTC\)\ntarget +http/);
  });

  it('tails live events until interrupted, for people and as JSON lines', async () => {
    for (const format of [[], ['--json']]) {
      const child = spawn(process.execPath, [cli, 'tail', ...format], { env: baseEnv });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        // The stream starts at the present: create tasks until one shows, the first may predate it.
        const shown = await waitFor(
          'a delivered task on the tail',
          async () => {
            const { id } = (
              await system.api.call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: url('tailed') } })
            ).body;
            return waitFor(
              `task ${id} delivered`,
              () =>
                stdout.match(new RegExp(`task ${id} +delivered|"taskId":"${id}","status":"delivered"`))
                  ? id
                  : undefined,
              { timeoutMs: 3000 },
            ).catch(() => undefined);
          },
          { timeoutMs: 30_000 },
        );
        if (format.length === 0)
          expect(stdout).toMatch(
            new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  task ${shown} +delivered  attempt 1  HTTP 200$`, 'm'),
          );
        else
          expect(
            stdout
              .trim()
              .split('\n')
              .map((line) => JSON.parse(line)),
          ).toContainEqual(expect.objectContaining({ taskId: shown, status: 'delivered', httpStatus: 200 }));
      } finally {
        child.kill('SIGINT');
      }
      expect(await exited).toBe(0);
    }
  });

  it('lets LATER_URL and LATER_API_KEY override the stored login', async () => {
    const run = await later(['tasks', 'list'], { LATER_API_KEY: 'lk_wrong.key' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^later: /);
    const elsewhere = await later(['tasks', 'list'], { LATER_URL: 'http://127.0.0.1:1' });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/^later: could not reach Later/);
  });

  it('explains itself: --help on every command, usage errors exit 2', async () => {
    expect(await later(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('later tasks create') });
    expect(await later(['tasks', 'create', '--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: later tasks create --url URL/),
    });
    const unknown = await later(['tasks', 'create', '--url', url('x'), '--in', 'soon']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^later: --in: "soon" is not a duration/);
    expect(await later(['tasks', 'frobnicate'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^later: unknown command: tasks frobnicate/),
    });
  });
});
