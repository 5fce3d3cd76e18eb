import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeaderValue, verifyLaterSignature, verifyLaterWebhook } from '../src/index.js';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const next = `whsec_${randomBytes(32).toString('base64')}`;
const body = '{"text":"take the laundry out"}';
const now = 1_795_000_000_000;
const timestamp = String(now / 1000);
const id = '1042';
// Computed here independently of the package: the Standard Webhooks formula, nothing more.
const reference = (s: string, signedId = id, signedTimestamp = timestamp, signedBody = body) =>
  createHmac('sha256', Buffer.from(s.slice(6), 'base64'))
    .update(`${signedId}.${signedTimestamp}.${signedBody}`)
    .digest('base64');

describe('verifyLaterSignature', () => {
  it('accepts the documented signature, with one secret or during a rotation', () => {
    expect(verifyLaterSignature({ secret, id, timestamp, signature: `v1,${reference(secret)}`, body, now })).toBe(true);
    const rotating = signatureHeaderValue([secret, next], id, timestamp, body);
    expect(rotating).toBe(`v1,${reference(secret)} v1,${reference(next)}`);
    expect(verifyLaterSignature({ secret: next, id, timestamp, signature: rotating, body, now })).toBe(true);
    expect(
      verifyLaterSignature({ secret: [secret, next], id, timestamp, signature: `v1,${reference(next)}`, body, now }),
    ).toBe(true);
  });

  it('refuses a tampered id, timestamp or body, a wrong key, a stale or missing timestamp, a garbled header', () => {
    const signature = `v1,${reference(secret)}`;
    const later = String(Number(timestamp) + 1);
    expect(verifyLaterSignature({ secret, id: '1043', timestamp, signature, body, now })).toBe(false);
    expect(verifyLaterSignature({ secret, id, timestamp: later, signature, body, now })).toBe(false);
    expect(verifyLaterSignature({ secret, id, timestamp, signature, body: `${body} `, now })).toBe(false);
    expect(verifyLaterSignature({ secret: next, id, timestamp, signature, body, now })).toBe(false);
    expect(verifyLaterSignature({ secret, id, timestamp, signature, body, now: now + 301_000 })).toBe(false);
    expect(verifyLaterSignature({ secret, id, timestamp: undefined, signature, body, now })).toBe(false);
    expect(verifyLaterSignature({ secret, id: undefined, timestamp, signature, body, now })).toBe(false);
    expect(verifyLaterSignature({ secret, id, timestamp, signature: 'v1,zz', body, now })).toBe(false);
    expect(verifyLaterSignature({ secret, id, timestamp, signature: `v0,${reference(secret)}`, body, now })).toBe(
      false,
    );
    // The signature of the same body under another id or time does not carry over.
    expect(
      verifyLaterSignature({ secret, id, timestamp, signature: `v1,${reference(secret, '1043')}`, body, now }),
    ).toBe(false);
    expect(
      verifyLaterSignature({ secret, id, timestamp, signature: `v1,${reference(secret, id, later)}`, body, now }),
    ).toBe(false);
  });

  it('reads the webhook-* headers, or their Later-* aliases, from a request\u2019s headers', () => {
    const signature = signatureHeaderValue([secret], id, timestamp, body);
    const standard = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
    expect(verifyLaterWebhook({ secret, headers: standard, body, now })).toBe(true);
    expect(
      verifyLaterWebhook({
        secret,
        headers: { 'Later-Delivery-Id': id, 'Later-Timestamp': timestamp, 'Later-Signature': signature },
        body,
        now,
      }),
    ).toBe(true);
    expect(verifyLaterWebhook({ secret, headers: { ...standard, 'webhook-id': '1043' }, body, now })).toBe(false);
    expect(verifyLaterWebhook({ secret, headers: {}, body, now })).toBe(false);
  });

  it('takes a secret copied in the URL-safe alphabet as the same key', () => {
    const raw = randomBytes(32);
    const signature = `v1,${reference(`whsec_${raw.toString('base64')}`)}`;
    expect(
      verifyLaterSignature({ secret: `whsec_${raw.toString('base64url')}`, id, timestamp, signature, body, now }),
    ).toBe(true);
    expect(verifyLaterSignature({ secret: raw, id, timestamp, signature, body, now })).toBe(true);
  });
});
