import { Agent, request } from 'undici';
import type { QueuedTask } from '@later/queue';
import type { Channel, DeliveryContext, DeliveryResult } from './channel.js';

/** Most of a response body read for an error message; the rest is discarded unread. */
const snippetBytes = 512;

export function parseRetryAfter(value: string | string[] | undefined, nowMs = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** 2xx delivered; 408, 429 and 5xx worth retrying; anything else (4xx, unfollowed 3xx) permanent. */
export function classifyStatus(status: number): DeliveryResult['outcome'] {
  if (status >= 200 && status < 300) return 'success';
  if (status === 408 || status === 429 || status >= 500) return 'retryable';
  return 'permanent';
}

export class WebhookChannel implements Channel {
  constructor(
    private readonly agent = new Agent({ connections: 256, keepAliveTimeout: 4000, connect: { timeout: 5000 } }),
  ) {}

  async deliver(task: QueuedTask, context: DeliveryContext): Promise<DeliveryResult> {
    const { webhook } = task;
    const timeout = AbortSignal.timeout(task.timeoutMs);
    try {
      const response = await request(webhook.url, {
        method: webhook.method,
        headers: {
          ...webhook.headers,
          'user-agent': 'Later/0.1 (+https://later.dev)',
          // Stable across attempts, so a receiver can drop a duplicate delivery.
          'later-delivery-id': context.taskId,
          'later-attempt': String(context.attempt),
        },
        body: webhook.body,
        signal: AbortSignal.any([timeout, context.signal]),
        dispatcher: this.agent,
      });
      const outcome = classifyStatus(response.statusCode);
      if (outcome === 'success') {
        await response.body.dump();
        return { outcome, httpStatus: response.statusCode };
      }
      const snippet = await readSnippet(response.body);
      return {
        outcome,
        httpStatus: response.statusCode,
        error: `HTTP ${response.statusCode}${snippet ? `: ${snippet}` : ''}`,
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      };
    } catch (err) {
      if (timeout.aborted) return { outcome: 'retryable', error: `timed out after ${task.timeoutMs} ms` };
      if (context.signal.aborted) return { outcome: 'retryable', error: 'sender stopped before the receiver answered' };
      const { code, message } = err as { code?: string; message?: string };
      return { outcome: 'retryable', error: code ? `${code}: ${message}` : String(message ?? err) };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

async function readSnippet(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
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
