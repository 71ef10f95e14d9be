/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { complaint, testPool } from './helpers.ts';
import { actions, bj, clockedApi, iso, type Clocked } from './sla-helpers.ts';

let pool: pg.Pool;
let t: Clocked;

beforeAll(async () => {
  pool = testPool();
  t = await clockedApi(pool, undefined, 'property');
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const forCase = (items: any[], id: string) => items.filter((n) => n.case_id === id);

describe('warnings and escalation up the organisation', () => {
  it('warns the handler at 50 % and 80 % of the time, then on breach climbs department head → unit manager → complaint center', async () => {
    // Minor severity: 2 natural days, Tue 10:00 → Thu 18:00 (56 h).
    const c = await t.toInProgress('2026-03-10 10:00');
    expect((await t.get(c.id)).sla.clocks.resolve.due_at).toBe(iso('2026-03-12 18:00'));

    t.clock.set(bj('2026-03-11 13:59'));
    expect(await t.sweep()).toMatchObject({ warnings: 0, escalations: 0 });
    t.clock.set(bj('2026-03-11 14:01')); // 28 h = 50 %
    expect(await t.sweep()).toMatchObject({ warnings: 1, breaches: 0 });
    t.clock.set(bj('2026-03-12 07:00')); // 44.8 h = 80 % at 06:48
    expect(await t.sweep()).toMatchObject({ warnings: 1, breaches: 0 });
    const warnings = forCase(await t.inbox('handler'), c.id);
    expect(warnings.map((n) => [n.kind, n.payload.threshold])).toEqual([['sla_warning', 0.8], ['sla_warning', 0.5]]);

    t.clock.set(bj('2026-03-12 18:01'));
    expect(await t.sweep()).toMatchObject({ breaches: 1, escalations: 1 });
    let view = await t.get(c.id);
    expect(view.sla.clocks.resolve).toMatchObject({ state: 'breached', breached_at: iso('2026-03-12 18:00'), escalation_level: 1 });
    expect(view.escalation_level).toBe(1);
    // The department head first: the handler was already warned twice and hears no escalation.
    const [toHead] = forCase(await t.inbox('head'), c.id);
    expect(toHead).toMatchObject({ kind: 'escalation', level: 1, acknowledged_at: null, payload: { target: 'department_head', case_number: c.number } });
    expect(forCase(await t.inbox('handler'), c.id).filter((n) => n.kind === 'escalation')).toEqual([]);

    // The unit manager one working day later (close of business Friday), then the complaint center (Monday).
    t.clock.set(bj('2026-03-13 17:59'));
    expect(await t.sweep()).toMatchObject({ escalations: 0 });
    t.clock.set(bj('2026-03-13 18:01'));
    expect(await t.sweep()).toMatchObject({ escalations: 1 });
    expect(forCase(await t.inbox('manager'), c.id)[0]).toMatchObject({ level: 2, payload: { target: 'unit_manager' } });
    expect(forCase(await t.inbox('regional'), c.id)).toEqual([]);
    t.clock.set(bj('2026-03-16 18:01'));
    expect(await t.sweep()).toMatchObject({ escalations: 1 });
    expect(forCase(await t.inbox('center'), c.id)[0]).toMatchObject({ level: 3, payload: { target: 'complaint_center' } });
    t.clock.set(bj('2026-03-30 12:00'));
    expect(await t.sweep()).toMatchObject({ claimed: 0 });

    // Each person escalated to acknowledges their own notification; no one else can.
    expect((await t.call(t.tokens.manager!, 'POST', `/api/v1/notifications/${toHead.id}/acknowledge`)).status).toBe(404);
    const ack = await t.call(t.tokens.head!, 'POST', `/api/v1/notifications/${toHead.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledged_at).toBe(bj('2026-03-30 12:00').toISOString());
    expect((await t.call(t.tokens.head!, 'GET', '/api/v1/notifications?unacknowledged=1')).body.items.map((n: any) => n.id)).not.toContain(toHead.id);

    view = await t.get(c.id);
    expect(view.escalation_level).toBe(3);
    expect(actions(view)).toEqual([
      'register', 'accept', 'assign', 'start', 'sla_warning', 'sla_warning', 'sla_breach',
      'escalate', 'escalate', 'escalate', 'acknowledge_escalation',
    ]);
    const auto = view.timeline.filter((e: any) => e.action === 'escalate');
    expect(auto.map((e: any) => [e.data.level, e.data.target, e.data.trigger, e.actor])).toEqual([
      [1, 'department_head', 'breach', null], [2, 'unit_manager', 'breach', null], [3, 'complaint_center', 'breach', null],
    ]);
    expect(auto[0].data.recipients).toEqual([t.user('head')]);
  });

  it('tells the top level at once about a crisis, and about a case triaged as major', async () => {
    t.clock.set(bj('2026-03-10 10:00'));
    const crisis = await t.register(complaint({ severity: 'crisis', subject: '电梯困人，业主报警' }));
    const top = forCase(await t.inbox('center'), crisis.id);
    expect(top).toEqual([expect.objectContaining({ kind: 'top_level', level: 3, payload: expect.objectContaining({ severity: 'crisis' }) })]);
    const view = await t.get(crisis.id);
    expect(view.escalation_level).toBe(3);
    // One event shape for every escalation: `escalate`, with what triggered it.
    expect(actions(view)).toEqual(['register', 'escalate']);
    expect(view.timeline[1].data).toMatchObject({ level: 3, target: 'complaint_center', trigger: 'severity', severity: 'crisis' });

    const minor = await t.register();
    expect(forCase(await t.inbox('center'), minor.id)).toEqual([]);
    await t.act('agent', minor, 'accept', { category_id: t.cat('elevator'), severity: 'major', validity: 'valid' });
    expect(forCase(await t.inbox('center'), minor.id)).toEqual([expect.objectContaining({ kind: 'top_level' })]);
  });

  it('reopens and escalates to the department head when the return visit finds the customer dissatisfied', async () => {
    let c = await t.toInProgress('2026-03-10 10:00');
    t.clock.set(bj('2026-03-11 10:00'));
    c = await t.act('handler', c, 'resolve', { resolution: '已更换部件', remedy: { types: ['repair'] } });
    expect(c.sla.clocks.resolve.state).toBe('met');
    expect(c.sla.clocks.visit).toMatchObject({ state: 'running', due_at: iso('2026-03-12 10:00') });
    t.clock.set(bj('2026-03-11 16:00'));
    c = await t.act('agent', c, 'visit', { reached: true, resolved: false, satisfaction: 'dissatisfied', method: 'phone', comment: '还是坏的' });
    expect(c).toMatchObject({ status: 'in_progress', escalation_level: 1 });
    expect(c.sla.clocks.visit.state).toBe('met');
    // A fresh resolve clock from the reopening (minor: 2 natural days).
    expect(c.sla.clocks.resolve).toMatchObject({ state: 'running', started_at: iso('2026-03-11 16:00'), due_at: iso('2026-03-13 18:00') });
    expect(forCase(await t.inbox('head'), c.id)).toEqual([expect.objectContaining({ kind: 'escalation', level: 1, payload: expect.objectContaining({ kind: 'customer_dissatisfied' }) })]);
    const [reopen, escalation] = (await t.get(c.id)).timeline.slice(-2);
    expect(reopen).toMatchObject({ action: 'reopen' });
    expect(escalation).toMatchObject({ action: 'escalate', data: { level: 1, target: 'department_head', trigger: 'customer_dissatisfied', automatic: true } });
  });

  it('escalates by hand with a reason, one level at a time, up to the top and no further', async () => {
    let c = await t.toInProgress('2026-03-10 10:00');
    const noReason = await t.tryAct('handler', c, 'escalate', { kind: 'handler_cannot_decide' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details).toEqual([expect.objectContaining({ path: 'reason', code: 'required' })]);
    c = await t.act('handler', c, 'escalate', { kind: 'handler_cannot_decide', reason: '赔偿金额超出权限' });
    expect(c.escalation_level).toBe(1);
    expect(forCase(await t.inbox('head'), c.id)[0]).toMatchObject({ level: 1, payload: { reason: '赔偿金额超出权限', kind: 'handler_cannot_decide' } });
    c = await t.act('agent', c, 'escalate', { kind: 'emotional_customer', reason: '业主情绪激动，要求见经理' });
    c = await t.act('agent', c, 'escalate', { kind: 'customer_dissatisfied', reason: '不接受处理方案' });
    expect(c.escalation_level).toBe(3);
    const atTop = await t.tryAct('agent', c, 'escalate', { kind: 'other', reason: '再次升级' });
    expect(atTop.status).toBe(409);
    expect(atTop.body.error.code).toBe('escalation_at_top');
    const esc = (await t.get(c.id)).timeline.filter((e: any) => e.action === 'escalate');
    expect(esc.map((e: any) => [e.note, e.data.kind, e.data.level, e.data.automatic])).toEqual([
      ['赔偿金额超出权限', 'handler_cannot_decide', 1, false],
      ['业主情绪激动，要求见经理', 'emotional_customer', 2, false],
      ['不接受处理方案', 'customer_dissatisfied', 3, false],
    ]);
  });

  it('sends a supervision notice from a manager to whoever works the case', async () => {
    const c = await t.toInProgress('2026-03-10 10:00');
    const r = await t.call(t.tokens.manager!, 'POST', `/api/v1/cases/${c.id}/actions/supervise`, { note: '请今天下班前给业主答复', deadline: '2026-03-10T18:00:00+08:00' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(forCase(await t.inbox('handler'), c.id)).toEqual([expect.objectContaining({ kind: 'supervision', payload: expect.objectContaining({ note: '请今天下班前给业主答复' }) })]);
    expect(forCase(await t.inbox('head'), c.id)).toHaveLength(1);
    const byHandler = await t.call(t.tokens.handler!, 'POST', `/api/v1/cases/${c.id}/actions/supervise`, { note: 'x' });
    expect(byHandler.status).toBe(403);
  });
});
