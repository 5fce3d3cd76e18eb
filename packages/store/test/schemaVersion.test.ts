import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '@later/system/testing';
import { createPool, loadMigrations, migrate, type Pool } from '../src/index.js';
import { describeSchema, schemaStatus, SchemaWatch } from '../src/schemaVersion.js';

describe('the schema version a replica finds, on a real Postgres', () => {
  let db: TestDatabase;
  let pool: Pool;
  const newest = loadMigrations().at(-1)!;

  beforeAll(async () => {
    db = await testDatabase();
    pool = createPool(db.url, (err) => console.error(err));
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('is usable when it matches this release', async () => {
    expect(describeSchema(await schemaStatus(pool))).toEqual({ usable: true, check: `at ${newest.name}` });
  });

  it('stays usable, and says so, when a newer release migrated it: expand-only additions are ignored', async () => {
    const newer: string[][] = [];
    const watch = new SchemaWatch(pool, (names) => newer.push(names));
    await pool.query(`INSERT INTO schema_migrations (version, name) VALUES (9998, '9998_from_the_future.sql')`);
    try {
      await watch.refresh();
      await watch.refresh();
      expect(watch.describe()).toEqual({
        usable: true,
        check: 'newer than this release (9998_from_the_future.sql by a newer release): additions, ignored',
      });
      // Told once, not at every /readyz.
      expect(newer).toEqual([['9998_from_the_future.sql']]);
    } finally {
      await pool.query('DELETE FROM schema_migrations WHERE version = 9998');
    }
  });

  it('is unusable when it lacks a migration this release ships', async () => {
    const later = { version: 9999, name: '9999_not_applied.sql', sql: '' };
    expect(describeSchema(await schemaStatus(pool, [...loadMigrations(), later]))).toEqual({
      usable: false,
      check: 'not migrated: lacks 9999_not_applied.sql',
    });
  });
});
