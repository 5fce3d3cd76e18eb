import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError, closestField, editDistance, parseOr400 } from '../src/index.js';

/** The 400 `parseOr400` throws for `input`, as the caller reads it. */
const refusal = (schema: z.ZodType, input: unknown) => {
  try {
    parseOr400(schema, input);
  } catch (err) {
    if (err instanceof HttpError) return { error: err.message, issues: err.issues };
    throw err;
  }
  throw new Error('parsed');
};

describe('did you mean', () => {
  it('counts one edit for a wrong, missing, extra or swapped letter', () => {
    expect(editDistance('runAt', 'runAt')).toBe(0);
    expect(editDistance('runAt', 'runA')).toBe(1);
    expect(editDistance('runAt', 'runAtt')).toBe(1);
    expect(editDistance('runAt', 'rnuAt')).toBe(1);
    expect(editDistance('runAt', 'runIt')).toBe(1);
    expect(editDistance('delay', 'runAt')).toBe(5);
  });

  it('suggests the one known field a typo away, ignoring case, and nothing when two are as close or none is', () => {
    const known = ['runAt', 'delay', 'timezone', 'within', 'channel'];
    expect(closestField('runat', known)).toBe('runAt');
    expect(closestField('run_at', known)).toBe('runAt');
    expect(closestField('dealy', known)).toBe('delay');
    expect(closestField('timezoen', known)).toBe('timezone');
    expect(closestField('time_zone', known)).toBe('timezone');
    expect(closestField('chanel', known)).toBe('channel');
    expect(closestField('when', known)).toBeUndefined();
    expect(closestField('ab', ['aa', 'bb'])).toBeUndefined();
  });

  it('answers an unknown field a typo away with "did you mean", at any depth', () => {
    const schema = z.strictObject({
      runAt: z.string().optional(),
      retry: z.strictObject({ maxAttempts: z.number() }).optional(),
    });
    expect(refusal(schema, { runat: 'x' })).toEqual({
      error: 'runat is not a known field; did you mean runAt?',
      issues: [{ path: 'runat', message: 'is not a known field; did you mean runAt?' }],
    });
    expect(refusal(schema, { retry: { maxAttempts: 3, max_attempts: 3 } }).issues).toEqual([
      { path: 'retry.max_attempts', message: 'is not a known field; did you mean maxAttempts?' },
    ]);
    expect(refusal(schema, { when: 'x' }).issues).toEqual([{ path: 'when', message: 'is not a known field' }]);
  });
});

describe('issue messages', () => {
  it.each([
    [z.strictObject({ a: z.string() }), {}, 'is required'],
    [z.strictObject({ a: z.string() }), { a: 1 }, 'must be a string'],
    [z.strictObject({ a: z.number().int() }), { a: 1.5 }, 'must be a whole number'],
    [z.strictObject({ a: z.boolean() }), { a: 'yes' }, 'must be true or false'],
    [z.strictObject({ a: z.string().max(2000) }), { a: 'x'.repeat(2001) }, 'must be at most 2000 characters'],
    [z.strictObject({ a: z.string().min(1) }), { a: '' }, 'must not be empty'],
    [z.strictObject({ a: z.number().min(1).max(100) }), { a: 101 }, 'must be at most 100'],
    [z.strictObject({ a: z.number().min(1).max(100) }), { a: 0 }, 'must be at least 1'],
    [z.strictObject({ a: z.array(z.number()).max(2) }), { a: [1, 2, 3] }, 'must have at most 2 items'],
    [z.strictObject({ a: z.enum(['webhook', 'email', 'sms']) }), { a: 'fax' }, 'must be one of webhook, email, sms'],
    [z.strictObject({ a: z.email() }), { a: 'nobody' }, 'must be an email address'],
    [z.strictObject({ a: z.url() }), { a: 'nowhere' }, 'must be a URL'],
  ])('says %#: %s', (schema, input, message) => {
    expect(refusal(schema, input).issues).toEqual([{ path: 'a', message }]);
    expect(refusal(schema, input).error).toBe(`a ${message}`);
  });

  it("keeps a schema's own message", () => {
    const schema = z.strictObject({ a: z.string().refine((s) => s.startsWith('P'), 'must be an ISO-8601 duration') });
    expect(refusal(schema, { a: 'x' }).issues).toEqual([{ path: 'a', message: 'must be an ISO-8601 duration' }]);
  });

  it('names the body when the body itself is wrong', () => {
    expect(refusal(z.strictObject({ a: z.string() }), 'text')).toEqual({
      error: 'the request body must be an object',
      issues: [{ path: '(body)', message: 'must be an object' }],
    });
  });
});
