/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountabilityOnce } from '../src/jobs/accountability.job.ts';
import { fakeClock, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
const clock = fakeClock('2026-06-01T02:00:00Z');
const tok: Record<string, string> = {};
const call = (who: string, method: string, url: string, body?: unknown) => t.call(tok[who]!, method, url, body);
const DAY = 86_400_000;
let cat: string;
let cat2: string;
let n = 0;

async function insertCase(o: { unit?: string; category?: string; at: Date; status?: string; severity?: string; kind?: string; closedAt?: Date | null; phone?: string; name?: string; content?: string; customerId?: string }) {
  const id = randomUUID();
  const unit = t.org.units.get(o.unit ?? 'cuihu.engineering')!;
  const who = t.org.users.get('center')!;
  await pool.query(
    `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_id, customer_name, customer_phone, customer_address, customer_room,
                        unit_id, category_id, severity, validity, first_responder_id, registered_by, created_at, updated_at, closed_at, search_words)
     values ($1, $2, $3, $4, 'phone', $5, '电梯故障', $6, $7, $8, $9, '翠湖花园3号楼', '3-2-1201', $10, $11, $12, 'valid', $13, $13, $14, $14, $15, $16)`,
    [t.org.orgId, id, `IMP-${t.org.orgId.slice(0, 4)}-${++n}`, o.kind ?? 'complaint', o.status ?? 'closed', o.content ?? '电梯停了三次，请回电 13812341234', o.customerId ?? null,
      o.name ?? '王先生', o.phone ?? '13812341234', unit, o.category ?? cat, o.severity ?? 'minor', who, o.at, o.closedAt === undefined ? new Date(o.at.getTime() + DAY) : o.closedAt,
      `电梯 故障 王先生 ${o.phone ?? '13812341234'}`],
  );
  return id;
}

async function topCategories(api: TestApi): Promise<string[]> {
  return (await pool.query('select id from categories where org_id = $1 and parent_id is null order by code limit 2', [api.org.orgId])).rows.map((x) => x.id);
}

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool, clock);
  for (const u of ['admin', 'center', 'agent', 'manager', 'auditor', 'handler', 'head']) tok[u] = await t.login(u);
  [cat, cat2] = (await topCategories(t)) as [string, string];
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

describe('corrective action 整改', () => {
  it('closes only after an effectiveness check that finds fewer complaints of the category at the place than before', async () => {
    const T0 = clock.now();
    // Before: three complaints of the category at 翠湖花园 in the 30 days before; one elsewhere and one of another category do not count.
    const cases = [];
    for (const d of [25, 12, 3]) cases.push(await insertCase({ at: new Date(T0.getTime() - d * DAY) }));
    await insertCase({ at: new Date(T0.getTime() - 5 * DAY), unit: 'nanshan.engineering' });
    await insertCase({ at: new Date(T0.getTime() - 5 * DAY), category: cat2 });
    const created = await call('center', 'POST', '/api/v1/corrective-actions', {
      title: '3号楼电梯反复故障整改', case_ids: cases, root_cause: '维保单位响应慢，配件老化', plan: '更换主板，维保合同加响应时限',
      owner_id: t.org.users.get('head'), due_at: new Date(T0.getTime() + 14 * DAY).toISOString(), check_after_days: 30,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ca = created.body;
    expect(ca).toMatchObject({ state: 'open', category_id: cat, unit_id: t.org.units.get('cuihu.engineering'), overdue: false });
    // The check before the work is done is refused.
    expect((await call('center', 'POST', `/api/v1/corrective-actions/${ca.id}/check`, {})).status).toBe(409);
    // The owner (a department head, no `account` ability) records the evidence.
    clock.set(new Date(T0.getTime() + 10 * DAY));
    const done = await call('head', 'POST', `/api/v1/corrective-actions/${ca.id}/complete`, { evidence: '主板已更换，维保合同附件已签' });
    expect(done.body).toMatchObject({ state: 'done', check_due_at: new Date(T0.getTime() + 40 * DAY).toISOString() });
    // One complaint after completion.
    await insertCase({ at: new Date(T0.getTime() + 20 * DAY) });
    clock.set(new Date(T0.getTime() + 39 * DAY));
    const early = await call('center', 'POST', `/api/v1/corrective-actions/${ca.id}/check`, {});
    expect([early.status, early.body.error.code]).toEqual([409, 'record_state_conflict']);
    clock.set(new Date(T0.getTime() + 40 * DAY));
    const checked = await call('center', 'POST', `/api/v1/corrective-actions/${ca.id}/check`, {});
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(checked.body).toMatchObject({ state: 'closed', checks: [{ before: { complaints: 3 }, after: { complaints: 1 }, change: -2, effective: true }] });
  });

  it('sends an action back to open when the complaints did not fall, keeping the comparison', async () => {
    const T0 = clock.now();
    await insertCase({ at: new Date(T0.getTime() - 2 * DAY), unit: 'nanshan.engineering' });
    const ca = (await call('center', 'POST', '/api/v1/corrective-actions', {
      title: '南山名苑电梯', category_id: cat, unit_id: t.org.units.get('nanshan'), root_cause: '老化', plan: '维修',
      owner_id: t.org.users.get('center'), due_at: new Date(T0.getTime() + 5 * DAY).toISOString(), check_after_days: 10,
    })).body;
    await call('center', 'POST', `/api/v1/corrective-actions/${ca.id}/complete`, { evidence: '已维修' });
    await insertCase({ at: new Date(T0.getTime() + 3 * DAY), unit: 'nanshan.engineering' });
    await insertCase({ at: new Date(T0.getTime() + 4 * DAY), unit: 'nanshan.engineering' });
    clock.set(new Date(T0.getTime() + 10 * DAY));
    const checked = (await call('center', 'POST', `/api/v1/corrective-actions/${ca.id}/check`, {})).body;
    expect(checked).toMatchObject({ state: 'open', done_at: null, checks: [{ before: { complaints: 1 }, after: { complaints: 2 }, effective: false }] });
  });

  it('escalates an open action past its deadline once, to the owner and the complaint center', async () => {
    const T0 = clock.now();
    const ca = (await call('center', 'POST', '/api/v1/corrective-actions', {
      title: '保洁频次', category_id: cat2, unit_id: t.org.units.get('cuihu'), root_cause: '人手不足', plan: '增加班次',
      owner_id: t.org.users.get('handler2'), due_at: new Date(T0.getTime() + DAY).toISOString(),
    })).body;
    await accountabilityOnce(pool, new Date(T0.getTime() + DAY - 1000));
    const notes = async () => (await pool.query(`select recipient_id from notifications where org_id = $1 and kind = 'corrective_overdue' and payload ->> 'corrective_action_id' = $2`, [t.org.orgId, ca.id])).rows.map((r) => r.recipient_id).sort();
    expect(await notes()).toEqual([]);
    await accountabilityOnce(pool, new Date(T0.getTime() + DAY + 1000));
    await accountabilityOnce(pool, new Date(T0.getTime() + DAY + 2000));
    expect(await notes()).toEqual([t.org.users.get('handler2'), t.org.users.get('center')].sort());
    clock.set(new Date(T0.getTime() + 2 * DAY));
    const overdue = (await call('manager', 'GET', '/api/v1/corrective-actions?overdue=1')).body.items;
    expect(overdue.map((c: any) => c.id)).toContain(ca.id);
    // A handler who does not own it may not complete it.
    expect((await call('handler', 'POST', `/api/v1/corrective-actions/${ca.id}/complete`, { evidence: 'x' })).status).toBe(403);
  });
});

describe('reviews, the review pack and difficult customers', () => {
  it('records a handling review with a score and builds the period’s review pack', async () => {
    const c = await insertCase({ at: new Date('2026-05-10T02:00:00Z') });
    const rv = await call('center', 'POST', '/api/v1/reviews', { kind: 'handling', case_id: c, score: 4, findings: '回访及时，方案合理' });
    expect(rv.status, JSON.stringify(rv.body)).toBe(201);
    expect((await call('center', 'POST', '/api/v1/reviews', { kind: 'handling', case_id: c, findings: '无分数' })).status).toBe(400);
    await call('center', 'POST', '/api/v1/reviews', { kind: 'retrospective', period_from: '2026-04-01', period_to: '2026-04-30', findings: '四月检讨' });
    const pack = await call('manager', 'GET', `/api/v1/review-pack?from=${encodeURIComponent('2026-05-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-06-01T00:00:00+08:00')}`);
    expect(pack.status, JSON.stringify(pack.body)).toBe(200);
    expect(pack.body.figures.complaints).toBeGreaterThanOrEqual(1);
    expect(pack.body.top_causes[0]).toMatchObject({ category_id: cat });
    expect(pack.body.since_last_review.last_review_to).toBe('2026-04-30');
    expect(pack.body).toHaveProperty('corrective_actions.overdue');
    expect(pack.body).toHaveProperty('fines.charged_fen');
    expect((await call('agent', 'GET', '/api/v1/review-pack?from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z')).status).toBe(403);
    // The unit manager's pack counts their own units only; the complaint center's the whole organisation.
    await insertCase({ at: new Date('2026-05-11T02:00:00Z'), unit: 'nanshan.engineering' });
    const q = '/api/v1/review-pack?from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z';
    const [mine, all] = [(await call('manager', 'GET', q)).body.figures.complaints, (await call('center', 'GET', q)).body.figures.complaints];
    const count = async (unitKey: string | null) => (await pool.query(
      `select count(*)::int as n from cases c join units u on u.org_id = c.org_id and u.id = c.unit_id
        where c.org_id = $1 and c.kind = 'complaint' and c.created_at >= '2026-05-01T00:00:00Z' and c.created_at < '2026-06-01T00:00:00Z'
          and ($2::uuid is null or $2 = any(u.path))`, [t.org.orgId, unitKey ? t.org.units.get(unitKey) : null])).rows[0].n;
    expect([mine, all]).toEqual([await count('cuihu'), await count(null)]);
    expect(all).toBeGreaterThan(mine);
  });

  it('keeps the difficult-customer record from agents and handlers (001 六.2 "记录备案")', async () => {
    const customer = randomUUID();
    await pool.query(`insert into customers (org_id, id, name, phone) values ($1, $2, '刘女士', '13999990000')`, [t.org.orgId, customer]);
    const put = await call('center', 'PUT', `/api/v1/difficult-customers/${customer}`, { reason: '多次无理要求赔偿' });
    expect(put.body).toMatchObject({ customer_id: customer, name: '刘女士', reason: '多次无理要求赔偿' });
    expect(JSON.stringify(put.body)).not.toContain('13999990000');
    for (const who of ['agent', 'handler']) expect((await call(who, 'GET', '/api/v1/difficult-customers')).status).toBe(403);
    // A manager of one unit sees the difficult customers who have a case in their units; the center sees all.
    const listed = async (who: string) => (await call(who, 'GET', '/api/v1/difficult-customers')).body.items.map((d: any) => d.customer_id);
    expect(await listed('center')).toContain(customer);
    expect(await listed('manager')).not.toContain(customer);
    await insertCase({ at: new Date('2026-05-20T02:00:00Z'), customerId: customer });
    expect(await listed('manager')).toContain(customer);
    expect((await call('manager', 'PUT', `/api/v1/difficult-customers/${customer}`, { reason: 'x' })).status).toBe(403);
  });
});

describe('retention (001 八.2 "资料保存一年重要的资料延期保存")', () => {
  it('anonymises expired cases after exporting them, keeps held and important ones, and the counts stay the same', async () => {
    const r = await testApi(pool, clock);
    const admin = await r.login('admin');
    const center = await r.login('center');
    const old = t;
    t = r;
    try {
      [cat, cat2] = (await topCategories(r)) as [string, string];
      const now = new Date('2026-06-01T02:00:00Z');
      clock.set(now);
      const customer = randomUUID();
      await pool.query(`insert into customers (org_id, id, name, phone, address, room) values ($1, $2, '王先生', '13812341234', '翠湖花园3号楼', '3-2-1201')`, [r.org.orgId, customer]);
      const expired = await insertCase({ at: new Date('2024-05-01T02:00:00Z'), customerId: customer });
      const important = await insertCase({ at: new Date('2024-05-02T02:00:00Z'), severity: 'important', phone: '13900001111' });
      const held = await insertCase({ at: new Date('2024-05-03T02:00:00Z'), phone: '13900002222' });
      const recent = await insertCase({ at: new Date('2026-01-03T02:00:00Z'), phone: '13900003333' });
      const open = await insertCase({ at: new Date('2024-01-03T02:00:00Z'), status: 'in_progress', closedAt: null, phone: '13900004444' });
      await pool.query(`insert into case_events (org_id, case_id, at, action, note, data) values ($1, $2, $3, 'comment', '客户电话13812341234，王先生', '{"phone":"13812341234"}')`, [r.org.orgId, expired, new Date('2024-05-01T03:00:00Z')]);
      expect((await r.call(center, 'PUT', `/api/v1/accountability/cases/${held}/legal-hold`, { hold: true, reason: '诉讼中' })).status).toBe(200);
      const counts = async () => (await pool.query(
        `select category_id, unit_id, to_char(created_at, 'YYYY-MM') as m, kind, severity, status, count(*)::int as n from cases where org_id = $1 group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`, [r.org.orgId],
      )).rows;
      const before = await counts();
      const dry = await r.call(admin, 'POST', '/api/v1/admin/retention/run', { dry_run: true });
      expect(dry.body).toMatchObject({ anonymised: 0, export_file: null });
      expect(dry.body.cases).toHaveLength(1);
      const run = await r.call(admin, 'POST', '/api/v1/admin/retention/run', {});
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      expect(run.body.anonymised).toBe(1);
      expect(await counts()).toEqual(before);
      const row = (await pool.query('select customer_name, customer_phone, customer_address, customer_room, content, search_words, anonymised_at from cases where org_id = $1 and id = $2', [r.org.orgId, expired])).rows[0];
      expect(row).toMatchObject({ customer_name: '***', customer_phone: null, customer_address: null, customer_room: '3' });
      expect(row.content).not.toContain('13812341234');
      expect(row.search_words).not.toMatch(/13812341234|王先生/);
      const ev = (await pool.query('select note, data from case_events where org_id = $1 and case_id = $2', [r.org.orgId, expired])).rows[0];
      expect(JSON.stringify(ev)).not.toMatch(/13812341234|王先生/);
      expect((await pool.query('select name, phone, address from customers where org_id = $1 and id = $2', [r.org.orgId, customer])).rows[0]).toEqual({ name: '***', phone: null, address: null });
      for (const id of [important, held, recent, open]) {
        expect((await pool.query('select anonymised_at, customer_phone from cases where org_id = $1 and id = $2', [r.org.orgId, id])).rows[0].customer_phone).not.toBeNull();
      }
      // The export was written first, with what was purged.
      const file = path.join(r.dataDir, 'retention', r.org.orgId, run.body.export_file);
      expect(await readFile(file, 'utf8')).toContain('13812341234');
      const audit = (await r.call(admin, 'GET', '/api/v1/audit')).body.items.map((a: any) => a.action);
      expect(audit).toEqual(expect.arrayContaining(['retention_export', 'retention_purge', 'legal_hold']));
      // Run again: nothing more to do. A year on, the important case's 3 years (closed 2024-05-03) and the recent
      // case's 1 year (closed 2026-01-04) are up; the held one stays.
      expect((await r.call(admin, 'POST', '/api/v1/admin/retention/run', {})).body.anonymised).toBe(0);
      clock.set(new Date('2027-05-04T02:00:00Z'));
      const later = await r.call(admin, 'POST', '/api/v1/admin/retention/run', { dry_run: true });
      expect(later.body.cases).toHaveLength(2);
      expect(await counts()).toEqual(before);
    } finally {
      t = old;
      await r.app.close();
    }
  });
});
