import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openContext } from '../src/testing/browser.js';
import {
  freePort,
  publicApiClient,
  testDatabase,
  waitFor,
  type PublicApiClient,
  type TestDatabase,
} from '../src/testing/index.js';
import { dev, freePortBase } from './devRun.js';

/** The dev user polls gently: the stack under test allows 5 requests a second after a burst of 5. */
const politely = { timeoutMs: 60_000, intervalMs: 1500 };

describe('npm run dev with a .env, the local catchers and the dev outbox', { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(`${tmpdir()}/later-devstack-`);
  const envFile = `${dataDir}/.env`;
  let db: TestDatabase;
  let run: ReturnType<typeof dev>;
  let api: PublicApiClient;
  let base: number;

  beforeAll(async () => {
    writeFileSync(envFile, 'RATE_LIMIT_PER_SECOND=5\nRATE_LIMIT_BURST=4\nSMTP_HOST=\nRATE_LIMIT_BRUST=9\n');
    db = await testDatabase();
    base = await freePortBase();
    run = dev({
      DATABASE_URL: db.url,
      DEV_DATA_DIR: dataDir,
      DEV_ENV_FILE: envFile,
      DEV_PORT_BASE: String(base),
      DEV_REDIS_PORT: String(await freePort()),
      // The process environment wins over .env; unknown names there are nobody's business.
      RATE_LIMIT_BURST: '5',
      SOMETHING_ELSE: 'x',
    });
    await waitFor(
      'Later is running',
      () => {
        if (run.child.exitCode !== null)
          throw new Error(`npm run dev exited (${run.child.exitCode}):\n${run.output()}`);
        return run.output().includes('Later is running.');
      },
      { timeoutMs: 170_000 },
    );
    api = publicApiClient(`http://127.0.0.1:${base}`);
    api.apiKey = (JSON.parse(readFileSync(`${dataDir}/dev-user.json`, 'utf8')) as { apiKey: string }).apiKey;
  }, 180_000);

  afterAll(async () => {
    run?.child.kill('SIGINT');
    await run?.exited;
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names a .env setting no service reads, and prints a ready API key', () => {
    expect(run.output()).toContain('warning: RATE_LIMIT_BRUST');
    expect(run.output()).not.toContain('SOMETHING_ELSE');
    expect(run.output()).toContain(`export LATER_KEY=${api.apiKey}`);
  });

  it('passes the rate limit from the settings to the frontend: past its burst a caller gets 429', async () => {
    const other = publicApiClient(`http://127.0.0.1:${base}`);
    await other.signup('burst@example.com');
    const answers = await Promise.all(Array.from({ length: 30 }, () => other.call('GET', '/v1/tasks')));
    const statuses = answers.map((a) => a.status);
    // A burst of 5 (the environment's, not the .env's 4), and a little refill meanwhile.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(statuses).toContain(429);
  });

  it("sends a reminder's email through the real SMTP catcher; it shows in the caller's dev outbox only", async () => {
    const created = await api.call('POST', '/v1/reminders', { text: 'the thought from the shower', within: 'PT2S' });
    expect(created.status).toBe(201);
    const message = await waitFor(
      'the reminder in the dev outbox',
      async () => {
        const outbox = await api.call('GET', '/v1/dev/outbox');
        return (outbox.body.messages as { taskId: string }[] | undefined)?.find((m) => m.taskId === created.body.id);
      },
      politely,
    );
    expect(message).toMatchObject({ channel: 'email', to: 'dev@later.test', taskId: created.body.id });
    expect((message as unknown as { text: string }).text).toContain('the thought from the shower');

    const stranger = publicApiClient(`http://127.0.0.1:${base}`);
    await stranger.signup('stranger@example.com');
    const theirs = await stranger.call('GET', '/v1/dev/outbox');
    expect(theirs).toMatchObject({ status: 200, body: { messages: [] } });
  });

  it("keeps a webhook sent to the dev inbox, with its signature checked against the caller's key", async () => {
    const inboxUrl = /inbox\s+(http:\/\/\S+)/.exec(run.output())![1]!;
    const created = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${inboxUrl}/hello`, body: { text: 'hello later' } },
      delay: 'PT1S',
    });
    expect(created.status).toBe(201);
    const delivery = await waitFor(
      'the webhook in the dev inbox',
      async () => {
        const inbox = await api.call('GET', '/v1/dev/inbox');
        return (inbox.body.deliveries as { taskId: string }[] | undefined)?.find((d) => d.taskId === created.body.id);
      },
      politely,
    );
    expect(delivery).toMatchObject({
      method: 'POST',
      path: '/inbox/hello',
      signatureValid: true,
      body: JSON.stringify({ text: 'hello later' }),
    });
  });

  it('shows both on the Outbox page of the web UI, and new mail there as it comes', async () => {
    const browser = await launchBrowser();
    try {
      const page = await (await openContext(browser, `http://127.0.0.1:${base}`)).newPage();
      const user = JSON.parse(readFileSync(`${dataDir}/dev-user.json`, 'utf8')) as { email: string; password: string };
      await page.goto('/login');
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Outbox' }).click();
      await page.getByText('the thought from the shower').first().waitFor();
      await page.getByText('POST /inbox/hello').waitFor();
      expect(await page.getByText('valid', { exact: true }).count()).toBeGreaterThan(0);
      const created = await api.call('POST', '/v1/reminders', { text: 'a second thought, live', within: 'PT2S' });
      expect(created.status).toBe(201);
      await page.getByText('a second thought, live').first().waitFor({ timeout: 30_000 });
    } finally {
      await browser.close();
    }
  });
});
