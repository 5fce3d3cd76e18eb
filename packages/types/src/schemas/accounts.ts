import { z } from 'zod';

export const SignupRequest = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(10).max(200),
});
