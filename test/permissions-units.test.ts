import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};
const unit = (key: string) => t.org.units.get(key)!;
const caseCount = async () => (await pool.query('select count(*)::int n from cases where org_id = $1', [t.org.orgId])).rows[0].n as number;

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['agent', 'agent2', 'handler', 'head', 'manager', 'regional', 'center', 'admin']) tok[u] = await t.login(u);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

/** A 翠湖花园 case, accepted and assigned to its engineering department. */
async function assignedCuihuCase() {
  let c = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body;
  c = (await t.call(tok.agent!, 'POST', `/api/v1/cases/${c.id}/actions/accept`, { version: c.version, category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' })).body;
  c = (await t.call(tok.agent!, 'POST', `/api/v1/cases/${c.id}/actions/assign`, { version: c.version, department_id: unit('cuihu.engineering') })).body;
  expect(c.status).toBe('assigned');
  return c as { id: string; version: number; unit_id: string };
}

describe('registering into a unit', () => {
  it('is refused outside the caller’s scope unless the role is organisation-wide, and stores nothing', async () => {
    const before = await caseCount();
    const r = await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ unit_id: unit('nanshan') }));
    expect([r.status, r.body.error.code]).toEqual([403, 'forbidden_action']);
    expect((await t.call(tok.manager!, 'POST', '/api/v1/cases', complaint({ unit_id: unit('binjiang') }))).status).toBe(403);
    expect(await caseCount()).toBe(before);
    expect((await t.call(tok.center!, 'POST', '/api/v1/cases', complaint({ unit_id: unit('nanshan') }))).status).toBe(201);
    expect((await t.call(tok.regional!, 'POST', '/api/v1/cases', complaint({ unit_id: unit('binjiang') }))).status).toBe(201);
  });

  it('files a case received by department staff under their own project', async () => {
    const r = await t.call(tok.handler!, 'POST', '/api/v1/cases', complaint());
    expect([r.status, r.body.unit_id]).toEqual([201, unit('cuihu')]);
    expect((await t.call(tok.handler!, 'POST', '/api/v1/cases', complaint({ unit_id: unit('nanshan') }))).status).toBe(403);
  });
});

describe('assigning and transferring across units', () => {
  it('refuses to assign a case to a department of another project', async () => {
    let c = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body;
    c = (await t.call(tok.agent!, 'POST', `/api/v1/cases/${c.id}/actions/accept`, { version: c.version, category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' })).body;
    for (const u of ['agent', 'center']) {
      const r = await t.call(tok[u]!, 'POST', `/api/v1/cases/${c.id}/actions/assign`, { version: c.version, department_id: unit('nanshan.engineering') });
      expect([u, r.status, r.body.error.details[0].code]).toEqual([u, 400, 'outside_case_unit']);
    }
    const after = (await t.call(tok.center!, 'GET', `/api/v1/cases/${c.id}`)).body;
    expect([after.status, after.department_id, after.version]).toEqual(['accepted', null, c.version]);
  });

  it('refuses a transfer to another project that is not marked as a cross-unit transfer', async () => {
    const c = await assignedCuihuCase();
    const r = await t.call(tok.center!, 'POST', `/api/v1/cases/${c.id}/actions/transfer`, { version: c.version, department_id: unit('nanshan.engineering'), reason: '选错了' });
    expect([r.status, r.body.error.details[0].code]).toEqual([400, 'outside_case_unit']);
  });

  it('refuses an explicit cross-unit transfer by a role without the right, or beyond the manager’s region', async () => {
    const c = await assignedCuihuCase();
    const body = (dept: string) => ({ version: c.version, department_id: unit(dept), reason: '属于其他项目', cross_unit: true });
    for (const [u, dept] of [['agent', 'nanshan.engineering'], ['head', 'binjiang.engineering'], ['manager', 'binjiang.engineering'], ['regional', 'nanshan.engineering']] as const) {
      const r = await t.call(tok[u]!, 'POST', `/api/v1/cases/${c.id}/actions/transfer`, body(dept));
      expect([u, r.status, r.body.error.code]).toEqual([u, 403, 'forbidden_action']);
    }
    expect((await t.call(tok.center!, 'GET', `/api/v1/cases/${c.id}`)).body).toMatchObject({ unit_id: unit('cuihu'), department_id: unit('cuihu.engineering') });
  });

  it('moves the case’s unit with an explicit cross-unit transfer by the complaint center', async () => {
    const c = await assignedCuihuCase();
    const r = await t.call(tok.center!, 'POST', `/api/v1/cases/${c.id}/actions/transfer`, { version: c.version, department_id: unit('nanshan.engineering'), reason: '实为南山名苑的问题', cross_unit: true });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ unit_id: unit('nanshan'), department_id: unit('nanshan.engineering') });
    const event = (await t.call(tok.center!, 'GET', `/api/v1/cases/${c.id}`)).body.timeline.at(-1);
    expect(event).toMatchObject({ action: 'transfer', data: { cross_unit: true, from_unit_id: unit('cuihu'), unit_id: unit('nanshan') } });
    // The case now belongs to 南山名苑: its front desk sees it, 翠湖's no longer does (its first responder still does).
    expect((await t.call(tok.agent2!, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(200);
    expect((await t.call(tok.manager!, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(404);
  });

  it('lets a regional manager transfer between two projects of the region', async () => {
    const c = await assignedCuihuCase();
    const r = await t.call(tok.regional!, 'POST', `/api/v1/cases/${c.id}/actions/transfer`, { version: c.version, department_id: unit('binjiang.engineering'), reason: '滨江一号的电梯', cross_unit: true });
    expect([r.status, r.body.unit_id]).toEqual([200, unit('binjiang')]);
  });

  it('keeps transfers inside the project as they were, flag or not', async () => {
    const c = await assignedCuihuCase();
    const r = await t.call(tok.agent!, 'POST', `/api/v1/cases/${c.id}/actions/transfer`, { version: c.version, department_id: unit('cuihu.environment'), reason: '属于保洁' });
    expect([r.status, r.body.unit_id, r.body.department_id]).toEqual([200, unit('cuihu'), unit('cuihu.environment')]);
  });
});

describe('administration checks the role before the body', () => {
  it('answers a non-administrator 403 without listing the fields a valid body would need', async () => {
    for (const [method, url] of [['POST', '/api/v1/admin/users'], ['POST', '/api/v1/admin/units'], ['POST', '/api/v1/admin/categories'], ['PUT', '/api/v1/admin/sla-settings'], ['POST', '/api/v1/admin/sla-policies']] as const) {
      const r = await t.call(tok.manager!, method, url, { nonsense: true });
      expect([url, r.status, r.body.error.code, r.body.error.details]).toEqual([url, 403, 'forbidden_action', undefined]);
    }
    const admin = await t.call(tok.admin!, 'POST', '/api/v1/admin/users', { nonsense: true });
    expect(admin.status).toBe(400);
  });
});
