import type { ExcerptBody } from '@later/queue';
import { laterAliases, signatureHeader } from '@later/webhook-verify';
import { storableText } from './storableText.js';

/**
 * The bounds of an attempt's excerpt (what it sent and got back, kept with the attempt): each
 * body's first 4 KiB, at most `headerCount` headers of at most `headerValueChars` each. So an
 * excerpt stays a few KiB on the wire to Redis and in its Postgres row, whatever a receiver sends.
 */
export const excerptBodyBytes = 4096;
const headerCount = 64;
const headerNameChars = 128;
const headerValueChars = 1024;
/** Most of a response read to learn its size; the rest is discarded unread (receivers answer, not stream). */
export const responseReadLimit = 64 * 1024;

export const redacted = '[redacted]';
const secretHeaders = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  signatureHeader,
  laterAliases.signature,
]);
/** A name that says it carries a credential: `X-Api-Key`, `X-Auth-Token`, `client_secret`, ... */
const secretName = /token|secret|key|password|signature/i;

export const isSecretName = (name: string): boolean => secretHeaders.has(name.toLowerCase()) || secretName.test(name);

/** Headers as an excerpt shows them: names kept, secret values redacted, the lot bounded. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers).slice(0, headerCount)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    shown[storableText(name.slice(0, headerNameChars))] = isSecretName(name)
      ? redacted
      : storableText(text.slice(0, headerValueChars));
  }
  return shown;
}

/** A URL as an excerpt shows it: its password and the values of secret-named query parameters redacted. */
export function redactUrl(url: URL | string): string {
  const shown = new URL(url);
  if (shown.password) shown.password = redacted;
  for (const name of [...new Set(shown.searchParams.keys())]) {
    if (isSecretName(name)) shown.searchParams.set(name, redacted);
  }
  // searchParams.set encodes the brackets; the marker reads better as written.
  return storableText(shown.href.replaceAll(encodeURIComponent(redacted), redacted));
}

/**
 * The start of a body, at most `excerptBodyBytes` of it, cut at a character boundary so no
 * character is split. `totalBytes` is the whole body's size when the caller knows better than
 * `body` (it holds only the start).
 */
export function bodyExcerpt(body: string | Buffer, totalBytes?: number): ExcerptBody {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  let end = Math.min(bytes.length, excerptBodyBytes);
  // Back off over UTF-8 continuation bytes (10xxxxxx) so the cut falls before a character.
  if (end < bytes.length) while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  const size = totalBytes ?? bytes.length;
  return {
    text: storableText(bytes.subarray(0, end).toString('utf8')),
    ...(Number.isFinite(size) ? { bytes: size } : {}),
    truncated: end < size,
  };
}

/**
 * Reads a response body to at most `responseReadLimit` bytes, keeping only its first
 * `excerptBodyBytes` and counting the rest, then drops the connection's remainder. The size is
 * exact when the body ended within the limit; past it, the Content-Length if there was one.
 */
export async function readBodyExcerpt(
  body: AsyncIterable<Buffer> & { destroy(): void },
  contentLength?: string | string[],
): Promise<ExcerptBody> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let seen = 0;
  let ended = false;
  try {
    for await (const chunk of body) {
      if (keptBytes < excerptBodyBytes + 4) {
        // A few bytes past the bound, so a character cut at it can be told from one that ends there.
        const part = chunk.subarray(0, excerptBodyBytes + 4 - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
      seen += chunk.length;
      if (seen > responseReadLimit) break;
    }
    ended = seen <= responseReadLimit;
  } catch {
    // A body cut short still leaves its start and the status to report.
  } finally {
    body.destroy();
  }
  const declared = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  const total = ended ? seen : Number.isFinite(declared) && declared >= seen ? declared : Number.NaN;
  const excerpt = bodyExcerpt(Buffer.concat(kept), total);
  return Number.isNaN(total) ? { ...excerpt, truncated: true } : excerpt;
}

/** An error answer's body for the attempt's error text: its first 512 bytes on one line. */
export function errorSnippet(body: ExcerptBody): string {
  return Buffer.from(body.text, 'utf8')
    .subarray(0, 512)
    .toString('utf8')
    .replace(/\uFFFD$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
