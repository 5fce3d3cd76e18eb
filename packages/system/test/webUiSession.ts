import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, openContext } from '../src/testing/browser.js';
import { startTestSystem, type TestSystem } from '../src/testing/index.js';

/** One real stack and one headless Chromium, shared by the tests of one file. */
export interface WebUiSession {
  system: TestSystem;
  browser: Browser;
  /** A desktop-sized profile that counts layout shifts in `window.layoutShift`. */
  context: BrowserContext;
  page: Page;
}

/**
 * Registers the hooks that start the stack and the browser before the file's tests and stop them
 * after; the returned object is filled in once `beforeAll` has run.
 */
export function useWebUiSession(): WebUiSession {
  const session = {} as WebUiSession;
  beforeAll(async () => {
    [session.system, session.browser] = await Promise.all([
      startTestSystem({ schedulers: 2, env: { frontend: { LOGIN_ATTEMPTS_PER_MINUTE: '100' } } }),
      launchBrowser(),
    ]);
    session.context = await openContext(session.browser, session.system.stack.frontendUrl);
    // Chromium reports every layout shift (content moving under the reader) not caused by input.
    await session.context.addInitScript(() => {
      const shifts = window as unknown as { layoutShift: number };
      shifts.layoutShift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
          if (!entry.hadRecentInput) shifts.layoutShift += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    session.page = await session.context.newPage();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.system?.stop();
  });
  return session;
}

/** The focused control, as a keyboard user meets it: its field name, else its label or text. */
export function focusedControl(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'nothing';
    return (
      element.getAttribute('name') ??
      element.getAttribute('aria-label') ??
      element.textContent?.trim() ??
      element.tagName
    );
  });
}

export function focusedValue(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value);
}

/** Presses Tab (with Shift held, backwards) until `target` has the focus; the stops on the way there. */
export async function tabUntil(
  page: Page,
  target: string,
  most: number,
  also: () => Promise<boolean> = async () => true,
): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focusedControl(page));
    if (stops.at(-1) === target && (await also())) return stops;
  }
  throw new Error(`${target} not reached with ${most} presses of Tab: ${stops.join(' > ')}`);
}
