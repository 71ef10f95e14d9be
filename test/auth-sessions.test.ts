import { afterAll, describe, expect, it } from 'vitest';
import { cleanupSessionsOnce } from '../src/jobs/session-cleanup.job.ts';
import { hashToken } from '../src/app/auth/sessions.ts';
import { testApi, testPool } from './helpers.ts';
import { freshAddress, secondApp, setAuthSettings, signIn } from './auth-helpers.ts';

const pool = testPool();
afterAll(() => pool.end());

const me = async (app: Awaited<ReturnType<typeof secondApp>>, token: string) =>
  (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode;

describe('sessions (issue 7: expire, cleaned up by a job, capped per user, logout everywhere at once)', () => {
  it('a logout in one process is refused by another process on its very next request', async () => {
    const t = await testApi(pool);
    const other = await secondApp(pool);
    const token = await t.login('agent');
    expect(await me(other, token)).toBe(200); // the other process has just seen the session
    expect((await t.call(token, 'POST', '/api/v1/auth/logout')).status).toBe(204);
    expect(await me(other, token)).toBe(401);
    await other.close();
  });

  it('logging out everywhere ends every session of the user in every process, and no one else’s', async () => {
    const t = await testApi(pool);
    const other = await secondApp(pool);
    const a = (await signIn(t.app, { username: 'agent', org: t.org.slug, address: freshAddress() })).token!;
    const b = (await signIn(other, { username: 'agent', org: t.org.slug, address: freshAddress() })).token!;
    const someoneElse = await t.login('handler');
    expect(await me(other, a)).toBe(200);
    expect(await me(t.app, b)).toBe(200);
    expect((await t.call(a, 'POST', '/api/v1/auth/logout-all')).status).toBe(204);
    expect(await me(other, a)).toBe(401);
    expect(await me(other, b)).toBe(401);
    expect(await me(t.app, b)).toBe(401);
    expect(await me(other, someoneElse)).toBe(200);
    await other.close();
  });

  it('a disabled user is refused at once in every process', async () => {
    const t = await testApi(pool);
    const other = await secondApp(pool);
    const token = await t.login('handler2');
    expect(await me(other, token)).toBe(200);
    await pool.query('update users set active = false where org_id = $1 and id = $2', [t.org.orgId, t.org.users.get('handler2')]);
    expect(await me(other, token)).toBe(401);
    await other.close();
  });

  it('keeps at most the configured number of sessions per user, dropping the oldest', async () => {
    const t = await testApi(pool);
    await setAuthSettings(pool, t.org.orgId, { max_sessions_per_user: 3 });
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) tokens.push((await signIn(t.app, { username: 'head', org: t.org.slug, address: freshAddress() })).token!);
    expect(await Promise.all(tokens.map((tk) => me(t.app, tk)))).toEqual([401, 200, 200, 200]);
  });

  it('expires a session idle longer than the idle limit, and any session past its absolute limit', async () => {
    const t = await testApi(pool);
    await setAuthSettings(pool, t.org.orgId, { session_idle_minutes: 30, session_absolute_hours: 24 });
    const idle = (await signIn(t.app, { username: 'agent', org: t.org.slug, address: freshAddress() })).token!;
    const old = (await signIn(t.app, { username: 'agent', org: t.org.slug, address: freshAddress() })).token!;
    const fresh = (await signIn(t.app, { username: 'agent', org: t.org.slug, address: freshAddress() })).token!;
    const busy = (await signIn(t.app, { username: 'agent', org: t.org.slug, address: freshAddress() })).token!;
    const expires = await pool.query('select extract(epoch from expires_at - created_at)::int as life from sessions where token_hash = $1', [hashToken(fresh)]);
    expect(expires.rows[0].life).toBe(24 * 3600);
    await pool.query(`update sessions set last_seen_at = now() - interval '31 minutes' where token_hash = $1`, [hashToken(idle)]);
    await pool.query(`update sessions set last_seen_at = now() - interval '29 minutes' where token_hash = $1`, [hashToken(busy)]);
    await pool.query(`update sessions set expires_at = now() - interval '1 second' where token_hash = $1`, [hashToken(old)]);
    expect(await me(t.app, idle)).toBe(401);
    expect(await me(t.app, old)).toBe(401);
    expect(await me(t.app, fresh)).toBe(200);
    // Using a session moves its idle limit on.
    expect(await me(t.app, busy)).toBe(200);
    const seen = await pool.query(`select last_seen_at > now() - interval '1 minute' as touched from sessions where token_hash = $1`, [hashToken(busy)]);
    expect(seen.rows[0].touched).toBe(true);
  });

  it('the cleanup job deletes expired and idle sessions, keeps live ones, and running it twice changes nothing more', async () => {
    const t = await testApi(pool);
    await setAuthSettings(pool, t.org.orgId, { session_idle_minutes: 30 });
    const tokens = [];
    for (let i = 0; i < 3; i++) tokens.push((await signIn(t.app, { username: 'manager', org: t.org.slug, address: freshAddress() })).token!);
    await pool.query(`update sessions set last_seen_at = now() - interval '2 hours' where token_hash = $1`, [hashToken(tokens[0]!)]);
    await pool.query(`update sessions set expires_at = now() - interval '1 second' where token_hash = $1`, [hashToken(tokens[1]!)]);
    const left = async () => (await pool.query('select token_hash from sessions where org_id = $1', [t.org.orgId])).rows.map((r) => r.token_hash);
    expect(await left()).toHaveLength(3);
    expect(await cleanupSessionsOnce(pool)).toBeGreaterThanOrEqual(2);
    expect(await left()).toEqual([hashToken(tokens[2]!)]);
    await cleanupSessionsOnce(pool);
    expect(await left()).toEqual([hashToken(tokens[2]!)]);
  });

  it('the cleanup job forgets sign-in attempts on unknown usernames after 90 days, and keeps every organisation’s log', async () => {
    const t = await testApi(pool);
    const stray = `nobody-${Math.random().toString(36).slice(2, 10)}`;
    await pool.query(
      `insert into auth_log (org_id, user_id, username, address, event, at) values
         (null, null, $1, '10.0.0.1', 'login_failed', now() - interval '91 days'),
         (null, null, $1, '10.0.0.1', 'login_failed', now() - interval '89 days'),
         ($2, $3, 'agent', '10.0.0.1', 'login_failed', now() - interval '400 days')`,
      [stray, t.org.orgId, t.org.users.get('agent')],
    );
    await cleanupSessionsOnce(pool);
    expect((await pool.query('select count(*)::int as n from auth_log where username = $1', [stray])).rows[0].n).toBe(1);
    expect((await pool.query('select count(*)::int as n from auth_log where org_id = $1', [t.org.orgId])).rows[0].n).toBe(1);
  });
});
