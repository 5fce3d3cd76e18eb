import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signUpInBrowser } from '../src/testing/browser.js';
import type { TestSystem } from '../src/testing/index.js';
import { useWebUiSession } from './webUiSession.js';

/**
 * The New task form's refusals in a real browser against a real stack: each of the API's 400
 * issues is shown beside the control it names, never above the form as if the form had no such field.
 */
describe('the web UI in headless Chromium: the New task form\u2019s errors', () => {
  const session = useWebUiSession();
  let system: TestSystem;
  let page: Page;
  beforeAll(async () => {
    ({ system, page } = session);
    await signUpInBrowser(page, 'form-errors@example.com');
  });
  const field = (name: string) => page.locator(`[data-field="${name}"]`);

  it('shows a bad cron as the preview is typed, and the API\u2019s refusal on the field', async () => {
    await page.goto('/tasks/new');
    await page.getByLabel('URL', { exact: true }).fill(`${system.receiver.url}/x`);
    await page.getByRole('radio', { name: 'Recurring' }).check();
    await page.getByLabel('Cron expression').fill('61 * * * *');
    await page.locator('.preview-problem').waitFor();
    await page.getByRole('button', { name: 'Create recurring task' }).click();
    await field('cron').locator('.field-error').waitFor();
    expect(await page.getByLabel('Cron expression').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows each validation error of the API on the field it names, and focuses the first', async () => {
    await page.goto('/tasks/new');
    await page.getByLabel('URL', { exact: true }).fill('ftp://example.com/file');
    await page.getByLabel('Headers').fill('Host: evil.example');
    await page.getByLabel('Due in', { exact: true }).fill('-5');
    await page.getByText('Advanced: priority').click();
    await page.getByLabel('Jitter (0 to 1)').fill('2');
    await page.getByLabel('Attempts in all').fill('0');
    await page.getByText('Advanced: priority').click(); // closed again: an error must open it
    await page.getByRole('button', { name: 'Schedule task' }).click();
    await field('webhook.url').locator('.field-error').waitFor();
    const errors = Object.fromEntries(
      await Promise.all(
        ['webhook.url', 'webhook.headers', 'delay', 'retry.jitter', 'retry.maxAttempts'].map(async (name) => [
          name,
          await field(name).locator('.field-error').textContent(),
        ]),
      ),
    );
    expect(errors['webhook.url']).toContain('http or https');
    expect(errors['webhook.headers']).toContain('Host');
    expect(errors.delay).toMatch(/ISO-8601 duration/);
    expect(errors['retry.jitter']).toMatch(/1/);
    expect(errors['retry.maxAttempts']).toMatch(/1/);
    expect(await page.locator('details.advanced').getAttribute('open')).not.toBeNull();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('webhook.url');
    await page.getByRole('alert').getByText('Please fix the 5 fields').waitFor();
    // An email task without an address: the error is on the email's field.
    await page.getByRole('radio', { name: 'Email' }).check();
    await page.getByRole('button', { name: 'Schedule task' }).click();
    await field('email.to').locator('.field-error').waitFor();
  });

  it('shows a refusal of any control it has beside that control, for every channel and kind of time', async () => {
    // The API is stood in for: it refuses every field the form shows, so that each must show its own
    // refusal. A control whose path the form does not list would show it above the form instead.
    let round = 0;
    let refused: string[] = [];
    await page.route(/\/v1\/(tasks|schedules)$/, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              error: 'invalid request',
              issues: refused.map((path) => ({ path, message: `refused in round ${round}` })),
            }),
          })
        : route.fallback(),
    );
    try {
      await page.goto('/tasks/new');
      await page.getByText('Advanced: priority').click();
      const shapes = [
        ['Webhook', 'In', null],
        ['Email', 'At', null],
        ['SMS', 'At a random moment within', null],
        ['Webhook', 'Recurring', 'Cron'],
        ['Email', 'Recurring', 'Every'],
      ] as const;
      const everyControl = new Set<string>();
      for (const [channel, when, repeat] of shapes) {
        round++;
        await page.getByRole('radio', { name: channel, exact: true }).check();
        await page.getByRole('radio', { name: when, exact: true }).check();
        if (repeat) await page.getByRole('radio', { name: repeat, exact: true }).check();
        refused = await page
          .locator('form [data-field]')
          .evaluateAll((controls) => controls.map((c) => (c as HTMLElement).dataset.field!));
        refused.forEach((name) => everyControl.add(name));
        await page.locator('form button[type="submit"]').click();
        await field(refused[0]!)
          .locator('.field-error', { hasText: `round ${round}` })
          .waitFor();
        const shown = await page
          .locator('form [data-field]')
          .evaluateAll((controls) =>
            controls.map((c) => [
              (c as HTMLElement).dataset.field!,
              c.querySelector('.field-error')?.textContent ?? 'nothing',
            ]),
          );
        expect(Object.fromEntries(shown), `${channel}, ${when}`).toEqual(
          Object.fromEntries(refused.map((name) => [name, `refused in round ${round}`])),
        );
        expect(await page.getByRole('alert').locator('p').allTextContents()).toEqual([
          `Please fix the ${refused.length} fields marked below.`,
        ]);
      }
      // The shapes above reach the controls of every channel and every kind of time.
      const channelAndTime = [
        'webhook.method',
        'webhook.url',
        'webhook.headers',
        'webhook.body',
        'email.to',
        'email.subject',
        'email.text',
        'sms.to',
        'sms.body',
      ];
      channelAndTime.push('runAt', 'timezone', 'delay', 'within', 'cron', 'every');
      expect([...everyControl]).toEqual(expect.arrayContaining(channelAndTime));
    } finally {
      await page.unroute(/\/v1\/(tasks|schedules)$/);
    }
  });
});
