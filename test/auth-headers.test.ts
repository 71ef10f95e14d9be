import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createOrganisation } from '../src/app/orgs/create-organisation.ts';
import { demoSpec } from '../src/app/orgs/demo.ts';
import { buildApp } from '../src/server/app.ts';
import { withTx } from '../src/store/db.ts';
import { testApi, testPool, PASSWORD } from './helpers.ts';
import { freshAddress } from './auth-helpers.ts';

const pool = testPool();
afterAll(() => pool.end());

function expectSecurityHeaders(headers: Record<string, unknown>) {
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['x-frame-options']).toBe('SAMEORIGIN');
}

describe('security headers on every response (issue 7)', () => {
  it('are sent on API answers, error answers, unknown paths and the web app', async () => {
    const t = await testApi(pool);
    const token = await t.login('agent');
    const ok = await t.call(token, 'GET', '/api/v1/cases');
    expect(ok.status).toBe(200);
    expectSecurityHeaders(ok.headers);
    const unauth = await t.app.inject({ method: 'GET', url: '/api/v1/cases' });
    expect(unauth.statusCode).toBe(401);
    expectSecurityHeaders(unauth.headers);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{oops' });
    expect(bad.statusCode).toBe(400);
    expectSecurityHeaders(bad.headers);
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(missing.statusCode).toBe(404);
    expectSecurityHeaders(missing.headers);
    // The single-page app (200 when built, 503 with instructions when not): the same headers.
    const page = await t.app.inject({ method: 'GET', url: '/cases' });
    expect([200, 503]).toContain(page.statusCode);
    expectSecurityHeaders(page.headers);
  });

  it('marks the session cookie Secure only when the app is served over https', async () => {
    const t = await testApi(pool);
    const login = { method: 'POST' as const, url: '/api/v1/auth/login', payload: { username: 'agent', password: PASSWORD, org: t.org.slug } };
    const plain = await t.app.inject(login);
    expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/i);
    expect(String(plain.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const https = await buildApp({ pool, dataDir: '/nonexistent', secureCookies: true });
    const secure = await https.inject(login);
    expect(String(secure.headers['set-cookie'])).toMatch(/; Secure/i);
    expect(secure.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    await https.close();
  });

  it('tells the sign-in page, without a session, whether the demo organisation is loaded', async () => {
    const t = await testApi(pool);
    const config = async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/auth/config' });
      expect(r.statusCode).toBe(200);
      return r.json();
    };
    const loaded = await pool.query(`select 1 from organisations where slug = 'demo'`);
    if (!loaded.rowCount) {
      expect(await config()).toEqual({ demo: false, password_min_length: 10 });
      await withTx(pool, (tx) => createOrganisation(tx, demoSpec(PASSWORD)));
    }
    expect(await config()).toEqual({ demo: true, password_min_length: 10 });
  });
});

describe('configuration: the demo and the public URL', () => {
  it('loads the demo by default only on the embedded database; with DATABASE_URL only when QINGTING_DEMO=1', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ QINGTING_DEMO: '0' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y', QINGTING_DEMO: '1' }).demo).toBe(true);
  });
  it('takes the public URL and refuses one that is not http(s)', () => {
    expect(loadConfig({ QINGTING_PUBLIC_URL: 'https://tousu.example.cn' }).publicUrl).toBe('https://tousu.example.cn');
    expect(() => loadConfig({ QINGTING_PUBLIC_URL: 'tousu.example.cn' })).toThrow(/QINGTING_PUBLIC_URL/);
  });
});

describe('configuration: which client address sign-in throttling sees', () => {
  it('believes X-Forwarded-For by default only from a proxy on this machine, and not at all when QINGTING_TRUST_PROXY=0', async () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ QINGTING_TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(loadConfig({ QINGTING_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ QINGTING_TRUST_PROXY: 'hops:1' }).trustProxy).toBe(1);
    expect(loadConfig({ QINGTING_TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
    const t = await testApi(pool);
    await t.call(await t.login('admin'), 'PUT', '/api/v1/admin/auth-settings', { max_failures_per_address: 1 });
    const direct = await buildApp({ pool, dataDir: '/nonexistent', trustProxy: false });
    const remote = freshAddress();
    const attempt = (app: typeof direct, forwarded: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: remote, headers: { 'x-forwarded-for': forwarded }, payload: { username: 'guard', password: 'wrong-password', org: t.org.slug } });
    expect((await attempt(direct, freshAddress())).statusCode).toBe(401);
    // A forged header does not make a fresh address when no proxy is trusted.
    expect((await attempt(direct, freshAddress())).statusCode).toBe(429);
    await direct.close();
    // By default a remote client's forged header counts for nothing either; a proxy on this machine is believed.
    const byDefault = await buildApp({ pool, dataDir: '/nonexistent' });
    expect((await attempt(byDefault, freshAddress())).statusCode).toBe(429);
    const local = (forwarded: string) =>
      byDefault.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': forwarded }, payload: { username: 'guard', password: 'wrong-password', org: t.org.slug } });
    expect((await local(freshAddress())).statusCode).toBe(401);
    await byDefault.close();
    // Behind one trusted proxy, the address it forwards is the client's.
    const proxied = await buildApp({ pool, dataDir: '/nonexistent', trustProxy: 1 });
    const [a, b] = [freshAddress(), freshAddress()];
    expect((await attempt(proxied, a)).statusCode).toBe(401);
    expect((await attempt(proxied, a)).statusCode).toBe(429);
    expect((await attempt(proxied, b)).statusCode).toBe(401);
    await proxied.close();
  });
});
