import type { z } from 'zod';

/**
 * How a field's problem reads after its path: `webhook.url must be a URL`, `runat is not a known
 * field; did you mean runAt?`. zod's own wording ("Invalid input: expected string, received
 * number") names its internals, not the caller's mistake. A schema's own message (a refine's,
 * or `error:` on a schema) still wins: zod asks this map only when the schema has none.
 */
export interface IssueMessages {
  /** The per-parse error map to hand to `safeParse(input, { error })`. */
  error: z.core.$ZodErrorMap;
  /** The fields an object knew when it refused unknown `keys` (the keys array of the issue). */
  knownFieldsOf(keys: readonly string[]): readonly string[] | undefined;
}

export function issueMessages(): IssueMessages {
  // The finished issue keeps the raw issue's `keys` array (a shallow copy), so that array is the
  // handle from the object that refused the keys to the names it would have taken.
  const knownByKeys = new WeakMap<readonly string[], readonly string[]>();
  return {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def
          ?.shape;
        if (shape) knownByKeys.set(issue.keys, Object.keys(shape));
      }
      return sentenceFor(issue);
    },
    knownFieldsOf: (keys) => knownByKeys.get(keys),
  };
}

const list = (values: readonly unknown[]) =>
  values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
  date: 'a date',
  null: 'null',
};

const formatNames: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  datetime: 'an ISO-8601 date-time such as 2026-01-31T09:00:00Z',
  date: 'an ISO-8601 date such as 2026-01-31',
  time: 'a time such as 09:30',
  duration: 'an ISO-8601 duration such as PT2H',
  e164: 'a phone number in E.164 form such as +14155550100',
  base64: 'base64 text',
};

const units = (origin: string, n: number | bigint) => {
  const one = n === 1 || n === 1n;
  if (origin === 'string') return ` ${one ? 'character' : 'characters'}`;
  if (origin === 'array' || origin === 'set') return ` ${one ? 'item' : 'items'}`;
  if (origin === 'file') return ' bytes';
  return '';
};

/** The sentence for one raw zod issue, or undefined to leave zod's. */
export function sentenceFor(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${typeNames[issue.expected] ?? issue.expected}`;
    case 'too_big': {
      const unit = units(issue.origin, issue.maximum);
      if (issue.exact) return `must be exactly ${issue.maximum}${unit}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${issue.maximum}${unit}`;
      return issue.inclusive === false
        ? `must be less than ${issue.maximum}${unit}`
        : `must be at most ${issue.maximum}${unit}`;
    }
    case 'too_small': {
      const unit = units(issue.origin, issue.minimum);
      if (issue.exact) return `must be exactly ${issue.minimum}${unit}`;
      if (issue.origin === 'string' && Number(issue.minimum) === 1 && issue.inclusive !== false)
        return 'must not be empty';
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${issue.minimum}${unit}`;
      return issue.inclusive === false
        ? `must be more than ${issue.minimum}${unit}`
        : `must be at least ${issue.minimum}${unit}`;
    }
    case 'invalid_format': {
      if (issue.format === 'starts_with') return `must start with "${String(issue.prefix)}"`;
      if (issue.format === 'ends_with') return `must end with "${String(issue.suffix)}"`;
      if (issue.format === 'includes') return `must contain "${String(issue.includes)}"`;
      const name = formatNames[issue.format];
      return name ? `must be ${name}` : 'is not in the expected format';
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${list(issue.values)}` : `must be one of ${list(issue.values)}`;
    case 'invalid_union':
      if (issue.discriminator && Array.isArray(issue.options) && issue.options.length)
        return `must have ${issue.discriminator} one of ${list(issue.options)}`;
      return 'does not match any of the accepted forms';
    case 'unrecognized_keys':
      return issue.keys.length === 1 ? 'is not a known field' : 'are not known fields';
    case 'invalid_key':
      return 'has a key that is not allowed';
    case 'invalid_element':
      return 'holds a value that is not allowed';
    case 'custom':
      return 'is not valid';
    default:
      return undefined;
  }
}

/**
 * The known field one edit away from `unknown` (two for names of eight letters or more),
 * ignoring case: a swapped pair, a missing, extra or wrong letter; names shorter than three
 * letters get none. Undefined when none is, or
 * when two are equally close, since a wrong guess misleads more than none.
 */
export function closestField(unknown: string, known: readonly string[]): string | undefined {
  const reach = unknown.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of known) {
    const distance = editDistance(unknown.toLowerCase(), candidate.toLowerCase());
    // One edit turns any one-letter name into any other: a guess needs letters to stand on.
    const plausible = distance * 3 <= Math.min(unknown.length, candidate.length);
    if (distance > reach || !plausible || distance > bestDistance) continue;
    tie = distance === bestDistance;
    [best, bestDistance] = [candidate, distance];
  }
  return tie ? undefined : best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
