import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import { authSettingsOf } from '../../domain/auth-settings.ts';
import { one, withTx, type Db } from '../../store/db.ts';
import { hasRole, type Actor } from '../context.ts';
import { writeAuthLog } from './auth-log.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import { hashPassword } from './passwords.ts';
import { closeSessions } from './sessions.ts';

interface Target {
  id: string;
  username: string;
  settings: unknown;
}

/** Resetting passwords and unlocking accounts is for administrators. @throws forbidden_action. */
export function assertAccountAdmin(actor: Actor) {
  if (!hasRole(actor, 'admin')) throw new AppError('forbidden_action', undefined, { action: 'admin' });
}

/** A user of the administrator's own organisation. @throws forbidden_action (not an admin), not_found. */
async function targetOf(db: Db, actor: Actor, userId: string): Promise<Target> {
  assertAccountAdmin(actor);
  const t = await one<Target>(
    db,
    `select u.id, u.username, o.settings from users u join organisations o on o.id = u.org_id where u.org_id = $1 and u.id = $2::uuid`,
    [actor.orgId, userId],
  );
  if (!t) throw new AppError('not_found');
  return t;
}

/** A temporary password: 16 random characters, shown once. */
export const generatePassword = () => randomBytes(12).toString('base64url');

/**
 * An administrator resets a user's password: to the one given (it must meet the rules), or to a generated one
 * returned once. Unless `must_change` is false (only allowed for a password the administrator chose), the user
 * must change it at their next sign-in. Also unlocks the account and closes all its sessions.
 * @throws forbidden_action, not_found, weak_password.
 */
export async function resetPassword(
  pool: pg.Pool,
  actor: Actor,
  userId: string,
  input: { password?: string | undefined; must_change?: boolean | undefined; address: string },
): Promise<{ temporary_password?: string }> {
  const t = await targetOf(pool, actor, userId);
  if (input.password !== undefined)
    assertPasswordAcceptable(input.password, { minLength: authSettingsOf(t.settings).passwordMinLength, username: t.username, path: 'password' });
  const password = input.password ?? generatePassword();
  const mustChange = input.password === undefined ? true : input.must_change ?? true;
  const hash = await hashPassword(password);
  await withTx(pool, async (tx) => {
    await tx.query(
      `update users set password_hash = $3, must_change_password = $4, failed_logins = 0, locked_at = null, password_changed_at = now()
        where org_id = $1 and id = $2`,
      [actor.orgId, t.id, hash, mustChange],
    );
    await closeSessions(tx, { orgId: actor.orgId, userId: t.id });
    await writeAuthLog(tx, { orgId: actor.orgId, userId: t.id, username: t.username, address: input.address, event: 'password_reset', actorId: actor.userId });
  });
  return input.password === undefined ? { temporary_password: password } : {};
}

/** An administrator unlocks an account locked after failed sign-ins (its recent failures stop counting).
 * @throws forbidden_action, not_found. */
export async function unlockUser(pool: pg.Pool, actor: Actor, userId: string, address: string): Promise<void> {
  const t = await targetOf(pool, actor, userId);
  await withTx(pool, async (tx) => {
    await tx.query('update users set failed_logins = 0, locked_at = null where org_id = $1 and id = $2', [actor.orgId, t.id]);
    await writeAuthLog(tx, { orgId: actor.orgId, userId: t.id, username: t.username, address, event: 'unlocked', actorId: actor.userId });
  });
}
