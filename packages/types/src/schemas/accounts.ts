import { z } from 'zod';

export const SignupRequest = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(10).max(200),
});

export const CreateApiKeyRequest = z.strictObject({
  name: z.string().min(1).max(100),
});

export const ApiKeyId = z.uuid();
