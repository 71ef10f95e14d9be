import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { complaint, testPool } from './helpers.ts';
import { bj, clockedApi, type Clocked } from './sla-helpers.ts';

let pool: pg.Pool;
let t: Clocked;

beforeAll(async () => {
  pool = testPool();
  t = await clockedApi(pool);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const admin = (method: string, url: string, body?: unknown) => t.call(t.tokens.admin!, method, url, body);

describe('case lists filtered by their clocks', () => {
  it('finds overdue cases, cases due soon, escalated cases and cases by clock state', async () => {
    t.clock.set(bj('2026-03-10 10:00'));
    const overdue = await t.register(); // resolve due Fri Mar 13 18:00
    t.clock.set(bj('2026-03-15 12:00'));
    const dueSoon = await t.register(complaint({ kind: 'inquiry', subject: '咨询', content: '水费怎么交？' })); // due Mon 12:00
    let paused = await t.toInProgress('2026-03-12 10:00');
    t.clock.set(bj('2026-03-12 11:00'));
    paused = await t.act('handler', paused, 'suspend', { reason: '等待业主回复' });
    let met = await t.toInProgress('2026-03-16 09:00');
    t.clock.set(bj('2026-03-16 09:30'));
    met = await t.act('handler', met, 'resolve', { resolution: '已处理', remedy: { types: ['repair'] } });
    t.clock.set(bj('2026-03-16 09:00'));
    let escalated = await t.register();
    escalated = await t.act('agent', escalated, 'escalate', { kind: 'emotional_customer', reason: '业主要求见经理' });

    t.clock.set(bj('2026-03-16 10:00'));
    const ids = async (query: string) => {
      const r = await t.call(t.tokens.center!, 'GET', `/api/v1/cases?page_size=200&${query}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body.items as { id: string }[]).map((c) => c.id).sort();
    };
    const sorted = (...cs: { id: string }[]) => cs.map((c) => c.id).sort();
    expect(await ids('overdue=1')).toEqual(sorted(overdue));
    expect(await ids('due_within_hours=3')).toEqual(sorted(dueSoon));
    // Tomorrow morning: the acknowledgement of the escalated case and the return visit of the resolved one.
    expect(await ids('due_within_hours=24')).toEqual(sorted(dueSoon, met, escalated));
    expect(await ids('escalated=1')).toEqual(sorted(escalated));
    expect(await ids('clock_state=paused')).toEqual(sorted(paused));
    expect(await ids('clock_state=met')).toEqual(sorted(met));
    expect(await ids('clock_state=breached')).toEqual(sorted(overdue));
    expect(await ids('clock_state=running')).toEqual(sorted(dueSoon, escalated));
    expect(await ids('clock_state=running,paused&kind=complaint')).toEqual(sorted(paused, escalated));
    expect(await ids('clock=acknowledge&clock_state=met')).toEqual(sorted(paused, met));

    const bad = await t.call(t.tokens.center!, 'GET', '/api/v1/cases?clock_state=late&due_within_hours=soon&overdue=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['clock_state', 'due_within_hours', 'overdue']);
  });
});

describe('the SLA admin API', () => {
  it('refuses overlapping business hours, listing every problem with its path', async () => {
    const r = await admin('PUT', '/api/v1/admin/business-hours', { periods: [{ start: '09:00', end: '12:00' }, { start: '11:30', end: '18:00' }, { start: '19:00', end: '18:30' }] });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation_failed' });
    expect(r.body.error.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'periods[1]', code: 'period_overlap' }),
      expect.objectContaining({ path: 'periods[2]', code: 'period_invalid' }),
    ]));
    const ok = await admin('PUT', '/api/v1/admin/business-hours', { periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }] });
    expect(ok.status).toBe(200);
  });

  it('refuses a ladder without a top, or one that does not climb', async () => {
    const noTop = await admin('POST', '/api/v1/admin/escalation-ladders', {
      name: 'store', levels: [{ target: 'handler', delay: { amount: 0, unit: 'natural_hours' } }, { target: 'unit_manager', delay: { amount: 1, unit: 'working_days' } }],
    });
    expect(noTop.status).toBe(400);
    expect(noTop.body.error.details).toEqual([expect.objectContaining({ path: 'levels[1].target', code: 'ladder_without_top' })]);
    const down = await admin('POST', '/api/v1/admin/escalation-ladders', {
      name: 'store', levels: [{ target: 'unit_manager', delay: { amount: 0, unit: 'natural_hours' } }, { target: 'handler', delay: { amount: 1, unit: 'working_hours' } }, { target: 'complaint_center', delay: { amount: 1, unit: 'working_days' } }],
    });
    expect(down.body.error.details).toEqual([expect.objectContaining({ path: 'levels[1].target', code: 'ladder_not_climbing' })]);
    const empty = await admin('POST', '/api/v1/admin/escalation-ladders', { name: 'empty', levels: [] });
    expect(empty.body.error.details).toEqual([expect.objectContaining({ code: 'ladder_empty' })]);

    // Store complaints: five working days at the store, then straight to the company complaint center.
    const store = await admin('POST', '/api/v1/admin/escalation-ladders', {
      name: 'store', levels: [{ target: 'unit_manager', delay: { amount: 0, unit: 'natural_hours' } }, { target: 'complaint_center', delay: { amount: 2, unit: 'working_hours' } }],
    });
    expect(store.status, JSON.stringify(store.body)).toBe(201);
    const policies = (await admin('GET', '/api/v1/admin/sla-policies')).body.items as { name: string; id: string }[];
    expect(policies.map((p) => p.name)).toEqual(expect.arrayContaining(['general_complaint', 'inquiry', 'minor', 'important', 'major', 'real_estate_store', 'media_exposure', 'return_visit', 'acknowledgement']));
    const unknownLadder = await admin('POST', '/api/v1/admin/sla-policies', { name: 'x', priority: 1, targets: { resolve: { amount: 1, unit: 'working_days' } }, ladder_id: '00000000-0000-4000-8000-000000000000' });
    expect(unknownLadder.status).toBe(422);
    const linked = await admin('POST', '/api/v1/admin/sla-policies', { name: 'store_ladder', priority: 35, kind: 'complaint', unit_kind: 'store', targets: { resolve: { amount: 5, unit: 'working_days' } }, ladder_id: store.body.id });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
  });

  it('validates SLA policies and settings, and keeps them for administrators', async () => {
    const bad = await admin('POST', '/api/v1/admin/sla-policies', { name: 'bad', priority: 1, targets: { resolve: { amount: 1.5, unit: 'working_days' }, fix: {} } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['targets.fix', 'targets.resolve.amount']);
    const none = await admin('POST', '/api/v1/admin/sla-policies', { name: 'none', priority: 1, targets: {} });
    expect(none.status).toBe(400);
    const dup = await admin('POST', '/api/v1/admin/sla-policies', { name: 'inquiry', priority: 1, targets: { resolve: { amount: 4, unit: 'natural_hours' } } });
    expect(dup.status).toBe(409);
    const byAgent = await t.call(t.tokens.agent!, 'GET', '/api/v1/admin/sla-policies');
    expect(byAgent.status).toBe(403);
    const settings = await admin('PUT', '/api/v1/admin/sla-settings', { warn_thresholds: [0.8, 0.5, 0.9] });
    expect(settings.body).toMatchObject({ warn_thresholds: [0.5, 0.8, 0.9], time_zone: 'Asia/Shanghai' });
    const tz = await admin('PUT', '/api/v1/admin/sla-settings', { time_zone: 'Mars/Olympus' });
    expect(tz.body.error.details).toEqual([expect.objectContaining({ path: 'time_zone' })]);
    const day = await admin('POST', '/api/v1/admin/calendar-days', { date: '2026-02-30', kind: 'closed' });
    expect(day.status).toBe(400);
    expect((await t.call(t.tokens.agent!, 'GET', '/api/v1/notifications')).status).toBe(200);
    expect((await t.call('nobody', 'GET', '/api/v1/notifications')).status).toBe(401);
  });
});
