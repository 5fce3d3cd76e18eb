import type { CreateTaskRequest } from '../../client.js';
import { toIsoDuration } from '../duration.js';
import { ArgumentError, type OptionValues } from '../command.js';

const str = (values: OptionValues, name: string) => values[name] as string | undefined;

/** `--<name>`'s duration in ISO-8601, or an ArgumentError naming the option. */
export function durationOption(values: OptionValues, name: string): string | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  try {
    return toIsoDuration(text);
  } catch (err) {
    throw new ArgumentError(`--${name}: ${(err as Error).message}`);
  }
}

/** The `--body` of a webhook: JSON, so `--body '"text"'` sends a string and `--body '{"a":1}'` an object. */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ArgumentError(`--body must be JSON (a string is '"text"'): ${text}`);
  }
}

/** When a task runs, from at most one of `--in 2h`, `--at ISO`, `--within P3D`; none means now. */
export function timingFrom(values: OptionValues): Pick<CreateTaskRequest, 'delay' | 'runAt' | 'within'> {
  const given = ['in', 'at', 'within'].filter((name) => values[name] !== undefined);
  if (given.length > 1)
    throw new ArgumentError(`give one of --in, --at and --within, not ${given.map((g) => `--${g}`).join(' and ')}`);
  if (str(values, 'in') !== undefined) return { delay: durationOption(values, 'in')! };
  if (str(values, 'at') !== undefined) return { runAt: str(values, 'at')! };
  if (str(values, 'within') !== undefined) return { within: durationOption(values, 'within')! };
  return {};
}

/** `--debounce PERIOD[,MAXWAIT]` as the API's `debounce`; it needs `--key`, and takes no other time. */
export function debounceFrom(values: OptionValues): Pick<CreateTaskRequest, 'debounce'> {
  const text = str(values, 'debounce');
  if (text === undefined) return {};
  if (!str(values, 'key')) throw new ArgumentError('--debounce needs --key: the tasks it debounces share it');
  const [period, maxWait, ...rest] = text.split(',');
  if (rest.length > 0 || !period)
    throw new ArgumentError(`--debounce takes PERIOD or PERIOD,MAXWAIT (e.g. 30s,5m): ${text}`);
  const duration = (part: string) => durationOption({ debounce: part }, 'debounce')!;
  return { debounce: { period: duration(period), ...(maxWait ? { maxWait: duration(maxWait) } : {}) } };
}

/** A webhook task from `later tasks create`'s options. */
export function webhookTaskFrom(values: OptionValues): CreateTaskRequest {
  const url = str(values, 'url');
  if (!url) throw new ArgumentError('--url is required');
  const body = str(values, 'body');
  const method = str(values, 'method')?.toUpperCase();
  const priority = str(values, 'priority');
  return {
    channel: 'webhook',
    webhook: {
      url,
      ...(method ? { method: method as NonNullable<CreateTaskRequest['webhook']>['method'] } : {}),
      ...(body !== undefined ? { body: parseBody(body) } : {}),
    },
    ...timingFrom(values),
    ...(str(values, 'key') ? { key: str(values, 'key') } : {}),
    ...debounceFrom(values),
    ...(priority ? { priority: priority as CreateTaskRequest['priority'] } : {}),
  };
}
