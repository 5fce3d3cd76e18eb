import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../src/testing/index.js';

/** docs/operations.md, Upgrading and rolling back: what /readyz says of the schema during a roll. */
describe('schema readiness during a roll (real scheduler and frontend)', () => {
  let system: TestSystem;
  const readiness = async (url: string) => {
    const res = await fetch(`${url}/readyz`);
    return { status: res.status, body: (await res.json()) as { checks: Record<string, string> } };
  };

  beforeAll(async () => {
    system = await startTestSystem({ shardCount: 2 });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('stays ready, and says so, on a database a newer release migrated', async () => {
    await system.db.query(
      `INSERT INTO schema_migrations (version, name) VALUES (9998, '9998_added_by_next_release.sql')`,
    );
    try {
      for (const url of [system.stack.schedulerUrl, system.stack.frontendUrl]) {
        const { status, body } = await readiness(url);
        expect(status).toBe(200);
        expect(body.checks.schema).toContain('newer than this release (9998_added_by_next_release.sql');
      }
    } finally {
      await system.db.query('DELETE FROM schema_migrations WHERE version = 9998');
    }
  });

  it('is unready on a database that lacks a migration it ships', async () => {
    // The replicas migrated on start: the newest applied is the newest they ship.
    const [newest] = await system.db.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1',
    );
    if (!newest) throw new Error('no migration applied');
    await system.db.query('DELETE FROM schema_migrations WHERE version = $1', [newest.version]);
    try {
      const { status, body } = await readiness(system.stack.schedulerUrl);
      expect(status).toBe(503);
      expect(body.checks.schema).toBe(`not migrated: lacks ${newest.name}`);
    } finally {
      await system.db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        newest.version,
        newest.name,
      ]);
    }
    expect((await readiness(system.stack.schedulerUrl)).status).toBe(200);
  });
});
