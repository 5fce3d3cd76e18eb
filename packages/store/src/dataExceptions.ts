/**
 * Whether an error is Postgres refusing a value it was given (SQLSTATE class 22, data exception:
 * 22021 a NUL or invalid byte in text, 22P02 bad input syntax such as a lone surrogate's `\u`
 * escape in jsonb, 22P05 a `\u0000` in jsonb or in text read from JSON, 22001 too long, ...).
 * Retrying the same request can never succeed, unlike the errors `isDatabaseUnavailable`
 * recognises.
 */
export function isDataException(err: unknown): boolean {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
