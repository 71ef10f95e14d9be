import ExcelJS from 'exceljs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseBatches, EXPORT_BATCH } from '../src/app/analytics/export-cases.ts';
import { notifySurgesOnce } from '../src/app/analytics/hot-issues.ts';
import { actorFor } from '../src/app/auth/sessions.ts';
import { caseSteps, complaint, fakeClock, testApi, testPool, type TestApi } from './helpers.ts';

// Analytics (issue 10) end to end on a small hand-computed data set, registered through the API.
let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};
const clock = fakeClock('2026-03-02T01:00:00Z');
const from = '2026-03-01T00:00:00Z', to = '2026-04-01T00:00:00Z';
const { act } = caseSteps(() => t, tok);

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool, clock);
  for (const u of ['agent', 'handler', 'center', 'auditor', 'head', 'manager', 'admin']) tok[u] = await t.login(u);
  const elevator = t.org.categories.get('elevator');
  const phone = (n: number) => ({ name: '王先生', phone: `1381234${String(n).padStart(4, '0')}`, room: `${n}-2-1201` });
  const reg = async (over: Record<string, unknown> = {}) => {
    clock.advance(3600_000);
    const r = await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint(over));
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body;
  };
  const resolve = async (c: { id: string; version: number }) => {
    c = await act('agent', c, 'accept', { category_id: elevator, severity: 'minor', validity: 'valid' });
    c = await act('agent', c, 'assign', { department_id: t.org.units.get('cuihu.engineering'), handler_id: t.org.users.get('handler') });
    c = await act('handler', c, 'start');
    return act('handler', c, 'resolve', { resolution: '已修复', remedy: { types: ['repair'] } });
  };
  // A and B: the same customer, same category (B is a repeat). C: dissatisfied, reopened. D: resolved, no visit yet.
  const a = await resolve(await reg({ customer: phone(1) }));
  await act('agent', a, 'visit', { reached: true, resolved: true, satisfaction: 'satisfied', method: 'phone' });
  const b = await resolve(await reg({ customer: phone(1) }));
  await act('agent', b, 'visit', { reached: true, resolved: true, satisfaction: 'basically_satisfied', method: 'phone' });
  const c = await resolve(await reg({ customer: phone(3) }));
  await act('agent', c, 'visit', { reached: true, resolved: false, satisfaction: 'dissatisfied', method: 'phone' });
  const dOpen = await reg({ customer: phone(4) });
  // H: a duplicate of D, merged into it (counts once).
  const h = await reg({ customer: phone(8) });
  await act('agent', h, 'merge', { parent_case_id: dOpen.id });
  await resolve((await t.call(tok.agent!, 'GET', `/api/v1/cases/${dOpen.id}`)).body);
  // E: invalid, closed. F: an inquiry answered on the spot. G: withdrawn.
  const e = await act('agent', await reg({ customer: phone(5) }), 'accept', { category_id: elevator, severity: 'minor', validity: 'invalid', invalid_explanation: '不属于服务范围' });
  await act('agent', e, 'close');
  await act('agent', await reg({ kind: 'inquiry', customer: phone(6) }), 'answer', { answer: '已当场解释', remedy: { types: ['explanation'] } });
  await act('agent', await reg({ customer: phone(7) }), 'withdraw', { reason: '客户撤回' });
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

describe('the rates of a month', () => {
  it('count merged cases once, withdrawn and invalid apart, and match the hand computation', async () => {
    const r = await t.call(tok.center!, 'GET', `/api/v1/analytics/rates?from=${from}&to=${to}`);
    expect(r.status).toBe(200);
    // 8 registered: 1 merged, 1 withdrawn, 1 invalid → 5 valid (A B C D F); F answered on the spot.
    expect(r.body.counts).toMatchObject({ registered: 8, merged: 1, withdrawn: 1, invalid: 1, malicious: 0, valid: 5, direct_answer: 1, resolved: 4, visited: 3, visit_resolved: 2, visit_satisfied: 1, visit_basically_satisfied: 1, visit_dissatisfied: 1, reopened: 1, repeat: 1 });
    // response 3/4; resolution 2/3; satisfaction (1 + 0.9)/3; composite 0.1·0.75 + 0.5·0.666667 + 0.4·0.633333 = 0.661667
    expect(r.body.rates.response).toBe(0.75);
    expect(r.body.rates.resolution).toBeCloseTo(0.666667, 6);
    expect(r.body.rates.satisfaction).toBeCloseTo(0.633333, 6);
    expect(r.body.rates.composite).toBeCloseTo(0.661667, 6);
    // reopen 1/5, direct answer 1/5, repeat 1/5; invalid and withdrawn shares of the 7 distinct cases
    expect([r.body.rates.reopen, r.body.rates.direct_answer, r.body.rates.repeat]).toEqual([0.2, 0.2, 0.2]);
    expect(r.body.rates.invalid_share).toBeCloseTo(1 / 7, 12);
    expect(r.body.counts.clocks.resolve.ended).toBeGreaterThanOrEqual(3);
    expect(r.body.drill).toEqual({ created_from: from, created_to: to });
    expect(r.body.previous.counts.registered).toBe(0);
  });

  it('count a case with an extended clock once, whatever number of its clocks were extended', async () => {
    const one = (await pool.query(`select c.id from cases c where c.org_id = $1 and c.visit_satisfaction = 'satisfied'`, [t.org.orgId])).rows[0].id;
    await pool.query(`update case_clocks set extensions = '[{"by": "test"}]' where org_id = $1 and case_id = $2`, [t.org.orgId, one]);
    try {
      const r = await t.call(tok.center!, 'GET', `/api/v1/analytics/rates?from=${from}&to=${to}`);
      expect(r.body.counts.extended).toBe(1);
      expect(r.body.rates.extension).toBe(0.2);
    } finally {
      await pool.query(`update case_clocks set extensions = '[]' where org_id = $1 and case_id = $2`, [t.org.orgId, one]);
    }
  });

  it('report the handling time with the median and p90 at 2 significant figures and the exact mean; per group only the count and mean', async () => {
    // The four ended resolve clocks of the valid cases (natural days in the test's policy) as working-hours clocks that
    // used 0.734, 5.46, 12.34 and 123 working hours.
    const clocks = (await pool.query(
      `select k.case_id, k.used, k.unit from case_clocks k join cases c on c.org_id = k.org_id and c.id = k.case_id
        where k.org_id = $1 and k.kind = 'resolve' and k.state in ('met', 'breached')
          and c.status not in ('merged', 'withdrawn') and c.validity not in ('invalid', 'malicious') order by c.created_at`, [t.org.orgId])).rows;
    expect(clocks).toHaveLength(4);
    const minutes = [44.04, 327.6, 740.4, 7380];
    try {
      for (const [i, k] of clocks.entries()) await pool.query(`update case_clocks set used = $3, unit = 'working_hours' where org_id = $1 and case_id = $2 and kind = 'resolve'`, [t.org.orgId, k.case_id, minutes[i]]);
      const r = await t.call(tok.center!, 'GET', `/api/v1/analytics/rates?from=${from}&to=${to}`);
      // Rounded: 0.73, 5.5, 12, 120 → median (5.5 + 12) / 2 = 8.75 (exact values: (5.46 + 12.34) / 2 = 8.9, 1.7 % off);
      // p90 = ceil(0.9 × 4) = 4th = 120; mean exact (0.734 + 5.46 + 12.34 + 123) / 4 = 141.534 / 4 = 35.3835.
      expect(r.body.handling_hours).toMatchObject({ n: 4, median: 8.75, p90: 120 });
      expect(r.body.handling_hours.mean).toBeCloseTo(35.3835, 9);
      // Per kind: the count and the exact mean, no median or p90; the groups add up to the total.
      const b = await t.call(tok.center!, 'GET', `/api/v1/analytics/breakdown?from=${from}&to=${to}&by=kind`);
      const groups = b.body.items.map((i: { handling_hours: { n: number; mean: number | null } }) => i.handling_hours);
      for (const h of groups) expect(Object.keys(h).sort()).toEqual(['mean', 'n']);
      expect(groups.reduce((n: number, h: { n: number }) => n + h.n, 0)).toBe(4);
      expect(groups.reduce((x: number, h: { n: number; mean: number | null }) => x + h.n * (h.mean ?? 0), 0)).toBeCloseTo(141.534, 9);
    } finally {
      for (const k of clocks) await pool.query(`update case_clocks set used = $3, unit = $4 where org_id = $1 and case_id = $2 and kind = 'resolve'`, [t.org.orgId, k.case_id, k.used, k.unit]);
    }
  });

  it('see only the scope of a role that is not organisation-wide, and refuse roles without the right', async () => {
    // The engineering head sees the four cases assigned to the department (A B C D), not the desk's others.
    const head = await t.call(tok.head!, 'GET', `/api/v1/analytics/rates?from=${from}&to=${to}`);
    expect(head.status).toBe(200);
    expect(head.body.counts.registered).toBe(4);
    expect((await t.call(tok.agent!, 'GET', `/api/v1/analytics/rates?from=${from}&to=${to}`)).status).toBe(403);
    expect((await t.call(tok.agent!, 'GET', `/api/v1/exports/cases.csv`)).status).toBe(403);
    expect((await t.call(tok.center!, 'GET', `/api/v1/analytics/rates?from=${to}&to=${from}`)).status).toBe(400);
  });
});

describe('breakdowns drill through to the case list', () => {
  it('lists exactly the cases behind each figure', async () => {
    for (const by of ['kind', 'category', 'unit', 'channel']) {
      const r = await t.call(tok.center!, 'GET', `/api/v1/analytics/breakdown?from=${from}&to=${to}&by=${by}`);
      expect(r.status).toBe(200);
      expect(r.body.items.reduce((s: number, i: { counts: { registered: number } }) => s + i.counts.registered, 0)).toBe(8);
      for (const item of r.body.items) {
        const list = await t.call(tok.center!, 'GET', `/api/v1/cases?${new URLSearchParams(item.drill).toString()}`);
        expect(list.status).toBe(200);
        expect([by, item.key, list.body.total]).toEqual([by, item.key, item.counts.registered]);
      }
    }
    const kinds = (await t.call(tok.center!, 'GET', `/api/v1/analytics/breakdown?from=${from}&to=${to}&by=kind`)).body.items;
    expect(kinds.map((i: { key: string; counts: { registered: number } }) => [i.key, i.counts.registered])).toEqual([['complaint', 7], ['inquiry', 1]]);
    const months = (await t.call(tok.center!, 'GET', `/api/v1/analytics/breakdown?from=${from}&to=${to}&by=period&grain=month`)).body.items;
    expect(months.map((i: { key: string }) => i.key)).toEqual(['2026-03-01']);
  });

  it('ranks units per 100 households where the organisation records them, invalid and malicious left out', async () => {
    await pool.query('update units set households = 400 where org_id = $1 and id = $2', [t.org.orgId, t.org.units.get('cuihu')]);
    const r = await t.call(tok.center!, 'GET', `/api/v1/analytics/breakdown?from=${from}&to=${to}&by=unit&unit_id=${t.org.units.get('east')}`);
    const cuihu = r.body.items.find((i: { key: string }) => i.key === t.org.units.get('cuihu'));
    // 8 registered − 1 merged − 1 invalid = 6 complaints (the withdrawn one counts: the customer did complain); 6 × 100 / 400 = 1.5
    expect(cuihu).toMatchObject({ league_count: 6, households: 400, per_100_households: 1.5 });
  });

  it('names the hot issues by category and place', async () => {
    const r = await t.call(tok.center!, 'GET', `/api/v1/analytics/hot-issues?from=${from}&to=${to}`);
    expect(r.status).toBe(200);
    // The centre sees rooms, so the place goes down to the building: A and B (building 1) are the top; C and D one each.
    const elevatorAtCuihu = r.body.items.filter((i: { category_id: string; unit_id: string }) => i.category_id === t.org.categories.get('elevator') && i.unit_id === t.org.units.get('cuihu'));
    expect(elevatorAtCuihu.map((i: { building: string; n: number }) => [i.building, i.n])).toEqual([['1', 2], ['3', 1], ['4', 1]]);
    // A role that may not see rooms gets the unit only: the four valid elevator complaints together.
    const m = await t.call(tok.manager!, 'GET', `/api/v1/analytics/hot-issues?from=${from}&to=${to}`);
    expect(m.body.items[0]).toMatchObject({ category_id: t.org.categories.get('elevator'), unit_id: t.org.units.get('cuihu'), building: null, n: 4 });
  });
});

describe('similar complaints across customers', () => {
  it('groups the same text filed by different customers, merged, withdrawn and invalid cases left out', async () => {
    const r = await t.call(tok.center!, 'GET', `/api/v1/analytics/similar?from=${from}&to=${to}`);
    expect(r.status).toBe(200);
    // A B C D F say the same thing (the same complaint text); A and B are one customer.
    expect(r.body.items[0]).toMatchObject({ size: 5, customers: 4 });
    expect(r.body.items[0].words).toContain('电梯');
  });
});

describe('exports', () => {
  it('stream CSV with a BOM, masked as the caller sees personal data, and audited', async () => {
    const full = await t.app.inject({ method: 'GET', url: '/api/v1/exports/cases.csv', headers: { authorization: `Bearer ${tok.center}` } });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toContain('text/csv');
    expect(full.body.startsWith('\ufeff工单号,')).toBe(true);
    expect(full.body.trim().split('\r\n')).toHaveLength(1 + 8);
    expect(full.body).toContain('13812340001');
    const masked = await t.app.inject({ method: 'GET', url: '/api/v1/exports/cases.csv?kind=complaint', headers: { authorization: `Bearer ${tok.auditor}` } });
    expect(masked.statusCode).toBe(200);
    expect(masked.body.trim().split('\r\n')).toHaveLength(1 + 7);
    expect(masked.body).not.toContain('13812340001');
    expect(masked.body).toMatch(/138\*{4}0001/);
    const audit = await pool.query(`select data from audit_log where org_id = $1 and action = 'export_cases' order by id`, [t.org.orgId]);
    expect(audit.rows.map((r) => [r.data.format, r.data.filter.kind ?? null])).toEqual([['csv', null], ['csv', ['complaint']]]);
  });

  it('stream Excel that opens with the rows of the list', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/exports/cases.xlsx?kind=inquiry', headers: { authorization: `Bearer ${tok.manager}` } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(1).getCell(1).value).toBe('工单号');
    expect(String(ws.getRow(2).getCell(4).value)).toBe('inquiry');
  });

  it('reads a large list batch by batch (memory bounded by the batch, not the list)', async () => {
    const unit = t.org.units.get('nanshan')!, agent = t.org.users.get('agent2')!;
    const n = 2 * EXPORT_BATCH + 17;
    await pool.query(
      `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, unit_id, first_responder_id, registered_by, created_at, updated_at)
       select $1, gen_random_uuid(), 'BULK-' || g, 'complaint', 'phone', 'registered', '漏水', '楼上漏水', '客户' || g, $2, $3, $3,
              timestamptz '2025-06-01' + g * interval '1 minute', now()
         from generate_series(1, $4) g`,
      [t.org.orgId, unit, agent, n],
    );
    const center = await actorFor(pool, (await pool.query('select * from users where org_id = $1 and username = $2', [t.org.orgId, 'center'])).rows[0]);
    const sizes: number[] = [];
    const seen = new Set<string>();
    for await (const batch of caseBatches(pool, center, { unit_id: unit, created_to: '2025-12-31T00:00:00Z' })) {
      sizes.push(batch.length);
      for (const c of batch) seen.add(c.id);
    }
    expect(sizes).toEqual([EXPORT_BATCH, EXPORT_BATCH, 17]);
    expect(seen.size).toBe(n);
  });
});

describe('surge alerts', () => {
  it('notify the managers of the place once when a category rises well above its trailing baseline', async () => {
    const unit = t.org.units.get('cuihu')!, agent = t.org.users.get('agent')!, leak = t.org.categories.get('water_power')!;
    const now = new Date('2026-07-20T00:00:00Z');
    // Baseline: 2 cases in the four weeks before; this week: 12.
    await pool.query(
      `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, unit_id, category_id, first_responder_id, registered_by, created_at, updated_at)
       select $1, gen_random_uuid(), 'SURGE-' || g, 'complaint', 'phone', 'accepted', '漏水', '楼上漏水', '客户', $2, $3, $4, $4, at, at
         from (select g, case when g <= 2 then $5::timestamptz - interval '20 days' else $5::timestamptz - interval '2 days' end as at from generate_series(1, 14) g) s`,
      [t.org.orgId, unit, leak, agent, now],
    );
    const written = await notifySurgesOnce(pool, now);
    const rows = await pool.query(`select u.username, n.payload from notifications n join users u on u.org_id = n.org_id and u.id = n.recipient_id where n.org_id = $1 and n.kind = 'surge' order by 1`, [t.org.orgId]);
    const names = rows.rows.map((r) => r.username);
    expect(names).toEqual(expect.arrayContaining(['admin', 'center', 'manager', 'regional']));
    expect(names).not.toContain('agent2');
    expect(written).toBe(rows.rowCount);
    expect(rows.rows[0].payload).toMatchObject({ observed: 12, expected: 0.5, category_id: leak, unit_id: unit });
    expect(await notifySurgesOnce(pool, now)).toBe(0);
    const api = await t.call(tok.center!, 'GET', `/api/v1/analytics/surges?at=${now.toISOString()}`);
    expect(api.status).toBe(200);
    expect(api.body.items[0]).toMatchObject({ observed: 12, unit_id: unit });
  });
});
