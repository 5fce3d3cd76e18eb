import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  badInputWhen,
  closeServer,
  createLogger,
  errorHandler,
  jsonBody,
  listen,
  notFoundRoute,
  parseEnv,
  parseOr400,
  unavailableWhen,
  type ErrorClassifier,
} from '../src/index.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  /** The real createLogger, writing to `lines`: what a service would print. */
  const capturedLogger = () => {
    const lines: string[] = [];
    return {
      log: createLogger('test', {}, { write: (line: string) => lines.push(line) }),
      output: () => lines.join(''),
    };
  };
  const secrets = {
    password: 'hunter2hunter2',
    apiKey: 'lk_0123456789ab.S3cretHalfOfTheApiKey',
    bearer: 'receiver-bearer-123456',
    cookie: 'later_session=cookie-value-123456',
    redisPassword: 'redis-pw-123456',
    postgresPassword: 'pg-pw-123456',
    // Standard base64, so `+` and `/` may come anywhere, even first.
    signing: 'whsec_+/c2lnbmluZy1r+ZXktMTIz/NDU2=',
  };

  it('never writes secrets, by field name at any depth and in any case, or inside text', () => {
    const { log, output } = capturedLogger();
    log.info({
      password: secrets.password,
      user: { apiKey: secrets.apiKey },
      req: { headers: { Authorization: `Bearer ${secrets.bearer}` } },
    });
    log.info({
      res: { headers: { 'set-cookie': secrets.cookie } },
      deep: { a: { b: { c: { Cookie: secrets.cookie } } } },
    });
    log.info({ keys: [{ secret: secrets.signing }], newPassword: secrets.password, csrfToken: secrets.bearer });
    // An HTTP client's error carries the request config, headers and all.
    const clientError = Object.assign(new Error('Request failed with status code 502'), {
      config: { url: 'https://example.com', headers: { authorization: `Bearer ${secrets.bearer}` } },
    });
    log.error({ err: clientError }, 'calling out failed');
    // ioredis attaches the failed command to a reply error: for AUTH, its arguments are the password.
    log.warn({
      err: Object.assign(new Error('LOADING Redis is loading'), {
        command: { name: 'auth', args: [secrets.redisPassword] },
      }),
    });
    log.error(new Error(`connect ECONNREFUSED redis://:${secrets.redisPassword}@127.0.0.1:6390`));
    log.warn(`could not reach postgres://later:${secrets.postgresPassword}@db:5432/later with ${secrets.apiKey}`);
    log.warn(`a receiver echoed its key: ${secrets.signing}`);
    log
      .child({ requestHeaders: { authorization: secrets.bearer } })
      .child({ apiKey: secrets.apiKey })
      .info('from a child');
    const cyclic: Record<string, unknown> = { token: secrets.bearer };
    cyclic.self = cyclic;
    log.info({ cyclic });
    const out = output();
    for (const secret of Object.values(secrets)) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
    // What is not secret stays readable: the error's type and message, the URL's host, the key's prefix.
    expect(out).toContain('"type":"Error","message":"Request failed with status code 502"');
    expect(out).toContain('redis://:[redacted]@127.0.0.1:6390');
    expect(out).toContain('lk_0123456789ab.[redacted]');
  });

  it('leaves a line without secrets as it was', () => {
    const { log, output } = capturedLogger();
    const fields = { port: 8081, shards: 16, replica: 'scheduler-1', nested: { list: [1, 'two', { three: 3 }] } };
    log.info(fields, 'scheduler started');
    expect(JSON.parse(output())).toMatchObject({ ...fields, msg: 'scheduler started', name: 'test' });
  });
});

describe('parseEnv', () => {
  it('names every bad variable', () => {
    const schema = z.object({ PORT: z.coerce.number().int(), REDIS_URL: z.url() });
    expect(() => parseEnv(schema, { PORT: 'abc', REDIS_URL: 'nope' })).toThrow(ConfigError);
    try {
      parseEnv(schema, { PORT: 'abc' });
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'REDIS_URL']);
    }
  });

  it('reads an empty variable as unset (compose passes `${NAME:-}` as ""): its default, or missing when required', () => {
    const schema = z.object({
      SMTP_PORT: z.coerce.number().int().min(1).default(587),
      SMTP_HOST: z.string().optional(),
      SECRET: z.string(),
    });
    expect(parseEnv(schema, { SMTP_PORT: '', SMTP_HOST: '', SECRET: 's' })).toEqual({ SMTP_PORT: 587, SECRET: 's' });
    expect(() => parseEnv(schema, { SECRET: '' })).toThrow(/SECRET/);
  });
});

describe('error shape', () => {
  it('answers bad JSON, bad fields, unknown routes and crashes with {error, issues}', async () => {
    const app = express();
    app.use(express.json({ limit: '1kb' }));
    app.post('/x', (req, res) => {
      res.json(parseOr400(z.strictObject({ n: z.number() }), req.body));
    });
    app.get('/boom', () => {
      throw new Error('secret internals');
    });
    app.use(notFoundRoute);
    const { stream } = capture();
    const { pino } = await import('pino');
    app.use(errorHandler(pino(stream)));
    const server = app.listen(0);
    const port = (server.address() as { port: number }).port;
    const call = async (path: string, body?: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return { status: res.status, body: (await res.json()) as { error: string; issues: { path: string }[] } };
    };
    try {
      expect(await call('/x', '{"n":')).toMatchObject({ status: 400, body: { issues: [{ path: '(body)' }] } });
      expect(await call('/x', '{"n":"1","m":2}')).toMatchObject({
        status: 400,
        body: {
          issues: expect.arrayContaining([
            { path: 'n', message: expect.any(String) },
            { path: 'm', message: 'is not a known field' },
          ]),
        },
      });
      expect((await call('/x', JSON.stringify({ n: 'x'.repeat(2000) }))).status).toBe(413);
      expect((await call('/x', '{"n":1,"":2}')).body.issues).toEqual([{ path: '""', message: 'is not a known field' }]);
      expect((await call('/x', '{"n":1," a.b":2}')).body.issues).toEqual([
        { path: '" a.b"', message: 'is not a known field' },
      ]);
      expect((await call('/nowhere')).status).toBe(404);
      const crash = await call('/boom');
      expect(crash).toEqual({ status: 500, body: { error: 'internal error', issues: [] } });
    } finally {
      server.close();
    }
  });
});

describe('JSON bodies', () => {
  /** A route with an optional JSON body, as replaying tasks by filter has: it echoes what it read. */
  async function serve() {
    const app = express();
    app.post('/x', jsonBody('1kb'), (req, res) => void res.json({ read: req.body ?? null }));
    const { pino } = await import('pino');
    app.use(errorHandler(pino(capture().stream)));
    const server = await listen(app, 0, '127.0.0.1');
    const port = (server.address() as { port: number }).port;
    const post = async (body: Uint8Array<ArrayBuffer> | string | undefined, headers: Record<string, string> = {}) => {
      const res = await fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', headers, body });
      return {
        status: res.status,
        body: (await res.json()) as { read?: unknown; error?: string; issues?: { path: string }[] },
      };
    };
    return { post, close: () => closeServer(server) };
  }

  it('refuses a body of another type, or of none, with 415 naming application/json instead of reading it as no body', async () => {
    const { post, close } = await serve();
    try {
      const form = await post('status=dead&stream=orders', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(form).toEqual({
        status: 415,
        body: {
          error: expect.stringMatching(/application\/json.*x-www-form-urlencoded/),
          issues: [{ path: '(body)', message: expect.any(String) }],
        },
      });
      expect((await post('{"a":1}', { 'content-type': 'text/plain' })).status).toBe(415);
      // Node's fetch labels a string body text/plain; bytes go out with no content type at all.
      expect((await post(new TextEncoder().encode('{"a":1}'))).body.error).toMatch(
        /application\/json \(no Content-Type/,
      );
      expect(await post('{"a":1}', { 'content-type': 'application/json; charset=utf-8' })).toEqual({
        status: 200,
        body: { read: { a: 1 } },
      });
      // No body, or an empty one of any type, is still no body: the route decides whether it needs one.
      expect(await post(undefined)).toEqual({ status: 200, body: { read: null } });
      expect(await post('', { 'content-type': 'application/x-www-form-urlencoded' })).toEqual({
        status: 200,
        body: { read: null },
      });
    } finally {
      await close();
    }
  });

  it('answers a body that does not decode as its Content-Encoding says with 400, and an unknown encoding with 415', async () => {
    const { post, close } = await serve();
    const json = { 'content-type': 'application/json' };
    try {
      expect(await post(new Uint8Array(gzipSync('{"a":1}')), { ...json, 'content-encoding': 'gzip' })).toEqual({
        status: 200,
        body: { read: { a: 1 } },
      });
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const answer = await post('{"a":1}', { ...json, 'content-encoding': encoding });
        expect(answer, encoding).toEqual({
          status: 400,
          body: {
            error: `the request body is not valid ${encoding} data`,
            issues: [{ path: '(body)', message: expect.any(String) }],
          },
        });
      }
      expect((await post('{"a":1}', { ...json, 'content-encoding': 'compress' })).status).toBe(415);
    } finally {
      await close();
    }
  });
});

describe('classifying errors', () => {
  /** Answers GET /throw/<code> by throwing an error with that code, as pg does with a SQLSTATE. */
  async function serve(...classifiers: ErrorClassifier[]) {
    const app = express();
    app.get('/throw/:code', (req) => {
      throw Object.assign(new Error('boom'), { code: req.params.code });
    });
    const { lines, stream } = capture();
    const { pino } = await import('pino');
    app.use(errorHandler(pino(stream), ...classifiers));
    const server = app.listen(0);
    const port = (server.address() as { port: number }).port;
    const call = async (code: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/throw/${code}`);
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
    };
    return { call, lines, close: () => server.close() };
  }

  it('lets the first classifier that recognises an error decide: 503 for an outage, 400 for refused data, else 500', async () => {
    const byCode = (prefix: string) => (err: unknown) => String((err as { code?: string }).code).startsWith(prefix);
    const { call, lines, close } = await serve(
      unavailableWhen(byCode('08'), 'the database'),
      badInputWhen(byCode('22'), 'the database'),
    );
    try {
      expect(await call('08006')).toMatchObject({ status: 503, retryAfter: '5' });
      expect(await call('22021')).toEqual({
        status: 400,
        retryAfter: null,
        body: {
          error: 'the request holds a value the database cannot store',
          issues: [{ path: '(body)', message: 'holds a value the database cannot store' }],
        },
      });
      expect(await call('42P01')).toMatchObject({ status: 500, body: { error: 'internal error' } });
      // The refusal is logged as a warning: validation should have caught it, and someone should know.
      expect(lines.some((line) => line.includes('"level":40') && line.includes('refused by a dependency'))).toBe(true);
    } finally {
      close();
    }
  });
});

describe('closing a server', () => {
  it('waits for an answer in progress, then drops its keep-alive connection at once instead of after the idle timeout', async () => {
    const app = express();
    app.get('/slow', (_req, res) => void setTimeout(() => res.json({ done: true }), 300));
    const server = await listen(app, 0, '127.0.0.1');
    const port = (server.address() as { port: number }).port;
    // fetch keeps the connection alive: once answered it would idle for the server's 5 s keep-alive timeout.
    const answer = fetch(`http://127.0.0.1:${port}/slow`).then((res) => res.json());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await closeServer(server);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await answer).toEqual({ done: true });
  });
});
