import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../src/migrate.js';
import { contractSteps, readContractAllowList, unlistedContractSteps } from '../src/migrationSafety.js';

const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));
const check = (dir: string) => unlistedContractSteps(loadMigrations(dir), readContractAllowList(dir));

describe('migrations are expand-only unless listed as a contract step (docs/operations.md)', () => {
  let planted: string | undefined;
  afterEach(() => {
    if (planted) rmSync(planted, { recursive: true, force: true });
    planted = undefined;
  });

  /** A copy of the migrations with one more, as a release under review would add it. */
  function plant(name: string, sql: string, allowList?: Record<string, string>): string {
    planted = mkdtempSync(join(tmpdir(), 'later-migrations-'));
    cpSync(migrationsDir, planted, { recursive: true });
    writeFileSync(join(planted, name), sql);
    if (allowList) writeFileSync(join(planted, 'contracts.json'), JSON.stringify(allowList));
    return planted;
  }

  it('holds for every migration this release ships', () => {
    expect(check(migrationsDir)).toEqual([]);
  });

  it('refuses a planted migration that drops a column the previous release still uses', () => {
    const dir = plant('0099_drop_replays.sql', '-- replays moved elsewhere\nALTER TABLE tasks DROP COLUMN replays;\n');
    expect(check(dir)).toEqual([
      {
        migration: '0099_drop_replays.sql',
        kind: 'drops a column',
        statement: 'ALTER TABLE tasks DROP COLUMN replays',
      },
    ]);
  });

  it('accepts it once the allow-list names the release that stopped using the column', () => {
    const dir = plant('0099_drop_replays.sql', 'ALTER TABLE tasks DROP COLUMN replays;', {
      '0099_drop_replays.sql': 'unused since release 2026.12 (commit d43acec)',
    });
    expect(check(dir)).toEqual([]);
  });

  it('knows each kind of contract step, and leaves additions alone', () => {
    const kinds = (sql: string) => contractSteps({ name: 'x.sql', sql }).map((s) => s.kind);
    expect(kinds('DROP TABLE sessions')).toEqual(['drops a table']);
    expect(kinds('DROP INDEX IF EXISTS tasks_due_idx')).toEqual(['drops an index']);
    expect(kinds('ALTER TABLE tasks RENAME COLUMN replays TO replay_count')).toEqual(['renames']);
    expect(kinds('ALTER TABLE tasks ALTER COLUMN replays TYPE bigint')).toEqual(['changes a column type']);
    expect(kinds('ALTER TABLE tasks ALTER COLUMN replays SET NOT NULL')).toEqual(['makes a column required']);
    expect(kinds('ALTER TABLE tasks ADD COLUMN region text NOT NULL')).toEqual([
      'adds a required column without a default',
    ]);
    expect(kinds(`ALTER TABLE tasks ADD COLUMN region text NOT NULL DEFAULT 'eu', ADD COLUMN note text`)).toEqual([]);
    expect(
      kinds(
        'CREATE INDEX tasks_region_idx ON tasks (region); ALTER TABLE api_keys ALTER COLUMN secret_hash DROP NOT NULL',
      ),
    ).toEqual([]);
  });
});
