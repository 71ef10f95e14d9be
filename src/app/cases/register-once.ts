import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import type { RegisterCaseRequest } from '../../contract/cases.ts';
import type { Actor, Clock } from '../context.ts';
import { allocateCaseNumber, registerCase, registersInOneStatement, SessionChanged, type RegisterResult } from './register-case.ts';
import type { SessionGuard } from '../auth/sessions.ts';
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
export async function registerOnce(
  pool: pg.Pool, actor: Actor, clock: Clock, input: RegisterCaseRequest, key?: string, speculation?: Speculation,
  opts: { related?: boolean } = {},
): Promise<RegisterResult> {
  // A session seen valid earlier (sessions.ts) is checked by the registration's own statement; a registration that
  // is more than one statement reads it first, as any other request does.
  if (speculation && !registersInOneStatement(input, key)) {
    actor = await speculation.refresh();
    speculation = undefined;
  }
  const conn = await pool.connect();
  const lockKey = key ? `${actor.orgId}|${actor.userId}|${key}` : undefined;
  let broken: Error | undefined;
  try {
    if (lockKey) await conn.query('select pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    const replay = await isReplay(conn, actor, key, input);
    // The organisation's configuration, cached (org-config.ts), as current as the version read with the session.
    const checked = async (a: Actor) => {
      const config = replay ? undefined : await orgConfig(conn, a.orgId, a.configVersion);
      const customer = config ? await checkRegistration(conn, a, clock.now(), input, { config }) : undefined;
      return { config, customer };
    };
    // Refused by the configuration as this process last saw it: read the session, and with it the configuration's
    // version, and judge again (a refusal that stands is thrown by the second try).
    let { config, customer } = await checked(actor).catch(async (err: unknown) => {
      if (!speculation || !(err instanceof AppError)) throw err;
      actor = await speculation.refresh();
      speculation = undefined;
      return checked(actor);
    });
    const number = replay ? undefined : await allocateCaseNumber(conn, actor.orgId, clock.now(), true);
    // Most registrations are one statement (register-case.ts), atomic by itself: no transaction to open.
    const inTx = !registersInOneStatement(input, key);
    if (inTx) await conn.query('begin');
    try {
      const run = (a: Actor, guard?: SessionGuard) =>
        registerCase({ tx: conn, actor: a, clock, ...(config ? { config } : {}) }, input, key, number, {
          ...(customer ? { checkedCustomer: customer } : {}), ...(guard ? { sessionGuard: guard } : {}), ownTransaction: !inTx, related: opts.related === true,
        });
      let out: RegisterResult;
      try {
        out = await run(actor, speculation?.guard);
      } catch (err) {
        if (!speculation || !(err instanceof SessionChanged || err instanceof AppError)) throw err;
        // The session, its user or the configuration changed since this process last read them (or a check before
        // the statement refused as the actor last seen): nothing was written. Read the session (refused if it is
        // gone), check again as that actor, and keep the number.
        actor = await speculation.refresh();
        ({ config, customer } = await checked(actor));
        out = await run(actor);
      }
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

/** A session seen valid earlier, used without reading it (sessions.ts, speculativeSession): the guard the
 * registration's statement checks, and how to read the session for real when it fails. */
export interface Speculation {
  guard: SessionGuard;
  /** Reads the session now: the actor, or unauthenticated / password_change_required / forbidden_action. */
  refresh: () => Promise<Actor>;
}
