import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/contract/enums.ts';
import { LIFECYCLE } from '../src/domain/lifecycle.ts';
import { ROLE_RIGHTS, rolesMay } from '../src/domain/roles.ts';
import { abilityFor } from '../src/app/cases/case.policy.ts';
import { needOf, registeredRoutes, ROUTE_NEEDS } from '../src/server/route-abilities.ts';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

// One demo user per role (src/app/orgs/demo.ts), each able to see the case used below.
const USER_OF: Record<Role, string> = {
  agent: 'agent', handler: 'handler', department_head: 'head', unit_manager: 'manager',
  complaint_center: 'center', admin: 'admin', auditor: 'auditor',
};

let pool: pg.Pool;
let t: TestApi;
let caseId: string;
const tok = {} as Record<Role, string>;

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const role of ROLES) tok[role] = await t.login(USER_OF[role]);
  let c = (await t.call(tok.agent, 'POST', '/api/v1/cases', complaint())).body;
  c = (await t.call(tok.agent, 'POST', `/api/v1/cases/${c.id}/actions/accept`, { version: c.version, category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' })).body;
  c = (await t.call(tok.agent, 'POST', `/api/v1/cases/${c.id}/actions/assign`, { version: c.version, department_id: t.org.units.get('cuihu.engineering') })).body;
  caseId = c.id;
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

/** One request per route: path parameters filled in; an action route once per kind of right it needs. */
function requests() {
  const out: { route: string; method: string; url: string; body?: unknown; ability: string }[] = [];
  for (const r of registeredRoutes(t.app)) {
    const route = `${r.method} ${r.url}`;
    const need = needOf(r.method, r.url)!;
    const fill = (action: string) =>
      r.url
        .replace(':id', r.url.startsWith('/api/v1/cases') ? caseId : randomUUID())
        .replace(':attachmentId', randomUUID())
        .replace(':action', action)
        .replace('/*', '/cases');
    const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
    if (need === 'act_or_reveal' && !r.url.endsWith(':action')) {
      // A lifecycle action's own route: an empty body, so getting past the guard shows as a 400 from validation.
      const action = r.url.slice(r.url.lastIndexOf('/') + 1);
      out.push({ route, method: r.method, url: fill(''), body: {}, ability: abilityFor(action) });
    } else if (need === 'act_or_reveal') {
      out.push({ route, method: r.method, url: fill('comment'), body: { note: '权限测试' }, ability: 'act' });
      out.push({ route, method: r.method, url: fill('reveal_phone'), body: { reason: '权限测试' }, ability: 'reveal' });
    } else out.push({ route, method: r.method, url: fill(''), body, ability: need });
  }
  return out;
}

async function rowCounts(): Promise<Record<string, number>> {
  const tables = ['cases', 'case_events', 'customers', 'attachments', 'units', 'users', 'categories', 'audit_log'];
  const r = await pool.query(`select ${tables.map((x) => `(select count(*)::int from ${x} where org_id = $1) as ${x}`).join(', ')}`, [t.org.orgId]);
  return r.rows[0];
}

describe('the roles table over every route', () => {
  it('has an entry for every route the app serves, so a new route cannot slip through unguarded', () => {
    const routes = registeredRoutes(t.app);
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => needOf(r.method, r.url) === undefined).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    // …and no stale entries for routes that are gone.
    const served = new Set(routes.map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(ROUTE_NEEDS).filter((k) => !served.has(k))).toEqual([]);
  });

  it('refuses every role a route its table row does not grant, before reading the body, and stores nothing', async () => {
    const before = await rowCounts();
    const seen: string[] = [];
    for (const role of ROLES) {
      for (const q of requests()) {
        if (q.ability === 'public' || q.ability === 'signed_in' || rolesMay([role], q.ability as never)) continue;
        const r = await t.call(tok[role], q.method, q.url, q.body);
        seen.push(`${role} ${q.route} ${q.ability}`);
        // 403 with the code, never 400 (which would tell the caller the route's field list) nor a 2xx.
        expect([role, q.method, q.url, r.status, r.body?.error?.code]).toEqual([role, q.method, q.url, 403, 'forbidden_action']);
      }
    }
    expect(seen.length).toBeGreaterThan(40);
    expect(await rowCounts()).toEqual(before);
  });

  it('lets every role through to the routes its row grants (what follows is the use case’s business)', async () => {
    for (const role of ROLES) {
      for (const q of requests()) {
        if (q.ability !== 'public' && q.ability !== 'signed_in' && !rolesMay([role], q.ability as never)) continue;
        if (q.route === 'POST /api/v1/auth/logout' || q.route === 'POST /api/v1/auth/logout-all') continue; // would end the session the loop uses
        const r = await t.call(tok[role], q.method, q.url, q.body);
        expect([role, q.method, q.url, r.status === 401 || (r.status === 403 && r.body?.error?.code === 'forbidden_action')]).toEqual([role, q.method, q.url, false]);
      }
    }
  });

  it('keeps the auditor read-only: every write route answers 403 and nothing is stored', async () => {
    const before = await rowCounts();
    // Public routes (the customer portal, channel callbacks) check their own credentials (a portal token, an API
    // token, a signature), never a staff session: the roles table does not apply to them.
    // Saved views are the auditor's own list filters (issue 9), not the organisation's data: they may keep them.
    const writes = requests().filter((q) => q.method !== 'GET' && !q.route.startsWith('POST /api/v1/auth/') && ROUTE_NEEDS[q.route] !== 'public' && !q.route.includes('/api/v1/saved-views'));
    expect(writes.length).toBeGreaterThan(15);
    for (const q of writes) {
      const r = await t.call(tok.auditor, q.method, q.url, q.body);
      expect([q.method, q.url, r.status]).toEqual([q.method, q.url, 403]);
    }
    // Every lifecycle step, not only the one the route loop tried.
    for (const rule of LIFECYCLE) {
      const r = await t.call(tok.auditor, 'POST', `/api/v1/cases/${caseId}/actions/${rule.action}`, { reason: '审计', note: '审计' });
      expect([rule.action, r.status]).toEqual([rule.action, 403]);
    }
    // A well-formed registration and a real upload are refused too.
    expect((await t.call(tok.auditor, 'POST', '/api/v1/cases', complaint())).status).toBe(403);
    expect((await t.call(tok.auditor, 'POST', `/api/v1/cases/${caseId}/attachments?filename=a.txt`, Buffer.from('hello'), { 'content-type': 'text/plain' })).status).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it('serves the caller’s row of the table as abilities for the UI', async () => {
    const me = async (role: Role) => (await t.call(tok[role], 'GET', '/api/v1/abilities')).body;
    expect((await me('auditor')).abilities).toEqual(['read', 'audit', 'analyse', 'export']);
    expect((await me('agent')).abilities).toEqual(['read', 'register', 'act', 'reveal']);
    expect(await me('admin')).toMatchObject({ abilities: ['read', 'register', 'act', 'reveal', 'administer', 'audit', 'analyse', 'export', 'account'], org_wide: true, sees_contact: true, cross_unit: 'any' });
    expect((await me('handler')).table).toEqual(JSON.parse(JSON.stringify(ROLE_RIGHTS)));
  });
});
