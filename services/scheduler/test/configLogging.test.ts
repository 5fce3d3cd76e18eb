import { createLogger } from '@later/runtime';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('the scheduler\u2019s config', () => {
  it('shows the settings and none of the secrets, however it is logged', () => {
    const secrets = {
      DATABASE_URL: 'postgres://later:pg-password-1234@db:5432/later',
      REDIS_URL: 'redis://:redis-password-1234@redis:6379',
      SCHEDULER_TOKEN: 'scheduler-token-1234567890',
      SIGNING_SECRET: 'signing-secret-12345678901234567890',
    };
    const config = loadConfig(secrets);
    const lines: string[] = [];
    const log = createLogger('scheduler', {}, { write: (line: string) => lines.push(line) });
    log.info({ config }, 'configured');
    log.info(config, 'configured');
    log.info({ settings: { ...config } }, 'configured');
    const out = lines.join('');
    for (const value of Object.values(secrets)) expect(out).not.toContain(value);
    expect(out).toContain('"SHARD_COUNT":16');
    expect(out).toContain('"DATABASE_URL":"[redacted]"');
  });

  it('keeps finished tasks forever by default, and at least a day when told to purge them', () => {
    const required = {
      DATABASE_URL: 'postgres://later@db:5432/later',
      SCHEDULER_TOKEN: 'scheduler-token-1234567890',
      SIGNING_SECRET: 'signing-secret-12345678901234567890',
    };
    expect(loadConfig(required).TASK_RETENTION_MS).toBe(0);
    expect(loadConfig({ ...required, TASK_RETENTION_MS: '2592000000' }).TASK_RETENTION_MS).toBe(2_592_000_000);
    expect(() => loadConfig({ ...required, TASK_RETENTION_MS: '3600000' })).toThrow(
      /TASK_RETENTION_MS.*at least 86400000/,
    );
  });

  it('refuses a variable set under its old name alone, naming the new one, rather than ignore it', () => {
    const required = {
      DATABASE_URL: 'postgres://later@db:5432/later',
      SCHEDULER_TOKEN: 'scheduler-token-1234567890',
      SIGNING_SECRET: 'signing-secret-12345678901234567890',
    };
    expect(() => loadConfig({ ...required, LOAD_HORIZON_MS: '60000' })).toThrow(/LOAD_HORIZON_MS: renamed HORIZON_MS/);
    expect(() => loadConfig({ ...required, REQUEUE_GRACE_MS: '5000' })).toThrow(
      /REQUEUE_GRACE_MS: renamed RECONCILE_GRACE_MS/,
    );
    expect(loadConfig({ ...required, HORIZON_MS: '60000' }).HORIZON_MS).toBe(60_000);
    // Both, as during a rolling upgrade: the old release reads one, this one the other.
    expect(loadConfig({ ...required, LOAD_HORIZON_MS: '60000', HORIZON_MS: '60000' }).HORIZON_MS).toBe(60_000);
  });
});
