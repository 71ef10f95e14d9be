import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import { authSettingsOf } from '../../domain/auth-settings.ts';
import { one, withTx } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import { writeAuthLog } from './auth-log.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { closeSessions } from './sessions.ts';
import { beginAttempt } from './throttle.ts';

/**
 * Changes the signed-in user's own password: the current one must be given (a wrong one counts towards the
 * sign-in throttle like a failed login), the new one must meet the password rules and differ from it. Clears a
 * forced change and closes the user's other sessions.
 * @throws rate_limited, current_password_incorrect, weak_password.
 */
export async function changePassword(
  pool: pg.Pool,
  actor: Actor,
  input: { current_password: string; new_password: string; token: string; address: string },
): Promise<void> {
  const user = await one<{ password_hash: string; settings: unknown }>(
    pool,
    `select u.password_hash, o.settings from users u join organisations o on o.id = u.org_id where u.org_id = $1 and u.id = $2`,
    [actor.orgId, actor.userId],
  );
  if (!user) throw new AppError('unauthenticated');
  const s = authSettingsOf(user.settings);
  const attempt = await beginAttempt(pool, { orgId: actor.orgId, userId: actor.userId, username: actor.username, address: input.address }, s);
  if (!(await verifyPassword(input.current_password, user.password_hash))) throw new AppError('current_password_incorrect');
  await attempt.succeeded();
  if (input.new_password === input.current_password)
    throw new AppError('weak_password', [{ path: 'new_password', code: 'password_unchanged', message: 'unchanged' }]);
  assertPasswordAcceptable(input.new_password, { minLength: s.passwordMinLength, username: actor.username });
  const hash = await hashPassword(input.new_password);
  await withTx(pool, async (tx) => {
    await tx.query(
      `update users set password_hash = $3, must_change_password = false, password_changed_at = now() where org_id = $1 and id = $2`,
      [actor.orgId, actor.userId, hash],
    );
    await closeSessions(tx, actor, input.token);
    await writeAuthLog(tx, { orgId: actor.orgId, userId: actor.userId, username: actor.username, address: input.address, event: 'password_changed', actorId: actor.userId });
  });
}
