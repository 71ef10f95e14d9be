import pg from 'pg';

/** The database handle used everywhere: a pool, or a client inside a transaction. */
export type Db = pg.Pool | pg.PoolClient;
export type Tx = pg.PoolClient;

// timestamptz → Date is pg's default; bigint (int8) and numeric come back as strings unless parsed.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function openPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {
    // An idle client lost its connection (e.g. the server restarted); the pool replaces it.
  });
  return pool;
}

/** Runs `fn` in a transaction; commits on success, rolls back on any throw. */
export async function withTx<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const out = await fn(client);
    await client.query('commit');
    return out;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function one<T>(db: Db, sql: string, params: unknown[] = []): Promise<T | undefined> {
  const r = await db.query(sql, params);
  return r.rows[0] as T | undefined;
}

export async function many<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  const r = await db.query(sql, params);
  return r.rows as T[];
}

const replicas = new WeakMap<pg.Pool, pg.Pool>();

/** Attaches a read replica (e.g. `DATABASE_REPLICA_URL`) to a primary pool: lists, search and reports then read
 * from it through `readPool`; writes and anything read back at once stay on the primary. Returns the replica pool
 * (the caller ends it). */
export function attachReplica(primary: pg.Pool, replicaUrl: string, max = 10): pg.Pool {
  const replica = openPool(replicaUrl, max);
  replicas.set(primary, replica);
  return replica;
}

/** The pool to read lists, search and reports from: the primary's replica when one is attached, else the primary.
 * A transaction's client is its own reader (it must see its own writes). */
export function readPool<T extends pg.Pool | pg.PoolClient>(db: T): T | pg.Pool {
  return (db instanceof pg.Pool ? replicas.get(db) : undefined) ?? db;
}
