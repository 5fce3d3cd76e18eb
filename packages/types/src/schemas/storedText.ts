import { z } from 'zod';

/*
 * What Postgres can store. Its `text` and `jsonb` types refuse the NUL character (the whole
 * write fails), and a lone UTF-16 surrogate has no UTF-8 form: `jsonb` refuses its `\uD800`
 * escape, and `text` would silently store U+FFFD instead. Refusing both at validation answers a
 * 400 naming the field, where a failed write would answer 5xx to input that can never succeed.
 */

const nul = /\0/;
// With the u flag a string is read by code points, so only an unpaired surrogate is in this range.
const loneSurrogate = /[\uD800-\uDFFF]/u;

/** Why `text` cannot be stored, or undefined when it can. */
export function unstorableTextReason(text: string): string | undefined {
  if (nul.test(text)) return 'must not contain the NUL character (\\u0000)';
  if (loneSurrogate.test(text)) return 'must be well-formed Unicode (no unpaired surrogate such as \\uD800)';
  return undefined;
}

const refuseUnstorable = (text: string, ctx: z.RefinementCtx) => {
  const reason = unstorableTextReason(text);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
};

/** A string that is stored: every text field of a request that reaches Postgres is one. */
export const StoredText = z.string().superRefine(refuseUnstorable);

/** Deeper than this, a JSON value is refused: serialising it (JSON.stringify recurses) could exhaust the stack. */
export const maxJsonDepth = 64;
/** Issues named for one JSON value at most: a body of a million bad strings gets a short answer. */
const maxJsonIssues = 10;

/**
 * Checks every string and every key of a JSON value (a webhook body) the way `StoredText`
 * checks one string, naming each bad one by its path. Iterative, so no value can exhaust the
 * stack. Returns whether the value passed; one that did not may nest deeper than `maxJsonDepth`
 * and is then not safe to serialise.
 */
export function checkStoredJson(value: unknown, ctx: z.RefinementCtx): boolean {
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  let issues = 0;
  const refuse = (path: (string | number)[], message: string) => {
    issues++;
    ctx.addIssue({ code: 'custom', path, message });
  };
  while (pending.length > 0 && issues < maxJsonIssues) {
    const { value: item, path } = pending.pop()!;
    if (typeof item === 'string') {
      const reason = unstorableTextReason(item);
      if (reason) refuse(path, reason);
    } else if (item !== null && typeof item === 'object') {
      if (path.length >= maxJsonDepth) {
        refuse(path, `must not nest deeper than ${maxJsonDepth} levels`);
      } else if (Array.isArray(item)) {
        item.forEach((element, i) => pending.push({ value: element, path: [...path, i] }));
      } else {
        for (const [key, element] of Object.entries(item)) {
          const reason = unstorableTextReason(key);
          if (reason) refuse([...path, key], `as a key, ${reason}`);
          pending.push({ value: element, path: [...path, key] });
        }
      }
    }
  }
  return issues === 0;
}
