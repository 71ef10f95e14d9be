import { afterAll, describe, expect, it } from 'vitest';
import { testApi, testPool, PASSWORD } from './helpers.ts';
import { freshAddress, secondApp, setAuthSettings, signIn, uniqueName } from './auth-helpers.ts';

const pool = testPool();
afterAll(() => pool.end());

describe('login throttling (issue 7: 429 with Retry-After after 10 failures for one username within 15 minutes)', () => {
  it('refuses the 11th attempt for one username within 15 minutes with 429 and Retry-After, even with the right password', async () => {
    const t = await testApi(pool);
    const address = freshAddress();
    for (let i = 0; i < 10; i++) {
      const r = await signIn(t.app, { username: 'agent', password: `wrong-${i}`, org: t.org.slug, address });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_credentials');
    }
    const r = await signIn(t.app, { username: 'agent', password: PASSWORD, org: t.org.slug, address: freshAddress() });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('rate_limited');
    const retry = Number(r.headers['retry-after']);
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    // Another user of the same organisation is not affected.
    expect((await signIn(t.app, { username: 'handler', org: t.org.slug, address: freshAddress() })).status).toBe(200);
  });

  it('counts failures made through two app processes on one database together', async () => {
    const t = await testApi(pool);
    const other = await secondApp(pool);
    for (let i = 0; i < 10; i++) {
      const app = i % 2 ? other : t.app;
      expect((await signIn(app, { username: 'handler', password: 'nope-nope', org: t.org.slug, address: freshAddress() })).status).toBe(401);
    }
    expect((await signIn(other, { username: 'handler', org: t.org.slug, address: freshAddress() })).status).toBe(429);
    expect((await signIn(t.app, { username: 'handler', org: t.org.slug, address: freshAddress() })).status).toBe(429);
    await other.close();
  });

  it('lets no more than 10 of 30 simultaneous wrong passwords through to a password check, across two processes', async () => {
    const t = await testApi(pool);
    const other = await secondApp(pool);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(i % 2 ? other : t.app, { username: 'servicehead', password: `guess-${i}`, org: t.org.slug, address: freshAddress() })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
    // Guessing on one by one, the attacker gets exactly 10 password checks in the window, no more.
    for (let i = 0; i < 12; i++) statuses.push((await signIn(t.app, { username: 'servicehead', password: `more-${i}`, org: t.org.slug, address: freshAddress() })).status);
    expect(statuses.filter((s) => s === 401).length).toBe(10);
    expect((await signIn(t.app, { username: 'servicehead', org: t.org.slug, address: freshAddress() })).status).toBe(429);
    await other.close();
  });

  it('answers an unknown username exactly as a known one, throttling included, so it does not reveal which usernames exist', async () => {
    const t = await testApi(pool);
    await setAuthSettings(pool, t.org.orgId, {}); // the defaults, as for a username that names nobody
    const seq = async (username: string, org?: string) => {
      const out: string[] = [];
      for (let i = 0; i < 11; i++) {
        const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: freshAddress(), payload: { username, password: 'wrong-password', ...(org ? { org } : {}) } });
        out.push(`${r.statusCode} ${r.json().error.code} ${r.json().error.message}`);
      }
      return out;
    };
    const known = await seq('manager', t.org.slug);
    const unknown = await seq(uniqueName());
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toMatch(/^429 rate_limited/);
  });

  it('throttles one address that fails on many usernames', async () => {
    const t = await testApi(pool);
    await setAuthSettings(pool, t.org.orgId, { max_failures_per_address: 4 });
    const address = freshAddress();
    for (const username of ['agent', 'agent2', 'head', 'handler']) {
      expect((await signIn(t.app, { username, password: 'wrong-password', org: t.org.slug, address })).status).toBe(401);
    }
    const r = await signIn(t.app, { username: 'handler2', org: t.org.slug, address });
    expect(r.status).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signIn(t.app, { username: 'handler2', org: t.org.slug, address: freshAddress() })).status).toBe(200);
  });

  it('says when to come back in the caller’s language', async () => {
    const t = await testApi(pool);
    await setAuthSettings(pool, t.org.orgId, { max_failures_per_user: 1 });
    await signIn(t.app, { username: 'guard', password: 'wrong-password', org: t.org.slug, address: freshAddress() });
    const en = await signIn(t.app, { username: 'guard', org: t.org.slug, address: freshAddress(), lang: 'en-US' });
    expect(en.status).toBe(429);
    expect(en.body.error.message).toMatch(/Too many/);
    const zh = await signIn(t.app, { username: 'guard', org: t.org.slug, address: freshAddress() });
    expect(zh.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('lockout and unlock', () => {
  it('locks an account after repeated failures until an administrator unlocks it, and logs it all for admin and auditor', async () => {
    const t = await testApi(pool);
    await setAuthSettings(pool, t.org.orgId, { lockout_after: 3, max_failures_per_user: 100 });
    const address = freshAddress();
    for (let i = 0; i < 3; i++) expect((await signIn(t.app, { username: 'agent', password: 'wrong-password', org: t.org.slug, address })).status).toBe(401);
    // A locked account says so to a wrong password as to the right one: it no longer tells a right guess from a wrong one.
    expect((await signIn(t.app, { username: 'agent', password: 'wrong-again', org: t.org.slug, address })).body.error.code).toBe('account_locked');
    const locked = await signIn(t.app, { username: 'agent', org: t.org.slug, address });
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('account_locked');

    const agentId = t.org.users.get('agent')!;
    const handler = await t.login('handler');
    expect((await t.call(handler, 'POST', `/api/v1/admin/users/${agentId}/unlock`)).status).toBe(403);
    const admin = await t.login('admin');
    expect((await t.call(admin, 'POST', `/api/v1/admin/users/${agentId}/unlock`)).status).toBe(204);
    expect((await signIn(t.app, { username: 'agent', org: t.org.slug, address })).status).toBe(200);

    const log = await t.call(await t.login('auditor'), 'GET', '/api/v1/admin/auth-log?username=agent');
    expect(log.status).toBe(200);
    const events = (log.body.items as { event: string }[]).map((e) => e.event).reverse();
    expect(events).toEqual(['login_failed', 'login_failed', 'login_failed', 'locked', 'login_locked', 'login_locked', 'unlocked', 'login_ok']);
    expect((await t.call(handler, 'GET', '/api/v1/admin/auth-log')).status).toBe(403);
  });

  it('lets an unlocked user sign in at once although the throttle window has not passed', async () => {
    const t = await testApi(pool);
    await setAuthSettings(pool, t.org.orgId, { lockout_after: 2, max_failures_per_user: 2 });
    for (let i = 0; i < 2; i++) await signIn(t.app, { username: 'head', password: 'wrong-password', org: t.org.slug, address: freshAddress() });
    expect((await signIn(t.app, { username: 'head', org: t.org.slug, address: freshAddress() })).status).toBe(429);
    const admin = await t.login('admin');
    expect((await t.call(admin, 'POST', `/api/v1/admin/users/${t.org.users.get('head')}/unlock`)).status).toBe(204);
    expect((await signIn(t.app, { username: 'head', org: t.org.slug, address: freshAddress() })).status).toBe(200);
  });
});

describe('sign-in and session rules are organisation settings', () => {
  it('shows the defaults, and an administrator’s change applies from the next attempt on', async () => {
    const t = await testApi(pool);
    const admin = await t.login('admin');
    const before = await t.call(admin, 'GET', '/api/v1/admin/auth-settings');
    expect(before.body).toMatchObject({ max_failures_per_user: 10, window_minutes: 15, password_min_length: 10 });
    const put = await t.call(admin, 'PUT', '/api/v1/admin/auth-settings', { max_failures_per_user: 2 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ max_failures_per_user: 2, window_minutes: 15 });
    for (let i = 0; i < 2; i++) expect((await signIn(t.app, { username: 'agent2', password: 'wrong-password', org: t.org.slug, address: freshAddress() })).status).toBe(401);
    expect((await signIn(t.app, { username: 'agent2', org: t.org.slug, address: freshAddress() })).status).toBe(429);
  });

  it('refuses a non-administrator before reading the body, and an out-of-range value with its path', async () => {
    const t = await testApi(pool);
    const manager = await t.call(await t.login('manager'), 'PUT', '/api/v1/admin/auth-settings', { nonsense: true });
    expect(manager.status).toBe(403);
    const bad = await t.call(await t.login('admin'), 'PUT', '/api/v1/admin/auth-settings', { password_min_length: 4 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'password_min_length', code: 'too_small' })]);
  });
});
