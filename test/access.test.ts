import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};
let cuihuCase: { id: string; version: number };
let nanshanCase: { id: string; version: number };

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['agent', 'agent2', 'handler', 'handler2', 'head', 'manager', 'regional', 'center', 'auditor', 'admin']) tok[u] = await t.login(u);
  cuihuCase = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body;
  nanshanCase = (await t.call(tok.agent2!, 'POST', '/api/v1/cases', complaint({ subject: '南山名苑停车难' }))).body;
  let c = (await t.call(tok.agent!, 'POST', `/api/v1/cases/${cuihuCase.id}/actions/accept`, { version: cuihuCase.version, category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' })).body;
  c = (await t.call(tok.agent!, 'POST', `/api/v1/cases/${c.id}/actions/assign`, { version: c.version, department_id: t.org.units.get('cuihu.engineering') })).body;
  cuihuCase = c;
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const sees = async (user: string, id: string) => (await t.call(tok[user]!, 'GET', `/api/v1/cases/${id}`)).status === 200;

describe('who sees which case', () => {
  it('lets each role see its own unit’s cases and gives everyone else 404', async () => {
    const expected: Record<string, [boolean, boolean]> = {
      agent: [true, false], // front desk of 翠湖花园 sees the project's cases
      agent2: [false, true],
      handler: [true, false], // engineering department of 翠湖花园, where the case was assigned
      handler2: [false, false], // environment department: not its case
      head: [true, false],
      manager: [true, false],
      regional: [true, false], // 华东 region holds 翠湖 but not 南山 (华南)
      center: [true, true],
      auditor: [true, true],
      admin: [true, true],
    };
    for (const [user, [cuihu, nanshan]] of Object.entries(expected)) {
      expect([user, await sees(user, cuihuCase.id), await sees(user, nanshanCase.id)]).toEqual([user, cuihu, nanshan]);
    }
  });

  it('scopes lists the same way, with totals that match', async () => {
    const ids = async (user: string) => (await t.call(tok[user]!, 'GET', '/api/v1/cases?page_size=200')).body.items.map((c: { id: string }) => c.id).sort();
    expect(await ids('agent2')).toEqual([nanshanCase.id]);
    expect(await ids('handler2')).toEqual([]);
    expect((await ids('center')).sort()).toEqual([cuihuCase.id, nanshanCase.id].sort());
  });

  it('lets a handler see but not resolve a case of another handler’s assignment', async () => {
    const r = await t.call(tok.agent!, 'POST', `/api/v1/cases/${cuihuCase.id}/actions/start`, { version: cuihuCase.version });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden_action');
  });

  it('gives the auditor read access only', async () => {
    const c = (await t.call(tok.auditor!, 'GET', `/api/v1/cases/${cuihuCase.id}`)).body;
    expect(c.abilities).toEqual([]);
    const r = await t.call(tok.auditor!, 'POST', '/api/v1/cases', complaint());
    expect(r.status).toBe(403); // the auditor registers nothing…
    const w = await t.call(tok.auditor!, 'POST', `/api/v1/cases/${cuihuCase.id}/actions/comment`, { note: 'x' });
    expect(w.status).toBe(403); // …but an auditor takes no part in handling
  });
});

describe('phone numbers', () => {
  it('are masked for front-line roles and shown in full to the complaint center', async () => {
    expect((await t.call(tok.agent!, 'GET', `/api/v1/cases/${cuihuCase.id}`)).body.customer_phone).toBe('138****1234');
    expect((await t.call(tok.center!, 'GET', `/api/v1/cases/${cuihuCase.id}`)).body.customer_phone).toBe('13812341234');
  });

  it('can be revealed by someone handling the case, and the reveal is logged on the timeline', async () => {
    const r = await t.call(tok.handler!, 'POST', `/api/v1/cases/${cuihuCase.id}/actions/reveal_phone`, { reason: '上门维修前联系业主' });
    expect(r.status).toBe(200);
    expect(r.body.customer_phone).toBe('13812341234');
    const timeline = (await t.call(tok.center!, 'GET', `/api/v1/cases/${cuihuCase.id}`)).body.timeline;
    expect(timeline.at(-1)).toMatchObject({ action: 'reveal_phone', actor: { id: t.org.users.get('handler') } });
  });

  it('cannot be revealed by an auditor', async () => {
    const r = await t.call(tok.auditor!, 'POST', `/api/v1/cases/${cuihuCase.id}/actions/reveal_phone`, { reason: '抽查' });
    expect(r.status).toBe(403);
  });
});

describe('administration', () => {
  it('is for administrators only', async () => {
    const r = await t.call(tok.manager!, 'POST', '/api/v1/admin/units', { parent_id: t.org.units.get('cuihu'), kind: 'department', name: '新部门' });
    expect(r.status).toBe(403);
    const ok = await t.call(tok.admin!, 'POST', '/api/v1/admin/units', { parent_id: t.org.units.get('cuihu'), kind: 'department', name: '新部门' });
    expect(ok.status).toBe(201);
    const under = await t.call(tok.admin!, 'POST', '/api/v1/admin/units', { parent_id: ok.body.id, kind: 'department', name: '子部门' });
    expect(under.status).toBe(400);
    const dup = await t.call(tok.admin!, 'POST', '/api/v1/admin/users', { username: 'agent', display_name: 'x', password: 'long-enough', roles: ['agent'], unit_id: ok.body.id });
    expect(dup.status).toBe(409);
  });

  it('creates a user who can sign in and sees their unit’s cases', async () => {
    const r = await t.call(tok.admin!, 'POST', '/api/v1/admin/users', { username: 'newagent', display_name: '新前台', password: 'long-enough', roles: ['agent'], unit_id: t.org.units.get('nanshan.service') });
    expect(r.status).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'newagent', password: 'long-enough', org: t.org.slug } });
    const token = login.json().token;
    expect((await t.call(token, 'GET', `/api/v1/cases/${nanshanCase.id}`)).status).toBe(200);
    expect((await t.call(token, 'GET', `/api/v1/cases/${cuihuCase.id}`)).status).toBe(404);
  });

  it('signs out: the token stops working', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agent', password: 'qingting-demo', org: t.org.slug } });
    const token = login.json().token;
    expect(login.headers['set-cookie']).toMatch(/qt_session=.*HttpOnly/);
    expect((await t.call(token, 'POST', '/api/v1/auth/logout')).status).toBe(204);
    expect((await t.call(token, 'GET', '/api/v1/cases')).status).toBe(401);
  });
});
