import type { EgressPolicy } from '@later/egress';
import type { PriorityName, RetrySettings } from '@later/store';
import type { RetryPolicyInput } from '@later/types';
import type { SchedulerConfig } from '../config.js';
import { fieldError } from '../schedulingError.js';
import { boundedDelayMs } from '../time/durations.js';

export interface DeliveryOptionsInput {
  priority?: PriorityName;
  position?: 'front' | 'back';
  stream?: string;
  retry?: RetryPolicyInput;
  timeout?: string | number;
}

export interface DeliverySettings {
  priority: PriorityName;
  position: 'front' | 'back';
  stream: string | null;
  maxAttempts: number;
  timeoutMs: number;
  retry: RetrySettings;
}

const maxTimeoutMs = 10 * 60_000;
const maxRetryDelayMs = 7 * 24 * 3_600_000;

/** What a task gets for each option it does not give: the deployment's configured defaults. */
export function defaultSettings(config: SchedulerConfig): DeliverySettings {
  return {
    priority: 'medium',
    position: 'back',
    stream: null,
    maxAttempts: config.DEFAULT_MAX_ATTEMPTS,
    timeoutMs: config.DEFAULT_TIMEOUT_MS,
    retry: {
      backoff: 'exponential',
      baseMs: config.RETRY_BASE_MS,
      maxMs: Math.max(config.RETRY_BASE_MS, config.RETRY_MAX_MS),
      jitter: 0.5,
    },
  };
}

/**
 * A task's delivery options, each one given in `input` or else taken from `base` (the defaults
 * for a new task, the task's current settings for an update), with ranges checked.
 */
export function deliverySettings(input: DeliveryOptionsInput, base: DeliverySettings, field = ''): DeliverySettings {
  const retry = input.retry ?? {};
  const baseMs =
    retry.baseDelay === undefined
      ? base.retry.baseMs
      : boundedDelayMs(retry.baseDelay, `${field}retry.baseDelay`, 1, maxRetryDelayMs);
  const maxMs =
    retry.maxDelay === undefined
      ? Math.max(baseMs, base.retry.maxMs)
      : boundedDelayMs(retry.maxDelay, `${field}retry.maxDelay`, 1, maxRetryDelayMs);
  if (maxMs < baseMs) throw fieldError(`${field}retry.maxDelay`, 'must not be shorter than baseDelay');
  return {
    priority: input.priority ?? base.priority,
    position: input.position ?? base.position,
    stream: input.stream ?? base.stream,
    maxAttempts: retry.maxAttempts ?? base.maxAttempts,
    timeoutMs:
      input.timeout === undefined
        ? base.timeoutMs
        : boundedDelayMs(input.timeout, `${field}timeout`, 100, maxTimeoutMs),
    retry: { backoff: retry.backoff ?? base.retry.backoff, baseMs, maxMs, jitter: retry.jitter ?? base.retry.jitter },
  };
}

type UrlJudge = Pick<EgressPolicy, 'refusalForUrl'>;

/**
 * The policy's verdict on each URL, reached once per distinct URL: a bulk request usually names
 * one endpoint for all of its tasks, and parsing it a thousand times was a measurable share of
 * the request's time.
 */
export function judgeOncePerUrl(policy: UrlJudge): UrlJudge {
  const verdicts = new Map<string, string | null>();
  return {
    refusalForUrl(url) {
      let verdict = verdicts.get(url);
      if (verdict === undefined) {
        verdict = policy.refusalForUrl(url);
        verdicts.set(url, verdict);
      }
      return verdict;
    },
  };
}

/**
 * Refuses a webhook or callback target that is plainly not allowed (a private or loopback IP,
 * localhost) when the task is created, instead of failing its every delivery later. Names are
 * checked again on their resolved address by the sender.
 */
export function checkUrlTargets(
  policy: UrlJudge,
  request: { webhook?: { url: string }; callback?: { url: string } },
  field = '',
): void {
  for (const target of ['webhook', 'callback'] as const) {
    const url = request[target]?.url;
    const refusal = url === undefined ? null : policy.refusalForUrl(url);
    if (refusal) throw fieldError(`${field}${target}.url`, `${refusal}; not allowed as a ${target} target here`);
  }
}
