import { many, type Db } from '../../store/db.ts';
import { hasRole, type Actor } from '../context.ts';
import { AppError } from '../../contract/errors.ts';

export type AuthEvent =
  | 'login_failed' | 'login_ok' | 'login_throttled' | 'login_locked' | 'locked' | 'unlocked'
  | 'logout' | 'logout_all' | 'password_changed' | 'password_reset';

export interface AuthLogEntry {
  orgId?: string | null | undefined;
  userId?: string | null | undefined;
  username: string;
  address: string;
  event: AuthEvent;
  actorId?: string | undefined;
}

/** Appends one row to the auth log and returns its id. */
export async function writeAuthLog(db: Db, e: AuthLogEntry): Promise<string> {
  const rows = await many<{ id: string }>(
    db,
    `insert into auth_log (org_id, user_id, username, address, event, actor_id) values ($1, $2, $3, $4, $5, $6) returning id`,
    [e.orgId ?? null, e.userId ?? null, e.username, e.address, e.event, e.actorId ?? null],
  );
  return rows[0]!.id;
}

/** The organisation's auth log, newest first, for administrators and auditors (attempts on usernames that match
 * no user belong to no organisation and are not listed). @throws forbidden_action for other roles. */
export async function listAuthLog(db: Db, actor: Actor, q: { username?: string | undefined; event?: string | undefined; before?: string | undefined; limit: number }) {
  assertMayReadAuthLog(actor);
  return many<Record<string, unknown>>(
    db,
    `select id::text, user_id, username, address, event, actor_id, at from auth_log
      where org_id = $1 and ($2::text is null or username = $2) and ($3::text is null or event = $3)
        and ($4::bigint is null or auth_log.id < $4) order by auth_log.id desc limit $5`,
    [actor.orgId, q.username ?? null, q.event ?? null, q.before ?? null, q.limit],
  );
}

/** The auth log is for administrators and auditors. @throws forbidden_action. */
export function assertMayReadAuthLog(actor: Actor) {
  if (!hasRole(actor, 'admin', 'auditor')) throw new AppError('forbidden_action', undefined, { action: 'admin' });
}
