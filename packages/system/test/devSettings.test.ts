import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { devSettings } from '../src/dev/settings.js';

describe("npm run dev's settings", () => {
  const dir = mkdtempSync(`${tmpdir()}/later-dev-settings-`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const keys = {
    frontend: ['PORT', 'DATABASE_URL', 'RATE_LIMIT_BURST'],
    scheduler: ['PORT', 'SCHEDULER_TOKEN', 'EGRESS_ALLOW_CIDRS'],
    sender: ['SMTP_HOST', 'SMTP_PORT', 'EGRESS_ALLOW_CIDRS'],
  };
  const envFile = `${dir}/.env`;
  writeFileSync(
    envFile,
    [
      'RATE_LIMIT_BURST=3',
      'SMTP_HOST=mail.example.com',
      'SMTP_PORT=',
      'PORT=9999',
      'SCHEDULER_TOKEN=',
      'POSTGRES_PASSWORD=compose-only',
      'SMTP_HOTS=typo',
      'EGRESS_ALLOW_CIDRS=10.0.0.0/8',
    ].join('\n'),
  );
  const settings = devSettings(keys, {
    DEV_ENV_FILE: envFile,
    RATE_LIMIT_BURST: '7',
    LOG_LEVEL: 'debug',
    HOME: '/home/someone',
  });

  it('gives each service what its schema declares, the environment winning over .env', () => {
    expect(settings.perService).toEqual({
      frontend: { RATE_LIMIT_BURST: '7', LOG_LEVEL: 'debug' },
      scheduler: { EGRESS_ALLOW_CIDRS: '10.0.0.0/8', LOG_LEVEL: 'debug' },
      sender: { SMTP_HOST: 'mail.example.com', EGRESS_ALLOW_CIDRS: '10.0.0.0/8', LOG_LEVEL: 'debug' },
    });
  });

  it('keeps the ports and secrets the stack sets, and reads an empty value as unset', () => {
    expect(settings.env.PORT).toBe('9999');
    expect(settings.perService.frontend.PORT).toBeUndefined();
    expect(settings.env.SCHEDULER_TOKEN).toBeUndefined();
  });

  it("names .env settings nobody reads, but not docker compose's nor the environment's", () => {
    expect(settings.unknown).toEqual(['SMTP_HOTS']);
  });
});
