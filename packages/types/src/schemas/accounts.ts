import { z } from 'zod';
import { TimeZone } from './time.js';
import { e164Pattern } from './webhook.js';

export const SignupRequest = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(10).max(200),
});

export const CreateApiKeyRequest = z.strictObject({
  name: z.string().min(1).max(100),
});

export const ApiKeyId = z.uuid();

export const LoginRequest = z.strictObject({
  email: z.email().max(254),
  password: z.string().max(200),
});

const localTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a local time such as 22:00');

export const QuietHours = z.strictObject({ start: localTime, end: localTime }).refine((q) => q.start !== q.end, {
  message: 'start and end must differ',
  path: ['end'],
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
