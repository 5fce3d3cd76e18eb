import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import { closestField, issueMessages } from './issueMessages.js';
import type { Logger } from './logger.js';

export interface ErrorIssue {
  path: string;
  message: string;
}

/** The one error body every Later HTTP API answers with. */
export interface ErrorBody {
  error: string;
  issues: ErrorIssue[];
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: ErrorIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * A path segment as written in an issue: plain words and indexes as they are, anything else
 * (empty, spaces, dots, control characters) JSON-quoted, so every path is visible and unambiguous.
 */
const segment = (part: PropertyKey) => (/^[\w$-]+$/.test(String(part)) ? String(part) : JSON.stringify(String(part)));

/**
 * The API's issues for a zod error. `knownFieldsOf` (from the `issueMessages` the parse used)
 * gives the fields an object takes, so an unknown one a typo away gets a "did you mean".
 */
export function issuesFromZod(
  error: z.ZodError,
  prefix = '',
  knownFieldsOf?: (keys: readonly string[]) => readonly string[] | undefined,
): ErrorIssue[] {
  return error.issues
    .map((issue) => {
      const parts = [...(prefix ? [prefix] : []), ...issue.path.map(segment)];
      // An unrecognized key has no path of its own: name the key so the caller sees which field.
      if (issue.code === 'unrecognized_keys') {
        const known = knownFieldsOf?.(issue.keys) ?? [];
        return issue.keys.map((key) => {
          const suggestion = closestField(key, known);
          const message = suggestion ? `is not a known field; did you mean ${suggestion}?` : 'is not a known field';
          return { path: [...parts, segment(key)].join('.'), message };
        });
      }
      return [{ path: parts.join('.') || '(body)', message: issue.message }];
    })
    .flat();
}

/** The one-line summary of a 400: its first issue as a sentence, `webhook.url must be a URL`. */
const summaryOf = (issue: ErrorIssue | undefined) =>
  !issue
    ? 'invalid request'
    : issue.path === '(body)'
      ? `the request body ${issue.message}`
      : `${issue.path} ${issue.message}`;

export function badRequest(
  error: z.ZodError,
  prefix = '',
  knownFieldsOf?: (keys: readonly string[]) => readonly string[] | undefined,
): HttpError {
  const issues = issuesFromZod(error, prefix, knownFieldsOf);
  return new HttpError(400, summaryOf(issues[0]), issues);
}

/** Parses `input` with `schema` or throws a 400 naming each bad field in a sentence. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const messages = issueMessages();
  const result = schema.safeParse(input, { error: messages.error });
  if (!result.success) throw badRequest(result.error, prefix, messages.knownFieldsOf);
  return result.data;
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `no route ${req.method} ${req.path}`));
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Turns an error it recognises into the HttpError to answer, or leaves it (undefined). */
export type ErrorClassifier = (err: unknown) => HttpError | undefined;

/**
 * Turns anything thrown by a route into the one error shape. The first of `classifiers` that
 * recognises an error (a dependency being down, say) decides its answer. Errors nobody
 * anticipated are logged and answered with 500 and no detail, so internals never reach a caller.
 */
export function errorHandler(log: Logger, ...classifiers: ErrorClassifier[]): ErrorRequestHandler {
  return (thrown: unknown, req, res, _next) => {
    const classified = classifiers.reduce<HttpError | undefined>(
      (found, classify) => found ?? classify(thrown),
      undefined,
    );
    const err = classified ?? thrown;
    let status = 500;
    let body: ErrorBody = { error: 'internal error', issues: [] };
    if (err instanceof HttpError) {
      status = err.status;
      body = { error: err.message, issues: err.issues };
      for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
    } else if (isBodyParserError(err)) {
      status = err.status ?? 400;
      const message =
        err.type === 'entity.too.large'
          ? 'request body is too large'
          : err.type === 'entity.parse.failed'
            ? 'request body is not valid JSON'
            : err.message;
      body = { error: message, issues: [{ path: '(body)', message }] };
    }
    if (status >= 500) log.error({ err: thrown, method: req.method, path: req.path }, 'request failed');
    // A dependency refused what validation let through: the caller is answered, and the gap is seen.
    else if (classified)
      log.warn({ err: thrown, method: req.method, path: req.path, status }, 'request refused by a dependency');
    if (!res.headersSent) res.status(status).json(body);
  };
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return (
    err instanceof Error &&
    typeof (err as BodyParserError).status === 'number' &&
    (err as BodyParserError).expose === true &&
    typeof (err as BodyParserError).type === 'string'
  );
}

/**
 * An `errorHandler` classifier: errors for which `isDown` holds mean a dependency is down, so
 * the request may succeed later: 503 with Retry-After rather than 500.
 */
export function unavailableWhen(
  isDown: (err: unknown) => boolean,
  dependency: string,
  retryAfterSeconds = 5,
): ErrorClassifier {
  return (err) =>
    isDown(err)
      ? new HttpError(503, `${dependency} is unavailable; retry later`, [], {
          'retry-after': String(retryAfterSeconds),
        })
      : undefined;
}

/**
 * An `errorHandler` classifier: errors for which `isRefused` holds mean the request carried a
 * value `dependency` cannot take (validation should have refused it first). Such a request can
 * never succeed, so it is a 400, not a 500 or a 503 that would have the caller retry it.
 */
export function badInputWhen(isRefused: (err: unknown) => boolean, dependency: string): ErrorClassifier {
  return (err) => {
    if (!isRefused(err)) return undefined;
    const message = `holds a value ${dependency} cannot store`;
    return new HttpError(400, `the request ${message}`, [{ path: '(body)', message }]);
  };
}
