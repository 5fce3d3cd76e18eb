import type { ServiceName } from '../serviceProcess.js';
import type { DevCatchers } from './catchers.js';
import type { DevSettings } from './settings.js';

/** The number the dev SMS catcher shows as the sender of every message. */
const devSmsFrom = '+15005550006';

/**
 * What each service gets on top of the stack's plumbing: the user's settings, and where nothing
 * is configured for a channel, the local catchers instead of a provider (so a reminder is seen
 * arriving with no account anywhere). A configured SMTP_HOST or SMS_ACCOUNT_SID is left alone.
 */
export function devServiceEnv(
  settings: DevSettings,
  catchers: DevCatchers,
): Record<ServiceName, Record<string, string>> {
  const sender = { ...settings.perService.sender };
  if (!sender.SMTP_HOST) {
    Object.assign(sender, {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(catchers.smtpPort),
      SMTP_SECURE: 'false',
      SMTP_USER: '',
      SMTP_PASSWORD: '',
    });
  }
  if (!sender.SMS_ACCOUNT_SID) {
    Object.assign(sender, {
      SMS_BASE_URL: catchers.sms.baseUrl,
      SMS_ACCOUNT_SID: catchers.sms.accountSid,
      SMS_AUTH_TOKEN: catchers.sms.authToken,
      SMS_FROM: sender.SMS_FROM ?? devSmsFrom,
    });
  }
  // The stack allows loopback by default; a user's own list must still reach the inbox on 127.0.0.1.
  const withInbox = (env: Record<string, string>) =>
    env.EGRESS_ALLOW_CIDRS ? { ...env, EGRESS_ALLOW_CIDRS: `${env.EGRESS_ALLOW_CIDRS},127.0.0.1/32` } : env;
  return {
    frontend: { ...settings.perService.frontend, DEV_OUTBOX_URL: catchers.listingUrl },
    scheduler: withInbox(settings.perService.scheduler),
    sender: withInbox(sender),
  };
}
