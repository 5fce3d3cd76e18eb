import pg from 'pg';

// bigint columns arrive as strings (ids can exceed 2^53); counts we cast to int in SQL.
export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/**
 * A connection pool. An idle connection that dies (Postgres restarted or stopped) emits 'error'
 * on the pool; without a listener that would crash the process, so it is reported to `onError`
 * and the pool simply opens a new connection on next use.
 */
export function createPool(connectionString: string, onError: (err: Error) => void, max = 10): Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  pool.on('error', onError);
  return pool;
}

/**
 * Runs `work` in one transaction, rolled back when it throws. A connection that dies while the
 * transaction holds it between two queries (waiting on Redis, say) emits 'error' on the client,
 * which the pool only listens for on idle clients: unheard, it would end the process. Heard
 * here, the next query fails instead, and the dead client is discarded rather than pooled.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: Error) => {
      broken ??= rollbackErr;
    });
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
