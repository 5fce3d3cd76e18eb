import { z } from 'zod';
import { QuietHours, TimeZone, Window } from './time.js';
import { StoredText } from './storedText.js';
import { e164Pattern } from './webhook.js';

export const SignupRequest = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(10).max(200),
});

export const CreateApiKeyRequest = z.strictObject({
  name: StoredText.min(1).max(100),
});

export const ApiKeyId = z.uuid();

export const LoginRequest = z.strictObject({
  email: z.email().max(254),
  password: z.string().max(200),
});

export const UpdateProfileRequest = z.strictObject({
  phone: z.string().regex(e164Pattern, 'must be an E.164 phone number such as +4915112345678').nullable().optional(),
  timezone: TimeZone.optional(),
  quietHours: QuietHours.nullable().optional(),
});

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().max(200),
  newPassword: z.string().min(10).max(200),
});

export const ReminderRequest = z
  .strictObject({
    text: StoredText.min(1).max(2000),
    within: Window,
    channel: z.enum(['email', 'sms']).optional(),
    to: StoredText.max(254).optional(),
  })
  .superRefine((reminder, ctx) => {
    const sms = reminder.channel === 'sms';
    if (
      reminder.to !== undefined &&
      !(sms ? e164Pattern.test(reminder.to) : z.email().safeParse(reminder.to).success)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: sms ? 'must be an E.164 phone number' : 'must be an email address',
      });
    }
    if (sms && reminder.text.length > 1600)
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'an SMS holds at most 1600 characters' });
  });
