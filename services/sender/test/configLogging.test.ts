import { createLogger } from '@later/runtime';
import { expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const config = loadConfig({
  REDIS_URL: 'rediss://later:redis-password-1234@redis:6380',
  SIGNING_SECRET: 'signing-secret-12345678901234567890',
  SMTP_HOST: 'smtp.example.com',
  SMTP_USER: 'later',
  SMTP_PASSWORD: 'smtp-password-1234',
  SMS_ACCOUNT_SID: 'AC123',
  SMS_AUTH_TOKEN: 'sms-auth-token-1234',
});

// A transport's error may carry the options it was built from: the config, one level down.
it.each(['REDIS_URL', 'SIGNING_SECRET', 'SMTP_PASSWORD', 'SMS_AUTH_TOKEN'] as const)(
  'the sender never logs its %s, not even inside an error, while its other settings show',
  (name) => {
    const lines: string[] = [];
    const err = Object.assign(new Error('transport failed'), { options: config });
    createLogger('sender', {}, { write: (line: string) => lines.push(line) }).error({ err });
    const logged = JSON.parse(lines.join('')).err.options;
    expect(JSON.stringify(logged)).not.toContain(config[name]);
    expect(logged[name]).toBe('[redacted]');
    expect(logged).toMatchObject({ SMTP_HOST: 'smtp.example.com', SMTP_USER: 'later', SMS_ACCOUNT_SID: 'AC123' });
  },
);
