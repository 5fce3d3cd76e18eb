import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { unlimited, type Pool } from './pool.js';

const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));
// Any constant works; it only has to be the same in every process that migrates.
const migrationLock = 724_133_901;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_\w+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file,
      sql: readFileSync(`${dir.endsWith('/') ? dir : `${dir}/`}${file}`, 'utf8'),
    }));
}

/**
 * Applies migrations not yet applied, each in its own transaction. Every service calls this on
 * start; the advisory lock makes replicas starting together take turns instead of racing.
 */
export async function migrate(pool: Pool): Promise<string[]> {
  const client = await pool.connect();
  // No deadline here: a migration over a large table, or waiting for another replica's, takes
  // what it takes. The session's setting changes, so the connection is closed afterwards.
  const run = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
    client.query<R>({ text, values, ...unlimited });
  const applied: string[] = [];
  try {
    await run('SET statement_timeout = 0');
    await run('SELECT pg_advisory_lock($1)', [migrationLock]);
    await run(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await run<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    for (const migration of loadMigrations()) {
      if (done.has(migration.version)) continue;
      await run('BEGIN');
      try {
        await run(migration.sql);
        await run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await run('COMMIT');
        applied.push(migration.name);
      } catch (err) {
        await run('ROLLBACK');
        throw new Error(`migration ${migration.name} failed: ${String(err)}`);
      }
    }
  } finally {
    await run('SELECT pg_advisory_unlock($1)', [migrationLock]).catch(() => undefined);
    client.release(true);
  }
  return applied;
}
