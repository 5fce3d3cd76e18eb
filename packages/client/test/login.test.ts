import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, readLogin, resolveLogin, writeLogin } from '../src/cli/config.js';

describe('the stored login', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/ada' })).toBe('/x/cfg/later/config.json');
    expect(configPath({ HOME: '/home/ada' })).toBe('/home/ada/.config/later/config.json');
  });

  it('is written readable by its owner only (0600), even over a file that was not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'later-login-'));
    const path = configPath({ XDG_CONFIG_HOME: dir });
    await writeLogin(path, { url: 'http://a', apiKey: 'lk_1' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'later')).mode & 0o777).toBe(0o700);
    writeFileSync(path, '{}', { mode: 0o644 });
    await writeLogin(path, { url: 'http://b', apiKey: 'lk_2' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ url: 'http://b', apiKey: 'lk_2' });
  });

  it('is overridden by LATER_URL and LATER_API_KEY, each on its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'later-login-'));
    await writeLogin(configPath({ XDG_CONFIG_HOME: dir }), { url: 'http://stored', apiKey: 'lk_stored' });
    expect(await resolveLogin({ XDG_CONFIG_HOME: dir })).toEqual({ url: 'http://stored', apiKey: 'lk_stored' });
    expect(await resolveLogin({ XDG_CONFIG_HOME: dir, LATER_API_KEY: 'lk_env' })).toEqual({
      url: 'http://stored',
      apiKey: 'lk_env',
    });
    expect(await resolveLogin({ XDG_CONFIG_HOME: dir, LATER_URL: 'http://env' })).toEqual({
      url: 'http://env',
      apiKey: 'lk_stored',
    });
  });

  it('without one, says how to log in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'later-login-'));
    expect(await readLogin(configPath({ XDG_CONFIG_HOME: dir }))).toEqual({});
    await expect(resolveLogin({ XDG_CONFIG_HOME: dir })).rejects.toThrow(/later login/);
  });
});
