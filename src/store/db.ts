import { createHash } from 'node:crypto';
import pg from 'pg';

/** The database handle used everywhere: a pool, or a client inside a transaction. */
export type Db = pg.Pool | pg.PoolClient;
export type Tx = pg.PoolClient;

// timestamptz → Date is pg's default; bigint (int8) and numeric come back as strings unless parsed.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/**
 * A pool that survives the server going away: an idle client that loses its connection (the server restarted)
 * is dropped and replaced on the next checkout, and so is a busy one when it is released, so the pool reconnects
 * by itself. `onIdleError` hears about the lost idle connections (the serve command logs them).
 */
export function openPool(url: string, max = 10, onIdleError?: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // Without a listener, an idle client's error would crash the process; the pool has already dropped the client.
  pool.on('error', (err) => onIdleError?.(err));
  return pool;
}

// SQLSTATE class 08 (connection exception) and the server shutting down, crashing or still starting up.
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03)$/;
const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Whether `err` says the database cannot be reached right now (down, restarting, connection lost), rather
 * than that a query was wrong: the HTTP answer is then 503 with Retry-After, not a 500. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE.has(code))) return true;
  // pg's own errors for a connection that ended or never came carry no code.
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(err.message);
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
    // Cleanup while `err` is in flight: a failed rollback (e.g. the connection is gone) must not hide it.
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

/**
 * A statement prepared once per connection under a name derived from its text, so PostgreSQL parses and plans it
 * once rather than on every call (issue 8: the registration's statement took longer to plan than to run). For
 * statements run very often whose text takes few shapes.
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size > 1000) names.clear();
    names.set(text, name);
  }
  return { name, text, values };
}
const names = new Map<string, string>();

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
