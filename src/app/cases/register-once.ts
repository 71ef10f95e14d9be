import type pg from 'pg';
import type { RegisterCaseRequest } from '../../contract/cases.ts';
import type { Actor, Clock } from '../context.ts';
import { allocateCaseNumber, registerCase, registersInOneStatement, type RegisterResult } from './register-case.ts';
import { checkRegistration, isReplay } from './registration-rules.ts';
import { orgConfig } from '../orgs/org-config.ts';

/**
 * Registers a case for the API so that no case number is used up by a refused request or a replay (issue 7):
 * on one connection, it holds a lock on the idempotency key (a concurrent duplicate waits, then replays),
 * checks for a replay and validates before a number is taken, allocates the number in a statement of its own
 * (the day's counter is locked for that statement only, not for the registration), then registers in a
 * transaction. One connection throughout, so a burst of registrations cannot starve the pool.
 * @throws validation_failed, invalid_reference, idempotency_key_reused
 */
export async function registerOnce(pool: pg.Pool, actor: Actor, clock: Clock, input: RegisterCaseRequest, key?: string): Promise<RegisterResult> {
  const conn = await pool.connect();
  const lockKey = key ? `${actor.orgId}|${actor.userId}|${key}` : undefined;
  let broken: Error | undefined;
  try {
    if (lockKey) await conn.query('select pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    const replay = await isReplay(conn, actor, key, input);
    // The organisation's configuration, cached (org-config.ts), as current as the version read with the session.
    const config = replay ? undefined : await orgConfig(conn, actor.orgId, actor.configVersion);
    const customer = config ? await checkRegistration(conn, actor, clock.now(), input, { config }) : undefined;
    const number = replay ? undefined : await allocateCaseNumber(conn, actor.orgId, clock.now(), true);
    // Most registrations are one statement (register-case.ts), atomic by itself: no transaction to open.
    const inTx = !registersInOneStatement(input, key);
    if (inTx) await conn.query('begin');
    try {
      const out = await registerCase({ tx: conn, actor, clock, ...(config ? { config } : {}) }, input, key, number, customer ? { checkedCustomer: customer } : {});
      if (inTx) await conn.query('commit');
      return out;
    } catch (err) {
      // Cleanup while the registration's own error is in flight; a failed rollback closes the connection below.
      if (inTx) await conn.query('rollback').catch((e: Error) => (broken = e));
      throw err;
    }
  } finally {
    if (lockKey && !broken) {
      // A connection that cannot unlock is closed (release with an error), and its session lock dies with it.
      await conn.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch((e: Error) => (broken = e));
    }
    conn.release(broken);
  }
}
