import type { TestSmsProvider } from './smsProvider.js';
import type { TestSmtpServer } from './smtpServer.js';

/** The sender settings that send its email to `smtp` and its SMS through `sms`. */
export const senderChannelEnv = (smtp: TestSmtpServer, sms: TestSmsProvider): Record<string, string> => ({
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(smtp.port),
  SMTP_FROM: 'Later <later@example.test>',
  SMS_BASE_URL: sms.baseUrl,
  SMS_ACCOUNT_SID: sms.accountSid,
  SMS_AUTH_TOKEN: sms.authToken,
  SMS_FROM: '+4930123456',
});
