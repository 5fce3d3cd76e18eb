import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../prerequisites.js';

/** Headless, and quiet: no sandbox (root in CI), no GPU, no calls home, no updates. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const viewports = {
  desktop: { width: 1280, height: 860 },
  phone: { width: 390, height: 844 },
} as const;

/** Debian's chromium driven by playwright-core: nothing is downloaded, ever. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
}

/** A fresh browser profile (its own cookies) at `baseURL`, phone-sized or desktop-sized. */
export async function openContext(
  browser: Browser,
  baseURL: string,
  viewport: keyof typeof viewports = 'desktop',
): Promise<BrowserContext> {
  const phone = viewport === 'phone';
  return browser.newContext({
    baseURL,
    viewport: viewports[viewport],
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
}

/**
 * How far the page reaches past the right edge of the screen, in CSS px (0: it fits). Measured
 * against the layout viewport (documentElement.clientWidth, the device width): in a phone
 * context (isMobile) Chromium zooms out to show a too-wide page whole and widens
 * window.innerWidth to match, so a comparison with innerWidth never sees the overflow.
 */
export function sidewaysOverflow(page: Page): Promise<number> {
  // A string: this package is compiled without the DOM's types.
  return page.evaluate<number>(
    'Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth',
  );
}

/** Signs a new user up through the UI and waits for the dashboard. */
export async function signUpInBrowser(page: Page, email: string, password = 'a long enough password'): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}
