/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseSteps, complaint, freshOrg, testApi, testPool, type TestApi } from './helpers.ts';

/** Issue 9: the administrator reshapes the unit tree (move, deactivate) from the admin pages. */
let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};
const { act, call } = caseSteps(() => t, tok);

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['admin', 'agent', 'regional', 'center', 'manager']) tok[u] = await t.login(u);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const unit = (key: string) => t.org.units.get(key)!;
const units = async () => (await t.call(tok.admin!, 'GET', '/api/v1/units')).body.items as { id: string; parent_id: string | null; active: boolean }[];
const move = (id: string, parent_id: string, headers: Record<string, string> = {}) => t.call(tok.admin!, 'POST', `/api/v1/admin/units/${id}/move`, { parent_id }, headers);
const caseIds = async (who: string, query: string) => ((await t.call(tok[who]!, 'GET', `/api/v1/cases?${query}&page_size=100`)).body.items as any[]).map((c) => c.id);
const register = async () => {
  const r = await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint());
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

describe('moving a unit', () => {
  it('moves a project to another region: its cases and users keep their unit, scoped lists follow the new path', async () => {
    const c = await register(); // at 翠湖花园 (east)
    expect(c.unit_id).toBe(unit('cuihu'));
    expect((await t.call(tok.regional!, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(200);
    expect(await caseIds('center', `unit_id=${unit('south')}`)).not.toContain(c.id);

    const r = await move(unit('cuihu'), unit('south'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: unit('cuihu'), parent_id: unit('south'), active: true });

    // The east regional manager no longer sees 翠湖 cases; lists by the south region now hold them.
    expect((await t.call(tok.regional!, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(404);
    expect(await caseIds('regional', 'status=registered')).not.toContain(c.id);
    expect(await caseIds('center', `unit_id=${unit('south')}`)).toContain(c.id);
    expect(await caseIds('center', `unit_id=${unit('east')}`)).not.toContain(c.id);
    // The case and the project's users kept their unit; the departments under it moved with it.
    expect((await t.call(tok.center!, 'GET', `/api/v1/cases/${c.id}`)).body.unit_id).toBe(unit('cuihu'));
    const manager = ((await t.call(tok.admin!, 'GET', '/api/v1/admin/users')).body.items as any[]).find((u) => u.username === 'manager');
    expect(manager.unit_id).toBe(unit('cuihu'));
    expect((await t.call(tok.manager!, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(200);
    const accepted = await act('agent', c, 'accept', { category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' });
    await act('agent', accepted, 'assign', { department_id: unit('cuihu.engineering') });
    expect(await caseIds('center', `unit_id=${unit('south')}`)).toContain(c.id);

    expect((await move(unit('cuihu'), unit('east'))).status).toBe(200);
    expect((await t.call(tok.regional!, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(200);
  });

  it('refuses cycles, the top of the tree, a department as parent and another organisation’s unit, in the caller’s language', async () => {
    const before = await units();
    const cycle = await move(unit('east'), unit('cuihu'), { 'accept-language': 'en-US' });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.details).toEqual([expect.objectContaining({ path: 'parent_id', code: 'would_create_cycle', message: 'a unit cannot move under itself or one of its own units' })]);
    const self = await move(unit('east'), unit('east'));
    expect(self.body.error.details[0]).toMatchObject({ code: 'would_create_cycle', message: '不能移到它自己或它的下级单位之下' });
    expect((await move(unit('company'), unit('east'))).body.error.details[0].code).toBe('root_unit');
    expect((await move(unit('binjiang'), unit('cuihu.engineering'))).body.error.details[0].code).toBe('department_has_no_children');
    const other = await freshOrg(pool);
    const foreign = await move(unit('binjiang'), other.units.get('south')!);
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.code).toBe('invalid_reference');
    expect((await t.call(tok.manager!, 'POST', `/api/v1/admin/units/${unit('binjiang')}/move`, { parent_id: unit('south') })).status).toBe(403);
    expect(await units()).toEqual(before);
  });
});

describe('deactivating a unit', () => {
  it('takes no new cases or users and leaves old cases with their path; it can be reactivated', async () => {
    const security = unit('cuihu.security');
    let c = await register();
    c = await act('agent', c, 'accept', { category_id: t.org.categories.get('parking'), severity: 'minor', validity: 'valid' });
    c = await act('agent', c, 'assign', { department_id: security });

    const off = await t.call(tok.admin!, 'PATCH', `/api/v1/admin/units/${security}`, { active: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await units()).find((u) => u.id === security)?.active).toBe(false);

    // The old case still shows its department.
    const old = await t.call(tok.center!, 'GET', `/api/v1/cases/${c.id}`);
    expect(old.body).toMatchObject({ department_id: security, department_name: '秩序维护部', unit_name: '翠湖花园管理处' });

    // No new case routed to it.
    let d = await register();
    d = await act('agent', d, 'accept', { category_id: t.org.categories.get('parking'), severity: 'minor', validity: 'valid' });
    const refused = await call('agent', d, 'assign', { department_id: security });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'department_id', code: 'unit_inactive', message: '该单位已停用' });
    // No user added to it, nor moved into it.
    const user = await t.call(tok.admin!, 'POST', '/api/v1/admin/users', { username: 'guard9', display_name: '保安 九', password: 'Qt-strong-pass-9!', roles: ['handler'], unit_id: security });
    expect(user.status).toBe(400);
    expect(user.body.error.details[0].code).toBe('unit_inactive');
    // Its people stay and can still be edited (the form sends their unit back unchanged); moving someone in cannot.
    const people = (await t.call(tok.admin!, 'GET', '/api/v1/admin/users')).body.items as any[];
    const guard = people.find((u) => u.username === 'guard');
    const renamed = await t.call(tok.admin!, 'PATCH', `/api/v1/admin/users/${guard.id}`, { display_name: '秩序主管 马超(留任)', unit_id: security });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ unit_id: security, display_name: '秩序主管 马超(留任)' });
    const handler2 = people.find((u) => u.username === 'handler2');
    expect((await t.call(tok.admin!, 'PATCH', `/api/v1/admin/users/${handler2.id}`, { unit_id: security })).body.error.details[0].code).toBe('unit_inactive');
    // Nothing goes under it either.
    const child = await t.call(tok.admin!, 'POST', '/api/v1/admin/units', { parent_id: unit('cuihu'), kind: 'department', name: '临时组' });
    expect(child.status).toBe(201);
    expect((await move(child.body.id, security)).body.error.details[0].code).toBe('unit_inactive');

    // A unit with active units under it, and the top of the tree, stay active.
    const parent = await t.call(tok.admin!, 'PATCH', `/api/v1/admin/units/${unit('cuihu')}`, { active: false }, { 'accept-language': 'en-US' });
    expect(parent.status).toBe(400);
    expect(parent.body.error.details[0]).toMatchObject({ code: 'has_active_children', message: 'it still has active units under it; deactivate or move them first' });
    expect((await t.call(tok.admin!, 'PATCH', `/api/v1/admin/units/${unit('company')}`, { active: false })).body.error.details[0].code).toBe('root_unit');

    expect((await t.call(tok.admin!, 'PATCH', `/api/v1/admin/units/${security}`, { active: true })).body.active).toBe(true);
    expect((await call('agent', d, 'assign', { department_id: security })).status).toBe(200);
  });
});
