import { every, type RunningJob } from './every.ts';
import type pg from 'pg';
import { deleteExpiredSessions } from '../app/auth/sessions.ts';

/** Sign-in attempts on usernames that name no user belong to no organisation's audit trail; they are kept only
 * as long as they can matter. */
const STRAY_ATTEMPT_DAYS = 90;

/** One pass: deletes sessions past their absolute expiry or idle limit (each organisation's settings), and stray
 * sign-in attempts older than 90 days. Expired sessions are already refused on every request; this keeps the
 * tables small. Idempotent, safe with N processes. Returns the number of sessions deleted. */
export async function cleanupSessionsOnce(pool: pg.Pool): Promise<number> {
  const n = await deleteExpiredSessions(pool);
  await pool.query(`delete from auth_log where org_id is null and at < now() - make_interval(days => $1)`, [STRAY_ATTEMPT_DAYS]);
  return n;
}

/** Runs the cleanup every `intervalMs` (default 10 minutes) until stopped. */
export function startSessionCleanup(opts: { pool: pg.Pool; intervalMs?: number; log?: (msg: string, data?: unknown) => void }): RunningJob {
  return every('session cleanup', opts.intervalMs ?? 10 * 60_000, () => cleanupSessionsOnce(opts.pool), opts.log);
}
