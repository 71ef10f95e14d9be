import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
let admin: string;

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  admin = await t.login('admin');
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const users = async () => (await t.call(admin, 'GET', '/api/v1/admin/users')).body.items as { id: string; username: string; roles: string[]; unit_id: string; active: boolean; locked_at: string | null }[];
const signIn = (username: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD, org: t.org.slug } });

describe('administering users', () => {
  it('changes roles and unit, ends the user’s sessions, and deactivates an account so it cannot sign in', async () => {
    const handler = (await users()).find((u) => u.username === 'handler2')!;
    const token = await t.login('handler2');
    expect((await t.call(token, 'GET', '/api/v1/auth/me')).status).toBe(200);
    const unit = t.org.units.get('cuihu.engineering')!;
    const r = await t.call(admin, 'PATCH', `/api/v1/admin/users/${handler.id}`, { roles: ['handler', 'department_head'], unit_id: unit, display_name: '保洁主管 赵丽(兼)' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ roles: ['handler', 'department_head'], unit_id: unit, display_name: '保洁主管 赵丽(兼)' });
    // The session issued under the old roles is over.
    expect((await t.call(token, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await signIn('handler2')).statusCode).toBe(200);

    const off = await t.call(admin, 'PATCH', `/api/v1/admin/users/${handler.id}`, { active: false });
    expect(off.body.active).toBe(false);
    expect((await signIn('handler2')).statusCode).toBe(401);
    expect((await t.call(admin, 'PATCH', `/api/v1/admin/users/${handler.id}`, { active: true })).body.active).toBe(true);
    expect((await signIn('handler2')).statusCode).toBe(200);
  });

  it('refuses to let administrators lock themselves out, bad references and non-administrators', async () => {
    const me = (await users()).find((u) => u.username === 'admin')!;
    const self = await t.call(admin, 'PATCH', `/api/v1/admin/users/${me.id}`, { active: false });
    expect([self.status, self.body.error.details[0].path]).toEqual([400, 'active']);
    const demote = await t.call(admin, 'PATCH', `/api/v1/admin/users/${me.id}`, { roles: ['agent'] });
    expect([demote.status, demote.body.error.details[0].path]).toEqual([400, 'roles']);
    const badUnit = await t.call(admin, 'PATCH', `/api/v1/admin/users/${me.id}`, { unit_id: '00000000-0000-4000-8000-000000000000' });
    expect([badUnit.status, badUnit.body.error.code]).toEqual([422, 'invalid_reference']);
    expect((await t.call(admin, 'PATCH', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000', { active: true })).status).toBe(404);
    const agent = await t.login('agent');
    expect((await t.call(agent, 'PATCH', `/api/v1/admin/users/${me.id}`, { active: false })).status).toBe(403);
  });

  it('shows which accounts are locked', async () => {
    await pool.query(`update users set locked_at = now() where org_id = $1 and username = 'guard'`, [t.org.orgId]);
    const guard = (await users()).find((u) => u.username === 'guard')!;
    expect(guard.locked_at).not.toBeNull();
    expect((await t.call(admin, 'POST', `/api/v1/admin/users/${guard.id}/unlock`)).status).toBe(204);
    expect((await users()).find((u) => u.username === 'guard')!.locked_at).toBeNull();
  });
});

describe('administering units', () => {
  it('renames a unit and changes its code; everyone reading the tree sees the new name', async () => {
    const id = t.org.units.get('cuihu.engineering')!;
    const r = await t.call(admin, 'PATCH', `/api/v1/admin/units/${id}`, { name: '工程维修部', code: 'CH-ENG' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id, name: '工程维修部', code: 'CH-ENG', kind: 'department' });
    const agent = await t.login('agent');
    const seen = (await t.call(agent, 'GET', '/api/v1/units')).body.items.find((u: { id: string }) => u.id === id);
    expect(seen.name).toBe('工程维修部');
    expect((await t.call(admin, 'PATCH', `/api/v1/admin/units/${id}`, { name: '' })).status).toBe(400);
    expect((await t.call(admin, 'PATCH', '/api/v1/admin/units/00000000-0000-4000-8000-000000000000', { name: 'x' })).status).toBe(404);
    expect((await t.call(agent, 'PATCH', `/api/v1/admin/units/${id}`, { name: 'x' })).status).toBe(403);
  });
});
