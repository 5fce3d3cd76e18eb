import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openContext, sidewaysOverflow, signUpInBrowser, viewports } from '../src/testing/browser.js';
import { waitFor, type TestSystem } from '../src/testing/index.js';
import { focusedControl, focusedValue, tabUntil, useWebUiSession } from './webUiSession.js';

/**
 * The web UI for everyone, in a real browser against a real stack: the keyboard alone, a
 * phone-width screen, pages that do not jump while they load, and what shows while there is
 * nothing yet or the API is slow. The pages' work itself: webUi.e2e.test.ts.
 */
describe('the web UI in headless Chromium: access', () => {
  const session = useWebUiSession();
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const email = 'access@example.com';
  const password = 'a long enough password';
  let firstTask: string;

  // What the pages measured below show: a delivered task, a recurring task, an API key.
  beforeAll(async () => {
    ({ system, browser, page } = session);
    await signUpInBrowser(page, email, password);
    system.api.apiKey = (await page.getByTestId('secret').textContent())!;
    await page.getByRole('button', { name: 'I have stored it' }).click();
    const task = await system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}/first` },
    });
    expect(task.status).toBe(201);
    firstTask = task.body.id;
    const schedule = await system.api.call('POST', '/v1/schedules', {
      cron: '30 8 * * 1-5',
      timezone: 'Europe/Berlin',
      task: { channel: 'webhook', webhook: { url: `${system.receiver.url}/weekly` } },
    });
    expect(schedule.status).toBe(201);
    await waitFor(
      'the first task to be delivered',
      async () => (await system.api.call('GET', `/v1/tasks/${firstTask}`)).body.status === 'delivered',
    );
  });

  it('shows empty states to a new user, and placeholders while the API is slow to answer', async () => {
    const fresh = await openContext(browser, system.stack.frontendUrl);
    const newcomer = await fresh.newPage();
    await signUpInBrowser(newcomer, 'newcomer@example.com');
    for (const [panel, empty] of [
      ['Waiting, by when they are due', 'Nothing waiting.'],
      ['Due lag, last hour', 'No attempt in the last hour.'],
      ['Failures by error class, last 24 h', 'No failures.'],
    ] as const) {
      await newcomer.getByRole('region', { name: panel }).getByText(empty).waitFor();
    }
    // Answers held back until the placeholders are seen: a skeleton per chart, then the figures.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await newcomer.route(
      (url) => url.pathname === '/v1/stats' || url.pathname === '/v1/tasks',
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await newcomer.goto('/');
    await newcomer.locator('.chart-skeleton').nth(4).waitFor();
    expect(await newcomer.locator('.dashboard').getAttribute('aria-busy')).toBe('true');
    await newcomer.getByRole('link', { name: 'Tasks', exact: true }).click();
    await newcomer.getByRole('status').getByText('Loading…').waitFor();
    expect(await newcomer.locator('.empty').count()).toBe(0);
    release();
    await newcomer.getByText('No tasks yet.').waitFor();
    await newcomer.getByRole('link', { name: 'Schedule your first task' }).waitFor();
    expect(await newcomer.locator('.loading').count()).toBe(0);
    await newcomer.goto('/schedules');
    await newcomer.getByText('No recurring tasks yet.').waitFor();
    await fresh.close();
  });

  it('does not move content around while pages load (cumulative layout shift under 0.1)', async () => {
    const pages: [string, string][] = [
      ['/', '[data-testid="schedulers-alive"]'],
      ['/tasks', 'tbody tr'],
      [`/tasks/${firstTask}`, '.timeline, .empty'],
      ['/schedules', 'tbody tr'],
      ['/keys', 'tbody tr'],
      ['/profile', 'form'],
    ];
    for (const [path, loaded] of pages) {
      await page.goto(path);
      await page.locator(loaded).first().waitFor();
      await page.waitForTimeout(500);
      const shift = await page.evaluate(() => (window as unknown as { layoutShift: number }).layoutShift);
      expect(shift, path).toBeLessThan(0.1);
    }
  });

  it('can be used with the keyboard alone: Tab to each control, arrows in the choices, Enter to open "Advanced" and to submit', async () => {
    await page.goto('/tasks/new');
    await page.getByRole('heading', { name: 'New task' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedControl(page)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    // Past the header, in the order the form reads: the channel, the method, the URL.
    expect(await tabUntil(page, 'webhook.url', 3)).toEqual(['channel', 'webhook.method', 'webhook.url']);
    await page.keyboard.type(`${system.receiver.url}/keyboard`);
    // Arrow keys move the choice within a group; Tab leaves the group.
    await page.keyboard.down('Shift');
    await tabUntil(page, 'channel', 2);
    await page.keyboard.up('Shift');
    expect(await focusedValue(page)).toBe('webhook');
    await page.keyboard.press('ArrowRight');
    expect(await focusedValue(page)).toBe('email');
    await page.getByLabel('Subject').waitFor();
    await page.keyboard.press('ArrowLeft');
    expect(await focusedValue(page)).toBe('webhook');
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(`${system.receiver.url}/keyboard`);
    expect(await tabUntil(page, 'when', 5)).toEqual([
      'webhook.method',
      'webhook.url',
      'webhook.headers',
      'webhook.body',
      'when',
    ]);
    expect(await focusedValue(page)).toBe('in');
    await page.keyboard.press('ArrowRight');
    expect(await focusedValue(page)).toBe('within');
    expect(await tabUntil(page, 'Within the next: unit', 2)).toEqual(['within', 'Within the next: unit']);
    await page.keyboard.press('ArrowUp'); // days -> hours
    expect(await page.getByLabel('Within the next: unit').inputValue()).toBe('H');
    await tabUntil(page, 'Advanced: priority, deadline, key, debounce, stream, retries', 1);
    await page.keyboard.press('Enter');
    expect(await page.locator('details.advanced').getAttribute('open')).not.toBeNull();
    await tabUntil(page, 'priority', 1);
    await page.keyboard.press('ArrowDown'); // medium (default) -> high
    expect(await page.getByLabel('Priority').inputValue()).toBe('high');
    await tabUntil(page, 'key', 10);
    await page.keyboard.type('typed-by-keyboard');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tasks\/\d+$/);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const task = (await system.api.call('GET', `/v1/tasks/${page.url().split('/').pop()}`)).body;
    expect(task).toMatchObject({
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}/keyboard` },
      priority: 'high',
      key: 'typed-by-keyboard',
    });
    expect(Date.parse(task.dueAt) - Date.now()).toBeLessThan(3 * 3_600_000);
  });

  it('creates and revokes an API key with the keyboard alone, confirmation included', async () => {
    await page.goto('/keys');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await tabUntil(page, 'name', 1);
    await page.keyboard.type('keyboard key');
    await page.keyboard.press('Enter');
    const secret = (await page.getByTestId('secret').textContent())!;
    const row = page.locator('tr[data-key-name="keyboard key"]');
    await row.waitFor();
    await tabUntil(page, 'Revoke…', 20, () =>
      page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-key-name') === 'keyboard key'),
    );
    // The focus moves once React has rendered the change: polled, not read at once.
    // Asking to revoke puts the focus on the safe answer; Escape takes the question back.
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedControl(page)).toBe('Keep');
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedControl(page)).toBe('Revoke…');
    expect(await row.getByRole('button', { name: 'Revoke keyboard key for good' }).count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    await expect.poll(() => focusedControl(page)).toBe('Revoke keyboard key for good');
    await page.keyboard.press('Space');
    await row.getByText('revoked').waitFor();
    // The button is gone with the question: the focus goes to the message saying what happened, not to the page's top.
    await expect
      .poll(() => focusedControl(page))
      .toBe('keyboard key is revoked: programs using it are refused within seconds.');
    await waitFor(
      'the key to be refused',
      async () => (await system.api.call('GET', '/v1/tasks', undefined, { key: secret })).status === 401,
    );
  });

  it('fits a phone-width screen on every page, without sideways scrolling', async () => {
    const phone = await openContext(browser, system.stack.frontendUrl, 'phone');
    const small = await phone.newPage();
    const fits = async (what: string) => {
      await small.locator('h1').waitFor();
      await small.waitForLoadState('networkidle').catch(() => undefined);
      expect(await small.evaluate(() => document.documentElement.clientWidth), what).toBe(viewports.phone.width);
      expect(await sidewaysOverflow(small), what).toBe(0);
    };
    await small.goto('/login');
    await fits('/login');
    // The measure sees what it is for: an element 300 px wider than the screen.
    await small.evaluate(() => {
      const wide = document.createElement('div');
      wide.id = 'too-wide';
      wide.style.width = `${document.documentElement.clientWidth + 300}px`;
      wide.style.height = '1px';
      document.body.append(wide);
    });
    expect(await sidewaysOverflow(small)).toBe(300);
    await small.evaluate(() => document.getElementById('too-wide')!.remove());
    await small.goto('/signup');
    await fits('/signup');
    await small.goto('/login');
    await small.getByLabel('Email').fill(email);
    await small.getByLabel('Password').fill(password);
    await small.getByRole('button', { name: 'Log in' }).click();
    await small.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const schedule = (await system.api.call('GET', '/v1/schedules')).body.schedules[0].id;
    for (const path of [
      '/',
      '/tasks',
      '/tasks/new',
      '/remind',
      '/schedules',
      `/schedules/${schedule}`,
      '/keys',
      `/tasks/${firstTask}`,
      '/profile',
    ]) {
      await small.goto(path);
      await fits(path);
    }
    // The New task form at its widest: a date and a zone side by side, "Advanced" open, the cron preview.
    await small.goto('/tasks/new');
    await small.getByRole('radio', { name: 'At', exact: true }).check();
    await small.getByText('Advanced: priority').click();
    await fits('/tasks/new, at, advanced');
    await small.getByRole('radio', { name: 'Recurring' }).check();
    await small.getByTestId('preview-runs').locator('time').nth(4).waitFor();
    await fits('/tasks/new, recurring');
    await phone.close();
  });
});
