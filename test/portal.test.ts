import { randomInt } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_SUBMITS_PER_HOUR, PORTAL_THROTTLE, STANDARD_NOTICE_VERSION } from '../src/app/portal/portal.ts';
import { PortalCaseView, PortalOrgView } from '../src/contract/portal.ts';
import { caseSteps, testApi, testPool, type TestApi } from './helpers.ts';

// The customer portal (issue 9): a customer submits, tracks by number + phone, adds information and answers the
// return visit, without a staff account — and sees only what is meant for them.
let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};
const { act } = caseSteps(() => t, tok);

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['center', 'agent', 'handler']) tok[u] = await t.login(u);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

/** Each test speaks from its own address (X-Forwarded-For from loopback is believed), so throttles do not mix. */
const newAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read raw API JSON
async function portal(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await t.app.inject({
    method: method as 'GET',
    url,
    headers: { ...(body !== undefined && !(body instanceof Buffer) ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body === undefined ? {} : { payload: body instanceof Buffer ? body : JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

const submission = (over: Record<string, unknown> = {}) => ({
  consent: { accepted: true, notice_version: STANDARD_NOTICE_VERSION, locale: 'zh-CN' },
  kind: 'complaint',
  content: '小区东门的路灯坏了一周，晚上很黑。',
  customer: { name: '赵女士', phone: '13900001111', room: '5-1-502' },
  ...over,
});

async function submit(over: Record<string, unknown> = {}, address = newAddress()) {
  const r = await portal('POST', `/api/v1/portal/orgs/${t.org.slug}/cases`, submission(over), { 'x-forwarded-for': address });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { number: string; token: string };
}

const track = (number: string, phone: string, address = newAddress()) =>
  portal('POST', `/api/v1/portal/orgs/${t.org.slug}/track`, { number, phone }, { 'x-forwarded-for': address });

async function staffCase(number: string) {
  const list = (await t.call(tok.center!, 'GET', `/api/v1/cases?q=${encodeURIComponent(number)}`)).body;
  const found = list.items.find((c: { number: string }) => c.number === number);
  return (await t.call(tok.center!, 'GET', `/api/v1/cases/${found.id}`)).body;
}

describe('the portal shows the organisation and asks for consent first', () => {
  it('names the organisation, the kinds it takes, its categories, the fields its rules require and the notice', async () => {
    const r = await portal('GET', `/api/v1/portal/orgs/${t.org.slug}?locale=en-US`);
    expect(r.status).toBe(200);
    expect(r.body.kinds).toEqual(['complaint', 'suggestion', 'inquiry', 'praise']);
    expect(r.body.required_fields).toEqual(['customer.name', 'customer.room', 'customer.phone']);
    expect(r.body.privacy_notice.version).toBe(STANDARD_NOTICE_VERSION);
    expect(r.body.categories.length).toBeGreaterThan(0);
    expect(r.body.categories.every((c: { name: string }) => /^[\x20-\x7e]+$/.test(c.name))).toBe(true);
    expect(PortalOrgView.safeParse(r.body).success).toBe(true);
    expect((await portal('GET', '/api/v1/portal/orgs/no-such-org')).status).toBe(404);
  });

  it('refuses a submission without consent, or with a notice version that is not the current one', async () => {
    const none = await portal('POST', `/api/v1/portal/orgs/${t.org.slug}/cases`, { ...submission(), consent: undefined });
    expect(none.status).toBe(400);
    const declined = await portal('POST', `/api/v1/portal/orgs/${t.org.slug}/cases`, submission({ consent: { accepted: false, notice_version: STANDARD_NOTICE_VERSION, locale: 'zh-CN' } }));
    expect(declined.status).toBe(400);
    const old = await portal('POST', `/api/v1/portal/orgs/${t.org.slug}/cases`, submission({ consent: { accepted: true, notice_version: 'v0', locale: 'zh-CN' } }));
    expect(old.status).toBe(400);
    expect(old.body.error.details[0]).toMatchObject({ path: 'consent.notice_version', code: 'outdated_notice' });
  });

  it('applies the organisation’s registration rules (the property preset requires the room)', async () => {
    const r = await portal('POST', `/api/v1/portal/orgs/${t.org.slug}/cases`, submission({ customer: { name: '赵女士', phone: '13900001111' } }));
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([expect.objectContaining({ path: 'customer.room', code: 'required' })]);
  });
});

describe('a submission', () => {
  it('answers with the case number at once, records the consent with the case and files it under the intake unit as channel portal', async () => {
    const s = await submit();
    expect(s.number).toMatch(/^[A-Z]+-\d{8}-\d{5}$/);
    const c = await staffCase(s.number);
    expect(c).toMatchObject({ channel: 'portal', kind: 'complaint', status: 'registered', unit_id: t.org.units.get('company') });
    const consent = await pool.query('select notice_version, locale from portal_consents where case_id = $1', [c.id]);
    expect(consent.rows).toEqual([{ notice_version: STANDARD_NOTICE_VERSION, locale: 'zh-CN' }]);
  });

  it('takes photos with the token it handed out (images only, bytes checked)', async () => {
    const s = await submit();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e1b1b50000000049454e44ae426082', 'hex');
    const ok = await portal('POST', '/api/v1/portal/case/photos?filename=lamp.png', png, { 'content-type': 'image/png', 'x-portal-token': s.token });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const pdf = await portal('POST', '/api/v1/portal/case/photos?filename=a.pdf', Buffer.from('%PDF-1.4 x'), { 'content-type': 'application/pdf', 'x-portal-token': s.token });
    expect(pdf.status).toBe(415);
    const fake = await portal('POST', '/api/v1/portal/case/photos?filename=x.png', Buffer.from('not a png'), { 'content-type': 'image/png', 'x-portal-token': s.token });
    expect(fake.status).toBe(415);
    const noToken = await portal('POST', '/api/v1/portal/case/photos?filename=lamp.png', png, { 'content-type': 'image/png' });
    expect(noToken.status).toBe(403);
    const c = await staffCase(s.number);
    expect(c.attachments.map((a: { filename: string }) => a.filename)).toEqual(['lamp.png']);
  });
});

describe('submissions are throttled per address', () => {
  it(`takes ${PORTAL_SUBMITS_PER_HOUR} an hour from one address, then refuses with a wait`, async () => {
    const address = newAddress();
    for (let i = 0; i < PORTAL_SUBMITS_PER_HOUR; i++) await submit({}, address);
    const r = await portal('POST', `/api/v1/portal/orgs/${t.org.slug}/cases`, submission(), { 'x-forwarded-for': address });
    expect(r.status).toBe(429);
    expect(r.body.error).toMatchObject({ code: 'rate_limited', details: { retry_after_seconds: 3600 } });
    await submit();
  });
});

describe('tracking shows only what is meant for the customer', () => {
  it('shows the stage in customer words and customer-visible notes; never staff names, internal notes or the unit', async () => {
    const s = await submit({ customer: { name: '钱先生', phone: '13900002222', room: '6-1-101' } });
    let c = await staffCase(s.number);
    c = await act('center', c, 'accept', { category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid', note: '内部：此人上月投诉过三次' });
    await t.call(tok.center!, 'POST', `/api/v1/cases/${c.id}/actions/comment`, { note: '内部备注：维修工王建国负责' });
    const reply = await t.call(tok.center!, 'POST', `/api/v1/cases/${c.id}/customer-replies`, { note: '已安排维修人员，明天上午处理。' });
    expect(reply.status).toBe(201);

    const r = await track(s.number, '139-0000-2222');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.case).toMatchObject({ number: s.number, stage: 'in_progress', kind: 'complaint' });
    expect(r.body.case.progress.filter((p: { type: string }) => p.type !== 'stage')).toEqual([
      expect.objectContaining({ type: 'reply', text: '已安排维修人员，明天上午处理。' }),
    ]);
    const text = JSON.stringify(r.body);
    for (const secret of ['内部', '王建国', '周敏', '投诉中心', c.unit_id, tok.center, '13900002222', '6-1-101']) expect(text).not.toContain(secret);
    // The staff timeline keeps the internal note as it was.
    const staff = await staffCase(s.number);
    expect(staff.timeline.some((e: { note: string | null }) => e.note === '内部备注：维修工王建国负责')).toBe(true);
  });

  it('answers a wrong phone exactly as an unknown number (no enumeration), and another customer’s phone opens nothing', async () => {
    const a = await submit({ customer: { name: '孙女士', phone: '13900003333', room: '7-1-101' } });
    await submit({ customer: { name: '李先生', phone: '13900004444', room: '7-1-102' } });
    const wrongPhone = await track(a.number, '13900004444');
    const unknown = await track('QT-19990101-99999', '13900003333');
    expect(wrongPhone.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongPhone.body).toEqual(unknown.body);
    expect(wrongPhone.body.error.code).toBe('portal_tracking_failed');
  });

  it('a token opens only its own case and expires', async () => {
    const s = await submit();
    expect((await portal('GET', '/api/v1/portal/case', undefined, { 'x-portal-token': 'made-up' })).status).toBe(403);
    expect((await portal('GET', '/api/v1/portal/case')).status).toBe(403);
    const view = (await portal('GET', '/api/v1/portal/case', undefined, { 'x-portal-token': s.token })).body;
    expect(view.number).toBe(s.number);
    expect(PortalCaseView.safeParse(view).success).toBe(true);
    await pool.query(`update portal_tokens set expires_at = now() - interval '1 second' where token_hash = encode(sha256($1::bytea), 'hex')`, [s.token]);
    expect((await portal('GET', '/api/v1/portal/case', undefined, { 'x-portal-token': s.token })).status).toBe(403);
  });
});

describe('tracking is throttled', () => {
  it(`refuses a case number after ${PORTAL_THROTTLE.perNumber} failures, even with the right phone and from other addresses`, async () => {
    const s = await submit({ customer: { name: '周先生', phone: '13900005555', room: '8-1-101' } });
    for (let i = 0; i < PORTAL_THROTTLE.perNumber; i++) expect((await track(s.number, `1390000${6000 + i}`)).status).toBe(404);
    const right = await track(s.number, '13900005555');
    expect(right.status).toBe(429);
    expect(right.body.error.details.retry_after_seconds).toBeGreaterThan(0);
  });

  it(`refuses an address after ${PORTAL_THROTTLE.perAddress} failures, whatever number it tries`, async () => {
    const s = await submit({ customer: { name: '吴女士', phone: '13900007777', room: '9-1-101' } });
    const address = newAddress();
    for (let i = 0; i < PORTAL_THROTTLE.perAddress; i++) expect((await track(`QT-20000101-${String(i).padStart(5, '0')}`, '13900007777', address)).status).toBe(404);
    expect((await track(s.number, '13900007777', address)).status).toBe(429);
    expect((await track(s.number, '13900007777')).status).toBe(200);
  });
});

describe('the customer adds information and answers the return visit once', () => {
  it('adds a note staff see, answers the visit after resolution, and cannot answer twice', async () => {
    const s = await submit({ customer: { name: '郑先生', phone: '13900008888', room: '10-1-101' } });
    const note = await portal('POST', '/api/v1/portal/case/notes', { note: '晚上八点以后最暗。' }, { 'x-portal-token': s.token });
    expect(note.status).toBe(200);
    expect(note.body.progress.at(-1)).toMatchObject({ type: 'customer_note', text: '晚上八点以后最暗。' });
    const early = await portal('POST', '/api/v1/portal/case/visit', { resolved: true, satisfaction: 'satisfied' }, { 'x-portal-token': s.token });
    expect(early.status).toBe(409);

    let c = await staffCase(s.number);
    expect(c.timeline.some((e: { note: string | null }) => e.note === '晚上八点以后最暗。')).toBe(true);
    c = await act('center', c, 'accept', { category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' });
    c = await act('center', c, 'assign', { department_id: t.org.units.get('cuihu.engineering'), handler_id: t.org.users.get('handler') });
    c = await act('handler', c, 'start');
    await act('handler', c, 'resolve', { resolution: '已更换灯泡', remedy: { types: ['repair'] } });

    const tracked = await track(s.number, '13900008888');
    expect(tracked.body.case).toMatchObject({ stage: 'resolved', can_answer_visit: true });
    const h = { 'x-portal-token': tracked.body.token };
    const v = await portal('POST', '/api/v1/portal/case/visit', { resolved: true, satisfaction: 'satisfied', comment: '很及时' }, h);
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    expect(v.body).toMatchObject({ stage: 'closed', visit_answered: true, can_answer_visit: false });
    const after = await staffCase(s.number);
    expect(after).toMatchObject({ status: 'visited', visit_reached: true, visit_resolved: true, visit_satisfaction: 'satisfied', visit_method: 'message' });
    expect((await portal('POST', '/api/v1/portal/case/visit', { resolved: true, satisfaction: 'satisfied' }, h)).status).toBe(409);
  });

  it('works for a case the front desk registered from a phone call: tracked, added to, visited', async () => {
    const agent = await t.login('agent');
    const reg = await t.call(agent, 'POST', '/api/v1/cases', { kind: 'complaint', channel: 'phone', subject: '楼道灯不亮', content: '12号楼楼道灯不亮', customer: { name: '韩先生', phone: '13900006666', room: '12-1-101' } });
    expect(reg.status).toBe(201);
    const tracked = await track(reg.body.number, '13900006666');
    expect(tracked.status).toBe(200);
    const h = { 'x-portal-token': tracked.body.token };
    expect((await portal('POST', '/api/v1/portal/case/notes', { note: '三楼也不亮。' }, h)).status).toBe(200);
    let c = await act('center', reg.body, 'accept', { category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' });
    c = await act('center', c, 'assign', { department_id: t.org.units.get('cuihu.engineering'), handler_id: t.org.users.get('handler') });
    c = await act('handler', c, 'start');
    await act('handler', c, 'resolve', { resolution: '已修复', remedy: { types: ['repair'] } });
    const v = await portal('POST', '/api/v1/portal/case/visit', { resolved: true, satisfaction: 'basically_satisfied' }, h);
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    expect(await staffCase(reg.body.number)).toMatchObject({ status: 'visited', visit_satisfaction: 'basically_satisfied', visit_method: 'message' });
  });

  it('a dissatisfied answer reopens the case, as a staff visit would', async () => {
    const s = await submit({ customer: { name: '冯女士', phone: '13900009999', room: '11-1-101' } });
    let c = await staffCase(s.number);
    c = await act('center', c, 'accept', { category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' });
    c = await act('center', c, 'assign', { department_id: t.org.units.get('cuihu.engineering'), handler_id: t.org.users.get('handler') });
    c = await act('handler', c, 'start');
    await act('handler', c, 'resolve', { resolution: '已处理', remedy: { types: ['repair'] } });
    const v = await portal('POST', '/api/v1/portal/case/visit', { resolved: false, satisfaction: 'dissatisfied' }, { 'x-portal-token': s.token });
    expect(v.status).toBe(200);
    expect(v.body.stage).toBe('in_progress');
    expect((await staffCase(s.number))).toMatchObject({ status: 'in_progress', reopen_count: 1 });
  });
});
