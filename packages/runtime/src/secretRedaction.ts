import { stdSerializers } from 'pino';

export const censor = '[redacted]';

/**
 * Field names that hold a secret, compared in lower case without `_` and `-`, anywhere in the
 * name: the config's `DATABASE_URL`, `REDIS_URL`, `SCHEDULER_TOKEN`, `SIGNING_SECRET`,
 * `SMTP_PASSWORD`, `SMS_AUTH_TOKEN` (and their camelCase forms), `authorization` and
 * `Authorization`, `cookie` and `set-cookie`, passwords, API keys, tokens, secrets, connection
 * strings. pino's own `redact` matches exact, case-sensitive paths, which is how the real
 * names slipped past it.
 */
const secretName =
  /password|passwd|secret|token|apikey|authorization|cookie|credential|privatekey|databaseurl|redisurl|connectionstring/;

export const isSecretName = (name: string): boolean => secretName.test(name.toLowerCase().replace(/[-_]/g, ''));

/**
 * Secrets inside text (an error message, a stack, a log message): the credentials of a URL
 * (`redis://:pw@host`, `postgres://user:pw@host`), a bearer token, the secret half of an API key
 * (`lk_<prefix>.<secret>`), a webhook signing secret (`whsec_` and base64, either alphabet).
 */
const secretInText =
  /(\/\/[^\s/:@]*:)[^\s/@]+@|(\bBearer\s+)[^\s"',;]+|(\blk_[A-Za-z0-9]+\.)[A-Za-z0-9_-]+|(\bwhsec_)[A-Za-z0-9_=+/-]+/gi;

export function redactText(text: string): string {
  if (!text.includes('//') && !/bearer|lk_|whsec_/i.test(text)) return text;
  return text.replace(secretInText, (_match, url?: string, bearer?: string, apiKey?: string, whsec?: string) =>
    url ? `${url}${censor}@` : `${bearer ?? apiKey ?? whsec}${censor}`,
  );
}

/** Redis commands whose arguments carry a password (ioredis attaches the failed command to its errors). */
const authCommands = /^(auth|hello)$/i;
/** Deeper than this, a logged value is cut: a log line is not a heap dump. */
const maxDepth = 10;

/**
 * `value` with every secret replaced by `[redacted]`, at any depth: fields named like a secret
 * (see `isSecretName`), secrets inside strings, and the arguments of an AUTH command. Errors
 * become pino's serialised form first, so their own fields (`err.config.headers.authorization`)
 * are reached too. Copies only what it changes: a log line without secrets costs one walk of its
 * (usually tiny) object and no allocation.
 */
export function redactSecrets(value: unknown): unknown {
  return redact(value, 0, new Map());
}

function redact(value: unknown, depth: number, seen: Map<object, unknown>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  // Set before the walk: a value met again inside itself is a cycle, shown as pino would show it.
  if (seen.has(value)) return seen.get(value);
  if (depth >= maxDepth) return '[too deep]';
  seen.set(value, '[Circular]');
  let result: unknown;
  if (value instanceof Error) {
    const serialised = { ...stdSerializers.err(value) } as Record<string, unknown>;
    for (const [key, field] of Object.entries(serialised))
      serialised[key] = redactField(key, field, serialised, depth, seen);
    result = serialised;
  } else if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const redacted = redact(item, depth + 1, seen);
      if (redacted !== item) (copy ??= [...value])[i] = redacted;
    });
    result = copy ?? value;
  } else {
    let copy: Record<string, unknown> | undefined;
    for (const [key, field] of Object.entries(value)) {
      const redacted = redactField(key, field, value, depth, seen);
      if (redacted !== field) (copy ??= { ...value })[key] = redacted;
    }
    result = copy ?? value;
  }
  seen.set(value, result);
  return result;
}

function redactField(key: string, field: unknown, owner: object, depth: number, seen: Map<object, unknown>): unknown {
  if (field === undefined || field === null) return field;
  if (isSecretName(key)) return censor;
  if (key === 'args' && authCommands.test(String((owner as { name?: unknown }).name))) return censor;
  return redact(field, depth + 1, seen);
}
