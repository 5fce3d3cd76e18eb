/**
 * `npm run screenshots`: starts the real system (as the tests do), fills it with a little real
 * history, and photographs every page of the web UI at desktop and phone width with Debian's
 * chromium, into docs/screenshots/. The README and docs/api.md show them. `npm run screenshots --
 * signup profile` writes only the pictures of those names (the walk through the pages is the same).
 * Email, SMS and a webhook go to `npm run dev`'s catchers, so the Outbox page has something to show.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../freePort.js';
import { repoRoot } from '../serviceProcess.js';
import { startDevCatchers, type DevCatchers } from '../dev/catchers.js';
import { devServiceEnv } from '../dev/serviceEnv.js';
import { launchBrowser, openContext, signUpInBrowser, type viewports } from '../testing/browser.js';
import { startTestSystem, waitFor, type TestSystem } from '../testing/index.js';

const outDir = `${repoRoot}docs/screenshots/`;
const onlyNames = new Set(process.argv.slice(2));
const email = 'ada@example.com';
const password = 'a long enough password';

/** An email, an SMS and a webhook, delivered now to the dev catchers the Outbox page lists. */
async function fillOutbox(system: TestSystem, catchers: DevCatchers): Promise<void> {
  const { api } = system;
  await api.call('POST', '/v1/tasks', {
    channel: 'email',
    email: { to: email, subject: 'Your table is ready', text: 'Table 4, at 19:30.' },
    delay: 'PT1S',
  });
  await api.call('POST', '/v1/tasks', {
    channel: 'sms',
    sms: { to: '+4915112345678', body: 'Your table is ready: table 4, at 19:30.' },
    delay: 'PT1S',
  });
  await api.call('POST', '/v1/tasks', {
    channel: 'webhook',
    webhook: { url: `${catchers.inboxUrl}/orders/1042/ready`, body: { order: 1042 } },
    delay: 'PT1S',
  });
  await waitFor(
    'the outbox',
    async () => {
      const caught = async (list: string) =>
        ((await (await fetch(`${catchers.listingUrl}/${list}`)).json()) as Record<string, unknown[]>)[
          list === 'outbox' ? 'messages' : 'deliveries'
        ]!.length;
      return (await caught('outbox')) === 2 && (await caught('inbox')) === 1;
    },
    { timeoutMs: 30_000 },
  );
}

/** Real history for the dashboard and the lists: deliveries, retries, failures of several kinds. */
async function fillWithHistory(system: TestSystem): Promise<{ delivered: string; retried: string }> {
  const { api, receiver } = system;
  let calls = 0;
  receiver.respondWith((d) => {
    calls++;
    if (d.path.startsWith('/flaky')) return { status: d.attempt < 3 ? 503 : 200 };
    if (d.path.startsWith('/gone')) return { status: 404 };
    if (d.path.startsWith('/slow')) return { status: 200, delayMs: 1500 };
    return { status: 200 };
  });
  const hook = (path: string, extra: object = {}) =>
    api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${receiver.url}${path}`, body: { order: path } },
      ...extra,
    });
  const closedPort = await freePort();
  const delivered = await hook('/orders/1042/paid', { key: 'order-1042' });
  for (let i = 0; i < 12; i++) await hook(`/orders/${2000 + i}/shipped`, { stream: 'shipping' });
  const retried = await hook('/flaky/invoice-77', { retry: { maxAttempts: 4, baseDelay: 'PT1S', jitter: 0 } });
  await hook('/gone/customer-9', { retry: { maxAttempts: 1 } });
  await hook('/slow/report', { timeout: 'PT0.5S', retry: { maxAttempts: 2, baseDelay: 'PT1S', jitter: 0 } });
  await api.call('POST', '/v1/tasks', {
    channel: 'webhook',
    webhook: { url: `http://127.0.0.1:${closedPort}/down` },
    retry: { maxAttempts: 1 },
  });
  for (const [delay, n] of [
    ['PT20M', 3],
    ['PT5H', 4],
    ['P2D', 2],
    ['P20D', 1],
  ] as const) {
    for (let i = 0; i < n; i++)
      await hook(`/reminders/${delay}-${i}`, { delay, priority: i === 0 ? 'high' : 'medium' });
  }
  await api.call('POST', '/v1/tasks', {
    channel: 'email',
    email: { to: email, subject: 'Quarterly report is due', text: 'Send it to finance.' },
    delay: 'PT3H',
  });
  await api.call('POST', '/v1/tasks', {
    channel: 'sms',
    sms: { to: '+4915112345678', body: 'Pick up the keys' },
    within: 'P1D',
  });
  await api.call('POST', '/v1/schedules', {
    key: 'weekday-standup',
    cron: '30 8 * * 1-5',
    timezone: 'Europe/Berlin',
    task: { channel: 'webhook', webhook: { url: `${receiver.url}/standup` } },
  });
  await api.call('POST', '/v1/schedules', {
    every: 'PT15M',
    task: { channel: 'webhook', webhook: { url: `${receiver.url}/sync` } },
  });
  await waitFor(
    'the history',
    async () => (await api.call('GET', `/v1/tasks/${retried.body.id}`)).body.status === 'delivered' && calls > 18,
    { timeoutMs: 30_000 },
  );
  return { delivered: delivered.body.id, retried: retried.body.id };
}

async function shoot(page: Page, name: string, viewport: keyof typeof viewports, fullPage = true): Promise<void> {
  if (onlyNames.size > 0 && !onlyNames.has(name)) return;
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // Relative times and the live badge settle; nothing is animating in the picture.
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${outDir}${name}-${viewport}.png`, fullPage, scale: 'css', animations: 'disabled' });
  console.log(`docs/screenshots/${name}-${viewport}.png`);
}

async function photograph(
  browser: Browser,
  system: TestSystem,
  ids: { delivered: string; retried: string },
  viewport: keyof typeof viewports,
) {
  const context = await openContext(browser, system.stack.frontendUrl, viewport);
  const page = await context.newPage();
  await page.goto('/signup');
  await page.getByLabel('Email').fill('grace@example.com');
  await shoot(page, 'signup', viewport);
  await page.goto('/login');
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await shoot(page, 'login', viewport);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('schedulers-alive').waitFor();
  await shoot(page, 'dashboard', viewport);

  await page.goto('/tasks');
  await page.locator('tbody tr').first().waitFor();
  await shoot(page, 'tasks', viewport);

  await page.goto(`/tasks/${ids.retried}`);
  await page.locator('[data-attempt="3"]').waitFor();
  await shoot(page, 'task', viewport);

  await page.goto('/tasks/new');
  await page.getByLabel('URL', { exact: true }).fill('https://example.com/hooks/standup');
  await page.getByLabel('Body').fill('{"text": "stand-up in 5 minutes"}');
  await page.getByRole('radio', { name: 'Recurring' }).check();
  await page.getByLabel('Cron expression').fill('25 9 * * 1-5');
  await page.getByTestId('preview-runs').locator('time').nth(4).waitFor();
  await shoot(page, 'new-task', viewport);

  await page.goto('/tasks/new');
  await page.getByLabel('URL', { exact: true }).fill('ftp://example.com/file');
  await page.getByLabel('Due in', { exact: true }).fill('-5');
  await page.getByText('Advanced: priority').click();
  await page.getByLabel('Jitter (0 to 1)').fill('2');
  await page.getByRole('button', { name: 'Schedule task' }).click();
  await page.locator('.field-error').first().waitFor();
  await shoot(page, 'new-task-errors', viewport);

  await page.goto('/remind');
  await page.getByLabel('Remind me of').fill('Call the dentist about the crown');
  await shoot(page, 'remind', viewport);

  await page.goto('/schedules');
  await page.locator('tbody tr').first().waitFor();
  await shoot(page, 'schedules', viewport);

  await page.locator('tbody tr a').last().click();
  await page.getByTestId('next-runs').waitFor();
  await shoot(page, 'schedule', viewport);

  await page.goto('/keys');
  await page.getByLabel("New key's name").fill(`ci ${viewport}`);
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByTestId('secret').waitFor();
  await shoot(page, 'keys', viewport);

  await page.goto('/profile');
  await page.getByLabel('Phone').waitFor();
  await shoot(page, 'profile', viewport);

  await page.goto('/outbox');
  await page.getByRole('heading', { name: 'Webhook inbox' }).waitFor();
  await page.getByText('Your table is ready').first().waitFor();
  await shoot(page, 'outbox', viewport);

  await context.close();
  // The API reference is read at a desk; at phone width Redoc folds its menu away.
  if (viewport === 'desktop') await photographApiReference(browser, system);
}

async function photographApiReference(browser: Browser, system: TestSystem): Promise<void> {
  const context = await openContext(browser, system.stack.frontendUrl, 'desktop');
  const page = await context.newPage();
  await page.goto('/docs');
  await page.getByText('Tasks', { exact: true }).first().click();
  await page.getByText('Schedule a task', { exact: true }).first().click();
  await page.getByRole('heading', { name: 'Schedule a task' }).waitFor();
  // The reference is one very long page: its first screen shows the operation.
  await shoot(page, 'api-docs', 'desktop', false);
  await context.close();
}

mkdirSync(outDir, { recursive: true });
const catchers = await startDevCatchers(0);
const devSettings = {
  env: {},
  perService: { frontend: { LOGIN_ATTEMPTS_PER_MINUTE: '100' }, scheduler: {}, sender: {} },
  unknown: [],
};
const system = await startTestSystem({ schedulers: 2, senders: 1, env: devServiceEnv(devSettings, catchers) });
const browser = await launchBrowser();
try {
  const context = await openContext(browser, system.stack.frontendUrl);
  const page = await context.newPage();
  await signUpInBrowser(page, email, password);
  // The history belongs to the user who is photographed: their first key, shown once at signup.
  system.api.apiKey = await page.getByTestId('secret').textContent();
  await system.api.call('PATCH', '/v1/me', { phone: '+4915112345678' });
  await context.close();
  const ids = await fillWithHistory(system);
  await fillOutbox(system, catchers);
  for (const viewport of ['desktop', 'phone'] as const) await photograph(browser, system, ids, viewport);
} finally {
  await browser.close();
  await system.stop();
  await catchers.close();
}
