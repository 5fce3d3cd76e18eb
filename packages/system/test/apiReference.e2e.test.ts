import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types, shared with the types package's build
import { redocly } from '../../types/scripts/redocly.mjs';
import { launchBrowser, openContext } from '../src/testing/browser.js';
import { startTestSystem, type TestSystem } from '../src/testing/index.js';

/** The API described where it runs: the contract and its reference page, served by the frontend. */
describe('the API reference, served by a real frontend', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    [system, browser] = await Promise.all([startTestSystem({ schedulers: 1 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('serves GET /openapi.json: one OpenAPI 3.1 document, without external $refs, that validates', async () => {
    const res = await fetch(`${system.stack.frontendUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    const document = JSON.parse(text);
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/v1/tasks'].post.summary).toBe('Schedule a task');
    expect([...text.matchAll(/"\$ref":\s*"([^"#][^"]*)"/g)].map((m) => m[1])).toEqual([]);
    const file = join(mkdtempSync(join(tmpdir(), 'later-openapi-')), 'openapi.json');
    writeFileSync(file, text);
    // TaskEvent, the data of each event-stream message, is linked from no schema: OpenAPI 3.1
    // cannot type a text/event-stream's messages (3.2's itemSchema can). public.yaml itself
    // passes every recommended rule (packages/types/test/openapiLint.test.ts).
    const lint = JSON.parse(
      (redocly as (args: string[]) => { stdout: string })([
        'lint',
        file,
        '--format',
        'json',
        '--skip-rule',
        'no-unused-components',
      ]).stdout,
    );
    expect(lint.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('renders GET /docs in Chromium offline, with the POST /v1/tasks operation', async () => {
    const context = await openContext(browser, system.stack.frontendUrl);
    const page = await context.newPage();
    const elsewhere: string[] = [];
    const origin = new URL(system.stack.frontendUrl).origin;
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && url.origin !== origin) elsewhere.push(request.url());
    });
    // Chromium asks every page for /favicon.ico, which is not part of the reference (a 404 is right).
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        failed.push(`${response.status()} ${response.url()}`);
    });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text());
    });
    const answer = await page.goto('/docs');
    expect(answer?.status()).toBe(200);
    await page.getByText('Tasks', { exact: true }).first().click();
    await page.getByText('Schedule a task', { exact: true }).first().click();
    await page.getByRole('heading', { name: 'Schedule a task' }).waitFor();
    await expect.poll(() => page.locator('body').innerText()).toMatch(/POST\s*\/v1\/tasks/);
    await expect.poll(() => page.locator('body').innerText()).toContain('A 201 means the task is committed');
    const shot = join(mkdtempSync(join(tmpdir(), 'later-docs-')), 'docs.png');
    await page.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(elsewhere).toEqual([]);
    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers 404 to paths that are neither the API nor a page of the UI, never the UI with 200', async () => {
    const base = system.stack.frontendUrl;
    const json = await fetch(`${base}/admin/config.php`);
    expect(json.status).toBe(404);
    expect(await json.json()).toMatchObject({ error: expect.stringMatching(/no route GET \/admin\/config\.php/) });
    const browserAsk = await fetch(`${base}/admin`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(browserAsk.status).toBe(404);
    for (const page of ['/', '/tasks', '/tasks/42', '/schedules/7', '/keys', '/login']) {
      expect((await fetch(`${base}${page}`, { headers: { accept: 'text/html' } })).status, page).toBe(200);
    }
    const unknownApi = await system.api.call('GET', '/v1/nothing-here', undefined, { key: null });
    expect(unknownApi.status).toBe(401);
    await system.api.signup('reference@example.com');
    const known = await system.api.call('GET', '/v1/nothing-here');
    expect(known.status).toBe(404);
    expect(known.body).toMatchObject({ error: 'no route GET /v1/nothing-here', issues: [] });
  });
});
