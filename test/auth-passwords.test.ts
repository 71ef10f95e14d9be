import { afterAll, describe, expect, it } from 'vitest';
import { isCommonPassword } from '../src/app/auth/password-policy.ts';
import { passwordProblems } from '../src/domain/password-policy.ts';
import { testApi, testPool, PASSWORD } from './helpers.ts';
import { freshAddress, signIn } from './auth-helpers.ts';

const pool = testPool();
afterAll(() => pool.end());

describe('password rules (issue 7: length, not all spaces, not in a common-password list shipped with us)', () => {
  const rules = { minLength: 10, isCommon: isCommonPassword };
  it('accepts a long uncommon password', () => {
    expect(passwordProblems('Heron-lake-47-bridge', rules)).toEqual([]);
  });
  it('refuses one shorter than the minimum length, counting characters, not bytes', () => {
    expect(passwordProblems('short-1', rules)).toEqual(['too_short']);
    expect(passwordProblems('倾听投诉处理系统密码好', rules)).toEqual([]);
  });
  it('refuses one made only of spaces however long', () => {
    expect(passwordProblems(' '.repeat(12), rules)).toEqual(['blank']);
  });
  it('refuses commonly used passwords whatever their case, from the shipped list and the Chinese additions', () => {
    expect(passwordProblems('1234567890', rules)).toEqual(['common']);
    expect(passwordProblems('QwertyUiop', rules)).toEqual(['common']);
    expect(passwordProblems('woaini1314', rules)).toEqual(['common']);
  });
  it('refuses the username as the password', () => {
    expect(passwordProblems('zhangwei2024', { ...rules, username: 'ZhangWei2024' })).toEqual(['same_as_username']);
  });
});

describe('changing one’s own password', () => {
  it('needs the current password, applies the rules, and closes the user’s other sessions but not this one', async () => {
    const t = await testApi(pool);
    const here = await t.login('agent');
    const elsewhere = (await signIn(t.app, { username: 'agent', org: t.org.slug, address: freshAddress() })).token!;

    const wrong = await t.call(here, 'POST', '/api/v1/auth/password', { current_password: 'not-it-at-all', new_password: 'Heron-lake-47-bridge' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('current_password_incorrect');

    const weak = await t.call(here, 'POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: 'qwertyuiop' }, { 'accept-language': 'en-US' });
    expect(weak.status).toBe(422);
    expect(weak.body.error.code).toBe('weak_password');
    expect(weak.body.error.details).toEqual([expect.objectContaining({ path: 'new_password', code: 'password_common', message: expect.stringMatching(/common/) })]);

    const spaces = await t.call(here, 'POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: '   ' });
    expect(spaces.body.error.details.map((d: { code: string }) => d.code)).toEqual(['password_blank', 'password_too_short']);

    const same = await t.call(here, 'POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: PASSWORD });
    expect(same.body.error.details.map((d: { code: string }) => d.code)).toEqual(['password_unchanged']);

    expect((await t.call(here, 'POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: 'Heron-lake-47-bridge' })).status).toBe(204);
    expect((await t.call(here, 'GET', '/api/v1/auth/me')).status).toBe(200);
    expect((await t.call(elsewhere, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await signIn(t.app, { username: 'agent', org: t.org.slug, address: freshAddress() })).status).toBe(401);
    expect((await signIn(t.app, { username: 'agent', password: 'Heron-lake-47-bridge', org: t.org.slug, address: freshAddress() })).status).toBe(200);
  });

  it('refuses a missing field with validation_failed, not a 500', async () => {
    const t = await testApi(pool);
    const r = await t.call(await t.login('agent'), 'POST', '/api/v1/auth/password', { new_password: 'Heron-lake-47-bridge' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ path: 'current_password', code: 'required' });
  });
});

describe('administrator reset and forced change on first sign-in', () => {
  it('generates a temporary password shown once; its user can only change it until they do', async () => {
    const t = await testApi(pool);
    const admin = await t.login('admin');
    const old = await t.login('handler');
    const reset = await t.call(admin, 'POST', `/api/v1/admin/users/${t.org.users.get('handler')}/password`, {});
    expect(reset.status).toBe(200);
    expect(reset.headers['cache-control']).toBe('no-store');
    const temp = reset.body.temporary_password as string;
    expect(temp.length).toBeGreaterThanOrEqual(16);
    expect((await t.call(old, 'GET', '/api/v1/auth/me')).status).toBe(401);

    const s = await signIn(t.app, { username: 'handler', password: temp, org: t.org.slug, address: freshAddress() });
    expect(s.status).toBe(200);
    expect(s.body.user.must_change_password).toBe(true);
    const token = s.token!;
    const blocked = await t.call(token, 'GET', '/api/v1/cases');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    expect((await t.call(token, 'GET', '/api/v1/auth/me')).body.must_change_password).toBe(true);

    expect((await t.call(token, 'POST', '/api/v1/auth/password', { current_password: temp, new_password: 'Kingfisher-river-88' })).status).toBe(204);
    expect((await t.call(token, 'GET', '/api/v1/cases')).status).toBe(200);
    expect((await t.call(token, 'GET', '/api/v1/auth/me')).body.must_change_password).toBe(false);
  });

  it('sets a password the administrator chose, which must meet the rules, and unlocks the account', async () => {
    const t = await testApi(pool);
    const admin = await t.login('admin');
    const id = t.org.users.get('guard')!;
    await pool.query('update users set locked_at = now(), failed_logins = 20 where org_id = $1 and id = $2', [t.org.orgId, id]);
    const weak = await t.call(admin, 'POST', `/api/v1/admin/users/${id}/password`, { password: 'password' });
    expect(weak.status).toBe(422);
    expect(weak.body.error.details.map((d: { code: string }) => d.code)).toEqual(['password_too_short', 'password_common']);
    const r = await t.call(admin, 'POST', `/api/v1/admin/users/${id}/password`, { password: 'Magpie-orchard-2026', must_change: false });
    expect(r.status).toBe(200);
    expect(r.body.temporary_password).toBeUndefined();
    const s = await signIn(t.app, { username: 'guard', password: 'Magpie-orchard-2026', org: t.org.slug, address: freshAddress() });
    expect(s.status).toBe(200);
    expect(s.body.user.must_change_password).toBe(false);
  });

  it('checks the administrator role before looking at the body, and hides users of other organisations', async () => {
    const t = await testApi(pool);
    const other = await testApi(pool);
    const manager = await t.login('manager');
    const r = await t.call(manager, 'POST', `/api/v1/admin/users/not-a-uuid/password`, { bogus: 1 });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden_action');
    const admin = await t.login('admin');
    expect((await t.call(admin, 'POST', `/api/v1/admin/users/${other.org.users.get('agent')}/password`, {})).status).toBe(404);
    expect((await t.call(admin, 'POST', `/api/v1/admin/users/not-a-uuid/unlock`)).status).toBe(404);
  });
});
