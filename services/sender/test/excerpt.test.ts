import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bodyExcerpt, errorSnippet, readBodyExcerpt, redactHeaders, redactUrl } from '../src/channels/excerpt.js';

const stream = (chunks: Buffer[]) => Object.assign(Readable.from(chunks), {});

describe('an attempt excerpt', () => {
  it('keeps header names and redacts the values of secret-bearing ones', () => {
    const shown = redactHeaders({
      Authorization: 'Bearer s3cr3t',
      'Proxy-Authorization': 'Basic xyz',
      cookie: 'session=abc',
      'set-cookie': ['a=1', 'b=2'],
      'X-Api-Key': 'k-123',
      'x-auth-token': 't-123',
      client_secret: 'c-123',
      'X-Password': 'p-123',
      'webhook-signature': 'v1,abc',
      'later-signature': 'v1,abc',
      'content-type': 'application/json',
      'webhook-id': 'msg_1',
    });
    expect(shown).toEqual({
      Authorization: '[redacted]',
      'Proxy-Authorization': '[redacted]',
      cookie: '[redacted]',
      'set-cookie': '[redacted]',
      'X-Api-Key': '[redacted]',
      'x-auth-token': '[redacted]',
      client_secret: '[redacted]',
      'X-Password': '[redacted]',
      'webhook-signature': '[redacted]',
      'later-signature': '[redacted]',
      'content-type': 'application/json',
      'webhook-id': 'msg_1',
    });
  });

  it('bounds the headers it keeps: 64 of them, each value at most 1 KiB', () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`x-h${i}`, 'v'.repeat(5000)]));
    const shown = redactHeaders(many);
    expect(Object.keys(shown)).toHaveLength(64);
    expect(shown['x-h0']).toHaveLength(1024);
  });

  it('redacts a password and secret-named query parameters in a URL', () => {
    expect(redactUrl('https://user:pw@example.com/hook?token=abc&id=7&api_key=k')).toBe(
      'https://user:[redacted]@example.com/hook?token=[redacted]&id=7&api_key=[redacted]',
    );
    expect(redactUrl('https://example.com/hook?id=7')).toBe('https://example.com/hook?id=7');
  });

  it('cuts a body at 4 KiB, on a character boundary, naming its original size', () => {
    expect(bodyExcerpt('{"a":1}')).toEqual({ text: '{"a":1}', bytes: 7, truncated: false });
    const long = 'x'.repeat(4095) + 'é' + 'y'.repeat(6000);
    const cut = bodyExcerpt(long);
    expect(cut.text).toBe('x'.repeat(4095));
    expect(cut.bytes).toBe(4095 + 2 + 6000);
    expect(cut.truncated).toBe(true);
    expect(bodyExcerpt('z'.repeat(4096))).toEqual({ text: 'z'.repeat(4096), bytes: 4096, truncated: false });
  });

  it('makes a body storable: a NUL becomes the replacement character', () => {
    expect(bodyExcerpt('a\0b').text).toBe('a\uFFFDb');
  });

  it('reads a response to learn its size, keeping only its first 4 KiB', async () => {
    const read = await readBodyExcerpt(stream([Buffer.alloc(3000, 'a'), Buffer.alloc(3000, 'b')]));
    expect(read).toEqual({ text: 'a'.repeat(3000) + 'b'.repeat(1096), bytes: 6000, truncated: true });
  });

  it('stops reading past 64 KiB: the size is the Content-Length if given, else unknown', async () => {
    const chunks = () => Array.from({ length: 100 }, () => Buffer.alloc(1024, 'c'));
    expect(await readBodyExcerpt(stream(chunks()), '102400')).toMatchObject({ bytes: 102400, truncated: true });
    const unknown = await readBodyExcerpt(stream(chunks()));
    expect(unknown.bytes).toBeUndefined();
    expect(unknown.truncated).toBe(true);
    expect(unknown.text).toHaveLength(4096);
  });

  it('gives an error text the first 512 bytes of a body, on one line', () => {
    expect(errorSnippet(bodyExcerpt('bad\n  request'))).toBe('bad request');
    expect(errorSnippet(bodyExcerpt('q'.repeat(2000)))).toHaveLength(512);
  });
});
