import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
let agent = '', handler = '', head = '', center = '';

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  [agent, handler, head, center] = (await Promise.all(['agent', 'handler', 'head', 'center'].map((u) => t.login(u)))) as [string, string, string, string];
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const dept = (key: string) => t.org.units.get(`cuihu.${key}`)!;
const user = (name: string) => t.org.users.get(name)!;
const cat = (code: string) => t.org.categories.get(code)!;

async function register(body = complaint()) {
  const r = await t.call(agent, 'POST', '/api/v1/cases', body);
  expect(r.status).toBe(201);
  return r.body;
}

async function act(token: string, c: { id: string; version: number }, action: string, body: Record<string, unknown> = {}) {
  const r = await t.call(token, 'POST', `/api/v1/cases/${c.id}/actions/${action}`, { version: c.version, ...body });
  if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function toInProgress(severity = 'minor') {
  let c = await register();
  c = await act(agent, c, 'accept', { category_id: cat('elevator'), severity, validity: 'valid' });
  c = await act(agent, c, 'assign', { department_id: dept('engineering'), handler_id: user('handler') });
  return act(handler, c, 'start');
}

describe('the case lifecycle', () => {
  it('takes a complaint from register to closed, with every step on the timeline', async () => {
    const reg = await register();
    expect(reg.number).toMatch(/^QT-\d{8}-\d{5}$/);
    expect(reg.status).toBe('registered');
    expect(reg.first_responder_id).toBe(user('agent'));
    let c = await act(agent, reg, 'accept', { category_id: cat('elevator'), severity: 'important', validity: 'valid' });
    c = await act(agent, c, 'assign', { department_id: dept('engineering'), handler_id: user('handler') });
    expect(c.department_name).toBe('工程部');
    c = await act(handler, c, 'start');
    c = await act(handler, c, 'investigate', { findings: '曳引机制动器磨损', method: ['site_inspection'], responsibility: 'ours' });
    c = await act(handler, c, 'resolve', { resolution: '更换制动器并全面检修', remedy: { types: ['apology', 'repair'] } });
    c = await act(head, c, 'approve_resolution', { note: '同意' });
    c = await act(agent, c, 'visit', { reached: true, resolved: true, satisfaction: 'satisfied', method: 'phone', comment: '满意' });
    expect(c.status).toBe('visited');
    c = await act(agent, c, 'close');
    expect(c.status).toBe('closed');

    const full = (await t.call(agent, 'GET', `/api/v1/cases/${c.id}`)).body;
    expect(full.timeline.map((e: { action: string }) => e.action)).toEqual(['register', 'accept', 'assign', 'start', 'investigate', 'resolve', 'approve_resolution', 'visit', 'close']);
    expect(full.timeline[1]).toMatchObject({ from_status: 'registered', to_status: 'accepted', actor: { id: user('agent') } });
    expect(full.remedy).toEqual({ types: ['apology', 'repair'] });
    expect(full.abilities).toContain('reopen');
  });

  it('answers an inquiry on the spot and closes it in one step', async () => {
    const reg = await register(complaint({ kind: 'inquiry', subject: '咨询物业费缴费方式', content: '可以用微信缴费吗？' }));
    const c = await act(agent, reg, 'answer', { answer: '可以，在公众号“缴费”菜单缴纳。' });
    expect(c.status).toBe('closed');
    expect(c.answer).toContain('公众号');
  });

  it('settles a complaint explained at the desk on the spot, as a direct answer', async () => {
    const reg = await register();
    expect(reg.abilities).toContain('answer');
    const c = await act(agent, reg, 'answer', { answer: '已向业主说明电梯年检安排', remedy: { types: ['explanation', 'apology'] } });
    expect(c).toMatchObject({ status: 'closed', direct_answer: true, remedy: { types: ['explanation', 'apology'] } });
  });

  it('transfers to another department without losing the first responder', async () => {
    const c0 = await toInProgress();
    const c = await act(head, c0, 'transfer', { department_id: dept('environment'), handler_id: user('handler2'), reason: '属于保洁范围' });
    expect(c).toMatchObject({ status: 'assigned', department_id: dept('environment'), handler_id: user('handler2'), first_responder_id: user('agent') });
    // The first responder still sees and follows the case after hand-over.
    expect((await t.call(agent, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(200);
    // The engineering handler no longer sees it.
    expect((await t.call(handler, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(404);
  });

  it('returns a case to the dispatcher with a reason, then it can be assigned again', async () => {
    let c = await toInProgress();
    const noReason = await t.call(handler, 'POST', `/api/v1/cases/${c.id}/actions/return`, { version: c.version });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details).toEqual([expect.objectContaining({ path: 'reason', code: 'required' })]);
    c = await act(handler, c, 'return', { reason: '不属于工程部职责' });
    expect(c).toMatchObject({ status: 'accepted', department_id: null, handler_id: null, return_reason: '不属于工程部职责' });
    c = await act(agent, c, 'assign', { department_id: dept('security'), handler_id: user('guard') });
    expect(c.status).toBe('assigned');
  });

  it('suspends while waiting on the customer and resumes to where it was', async () => {
    let c = await toInProgress();
    c = await act(handler, c, 'suspend', { reason: '等待业主提供照片' });
    expect(c.status).toBe('suspended');
    expect(c.abilities).toContain('resume');
    c = await act(handler, c, 'resume');
    expect(c.status).toBe('in_progress');
  });

  it('reopens automatically when the return visit finds the customer dissatisfied', async () => {
    let c = await toInProgress();
    c = await act(handler, c, 'resolve', { resolution: '已调整', remedy: { types: ['explanation'] } });
    c = await act(agent, c, 'visit', { reached: true, resolved: false, satisfaction: 'basically_satisfied', method: 'phone', comment: '问题依旧' });
    expect(c.status).toBe('in_progress');
    expect(c.reopen_count).toBe(1);
    const full = (await t.call(agent, 'GET', `/api/v1/cases/${c.id}`)).body;
    // The escalation the dissatisfied visit causes follows as its own `escalate` event (one event shape).
    expect(full.timeline.slice(-3).map((e: { action: string; to_status: string }) => [e.action, e.to_status])).toEqual([['visit', 'visited'], ['reopen', 'in_progress'], ['escalate', null]]);
  });

  it('reopens a crisis case already at the top of the ladder after a dissatisfied visit', async () => {
    let c = await register();
    c = await act(agent, c, 'accept', { category_id: cat('elevator'), severity: 'crisis', validity: 'valid' });
    c = await act(agent, c, 'assign', { department_id: dept('engineering'), handler_id: user('handler') });
    c = await act(handler, c, 'start');
    c = await act(center, c, 'decide', { decision: '由公司统一答复，先全面停梯检修' });
    c = await act(handler, c, 'resolve', { resolution: '已处理', remedy: { types: ['apology'] } });
    c = await act(head, c, 'approve_resolution');
    c = await act(agent, c, 'visit', { reached: true, resolved: true, satisfaction: 'dissatisfied', method: 'visit' });
    expect(c).toMatchObject({ status: 'in_progress', reopen_count: 1 });
  });

  it('reopens a closed case by hand with a reason', async () => {
    let c = await toInProgress();
    c = await act(handler, c, 'resolve', { resolution: '已修复', remedy: { types: ['repair'] } });
    c = await act(agent, c, 'close', { reason: '多次联系业主未接通' });
    c = await act(center, c, 'reopen', { reason: '业主来电反映问题再次出现' });
    expect(c.status).toBe('in_progress');
  });

  it('merges a duplicate into its parent and records it on both timelines', async () => {
    const parent = await register();
    // The caller's other open cases come on demand (the desk's form asks for them).
    expect((await register(complaint({ subject: '电梯还是坏的' }))).related_open_cases).toBeUndefined();
    const asked = await t.call(agent, 'POST', '/api/v1/cases?related=true', complaint({ subject: '电梯又坏了' }));
    expect(asked.status).toBe(201);
    const child = asked.body;
    expect(child.related_open_cases.map((r: { id: string }) => r.id)).toContain(parent.id);
    const merged = await act(agent, child, 'merge', { parent_case_id: parent.id });
    expect(merged).toMatchObject({ status: 'merged', parent_case_id: parent.id });
    const p = (await t.call(agent, 'GET', `/api/v1/cases/${parent.id}`)).body;
    expect(p.merged_cases.map((m: { id: string }) => m.id)).toEqual([child.id]);
    expect(p.timeline.at(-1)).toMatchObject({ action: 'merged_in' });
    const self = await t.call(agent, 'POST', `/api/v1/cases/${parent.id}/actions/merge`, { version: p.version, parent_case_id: parent.id });
    expect(self.status).toBe(422);
    expect(self.body.error.code).toBe('merge_invalid');
  });

  it('lets the customer withdraw an open case', async () => {
    const c = await act(agent, await register(), 'withdraw', { reason: '业主自行解决' });
    expect(c).toMatchObject({ status: 'withdrawn', withdraw_reason: '业主自行解决' });
    expect(c.abilities).not.toContain('accept');
  });

  it('keeps the explanation given to the customer on an invalid case and closes it', async () => {
    const reg = await register();
    const missing = await t.call(agent, 'POST', `/api/v1/cases/${reg.id}/actions/accept`, { version: reg.version, category_id: cat('other'), severity: 'minor', validity: 'invalid' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('invalid_explanation');
    let c = await act(agent, reg, 'accept', { category_id: cat('other'), severity: 'minor', validity: 'invalid', invalid_explanation: '属市政供水问题，已告知业主拨打供水热线' });
    c = await act(agent, c, 'close');
    expect(c).toMatchObject({ status: 'closed', validity: 'invalid', invalid_explanation: '属市政供水问题，已告知业主拨打供水热线' });
  });

  it('requires a reason and a reviewer with authority to call a complaint malicious', async () => {
    const reg = await register();
    const base = { version: reg.version, category_id: cat('other'), severity: 'minor', validity: 'malicious' };
    const noReviewer = await t.call(agent, 'POST', `/api/v1/cases/${reg.id}/actions/accept`, { ...base, malicious_reason: '同一内容反复恶意投诉' });
    expect(noReviewer.body.error.details[0].path).toBe('malicious_reviewer_id');
    const notAManager = await t.call(agent, 'POST', `/api/v1/cases/${reg.id}/actions/accept`, { ...base, malicious_reason: 'x', malicious_reviewer_id: user('handler') });
    expect(notAManager.status).toBe(422);
    expect(notAManager.body.error.code).toBe('invalid_reference');
    const c = await act(agent, reg, 'accept', { category_id: cat('other'), severity: 'minor', validity: 'malicious', malicious_reason: '同一内容反复恶意投诉', malicious_reviewer_id: user('manager') });
    expect(c).toMatchObject({ validity: 'malicious', malicious_reviewer_id: user('manager') });
  });
});

describe('safety of writes', () => {
  it('rejects a stale version with 409 and keeps the newer change', async () => {
    const reg = await register();
    await act(agent, reg, 'accept', { category_id: cat('elevator'), severity: 'minor', validity: 'valid' });
    const stale = await t.call(agent, 'POST', `/api/v1/cases/${reg.id}/actions/withdraw`, { version: reg.version, reason: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', details: { current_version: reg.version + 1 } });
    expect((await t.call(agent, 'GET', `/api/v1/cases/${reg.id}`)).body.status).toBe('accepted');
  });

  it('refuses a transition the current state does not allow', async () => {
    const reg = await register();
    const r = await t.call(agent, 'POST', `/api/v1/cases/${reg.id}/actions/resolve`, { version: reg.version, resolution: 'x', remedy: { types: ['apology'] } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('transition_not_allowed');
    expect(r.body.error.message).toContain('已登记');
  });

  it('never makes a second case for a retried request with the same Idempotency-Key', async () => {
    const key = `k-${Math.random()}`;
    const body = complaint({ subject: '幂等测试' });
    const [a, b] = await Promise.all([
      t.call(agent, 'POST', '/api/v1/cases', body, { 'idempotency-key': key }),
      t.call(agent, 'POST', '/api/v1/cases', body, { 'idempotency-key': key }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const reused = await t.call(agent, 'POST', '/api/v1/cases', { ...body, subject: '别的内容' }, { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    const list = await t.call(agent, 'GET', `/api/v1/cases?q=${encodeURIComponent('幂等测试')}`);
    expect(list.body.total).toBe(1);
  });

  it('answers malformed JSON, wrong types and unknown fields with 400 listing every issue', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' }, payload: '{"kind":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('malformed_json');
    const r = await t.call(agent, 'POST', '/api/v1/cases', { ...complaint(), kind: 42, channel: 'pigeon', colour: 'red' }, { 'accept-language': 'en-US' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('Some fields are invalid; see details.');
    expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['channel', 'colour', 'kind']);
  });

  it('answers unknown actions, unknown cases and references to another organisation with 4xx', async () => {
    const reg = await register();
    expect((await t.call(agent, 'POST', `/api/v1/cases/${reg.id}/actions/teleport`, {})).body.error.code).toBe('unknown_action');
    expect((await t.call(agent, 'GET', '/api/v1/cases/not-a-uuid')).status).toBe(404);
    const other = await t.call(agent, 'POST', `/api/v1/cases/${reg.id}/actions/accept`, { version: reg.version, category_id: '00000000-0000-4000-8000-000000000000', severity: 'minor', validity: 'valid' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('invalid_reference');
    expect((await t.call(agent, 'GET', `/api/v1/cases/${reg.id}`)).body.status).toBe('registered');
  });

  it('asks for a session before anything else', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/cases' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('unauthenticated');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agent', password: 'nope', org: t.org.slug } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
  });
});
