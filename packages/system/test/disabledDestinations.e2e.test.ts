import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLaterClient } from '@later/client';
import { launchBrowser, openContext } from '../src/testing/browser.js';
import {
  openEventStream,
  publicApiClient,
  startSmtpServer,
  startTestSystem,
  waitFor,
  type PublicApiClient,
  type SseStream,
  type TestSmtpServer,
  type TestSystem,
} from '../src/testing/index.js';

/** How long every attempt must fail before the destination is disabled, here. */
const disableAfterMs = 1500;

describe('a destination that keeps failing is disabled for its account, and enabled again (real processes)', () => {
  let system: TestSystem;
  let smtp: TestSmtpServer;
  let alice: PublicApiClient;
  let bob: PublicApiClient;
  let events: SseStream;
  let failing = true;
  let url: string;
  /** Alice's tasks to the destination: the one whose failures disabled it, and one made after. */
  const waiting: string[] = [];

  const create = async (client: PublicApiClient, extra: Record<string, unknown> = {}) => {
    const created = await client.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url },
      retry: { maxAttempts: 100, baseDelay: 'PT0.1S', maxDelay: 'PT0.2S', jitter: 0 },
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const task = async (client: PublicApiClient, id: string) => (await client.call('GET', `/v1/tasks/${id}`)).body;
  const disabledOf = async (client: PublicApiClient) => {
    const answer = await client.call('GET', '/v1/destinations/disabled');
    expect(answer.status).toBe(200);
    return answer.body.destinations as { url: string; failingSince: string; disabledAt: string; lastError?: string }[];
  };
  const destinationEvents = () =>
    events.messages.filter((m) => m.event === 'destination').map((m) => JSON.parse(m.data));
  const deliveredTo = (id: string) => system.receiver.received.filter((d) => d.deliveryId === id);
  /** What the waiting tasks' callback URL was told about the destination. */
  const destinationCallbacks = (type: string) =>
    system.receiver.received
      .filter((d) => d.path === '/callbacks')
      .map((d) => JSON.parse(d.body))
      .filter((body) => body.type === type);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    system = await startTestSystem({
      env: {
        scheduler: { DESTINATION_DISABLE_AFTER_MS: String(disableAfterMs) },
        sender: { DISABLED_DESTINATION_DELAY_MS: '200', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) },
      },
    });
    url = `${system.receiver.url}/flaky`;
    system.receiver.respondWith((d) => (d.path === '/flaky' && failing ? { status: 500 } : { status: 200 }));
    alice = system.api;
    await alice.signup('alice@example.com');
    bob = publicApiClient(system.stack.frontendUrl);
    await bob.signup('bob@example.com');
    events = await openEventStream(`${system.stack.frontendUrl}/v1/events`, {
      authorization: `Bearer ${alice.apiKey}`,
    });
    expect(events.status).toBe(200);
  });
  afterAll(async () => {
    events?.close();
    await system?.stop();
    await smtp?.close();
  });

  it('disables it after every attempt failed for the stretch: event, notice email, and its tasks wait untried', async () => {
    const first = await create(alice, { callback: { url: `${system.receiver.url}/callbacks` } });
    waiting.push(first);
    const [disabled] = await waitFor(
      'the destination disabled',
      async () => {
        const list = await disabledOf(alice);
        return list.length > 0 ? list : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(disabled!.url).toBe(url);
    expect(Date.parse(disabled!.disabledAt) - Date.parse(disabled!.failingSince)).toBeGreaterThanOrEqual(
      disableAfterMs,
    );
    expect(disabled!.lastError).toMatch(/500/);

    const event = await events.waitUntil('destination.disabled streamed', () =>
      destinationEvents().find((e) => e.type === 'destination.disabled'),
    );
    expect(event).toMatchObject({ type: 'destination.disabled', url });
    const [told] = await waitFor('the callback told', () => {
      const got = destinationCallbacks('destination.disabled');
      return got.length > 0 ? got : undefined;
    });
    expect(told).toMatchObject({ type: 'destination.disabled', url });
    const notice = await waitFor(
      'the notice email',
      () => smtp.received.find((m) => m.envelopeTo.includes('alice@example.com')),
      { timeoutMs: 20_000 },
    );
    expect(notice.message.subject).toMatch(/disabled/);
    expect(notice.message.text).toContain(url);

    const client = createLaterClient({ baseUrl: system.stack.frontendUrl, apiKey: alice.apiKey! });
    expect((await client.destinations.listDisabled()).map((d) => d.url)).toEqual([url]);
    const report = await alice.call('GET', '/v1/reports/errors');
    expect(report.body.disabledDestinations.map((d: { url: string }) => d.url)).toEqual([url]);
    // Another account with the same URL is not disabled.
    expect(await disabledOf(bob)).toEqual([]);

    // The receiver works again, but the destination stays disabled until re-enabled: alice's
    // tasks to it wait, untried; bob's go out.
    failing = false;
    const attemptsBefore = (await task(alice, first)).attempts.length;
    const later = await create(alice);
    waiting.push(later);
    const bobs = await create(bob);
    await waitFor("bob's task delivered", async () =>
      (await task(bob, bobs)).status === 'delivered' ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(deliveredTo(later)).toEqual([]);
    // Handed back untried: its attempt number is not used up (a take records the attempt as
    // started, and the same number is taken again), and no attempt finished.
    const laterAttempts = (await task(alice, later)).attempts as { finishedAt: string | null }[];
    expect(laterAttempts.length).toBeLessThanOrEqual(1);
    expect(laterAttempts.filter((a) => a.finishedAt !== null)).toEqual([]);
    // An attempt that was under way when it was disabled may still finish; no new one starts.
    expect((await task(alice, first)).attempts.length).toBeLessThanOrEqual(attemptsBefore + 1);
    const settled = (await task(alice, first)).attempts.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await task(alice, first)).attempts.length).toBe(settled);
  });

  it('enables it again from the web UI (the API refuses unknown URLs and other accounts): the waiting tasks are delivered, once', async () => {
    const unknown = await alice.call('POST', '/v1/destinations/enable', { url: `${url}/other` });
    expect(unknown.status).toBe(404);
    expect(unknown.body.issues[0].path).toBe('url');
    expect((await bob.call('POST', '/v1/destinations/enable', { url })).status).toBe(404);
    expect((await alice.call('POST', '/v1/destinations/enable', {})).status).toBe(400);
    expect(await disabledOf(alice)).toHaveLength(1);

    // The web UI's dashboard shows it with a Re-enable button, which calls the same API.
    const browser = await launchBrowser();
    const enabledAt = Date.now();
    try {
      const page = await (await openContext(browser, system.stack.frontendUrl)).newPage();
      await page.goto('/login');
      await page.getByLabel('Email').fill('alice@example.com');
      await page.getByLabel('Password').fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Disabled destinations' }).waitFor();
      const row = page.locator(`tr[data-destination="${url}"]`);
      expect(await row.textContent()).toContain('500');
      await row.getByRole('button', { name: 'Re-enable' }).click();
      await page.getByText(`${url} is enabled again`).waitFor();
    } finally {
      await browser.close();
    }
    expect(await disabledOf(alice)).toEqual([]);
    await events.waitUntil('destination.enabled streamed', () =>
      destinationEvents().find((e) => e.type === 'destination.enabled'),
    );
    await waitFor('the callback told it is enabled', () =>
      destinationCallbacks('destination.enabled').length === 1 ? true : undefined,
    );
    expect(destinationCallbacks('destination.disabled')).toHaveLength(1);
    for (const id of waiting) {
      await waitFor(
        `task ${id} delivered`,
        async () => ((await task(alice, id)).status === 'delivered' ? true : undefined),
        { timeoutMs: 10_000 },
      );
      expect(deliveredTo(id).filter((d) => d.receivedAt >= enabledAt)).toHaveLength(1);
    }
    const [, later] = waiting;
    expect((await task(alice, later!)).attempts.map((a: { n: number; outcome: string }) => [a.n, a.outcome])).toEqual([
      [1, 'success'],
    ]);
  });
});
