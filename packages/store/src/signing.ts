import type { Pool, PoolClient } from './pool.js';

export interface SigningVersionsRow {
  ownerId: string;
  current: number;
  next: number | null;
}

const toRow = (r: { owner_id: string; current_version: number; next_version: number | null }): SigningVersionsRow => ({
  ownerId: r.owner_id,
  current: r.current_version,
  next: r.next_version,
});

/** Locks an owner's signing versions (creating the row at version 1 if needed). */
export async function lockSigningVersions(client: PoolClient, ownerId: string): Promise<SigningVersionsRow> {
  await client.query('INSERT INTO signing_versions (owner_id, current_version) VALUES ($1, 1) ON CONFLICT DO NOTHING', [
    ownerId,
  ]);
  const { rows } = await client.query(
    'SELECT owner_id, current_version, next_version FROM signing_versions WHERE owner_id = $1 FOR UPDATE',
    [ownerId],
  );
  return toRow(rows[0]);
}

export async function saveSigningVersions(client: PoolClient, row: SigningVersionsRow): Promise<void> {
  await client.query(
    'UPDATE signing_versions SET current_version = $2, next_version = $3, updated_at = now() WHERE owner_id = $1',
    [row.ownerId, row.current, row.next],
  );
}

export async function getSigningVersions(pool: Pool, ownerId: string): Promise<SigningVersionsRow> {
  const { rows } = await pool.query(
    'SELECT owner_id, current_version, next_version FROM signing_versions WHERE owner_id = $1',
    [ownerId],
  );
  return rows[0] ? toRow(rows[0]) : { ownerId, current: 1, next: null };
}

/** Every owner that ever rotated: what a rebuilt Redis must be told again. */
export async function allSigningVersions(pool: Pool): Promise<SigningVersionsRow[]> {
  const { rows } = await pool.query('SELECT owner_id, current_version, next_version FROM signing_versions');
  return rows.map(toRow);
}
