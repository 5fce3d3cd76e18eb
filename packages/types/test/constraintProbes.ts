import type { z } from 'zod';
import { type SpecField, mapKey, specFields, typeOf } from './specFields.js';

/** The zod schema that validates one operation's body or query, and valid requests to probe from. */
export interface Validation {
  zod: z.ZodType;
  bases: unknown[];
}

interface Issue {
  path: string;
  code: string;
}

/** Longer than any length the spec states: a string field without `maxLength` must take it. */
const unboundedLength = 300_000;
const nonMember = 'not-a-member';

/** Issues with their full paths, those inside a union's branches included (a `Delay` is one). */
function flatIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): Issue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const own = { path: path.map(String).join('.'), code: issue.code };
    return issue.code === 'invalid_union'
      ? [own, ...issue.errors.flatMap((branch) => flatIssues(branch, path))]
      : [own];
  });
}

/** `base` with `value` at `path`, each missing object or array on the way taken from `containers`. */
function setAt(base: unknown, path: string[], containers: unknown[], value: unknown): unknown {
  if (path.length === 0) return value;
  const root = structuredClone(base ?? containers[0]) as Record<string, unknown>;
  let node = root;
  path.slice(0, -1).forEach((name, i) => {
    // A value of another `oneOf` branch (a `Window` as a duration) gives way to this branch's object.
    if (typeof node[name] !== 'object' || node[name] === null) node[name] = structuredClone(containers[i + 1]);
    node = node[name] as Record<string, unknown>;
  });
  node[path.at(-1)!] = value;
  return root;
}

const valueAt = (base: unknown, path: string[]): unknown =>
  path.reduce<unknown>(
    (node, name) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined),
    base,
  );

/** `text` made exactly `length` long, by cutting it or by appending (which keeps URLs and emails valid). */
const fit = (text: string, length: number) =>
  length <= text.length ? text.slice(0, length) : text + 'a'.repeat(length - text.length);

/** `text` and the strings one edit away from it: what a pattern must refuse or accept the way the spec's does. */
function nearby(text: string): string[] {
  // Line breaks and a tab too: patterns often exist to keep them out (one-line subjects, header values).
  const alphabet = ['0', '1', '4', '6', '9', 'a', '+', ':', '-', ' ', '\r', '\n', '\t'];
  const out = new Set([text]);
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length) out.add(text.slice(0, i) + text.slice(i + 1));
    for (const c of alphabet) {
      out.add(text.slice(0, i) + c + text.slice(i));
      if (i < text.length) out.add(text.slice(0, i) + c + text.slice(i + 1));
    }
  }
  return [...out];
}

/**
 * Where `validation` and the spec's `field` disagree: a value at a stated bound (or enum member)
 * refused, a value just past it accepted or refused without naming the field, or zod bounding a
 * length or number the spec leaves open. `unprobed` names the bounds no valid value can reach.
 */
export function probeField(field: SpecField, validation: Validation): { mismatches: string[]; unprobed: string[] } {
  const name = `${field.operation} ${field.in} ${field.path.join('.') || '(body)'}`;
  const where = field.path.join('.');
  const { schema } = field;
  const asSent = (value: unknown) => (field.in === 'query' && typeof value === 'number' ? String(value) : value);
  const parse = (base: unknown, value: unknown) =>
    validation.zod.safeParse(setAt(base, field.path, field.containers, asSent(value)));
  const mismatches: string[] = [];
  const unprobed = new Set<string>();
  const show = (value: unknown) => {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60
      ? `${text.slice(0, 40)}...(${Array.isArray(value) ? value.length : String(value).length})`
      : text;
  };

  const kind = typeOf(schema);
  const empty: Record<string, unknown> = { string: 'a', array: [], object: {} };
  const fallback = Array.isArray(schema.enum) ? schema.enum[0] : (empty[kind ?? ''] ?? schema.minimum ?? 0);
  // A value the base requests already hold fits them best; else the spec's example.
  const sample =
    validation.bases.map((base) => valueAt(base, field.path)).find((v) => v !== undefined) ?? field.sample ?? fallback;
  const base = validation.bases.find((b) => parse(b, sample).success);
  if (base === undefined) {
    const issues = flatIssues(parse(validation.bases[0], sample).error?.issues ?? []);
    return {
      mismatches: [
        `${name}: no base request accepts its example ${show(sample)} (${issues.map((i) => `${i.path}: ${i.code}`).join(', ')})`,
      ],
      unprobed: [],
    };
  }

  /** `bound` set, when zod's refusal counts only if it is about size: a long string may be no time zone. */
  const accept = (value: unknown, why: string, bound?: string) => {
    if (!validation.bases.some((b) => parse(b, value).success)) {
      const issues = flatIssues(parse(base, value).error!.issues);
      const sized = issues.some((i) => i.path === where && (i.code === 'too_big' || i.code === 'too_small'));
      if (bound && !sized)
        unprobed.add(`${where}: ${bound}: zod takes no value of that length (${issues.map((i) => i.code).join(', ')})`);
      else
        mismatches.push(
          `${name}: ${why}, so ${show(value)} must pass, but zod refuses it (${issues.map((i) => `${i.path}: ${i.code}`).join(', ')})`,
        );
    }
  };
  const refuse = (value: unknown, why: string) => {
    const result = parse(base, value);
    if (result.success) mismatches.push(`${name}: ${why}, so ${show(value)} must be refused, but zod accepts it`);
    else if (
      !flatIssues(result.error.issues).some((issue) => issue.path === where || issue.path.startsWith(`${where}.`))
    ) {
      mismatches.push(`${name}: zod refuses ${show(value)} without naming the field`);
    }
  };
  /** zod refusing `value` with `code` at the field, where the spec states no bound. */
  const unstated = (value: unknown, code: string, what: string) => {
    const result = parse(base, value);
    if (
      !result.success &&
      flatIssues(result.error.issues).some((issue) => issue.path === where && issue.code === code)
    ) {
      mismatches.push(`${name}: the spec states no ${what}, but zod refuses ${show(value)} (${code})`);
    }
  };

  if (kind === 'string' && typeof sample === 'string') {
    const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : undefined;
    const lengths = (text: string) =>
      text.length <= ((schema.maxLength as number | undefined) ?? Infinity) &&
      text.length >= ((schema.minLength as number | undefined) ?? 0);
    const atLength = (length: number, check: (text: string) => void, bound: string) => {
      const text = fit(sample, length);
      if (pattern && !pattern.test(text))
        unprobed.add(`${where}: ${bound}: no string of that length matches its pattern`);
      else check(text);
    };
    if (typeof schema.maxLength === 'number') {
      const max = schema.maxLength;
      atLength(max, (text) => accept(text, `maxLength is ${max}`, `maxLength ${max}`), `maxLength ${max}`);
      atLength(max + 1, (text) => refuse(text, `maxLength is ${max}`), `maxLength ${max}`);
    } else {
      unstated(fit(sample, unboundedLength), 'too_big', 'maxLength');
    }
    if (typeof schema.minLength === 'number' && schema.minLength > 0) {
      const min = schema.minLength;
      atLength(min, (text) => accept(text, `minLength is ${min}`, `minLength ${min}`), `minLength ${min}`);
      atLength(min - 1, (text) => refuse(text, `minLength is ${min}`), `minLength ${min}`);
    } else {
      unstated('', 'too_small', 'minLength');
    }
    if (pattern) {
      for (const text of nearby(sample)) {
        if (pattern.test(text) && lengths(text)) accept(text, `it matches ${schema.pattern}`);
        else if (!pattern.test(text)) refuse(text, `it does not match ${schema.pattern}`);
      }
    }
  }

  if (Array.isArray(schema.enum)) {
    const members = schema.enum as unknown[];
    for (const member of members) accept(member, `the spec's enum has ${show(member)}`);
    const strings = members.filter((m): m is string => typeof m === 'string');
    const outsiders = [nonMember, ...strings.flatMap((m) => [m.toUpperCase(), m.toLowerCase(), `${m} `])];
    for (const outsider of new Set(outsiders.filter((o) => !members.includes(o))))
      refuse(outsider, 'the enum does not have it');
  }

  if (kind === 'integer' || kind === 'number') {
    const step = kind === 'integer' ? 1 : 0.001;
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema as Record<string, number | undefined>;
    if (minimum !== undefined) {
      accept(minimum, `minimum is ${minimum}`);
      refuse(minimum - step, `minimum is ${minimum}`);
    }
    if (maximum !== undefined) {
      accept(maximum, `maximum is ${maximum}`);
      refuse(maximum + step, `maximum is ${maximum}`);
    }
    if (exclusiveMinimum !== undefined) refuse(exclusiveMinimum, `exclusiveMinimum is ${exclusiveMinimum}`);
    if (exclusiveMaximum !== undefined) refuse(exclusiveMaximum, `exclusiveMaximum is ${exclusiveMaximum}`);
    if (maximum === undefined && exclusiveMaximum === undefined)
      unstated(kind === 'integer' ? Number.MAX_SAFE_INTEGER : 1e300, 'too_big', 'maximum');
    if (minimum === undefined && exclusiveMinimum === undefined)
      unstated(kind === 'integer' ? Number.MIN_SAFE_INTEGER : -1e300, 'too_small', 'minimum');
    if (kind === 'integer') refuse(Number(sample) + 0.5, 'it is an integer');
  }

  const counted = (keyword: string, count: number, make: (n: number) => unknown) => {
    accept(make(count), `${keyword} is ${count}`);
    if (keyword.startsWith('max')) refuse(make(count + 1), `${keyword} is ${count}`);
    else if (count > 0) refuse(make(count - 1), `${keyword} is ${count}`);
  };
  // An element of the base's own array or map is surely valid; the spec's example may not be alone.
  const element = Object.values((valueAt(base, field.path) ?? {}) as object)[0] ?? field.element ?? 'a';
  const items = (n: number) => Array.from({ length: n }, () => structuredClone(element));
  const entries = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${mapKey}-${i}`, structuredClone(element)]));
  if (kind === 'array')
    for (const k of ['minItems', 'maxItems']) if (typeof schema[k] === 'number') counted(k, schema[k], items);
  if (kind === 'object')
    for (const k of ['minProperties', 'maxProperties'])
      if (typeof schema[k] === 'number') counted(k, schema[k], entries);

  return { mismatches, unprobed: [...unprobed] };
}

/** The operations of a document (by operationId) with the zod schemas of their bodies and queries. */
export type Validations = Record<string, { body?: Validation; query?: Validation }>;

/**
 * Probes every body field and query parameter of `documentFile` against `validations`; the
 * spec's examples of a body (and one made of its required fields' examples) are tried as bases
 * before those given. `unvalidated` names the operations with a body or query and no schema.
 */
export function checkDocument(documentFile: string, validations: Validations) {
  const { fields, examples } = specFields(documentFile);
  const mismatches: string[] = [];
  const unprobed = new Set<string>();
  const unvalidated = new Set<string>();
  const valid = (zod: z.ZodType) => (value: unknown) => zod.safeParse(value).success;
  const known = new Map<string, unknown[]>();
  const basesOf = (operation: string, place: 'body' | 'query', given: Validation) => {
    const key = `${operation} ${place}`;
    if (!known.has(key)) known.set(key, findBases(operation, place, given));
    return known.get(key)!;
  };
  const findBases = (operation: string, place: 'body' | 'query', given: Validation) => {
    const shown = place === 'body' ? examples.filter((e) => e.operation === operation).map((e) => e.value) : [];
    for (const value of [...shown, ...given.bases].filter((v) => !valid(given.zod)(v))) {
      mismatches.push(`${operation} ${place}: zod refuses the example ${JSON.stringify(value)}`);
    }
    // A body made of its required fields' examples, when it happens to be valid.
    const made = fields.find((f) => f.operation === operation && f.in === place && f.path.length === 0)?.sample;
    return [...shown, ...given.bases, ...[made].filter(valid(given.zod))];
  };
  for (const field of fields) {
    const given = validations[field.operation]?.[field.in];
    if (!given) {
      unvalidated.add(`${field.operation} ${field.in}`);
      continue;
    }
    const found = probeField(field, { zod: given.zod, bases: basesOf(field.operation, field.in, given) });
    mismatches.push(...found.mismatches);
    for (const bound of found.unprobed) unprobed.add(bound);
  }
  return { mismatches, unprobed: [...unprobed], unvalidated: [...unvalidated] };
}
