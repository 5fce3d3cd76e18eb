import type { DeliveryResult } from './channel.js';

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
