import { Writable } from 'node:stream';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, createLogger, errorHandler, notFoundRoute, parseEnv, parseOr400 } from '../src/index.js';

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
  it('never writes secrets, wherever they sit in the logged object', async () => {
    const { lines, stream } = capture();
    const { pino } = await import('pino');
    const log = pino({ redact: { paths: (await import('../src/logger.js')).redactedPaths, censor: '[redacted]' } }, stream);
    log.info({ password: 'hunter2hunter2', user: { apiKey: 'lk_abc.secret' }, req: { headers: { authorization: 'Bearer lk_x.y' } } });
    log.info({ config: { databaseUrl: 'postgres://u:pw@h/db', schedulerToken: 'tok-123456789012345' } });
    const out = lines.join('');
    for (const secret of ['hunter2hunter2', 'lk_abc.secret', 'Bearer lk_x.y', 'u:pw@h', 'tok-123456789012345']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(createLogger('x')).toBeDefined();
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
    const schema = z.object({ SMTP_PORT: z.coerce.number().int().min(1).default(587), SMTP_HOST: z.string().optional(), SECRET: z.string() });
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
        body: { issues: expect.arrayContaining([{ path: 'n', message: expect.any(String) }, { path: 'm', message: 'unknown field' }]) },
      });
      expect((await call('/x', JSON.stringify({ n: 'x'.repeat(2000) }))).status).toBe(413);
      expect((await call('/x', '{"n":1,"":2}')).body.issues).toEqual([{ path: '""', message: 'unknown field' }]);
      expect((await call('/x', '{"n":1," a.b":2}')).body.issues).toEqual([{ path: '" a.b"', message: 'unknown field' }]);
      expect((await call('/nowhere')).status).toBe(404);
      const crash = await call('/boom');
      expect(crash).toEqual({ status: 500, body: { error: 'internal error', issues: [] } });
    } finally {
      server.close();
    }
  });
});
