import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Role } from '../../contract/enums.ts';
import { authSettingSql, type AuthSettings } from '../../domain/auth-settings.ts';
import { many, prepared, type Db } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import { nearestNonDepartment } from '../refs.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface UserRow {
  org_id: string;
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  unit_id: string;
  locale: 'zh-CN' | 'en-US';
  active: boolean;
  must_change_password: boolean;
  locked_at: Date | null;
}

/** A session is valid until its absolute expiry and while it has been used within the idle limit (both settings). */
const VALID = `s.expires_at > now() and s.last_seen_at > now() - make_interval(mins => ${authSettingSql('sessionIdleMinutes')})`;

/** Opens a session for a user who has just proven who they are; the user's oldest sessions beyond the cap are
 * closed. Returns the bearer token (only its hash is stored). */
export async function createSession(db: Db, user: { org_id: string; id: string }, s: AuthSettings): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query(
    `insert into sessions (token_hash, org_id, user_id, expires_at) values ($1, $2, $3, now() + make_interval(hours => $4))`,
    [hashToken(token), user.org_id, user.id, s.sessionAbsoluteHours],
  );
  await db.query(
    `delete from sessions where token_hash in (select token_hash from sessions where org_id = $1 and user_id = $2
      order by created_at desc, token_hash offset $3)`,
    [user.org_id, user.id, s.maxSessionsPerUser],
  );
  return token;
}

export async function logout(pool: pg.Pool, token: string): Promise<void> {
  await pool.query('delete from sessions where token_hash = $1', [hashToken(token)]);
}

/** Closes every session of a user (all devices, every process at once: sessions are only ever read from the
 * database). `exceptToken` keeps the caller's own. */
export async function closeSessions(db: Db, user: { orgId: string; userId: string }, exceptToken?: string): Promise<number> {
  const r = await db.query('delete from sessions where org_id = $1 and user_id = $2 and token_hash <> $3', [
    user.orgId,
    user.userId,
    exceptToken ? hashToken(exceptToken) : '',
  ]);
  return r.rowCount ?? 0;
}

export interface Session {
  actor: Actor;
  mustChangePassword: boolean;
}

/**
 * The session behind a token, read from the database on every request (no cache: a logout or a disabled account
 * takes effect at once in every process), or undefined when unknown, expired, idle too long or the user is disabled.
 */
export async function sessionFromToken(pool: pg.Pool, token: string): Promise<Session | undefined> {
  const h = hashToken(token);
  // With the version of the organisation's configuration (org-config.ts), so a request that uses the cached
  // configuration needs no statement of its own to know it is current.
  const r = await pool.query<UserRow & { stale: boolean; config_version: number }>(prepared(
    `select u.*, s.last_seen_at < now() - interval '1 minute' as stale,
            coalesce((select version from org_config_versions v where v.org_id = s.org_id), 0)::int as config_version
       from sessions s join users u on u.org_id = s.org_id and u.id = s.user_id join organisations o on o.id = s.org_id
      where s.token_hash = $1 and ${VALID} and u.active`,
    [h],
  ));
  const user = r.rows[0];
  if (!user) {
    recent.delete(h);
    return undefined;
  }
  // Touch at most once a minute: the idle limit is in minutes, and a write per request would be waste.
  if (user.stale) await pool.query('update sessions set last_seen_at = now() where token_hash = $1', [h]);
  remember(h, user);
  return { actor: { ...(await actorFor(pool, user)), configVersion: user.config_version }, mustChangePassword: user.must_change_password };
}

/**
 * A session as this process last saw it valid, for a write that checks it again in its own statement instead of
 * reading it first (issue 8: registration in one statement). `guard` is that check (sessionGuardSql).
 */
export interface SpeculativeSession {
  session: Session;
  guard: SessionGuard;
}
/** What the session was when seen: the token's hash, the user's fields the actor is made of, the configuration. */
export interface SessionGuard {
  tokenHash: string;
  roles: Role[];
  unitId: string;
  username: string;
  displayName: string;
  locale: string;
  configVersion: number;
}

// Sessions seen valid lately, by token hash. Never trusted by themselves: a write using one checks in its own
// statement that the session is still valid and the user and configuration unchanged (sessionGuardSql), and falls
// back to reading the session when not. So a logout or a disabled account still takes effect at once everywhere.
const RECENT_MS = 60_000;
const recent = new Map<string, { user: UserRow & { config_version: number }; until: number }>();

function remember(h: string, user: UserRow & { config_version: number }) {
  if (user.must_change_password) return void recent.delete(h);
  if (recent.size > 10_000) recent.clear();
  recent.set(h, { user, until: Date.now() + RECENT_MS });
}

/** The session behind `token` as last seen valid in this process (to be checked by the write), if seen lately. */
export async function speculativeSession(db: Db, token: string): Promise<SpeculativeSession | undefined> {
  const h = hashToken(token);
  const hit = recent.get(h);
  if (!hit || hit.until <= Date.now()) return undefined;
  const u = hit.user;
  return {
    session: { actor: { ...(await actorFor(db, u)), configVersion: u.config_version }, mustChangePassword: false },
    guard: { tokenHash: h, roles: u.roles, unitId: u.unit_id, username: u.username, displayName: u.display_name, locale: u.locale, configVersion: u.config_version },
  };
}

/** Forgets a session seen valid (its write found it no longer so). */
export function forgetSpeculation(token: string): void {
  recent.delete(hashToken(token));
}

/**
 * SQL for a CTE yielding one row when the session in `g` is still valid, its user still active with the same
 * roles, unit, names and language and no password change due, and the organisation's configuration at the same
 * version — i.e. when reading the session now would give the same actor. Also moves the session's idle limit on
 * (at most once a minute), as reading it does. Appends its values to `params`.
 */
export function sessionGuardSql(g: SessionGuard, params: unknown[]): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const h = p(g.tokenHash);
  return `select s.token_hash, s.last_seen_at < now() - interval '1 minute' as stale
       from sessions s join users u on u.org_id = s.org_id and u.id = s.user_id join organisations o on o.id = s.org_id
      where s.token_hash = ${h} and ${VALID} and u.active and not u.must_change_password
        and u.roles = ${p(g.roles)}::text[] and u.unit_id = ${p(g.unitId)}::uuid and u.username = ${p(g.username)}::text
        and u.display_name = ${p(g.displayName)}::text and u.locale = ${p(g.locale)}::text
        and coalesce((select version from org_config_versions v where v.org_id = s.org_id), 0) = ${p(g.configVersion)}::int`;
}

/** The session touch that goes with sessionGuardSql (`guard` is the name of the guard's CTE). */
export const sessionTouchSql = (guard: string) =>
  `update sessions t set last_seen_at = now() from ${guard} g where t.token_hash = g.token_hash and g.stale`;

/** Deletes sessions past their absolute expiry or idle limit. Returns how many. */
export async function deleteExpiredSessions(db: Db): Promise<number> {
  const r = await db.query(`delete from sessions s using organisations o where o.id = s.org_id and not (${VALID})`);
  return r.rowCount ?? 0;
}

// The unit subtree a scope root covers changes only when units are added or moved: a few seconds of reuse saves
// two queries per request. Sessions themselves are never cached.
const SCOPE_MS = 5_000;
const scopes = new Map<string, { ids: string[]; until: number }>();

/** Drops the cached scopes (a unit moved: a scope's subtree changed). Other processes catch up within SCOPE_MS. */
export function forgetScopes(): void {
  scopes.clear();
}

/** A user's scope: department staff see their department's subtree; agents and managers the store/project
 * (or higher unit) they belong to, so a front desk in a project's service centre sees the whole project. */
export async function actorFor(db: Db, user: Pick<UserRow, 'org_id' | 'id' | 'username' | 'display_name' | 'roles' | 'unit_id' | 'locale'>): Promise<Actor> {
  const deptOnly = user.roles.every((r) => r === 'handler' || r === 'department_head');
  const key = `${user.org_id}:${user.unit_id}:${deptOnly}`;
  let hit = scopes.get(key);
  if (!hit || hit.until <= Date.now()) {
    const root = deptOnly ? user.unit_id : await nearestNonDepartment(db, user.org_id, user.unit_id);
    const scope = await many<{ id: string }>(db, `select id from units where org_id = $1 and $2 = any(path)`, [user.org_id, root]);
    if (scopes.size > 10_000) scopes.clear();
    hit = { ids: scope.map((r) => r.id), until: Date.now() + SCOPE_MS };
    scopes.set(key, hit);
  }
  return {
    orgId: user.org_id,
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: user.roles,
    unitId: user.unit_id,
    scopeUnitIds: hit.ids,
    locale: user.locale,
  };
}
