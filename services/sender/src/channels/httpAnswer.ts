import type { DeliveryResult } from './channel.js';

/** Most of a response body read for an error message; the rest is discarded unread. */
const snippetBytes = 512;

/** 2xx delivered; 408, 429 and 5xx worth retrying; anything else (4xx, unfollowed 3xx) permanent. */
export function classifyStatus(status: number): DeliveryResult['outcome'] {
  if (status >= 200 && status < 300) return 'success';
  if (status === 408 || status === 429 || status >= 500) return 'retryable';
  return 'permanent';
}

export function parseRetryAfter(value: string | string[] | undefined, nowMs = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The start of an error answer's body, for the attempt's error text; the rest is not read. */
export async function readSnippet(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= snippetBytes) break;
    }
  } catch {
    // A body cut short still leaves the status to report.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, snippetBytes).toString('utf8').replace(/\s+/g, ' ').trim();
}
