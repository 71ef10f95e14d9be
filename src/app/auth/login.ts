import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import { authSettingsOf, DEFAULT_AUTH_SETTINGS } from '../../domain/auth-settings.ts';
import { many, one } from '../../store/db.ts';
import { writeAuthLog } from './auth-log.ts';
import { verifyPassword } from './passwords.ts';
import { actorFor, createSession, type UserRow } from './sessions.ts';
import { beginAttempt } from './throttle.ts';

// Verified when the user is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Signs a user in by username (and organisation slug when several organisations share the name), from `address`.
 * Every attempt is logged; too many recent failures for the username or the address are refused before the
 * password is checked; `lockoutAfter` consecutive failures lock the account until an administrator unlocks it.
 * Unknown users, wrong passwords and disabled accounts all answer the same.
 * @throws rate_limited (throttled), invalid_credentials, account_locked (a locked account, whatever the password).
 */
export async function login(pool: pg.Pool, input: { username: string; password: string; org?: string | undefined; address: string }) {
  const rows = await many<UserRow & { settings: unknown }>(
    pool,
    `select u.*, o.settings from users u join organisations o on o.id = u.org_id
      where u.username = $1 and ($2::text is null or o.slug = $2)`,
    [input.username, input.org ?? null],
  );
  const user = rows.length === 1 ? rows[0] : undefined;
  const s = user ? authSettingsOf(user.settings) : DEFAULT_AUTH_SETTINGS;
  const attempt = await beginAttempt(pool, { orgId: user?.org_id, userId: user?.id, username: input.username, address: input.address }, s);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  // A locked account says so whatever the password, so that it no longer tells a right guess from a wrong one.
  if (user?.active && user.locked_at) {
    await attempt.locked();
    throw new AppError('account_locked');
  }
  if (!user || !ok || !user.active) {
    if (user && !ok) await countFailure(pool, user, s.lockoutAfter, input.address);
    throw new AppError('invalid_credentials');
  }
  await attempt.succeeded();
  await pool.query('update users set failed_logins = 0 where org_id = $1 and id = $2', [user.org_id, user.id]);
  const token = await createSession(pool, user, s);
  return { token, actor: await actorFor(pool, user), mustChangePassword: user.must_change_password, sessionHours: s.sessionAbsoluteHours };
}

/** One more consecutive failure; the one that reaches the limit locks the account (logged once). */
async function countFailure(pool: pg.Pool, user: UserRow, lockoutAfter: number, address: string) {
  const r = await one<{ newly_locked: boolean }>(
    pool,
    `update users set failed_logins = failed_logins + 1,
            locked_at = case when locked_at is null and failed_logins + 1 >= $3 then now() else locked_at end
      where org_id = $1 and id = $2
      returning locked_at is not null and failed_logins = $3 as newly_locked`,
    [user.org_id, user.id, lockoutAfter],
  );
  if (r?.newly_locked) await writeAuthLog(pool, { orgId: user.org_id, userId: user.id, username: user.username, address, event: 'locked' });
}
