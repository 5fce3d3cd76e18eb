import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeaderValue, verifyLaterSignature } from '../src/index.js';

const secret = `whsec_${randomBytes(32).toString('base64url')}`;
const next = `whsec_${randomBytes(32).toString('base64url')}`;
const body = '{"text":"take the laundry out"}';
const now = 1_795_000_000_000;
const timestamp = String(now / 1000);
// Computed here independently of the package: the documented formula, nothing more.
const reference = (s: string) => createHmac('sha256', Buffer.from(s.slice(6), 'base64url')).update(`${timestamp}.${body}`).digest('hex');

describe('verifyLaterSignature', () => {
  it('accepts the documented signature, with one secret or during a rotation', () => {
    expect(verifyLaterSignature({ secret, timestamp, signature: `v1=${reference(secret)}`, body, now })).toBe(true);
    const rotating = signatureHeaderValue([secret, next], timestamp, body);
    expect(rotating).toBe(`v1=${reference(secret)},v1=${reference(next)}`);
    expect(verifyLaterSignature({ secret: next, timestamp, signature: rotating, body, now })).toBe(true);
    expect(verifyLaterSignature({ secret: [secret, next], timestamp, signature: `v1=${reference(next)}`, body, now })).toBe(true);
  });

  it('refuses a tampered body, a wrong key, a stale or missing timestamp, a garbled header', () => {
    const signature = `v1=${reference(secret)}`;
    expect(verifyLaterSignature({ secret, timestamp, signature, body: `${body} `, now })).toBe(false);
    expect(verifyLaterSignature({ secret: next, timestamp, signature, body, now })).toBe(false);
    expect(verifyLaterSignature({ secret, timestamp, signature, body, now: now + 301_000 })).toBe(false);
    expect(verifyLaterSignature({ secret, timestamp: undefined, signature, body, now })).toBe(false);
    expect(verifyLaterSignature({ secret, timestamp, signature: 'v1=zz', body, now })).toBe(false);
    expect(verifyLaterSignature({ secret, timestamp, signature: `v0=${reference(secret)}`, body, now })).toBe(false);
  });
});
