import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openContext, signUpInBrowser } from '../src/testing/browser.js';
import { waitFor, type TestSystem } from '../src/testing/index.js';
import { useWebUiSession } from './webUiSession.js';

/**
 * The web UI in a real browser (Debian's headless chromium, driven by playwright-core) against a
 * real stack: one browser and one stack for the whole file, one user going through the pages.
 * Accessibility, phone width, layout stability and loading states: webUiAccess.e2e.test.ts; the New
 * task form's errors, each beside its field: webUiTaskForm.e2e.test.ts.
 */
describe('the web UI in headless Chromium', () => {
  const session = useWebUiSession();
  let system: TestSystem;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  beforeAll(() => void ({ system, browser, context, page } = session));
  let apiKey: string;
  const email = 'browser@example.com';
  let password = 'a long enough password';
  const field = (name: string) => page.locator(`[data-field="${name}"]`);
  const statusOf = (p: Page) => p.locator('.page-head [data-status]').getAttribute('data-status');

  /** What the browser console reports as an error while `visit` runs (a refused request among them). */
  const consoleErrorsDuring = async (visit: (p: Page) => Promise<void>, on = page) => {
    const errors: string[] = [];
    const listen = (message: { type(): string; text(): string }) =>
      void (message.type() === 'error' && errors.push(message.text()));
    on.on('console', listen);
    try {
      await visit(on);
    } finally {
      on.off('console', listen);
    }
    return errors;
  };

  it('loads logged out without a 401 (or any error) in the console', async () => {
    const errors = await consoleErrorsDuring(async (p) => {
      await p.goto('/');
      await p.getByRole('heading', { name: 'Log in' }).waitFor();
    });
    expect(errors).toEqual([]);
  });

  it('signs up, shows the first API key once with a ready curl and CLI line, and takes the browser\u2019s time zone', async () => {
    await signUpInBrowser(page, email, password);
    apiKey = (await page.getByTestId('secret').textContent())!;
    expect(apiKey).toMatch(/^lk_/);
    const origin = system.stack.frontendUrl.replace(/\/$/, '');
    const curl = (await page.getByTestId('quick-start-curl').textContent())!;
    expect(curl).toContain(`curl -X POST ${origin}/v1/tasks -H 'Authorization: Bearer ${apiKey}'`);
    expect(await page.getByTestId('quick-start-cli').textContent()).toBe(`later login --url ${origin} --key ${apiKey}`);
    // Its body is a task the API takes (pointed at the test's receiver, not example.com).
    const body = JSON.parse(/-d '(.*)'$/.exec(curl)![1]!);
    body.webhook.url = `${system.receiver.url}/quick-start`;
    const created = await system.api.call('POST', '/v1/tasks', body, { key: apiKey });
    expect(created.status).toBe(201);
    await system.api.call('DELETE', `/v1/tasks/${created.body.id}`, undefined, { key: apiKey });
    system.api.apiKey = apiKey;
    expect((await system.api.call('GET', '/v1/me')).body.timezone).toBe('Europe/Berlin');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await expect(page.getByTestId('secret').count()).resolves.toBe(0);
  });

  it('creates a webhook task due in 3 s and shows it delivered without a reload', async () => {
    await page.getByRole('link', { name: 'New task' }).first().click();
    await page.getByLabel('URL', { exact: true }).fill(`${system.receiver.url}/ui`);
    await page.getByLabel('Body').fill('{"text": "from the browser"}');
    await page.getByLabel('Due in', { exact: true }).fill('3');
    await page.getByLabel('Due in: unit').selectOption('S');
    await page.getByRole('button', { name: 'Schedule task' }).click();
    await page.waitForURL(/\/tasks\/\d+$/);
    const id = page.url().split('/').pop()!;
    // A mark on the window: a reload would wipe it.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    expect(await statusOf(page)).toBe('scheduled');
    await page.locator('.page-head [data-status="delivered"]').waitFor({ timeout: 20_000 });
    expect(system.receiver.received.find((r) => r.deliveryId === id)?.body).toBe('{"text":"from the browser"}');
    await page.locator('[data-attempt="1"]').getByText('HTTP 200').waitFor();
    // How late it ran, stage by stage, from the attempt's own times.
    await expect(page.locator('[data-attempt="1"] .timeline-lateness').innerText()).resolves.toMatch(
      /^claimed \d+ ms after its due time, started \d+ ms later$/,
    );
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('replays the delivered task and shows its second attempt, live', async () => {
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.locator('[data-attempt="2"].outcome-success').waitFor({ timeout: 15_000 });
    // The task and its attempts are two reads: the event of the commit that lands between them
    // brings the page up to date.
    await page.locator('.page-head [data-status="delivered"]').waitFor();
    expect(await page.locator('[data-attempt]').count()).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('shows each attempt\u2019s request and response, folded, with the secret header redacted', async () => {
    const created = await system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: {
        url: `${system.receiver.url}/excerpt`,
        headers: { Authorization: 'Bearer ui-secret' },
        body: { note: 'x'.repeat(5000) },
      },
    });
    await page.goto(`/tasks/${created.body.id}`);
    await page.locator('.page-head [data-status="delivered"]').waitFor({ timeout: 15_000 });
    const attempt = page.locator('[data-attempt="1"]');
    const request = attempt.locator('[data-excerpt="request"]');
    expect(await request.locator('.excerpt-headers').isVisible()).toBe(false);
    await request.getByText('Request sent').click();
    await request.getByText(`POST ${system.receiver.url}/excerpt`).waitFor();
    await expect(
      request
        .locator('dt', { hasText: /^Authorization$/ })
        .locator('+ dd')
        .innerText(),
    ).resolves.toBe('[redacted]');
    await request.getByText(/^Body: first 4 KiB of 5011 bytes$/).waitFor();
    await attempt.locator('[data-excerpt="response"]').getByText('Response received').click();
    await attempt.locator('[data-excerpt="response"] .excerpt-body').getByText('ok', { exact: true }).waitFor();
    expect(await page.content()).not.toContain('ui-secret');
  });

  it('reschedules and cancels a waiting task', async () => {
    const created = await system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}/later` },
      delay: 'PT1H',
    });
    await page.goto(`/tasks/${created.body.id}`);
    await page.getByRole('button', { name: 'Reschedule…' }).click();
    await page.getByLabel('From now, in', { exact: true }).fill('2');
    await page.getByLabel('From now, in: unit').selectOption('D');
    await page.getByRole('button', { name: 'Reschedule', exact: true }).click();
    await page.locator('.details').getByText('in 2 days').waitFor();
    const moved = (await system.api.call('GET', `/v1/tasks/${created.body.id}`)).body;
    expect(Date.parse(moved.dueAt) - Date.now()).toBeGreaterThan(47 * 3_600_000);
    await page.getByRole('button', { name: 'Cancel task' }).click();
    await page.locator('.page-head [data-status="cancelled"]').waitFor();
  });

  it('debounces a keyed task from the form, and links a follow-up and its task both ways', async () => {
    await page.goto('/tasks/new');
    await page.getByLabel('URL', { exact: true }).fill(`${system.receiver.url}/debounced-ui`);
    await page.getByText('Advanced: priority').click();
    await page.getByLabel('Key', { exact: true }).fill('ui-debounce');
    await page.getByLabel('Debounce (seconds)').fill('60');
    await page.getByRole('button', { name: 'Schedule task' }).click();
    await page.waitForURL(/\/tasks\/\d+$/);
    await page.locator('.details dt').getByText('Debounced', { exact: true }).waitFor();
    const debounced = (await system.api.call('GET', `/v1/tasks/${page.url().split('/').pop()}`)).body;
    expect(Date.parse(debounced.dueAt) - Date.parse(debounced.debounce.since)).toBe(60_000);
    await page.getByRole('button', { name: 'Cancel task' }).click();

    const parent = await system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}/followed-ui` },
      onDelivered: { channel: 'webhook', webhook: { url: `${system.receiver.url}/follow-up-ui` } },
    });
    const child = await waitFor(
      'the follow-up',
      async () => (await system.api.call('GET', `/v1/tasks/${parent.body.id}`)).body.followUps?.[0]?.taskId,
    );
    await page.goto(`/tasks/${parent.body.id}`);
    await page.locator('.details').getByText(`follow-up created #${child} when delivered`).waitFor();
    await page.getByRole('link', { name: `#${child}`, exact: true }).click();
    await page.waitForURL(new RegExp(`/tasks/${child}$`));
    await page
      .locator('.details')
      .getByRole('link', { name: `task #${parent.body.id}` })
      .waitFor();
  });

  it('creates a recurring task, previewing its next five runs in the user\u2019s time zone, and shows them after saving', async () => {
    await page.goto('/tasks/new');
    await page.getByLabel('URL', { exact: true }).fill(`${system.receiver.url}/weekly`);
    await page.getByRole('radio', { name: 'Recurring' }).check();
    await page.getByLabel('Cron expression').fill('30 8 * * 1-5');
    await expect(page.getByLabel('Time zone').inputValue()).resolves.toBe('Europe/Berlin');
    const preview = page.getByTestId('preview-runs').locator('li time');
    await waitFor(
      'the preview',
      async () => (await preview.count()) === 5 && (await preview.first().textContent())?.includes('08:30'),
    );
    const previewed = await preview.evaluateAll((times) => times.map((t) => t.getAttribute('datetime')));
    for (const text of await preview.allTextContents())
      expect(text).toMatch(/^(Mon|Tue|Wed|Thu|Fri), .* 08:30:00 CES?T$/);
    await page.getByRole('button', { name: 'Create recurring task' }).click();
    await page.waitForURL(/\/schedules\/\d+$/);
    const next = page.getByTestId('next-runs').locator('time');
    await next.first().waitFor();
    expect(await next.evaluateAll((times) => times.map((t) => t.getAttribute('datetime')))).toEqual(previewed);
  });

  it('lists a schedule\u2019s runs with their status, and edits its rule and URL in place', async () => {
    const id = page.url().split('/').pop()!;
    const pending = (await system.api.call('GET', `/v1/schedules/${id}`)).body.pendingTaskId;
    const runs = page.getByTestId('past-runs');
    await runs.locator(`li[data-task-id="${pending}"] [data-status="scheduled"]`).waitFor();
    expect(await page.getByText(/5 fields: minute hour day month weekday.*or 6 with seconds first/).count()).toBe(0);
    await page.getByRole('button', { name: 'Edit…' }).click();
    await page.getByText(/5 fields: minute hour day month weekday.*or 6 with seconds first/).waitFor();
    await page.getByLabel('Cron expression').fill('0 9 * * 1-5');
    await page.getByLabel('URL', { exact: true }).fill(`${system.receiver.url}/weekly-edited`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    const next = page.getByTestId('next-runs').locator('time');
    await waitFor('the new rule\u2019s runs', async () => (await next.first().textContent())?.includes('09:00:00'));
    expect(await page.locator('.details').getByText(`${system.receiver.url}/weekly-edited`).count()).toBe(1);
    const saved = (await system.api.call('GET', `/v1/schedules/${id}`)).body;
    expect(saved).toMatchObject({
      cron: '0 9 * * 1-5',
      status: 'active',
      task: { webhook: { url: `${system.receiver.url}/weekly-edited` } },
    });
    // The replaced pending run is cancelled; the new rule's run is listed beside it.
    await runs.locator(`li[data-task-id="${saved.pendingTaskId}"] [data-status="scheduled"]`).waitFor();
    await runs.locator(`li[data-task-id="${pending}"] [data-status="cancelled"]`).waitFor();
  });

  it('lists tasks with filters, search and paging, updating a status live', async () => {
    const hook = (path: string, extra: object = {}) =>
      system.api.call('POST', '/v1/tasks', {
        channel: 'webhook',
        webhook: { url: `${system.receiver.url}/${path}` },
        delay: 'PT1H',
        ...extra,
      });
    for (let i = 0; i < 22; i++) await hook(`bulk-${i}`, { stream: 'bulk' });
    const special = await hook('needle-in-haystack', { key: 'find-me' });
    await system.api.call('POST', '/v1/tasks', {
      channel: 'email',
      email: { to: 'x@example.com', subject: 'hi', text: 'hello' },
      delay: 'PT2H',
    });
    await page.goto('/tasks');
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    await page.getByRole('button', { name: 'Older →' }).click();
    await waitFor('page 2', async () => (await page.getByText('Page 2').count()) === 1 && (await rows.count()) < 20);
    await page.getByRole('button', { name: '← Newer' }).click();
    await page.getByLabel('Channel').selectOption('email');
    await waitFor(
      'email only',
      async () => (await rows.count()) === 1 && (await rows.first().textContent())?.includes('email'),
    );
    expect(page.url()).toContain('channel=email');
    await page.getByLabel('Channel').selectOption('');
    await page.getByLabel('Search').fill('needle');
    await waitFor(
      'the search',
      async () => (await rows.count()) === 1 && (await rows.first().getAttribute('data-task-id')) === special.body.id,
    );
    expect(await rows.first().locator('td[data-label="Destination"]').textContent()).toBe(
      `${system.receiver.url}/needle-in-haystack`,
    );
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Key').fill('find-me');
    await waitFor('the key filter', async () => (await rows.count()) === 1);
    await page.getByLabel('Key').fill('');
    await page.getByLabel('Stream').fill('bulk');
    await waitFor('the stream filter', async () => (await rows.count()) === 20);
    await page.getByLabel('Stream').fill('');
    await page.getByLabel('Status').selectOption('scheduled');
    await waitFor('scheduled only', async () => (await rows.count()) === 20);
    // Cancelled through the API: the row changes in place.
    await page.getByLabel('Status').selectOption('');
    const row = page.locator(`tr[data-task-id="${special.body.id}"]`);
    await row.locator('[data-status="scheduled"]').waitFor();
    await system.api.call('DELETE', `/v1/tasks/${special.body.id}`);
    await row.locator('[data-status="cancelled"]').waitFor({ timeout: 10_000 });
  });

  it('creates an API key shown once with a copy button, shows when it was created and last used, and revokes it', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel("New key's name").fill('deploy bot');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('secret').textContent())!;
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const usedAfter = Date.now();
    expect((await system.api.call('GET', '/v1/tasks', undefined, { key: secret })).status).toBe(200);
    // The use is recorded beside the request (at most once a minute per key), so it is waited for.
    const listed = await waitFor('the key\u2019s last use', async () => {
      const key = (await system.api.call('GET', '/v1/api-keys')).body.keys.find(
        (k: { name: string }) => k.name === 'deploy bot',
      );
      return key?.lastUsedAt ? key : undefined;
    });
    expect(listed.createdAt).toBe(new Date(listed.createdAt).toISOString());
    expect(listed.lastUsedAt).toBe(new Date(listed.lastUsedAt).toISOString());
    expect(Date.parse(listed.createdAt)).toBeLessThanOrEqual(Date.parse(listed.lastUsedAt));
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThanOrEqual(usedAfter - 1_000);
    expect(Date.parse(listed.lastUsedAt)).toBeLessThanOrEqual(Date.now() + 1_000);
    const row = page.locator('tr[data-key-name="deploy bot"]');
    await page.reload();
    const shown = (label: string) => row.locator(`td[data-label="${label}"] time`);
    expect(await shown('Created').getAttribute('datetime')).toBe(listed.createdAt);
    expect(await shown('Last used').getAttribute('datetime')).toBe(listed.lastUsedAt);
    expect(await shown('Last used').textContent()).toMatch(/^(now|\d+ seconds? ago)$/);
    expect(await shown('Last used').getAttribute('title')).toMatch(/ CES?T$/);
    await row.getByRole('button', { name: 'Revoke…' }).click();
    await row.getByRole('button', { name: 'Revoke deploy bot for good' }).click();
    await row.getByText('revoked').waitFor();
    await waitFor(
      'the key to be refused',
      async () => (await system.api.call('GET', '/v1/tasks', undefined, { key: secret })).status === 401,
    );
    // Shown once: after a reload only its prefix is left.
    await page.reload();
    await row.waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
  });

  it('takes a reminder with one text box, one window and one button', async () => {
    await page.getByRole('link', { name: 'Remind me' }).click();
    await page.getByLabel('Remind me of').fill('water the plants');
    await page.getByLabel('When').selectOption('P1D');
    await page.getByRole('button', { name: 'Remind me later' }).click();
    await page.getByText(`Done: an email to ${email} will come within a day.`).waitFor();
    const tasks = (await system.api.call('GET', '/v1/tasks?channel=email&q=water')).body.tasks;
    expect(tasks).toHaveLength(1);
    expect(Date.parse(tasks[0].dueAt) - Date.now()).toBeLessThan(86_400_000);
  });

  it('shows the profile and changes phone, time zone and quiet hours, each refusal on its field', async () => {
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    const quiet = page.getByRole('group', { name: 'Quiet hours' });
    // A new account's quiet hours, in the time zone its browser gave it.
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    expect(await quiet.getByLabel('No reminders during quiet hours').isChecked()).toBe(true);
    expect([await quiet.getByLabel('From').inputValue(), await quiet.getByLabel('Until').inputValue()]).toEqual([
      '22:00',
      '08:00',
    ]);
    expect(await page.getByLabel('Phone').inputValue()).toBe('');

    await page.getByLabel('Phone').fill('0151 1234');
    await quiet.getByLabel('Until').fill('22:00');
    await page.getByRole('button', { name: 'Save' }).click();
    await field('phone').locator('.field-error').waitFor();
    expect(await field('phone').locator('.field-error').textContent()).toContain('E.164');
    expect(await field('quietHours.end').locator('.field-error').textContent()).toContain('start and end must differ');
    expect(await page.getByLabel('Phone').getAttribute('aria-invalid')).toBe('true');
    expect((await system.api.call('GET', '/v1/me')).body).toMatchObject({
      phone: null,
      quietHours: { start: '22:00', end: '08:00' },
    });

    await page.getByLabel('Phone').fill('+4915112345678');
    await quiet.getByLabel('Until').fill('07:30');
    await page.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await page.locator('.field-error').count()).toBe(0);
    expect((await system.api.call('GET', '/v1/me')).body).toMatchObject({
      phone: '+4915112345678',
      timezone: 'Asia/Tokyo',
      quietHours: { start: '22:00', end: '07:30' },
    });
    await page.getByRole('link', { name: 'Remind me' }).click();
    await page.getByText('never in your quiet hours (22:00 to 07:30, Asia/Tokyo)').waitFor();

    // Off: reminders at any hour, and the Remind page says so.
    await page.getByRole('link', { name: 'Profile' }).click();
    await quiet.getByLabel('No reminders during quiet hours').uncheck();
    expect(await quiet.getByLabel('From').isDisabled()).toBe(true);
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await system.api.call('GET', '/v1/me')).body).toMatchObject({
      timezone: 'Europe/Berlin',
      quietHours: null,
    });
    await page.getByRole('link', { name: 'Remind me' }).click();
    await page.getByText('at any hour: you have no quiet hours.').waitFor();
    await page.getByRole('link', { name: 'Set them in your profile' }).click();
    // Turned on again, they are offered as the nights a new account has.
    await quiet.getByLabel('No reminders during quiet hours').check();
    expect([await quiet.getByLabel('From').inputValue(), await quiet.getByLabel('Until').inputValue()]).toEqual([
      '22:00',
      '08:00',
    ]);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await system.api.call('GET', '/v1/me')).body.quietHours).toEqual({ start: '22:00', end: '08:00' });
  });

  it('changes the password, each refusal on its field, and ends the other sessions', async () => {
    const other = await openContext(browser, system.stack.frontendUrl);
    const elsewhere = await other.newPage();
    await elsewhere.goto('/login');
    await elsewhere.getByLabel('Email').fill(email);
    await elsewhere.getByLabel('Password').fill(password);
    await elsewhere.getByRole('button', { name: 'Log in' }).click();
    await elsewhere.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await page.goto('/profile');
    const change = async (current: string, next: string, repeat = next) => {
      await page.getByLabel('Current password').fill(current);
      await page.getByLabel('New password', { exact: true }).fill(next);
      await page.getByLabel('New password, again').fill(repeat);
      await page.getByRole('button', { name: 'Change password' }).click();
    };
    const errorOn = async (name: string) => {
      await field(name).locator('.field-error').waitFor();
      expect(await page.locator('.field-error').count()).toBe(1);
      return field(name).locator('.field-error').textContent();
    };
    await change(password, 'short');
    expect(await errorOn('newPassword')).toMatch(/10/);
    await change(password, 'a new long password', 'a new long passwort');
    expect(await errorOn('repeatPassword')).toContain('does not match');
    await change('not my password', 'a new long password');
    expect(await errorOn('currentPassword')).toContain('is wrong');
    await change(password, 'a new long password');
    await page.getByText('Password changed; your other sessions are logged out.').waitFor();
    password = 'a new long password';
    expect(await page.getByLabel('Current password').inputValue()).toBe('');
    // This session stays; the other one is over.
    expect(await page.evaluate(async () => (await fetch('/v1/session')).status)).toBe(200);
    expect(await elsewhere.evaluate(async () => (await fetch('/v1/session')).status)).toBe(401);
    await other.close();
  });

  it('shows the dashboard\u2019s charts and updates them live, from the event stream', async () => {
    // The page's timers run on a clock the test moves by hand, so the dashboard's quiet 10 s
    // refresh cannot fire: only a task event (real time, real stream) can start a reload.
    const dashboard = await context.newPage();
    await dashboard.clock.install();
    await dashboard.goto('/');
    await dashboard.getByTestId('schedulers-alive').getByText('2').waitFor();
    expect(await dashboard.getByTestId('senders-alive').textContent()).toBe('1');
    await dashboard.getByText('Live', { exact: true }).waitFor();
    const waiting = dashboard.getByRole('img', { name: /Waiting tasks by due time/ });
    const soon = async () => Number(/< 1 h: (\d+)/.exec((await waiting.getAttribute('aria-label')) ?? '')?.[1]);
    const before = await soon();
    expect(before).toBeGreaterThan(0);
    expect(await dashboard.getByRole('img', { name: /Attempts per minute/ }).getAttribute('aria-label')).toMatch(
      /[1-9]\d* delivered/,
    );
    // The deliveries of the tests before, a few ms to a few s after their due times.
    const lag = dashboard.getByRole('region', { name: 'Due lag, last hour' });
    expect(await lag.getByRole('img').getAttribute('aria-label')).toMatch(
      /^How long after their due time attempts started\. p50: [\d.]+ m?s, p95: [\d.]+ m?s, p99: [\d.]+ m?s, max: [\d.]+ m?s$/,
    );
    expect(await lag.locator('p').textContent()).toMatch(/; [1-9]\d* attempts?\.$/);
    await system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}/soon` },
      delay: 'PT10M',
    });
    // Each step lets the event's 1 s throttle fire; eight steps stay short of the 10 s refresh.
    let advanced = 0;
    await waitFor(
      'the new task on the chart',
      async () => {
        if ((await soon()) === before + 1) return true;
        if (advanced < 8_000) {
          await dashboard.clock.runFor(1_000);
          advanced += 1_000;
        }
        return false;
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    await dashboard.close();
  });

  it('shows a failed delivery under its error class and destination, live', async () => {
    const failing = new URL(system.receiver.url).host;
    system.receiver.respondWith((d) => ({ status: d.path.startsWith('/unavailable') ? 503 : 200 }));
    await page.goto('/');
    const failures = page.getByRole('region', { name: 'Failures by error class, last 24 h' });
    await failures.getByText('No failures.').waitFor();
    await system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}/unavailable` },
      retry: { maxAttempts: 1 },
    });
    const byClass = failures.getByRole('list', { name: 'Failures by error class' });
    await byClass.getByText('http_5xx').waitFor({ timeout: 20_000 });
    expect(await byClass.locator('li').allInnerTexts()).toEqual([expect.stringMatching(/^http_5xx\s+1$/)]);
    expect(await failures.getByRole('list', { name: 'Failures by destination' }).locator('li').allInnerTexts()).toEqual(
      [expect.stringMatching(new RegExp(`^${failing}\\s+1$`))],
    );
    system.receiver.respondWith(() => ({ status: 200 }));
  });

  // After the dashboard's failure panels were checked empty: this test makes failures.
  it('replays every dead task the filters show with one button, and the list empties as they are delivered', async () => {
    system.receiver.respondWith((d) => ({ status: d.path.startsWith('/gone') ? 404 : 200 }));
    const dead: string[] = [];
    for (const path of ['gone-1', 'gone-2']) {
      dead.push(
        (
          await system.api.call('POST', '/v1/tasks', {
            channel: 'webhook',
            webhook: { url: `${system.receiver.url}/${path}` },
            retry: { maxAttempts: 1 },
          })
        ).body.id,
      );
    }
    const statuses = async () =>
      Promise.all(dead.map(async (id) => (await system.api.call('GET', `/v1/tasks/${id}`)).body.status));
    await waitFor('both dead', async () => (await statuses()).every((status) => status === 'dead'));
    const deadCount = (await system.api.call('GET', '/v1/tasks?status=dead&limit=100')).body.tasks.length;
    system.receiver.respondWith(() => ({ status: 200 }));
    await page.goto('/tasks?status=dead');
    await page.locator(`tr[data-task-id="${dead[1]}"]`).waitFor();
    await page.getByRole('button', { name: 'Replay all dead tasks' }).click();
    await page.locator('.bulk-actions').getByText(`Replayed ${deadCount} tasks.`).waitFor();
    await page.getByText('No task matches these filters.').waitFor({ timeout: 15_000 });
    await waitFor('both delivered', async () => (await statuses()).every((status) => status === 'delivered'));
    // Search text is not a filter the bulk replay takes: with it, the button is not offered.
    await page.goto('/tasks?status=dead&q=gone');
    await page.locator('.filters').waitFor();
    expect(await page.getByRole('button', { name: 'Replay all dead tasks' }).count()).toBe(0);
  });

  it('logs out, ending the session', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/v1/session')).status)).toBe(401);
    // Logged out, a reload asks nothing it would be refused.
    const errors = await consoleErrorsDuring(async (p) => {
      await p.reload();
      await p.getByRole('heading', { name: 'Log in' }).waitFor();
    });
    expect(errors).toEqual([]);
  });

  it('is served with a CSP, long-lived hashed assets, and the page for the UI\u2019s own paths only', async () => {
    const index = await fetch(`${system.stack.frontendUrl}/tasks/42`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = (await index.text()).match(/\/assets\/[\w.-]+\.js/)![0];
    const script = await fetch(`${system.stack.frontendUrl}${asset}`);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const api = await fetch(`${system.stack.frontendUrl}/v1/nothing-here`);
    expect([api.status, api.headers.get('content-type')]).toEqual([401, expect.stringContaining('application/json')]);
    expect((await fetch(`${system.stack.frontendUrl}/assets/missing.js`)).status).toBe(404);
  });
});
