import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { caseSteps, complaint, testApi, testPool, type TestApi } from './helpers.ts';

// The seeds: 004 "由具体解决部门的负责人签字认可"; 003 第二篇 3.5.3 "经部门负责人认可后，进行实施";
// 001 原则 5 (never promise beyond one's authority); 003 第三篇 "危机事件一定要向最高级别的领导汇报，不要擅自回应".
let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['agent', 'handler', 'head', 'servicehead', 'manager', 'center']) tok[u] = await t.login(u);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

type Case = { id: string; version: number; status: string; abilities: string[]; approval_pending: unknown };

const { call, act } = caseSteps(() => t, tok);
async function inProgress(severity: string): Promise<Case> {
  let c = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body;
  c = await act('agent', c, 'accept', { category_id: t.org.categories.get('elevator'), severity, validity: 'valid' });
  c = await act('agent', c, 'assign', { department_id: t.org.units.get('cuihu.engineering'), handler_id: t.org.users.get('handler') });
  return act('handler', c, 'start');
}
const resolve = (c: Case, remedy: Record<string, unknown> = { types: ['repair'] }, who = 'handler') => act(who, c, 'resolve', { resolution: '已更换制动器', remedy });

describe('sign-off by the resolving department head', () => {
  it('holds an important complaint resolved by a handler until the department head signs off: no visit, feedback or close before', async () => {
    let c = await resolve(await inProgress('important'));
    expect(c.status).toBe('resolved');
    expect(c.approval_pending).toEqual({ signoff: { department_id: t.org.units.get('cuihu.engineering') } });
    const seenByAgent = (await t.call(tok.agent!, 'GET', `/api/v1/cases/${c.id}`)).body;
    expect(seenByAgent.abilities).not.toContain('visit');
    expect(seenByAgent.abilities).not.toContain('feedback');
    expect(seenByAgent.abilities).not.toContain('close');
    const visit = await call('agent', c, 'visit', { reached: true, resolved: true, satisfaction: 'satisfied', method: 'phone' });
    expect(visit.status).toBe(409);
    expect(visit.body.error.code).toBe('approval_pending');

    const headView = (await t.call(tok.head!, 'GET', `/api/v1/cases/${c.id}`)).body;
    expect(headView.abilities).toEqual(expect.arrayContaining(['approve_resolution', 'reject_resolution']));
    c = await act('head', c, 'approve_resolution', { note: '已核实，签字认可' });
    expect(c.approval_pending).toBeNull();
    expect((await t.call(tok.agent!, 'GET', `/api/v1/cases/${c.id}`)).body.abilities).toContain('visit');
    c = await act('agent', c, 'visit', { reached: true, resolved: true, satisfaction: 'satisfied', method: 'phone' });
    expect(c.status).toBe('visited');
  });

  it('refuses the sign-off of a head of another department', async () => {
    const c = await resolve(await inProgress('important'));
    const other = await call('servicehead', c, 'approve_resolution');
    expect([403, 404]).toContain(other.status);
    if (other.status === 403) expect(other.body.error.code).toBe('forbidden_action');
  });

  it('sends a rejected resolution back to the handler with the head’s reason and a running resolve clock', async () => {
    let c = await resolve(await inProgress('major'));
    c = await act('head', c, 'reject_resolution', { reason: '只换了零件，没有查明反复故障的原因' });
    expect(c).toMatchObject({ status: 'in_progress', approval_pending: null });
    expect((c as unknown as { sla: { clocks: { resolve: { state: string } } } }).sla.clocks.resolve.state).toBe('running');
    const full = (await t.call(tok.head!, 'GET', `/api/v1/cases/${c.id}`)).body;
    expect(full.timeline.at(-1)).toMatchObject({ action: 'reject_resolution', to_status: 'in_progress', note: '只换了零件，没有查明反复故障的原因' });
  });

  it('needs no further sign-off when the department head resolves the case himself', async () => {
    const c = await resolve(await inProgress('important'), { types: ['repair'] }, 'head');
    expect(c.approval_pending).toBeNull();
  });

  it('needs no sign-off for a minor complaint under the property preset', async () => {
    const c = await resolve(await inProgress('minor'));
    expect(c.approval_pending).toBeNull();
    expect((await t.call(tok.agent!, 'GET', `/api/v1/cases/${c.id}`)).body.abilities).toEqual(expect.arrayContaining(['visit', 'feedback', 'close']));
  });

  it('requires sign-off by kind and severity as the organisation sets it', async () => {
    await pool.query(
      `insert into process_settings (org_id, settings) values ($1, $2)
       on conflict (org_id) do update set settings = excluded.settings`,
      [t.org.orgId, JSON.stringify({ required_fields: ['customer.name'], received_max_age_days: 365, signoff: [{ kinds: ['complaint'], severities: ['minor'] }], authority_limits: { handler: 200, department_head: 1000, unit_manager: 5000, complaint_center: null, admin: null } })],
    );
    try {
      expect((await resolve(await inProgress('minor'))).approval_pending).toMatchObject({ signoff: {} });
      expect((await resolve(await inProgress('important'))).approval_pending).toBeNull();
    } finally {
      await pool.query('delete from process_settings where org_id = $1', [t.org.orgId]);
    }
  });
});

describe('authority limits on compensation', () => {
  it('lets a handler promise compensation within his limit without approval', async () => {
    const c = await resolve(await inProgress('minor'), { types: ['compensation'], amount: 150 });
    expect(c.approval_pending).toBeNull();
  });

  it('holds ¥999,999 promised by a handler until a role whose limit covers it approves', async () => {
    let c = await resolve(await inProgress('minor'), { types: ['compensation'], amount: 999_999 });
    expect(c.approval_pending).toEqual({ authority: { amount: 999_999, roles: ['complaint_center', 'admin'] } });
    const byHead = await call('head', c, 'approve_resolution');
    expect(byHead.status).toBe(403);
    expect(byHead.body.error.code).toBe('forbidden_action');
    const close = await call('center', c, 'close', { reason: '联系不上' });
    expect(close.body.error.code).toBe('approval_pending');
    c = await act('center', c, 'approve_resolution', { note: '同意赔付' });
    expect(c.approval_pending).toBeNull();
  });

  it('asks for both the sign-off and the approval of a higher limit, each by whoever holds it', async () => {
    let c = await resolve(await inProgress('important'), { types: ['compensation'], amount: 3000 });
    expect(c.approval_pending).toEqual({
      signoff: { department_id: t.org.units.get('cuihu.engineering') },
      authority: { amount: 3000, roles: ['unit_manager', 'complaint_center', 'admin'] },
    });
    c = await act('head', c, 'approve_resolution');
    expect(c.approval_pending).toEqual({ authority: { amount: 3000, roles: ['unit_manager', 'complaint_center', 'admin'] } });
    expect(c.abilities).not.toContain('approve_resolution');
    c = await act('manager', c, 'approve_resolution');
    expect(c.approval_pending).toBeNull();
  });

  it('refuses compensation beyond the actor’s limit when answering on the spot, where nobody could approve it later', async () => {
    const reg = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body;
    const r = await call('agent', reg, 'answer', { answer: '当场赔偿', remedy: { types: ['compensation'], amount: 500 } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('authority_limit_exceeded');
    const still = (await t.call(tok.agent!, 'GET', `/api/v1/cases/${reg.id}`)).body;
    expect(still).toMatchObject({ status: 'registered', version: reg.version });
  });
});

describe('the crisis gate', () => {
  it('lets nobody resolve or answer a crisis case before the top level has recorded its decision', async () => {
    let c = await inProgress('crisis');
    expect(c.abilities).not.toContain('resolve');
    const r = await call('handler', c, 'resolve', { resolution: '已处理', remedy: { types: ['apology'] } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('crisis_decision_required');
    const byAgent = await call('agent', c, 'decide', { decision: '我来回复' });
    expect(byAgent.status).toBe(403);
    c = await act('center', c, 'decide', { decision: '由公司统一口径答复，先停梯全面检修' });
    expect(c).toMatchObject({ crisis_decision: '由公司统一口径答复，先停梯全面检修' });
    const view = (await t.call(tok.handler!, 'GET', `/api/v1/cases/${c.id}`)).body;
    expect(view.abilities).toContain('resolve');
    c = await act('handler', c, 'resolve', { resolution: '已按公司决定处理', remedy: { types: ['apology'] } });
    expect(c.status).toBe('resolved');
  });

  it('refuses to answer a crisis case on the spot before the decision', async () => {
    const reg = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ severity: 'crisis' }))).body;
    expect(reg.abilities).not.toContain('answer');
    const r = await call('agent', reg, 'answer', { answer: '没事的' });
    expect(r.body.error.code).toBe('crisis_decision_required');
  });

  it('asks no top-level decision of a case that is not a crisis', async () => {
    const c = await inProgress('minor');
    const r = await call('center', c, 'decide', { decision: 'x' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('decision_not_needed');
    expect(r.body.error.message).toBe('只有危机事件需要由最高管理层作出决定。');
  });
});

describe('no way round sign-off and the crisis decision', () => {
  it('does not settle on the spot a complaint whose resolution needs the department head’s sign-off: answer is neither offered nor taken', async () => {
    const major = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ severity: 'major' }))).body;
    expect(major.abilities).not.toContain('answer');
    const refused = await call('agent', major, 'answer', { answer: '已向业主解释' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'signoff_required']);
    expect((await t.call(tok.agent!, 'GET', `/api/v1/cases/${major.id}`)).body.status).toBe('registered');
    // A minor complaint is still settled at the desk (004 场景一).
    const minor = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ severity: 'minor' }))).body;
    expect(minor.abilities).toContain('answer');
    expect((await act('agent', minor, 'answer', { answer: '已当场解释清楚' })).status).toBe('closed');
  });

  it('neither merges nor withdraws a crisis case before the top level has decided', async () => {
    const crisis = (await t.call(tok.center!, 'POST', '/api/v1/cases', complaint({ severity: 'crisis' }))).body;
    const other = (await t.call(tok.center!, 'POST', '/api/v1/cases', complaint({ severity: 'minor' }))).body;
    const seen = (await t.call(tok.center!, 'GET', `/api/v1/cases/${crisis.id}`)).body;
    expect(seen.abilities).not.toContain('merge');
    expect(seen.abilities).not.toContain('withdraw');
    for (const [action, body] of [['merge', { parent_case_id: other.id }], ['withdraw', { reason: '客户撤回' }]] as const) {
      const r = await call('center', crisis, action, body);
      expect([action, r.status, r.body.error.code]).toEqual([action, 409, 'crisis_decision_required']);
    }
    const decided = await act('center', crisis, 'decide', { decision: '由公司出面道歉并赔偿' });
    expect(decided.abilities).toContain('withdraw');
  });
});
