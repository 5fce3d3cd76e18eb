import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isWebUiPage, webUiPages } from '../src/webUi.js';

const app = readFileSync(new URL('../web/src/app/App.tsx', import.meta.url), 'utf8');

describe('the pages the server answers with the web UI', () => {
  it('are exactly the routes the UI has (App.tsx), so a new page cannot be forgotten on reload', () => {
    const routed = new Set([...app.matchAll(/path === '(\/[^']*)'|matchPath\('([^']+)'/g)].map((m) => m[1] ?? m[2]));
    expect([...routed].sort()).toEqual([...webUiPages].sort());
  });

  it('match the pages with their ids, and nothing else', () => {
    for (const path of ['/', '/tasks', '/tasks/', '/tasks/42', '/schedules/7', '/login', '/profile'])
      expect(isWebUiPage(path), path).toBe(true);
    for (const path of ['/docs', '/openapi.json', '/admin', '/tasks/42/edit', '/.env', '/wp-login.php'])
      expect(isWebUiPage(path), path).toBe(false);
  });
});
