import { loadMigrations, type Migration } from './migrate.js';
import type { Pool } from './pool.js';

/**
 * Where the database's schema stands against this release's migrations. During a roll the first
 * replica of a new release migrates while the old release's replicas still run; migrations are
 * expand-only in the release that adds them (docs/operations.md, Upgrading and rolling back), so
 * an old replica reads a newer schema as it read its own and stays ready. A schema that lacks a
 * migration this release ships is another matter: its queries would fail, so it is unready.
 */
export interface SchemaStatus {
  /** The newest migration this release ships. */
  shipped: string;
  /** Applied migrations this release does not ship: a newer release migrated the database. */
  newer: string[];
  /** Migrations this release ships that the database has not applied. */
  missing: string[];
}

export async function schemaStatus(pool: Pool, migrations: Migration[] = loadMigrations()): Promise<SchemaStatus> {
  const { rows } = await pool.query<{ version: number; name: string }>(
    'SELECT version, name FROM schema_migrations ORDER BY version',
  );
  const shipped = new Set(migrations.map((m) => m.version));
  const applied = new Set(rows.map((r) => r.version));
  return {
    shipped: migrations.at(-1)?.name ?? 'none',
    newer: rows.filter((r) => !shipped.has(r.version)).map((r) => r.name),
    missing: migrations.filter((m) => !applied.has(m.version)).map((m) => m.name),
  };
}

/** The readiness check's line, and whether this release can work on the schema. */
export function describeSchema(status: SchemaStatus): { usable: boolean; check: string } {
  if (status.missing.length > 0) return { usable: false, check: `not migrated: lacks ${status.missing.join(', ')}` };
  if (status.newer.length > 0) {
    return {
      usable: true,
      check: `newer than this release (${status.newer.join(', ')} by a newer release): additions, ignored`,
    };
  }
  return { usable: true, check: `at ${status.shipped}` };
}

/**
 * The last schema status read, for `/readyz`, telling `onNewer` once each time the set of newer
 * migrations changes (a newer release migrated under this replica: worth a line in its log).
 */
export class SchemaWatch {
  private last: SchemaStatus | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly onNewer: (newer: string[]) => void,
    private readonly migrations: Migration[] = loadMigrations(),
  ) {}

  async refresh(): Promise<SchemaStatus> {
    const status = await schemaStatus(this.pool, this.migrations);
    if (status.newer.length > 0 && status.newer.join() !== this.last?.newer.join()) this.onNewer(status.newer);
    this.last = status;
    return status;
  }

  /**
   * The readiness line from the last refresh that answered. Usable until one has: the replica
   * migrated on start, and an unreachable Postgres is the postgres check's to report.
   */
  describe(): { usable: boolean; check: string } {
    return this.last ? describeSchema(this.last) : { usable: true, check: 'not read yet' };
  }
}
