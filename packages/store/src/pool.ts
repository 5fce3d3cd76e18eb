import pg from 'pg';

// bigint columns arrive as strings (ids can exceed 2^53); counts we cast to int in SQL.
export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** DATABASE_STATEMENT_TIMEOUT_MS' default. */
export const defaultStatementTimeoutMs = 5000;
/** How much longer than the statement timeout the client waits before it gives up by itself. */
const clientMarginMs = 1000;

/**
 * A connection pool. An idle connection that dies (Postgres restarted or stopped) emits 'error'
 * on the pool; without a listener that would crash the process, so it is reported to `onError`
 * and the pool simply opens a new connection on next use.
 *
 * Every statement has a deadline, so a request waiting on Postgres is answered (503) within
 * seconds. Postgres itself cancels a statement that runs (or waits for a lock) longer than
 * `statementTimeoutMs`: the statement then certainly did not happen. A Postgres that does not
 * answer at all (stopped, cut off) cannot cancel anything: a little later the client gives up
 * ("Query read timeout"), and the connection is discarded; what that statement did is unknown.
 */
export function createPool(
  connectionString: string,
  onError: (err: Error) => void,
  max = 10,
  statementTimeoutMs = defaultStatementTimeoutMs,
): Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + clientMarginMs,
  });
  pool.on('error', onError);
  return pool;
}

/** A query that may run as long as it needs (a migration, waiting for another replica's): no deadline. */
export const unlimited = { query_timeout: 2_147_483_647 } as const;

/** Whether the client gave up waiting for Postgres' answer: the connection is out of step, never to be reused. */
export const isClientTimeout = (err: unknown): boolean => err instanceof Error && err.message === 'Query read timeout';

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
    // A ROLLBACK after a client timeout would wait for the statement before it: the connection
    // is closed instead, which rolls the transaction back as surely.
    if (isClientTimeout(err)) broken ??= err as Error;
    else {
      await client.query('ROLLBACK').catch((rollbackErr: Error) => {
        broken ??= rollbackErr;
      });
    }
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
