import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import type { Role } from '../../contract/enums.ts';
import { many, one, type Db } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import { nearestNonDepartment } from '../refs.ts';
import { verifyPassword } from './passwords.ts';

const SESSION_DAYS = 14;
const CACHE_MS = 5_000;
const cache = new Map<string, { actor: Actor; until: number }>();

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface UserRow {
  org_id: string;
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  unit_id: string;
  locale: 'zh-CN' | 'en-US';
  active: boolean;
}

/** Signs a user in by username (and organisation slug when several organisations share the name).
 * @throws invalid_credentials for an unknown user, a wrong password or a disabled account. */
export async function login(pool: pg.Pool, input: { username: string; password: string; org?: string | undefined }) {
  const rows = await many<UserRow & { slug: string }>(
    pool,
    `select u.*, o.slug from users u join organisations o on o.id = u.org_id
      where u.username = $1 and ($2::text is null or o.slug = $2)`,
    [input.username, input.org ?? null],
  );
  const user = rows.length === 1 ? rows[0] : undefined;
  // Verify even when the user is unknown, so timing does not reveal which usernames exist.
  const ok = await verifyPassword(input.password, user?.password_hash ?? 'scrypt$16384$AAAA$AAAA');
  if (!user || !ok || !user.active) throw new AppError('invalid_credentials');
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    `insert into sessions (token_hash, org_id, user_id, expires_at) values ($1, $2, $3, now() + $4 * interval '1 day')`,
    [hashToken(token), user.org_id, user.id, SESSION_DAYS],
  );
  return { token, actor: await actorFor(pool, user) };
}

export async function logout(pool: pg.Pool, token: string): Promise<void> {
  const h = hashToken(token);
  cache.delete(h);
  await pool.query('delete from sessions where token_hash = $1', [h]);
}

/** The actor behind a session token, or undefined when the token is unknown or expired. */
export async function actorFromToken(pool: pg.Pool, token: string): Promise<Actor | undefined> {
  const h = hashToken(token);
  const hit = cache.get(h);
  if (hit && hit.until > Date.now()) return hit.actor;
  const user = await one<UserRow>(
    pool,
    `select u.* from sessions s join users u on u.org_id = s.org_id and u.id = s.user_id
      where s.token_hash = $1 and s.expires_at > now() and u.active`,
    [h],
  );
  if (!user) {
    cache.delete(h);
    return undefined;
  }
  const actor = await actorFor(pool, user);
  if (cache.size > 10_000) cache.clear();
  cache.set(h, { actor, until: Date.now() + CACHE_MS });
  return actor;
}

/** A user's scope: department staff see their department's subtree; agents and managers the store/project
 * (or higher unit) they belong to, so a front desk in a project's service centre sees the whole project. */
export async function actorFor(db: Db, user: UserRow): Promise<Actor> {
  const deptOnly = user.roles.every((r) => r === 'handler' || r === 'department_head');
  const root = deptOnly
    ? user.unit_id
    : await nearestNonDepartment(db, user.org_id, user.unit_id);
  const scope = await many<{ id: string }>(db, `select id from units where org_id = $1 and $2 = any(path)`, [user.org_id, root]);
  return {
    orgId: user.org_id,
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: user.roles,
    unitId: user.unit_id,
    scopeUnitIds: scope.map((r) => r.id),
    locale: user.locale,
  };
}
