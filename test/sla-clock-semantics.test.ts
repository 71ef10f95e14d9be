/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { testPool } from './helpers.ts';
import { bj, clockedApi, iso, type Clocked } from './sla-helpers.ts';

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

describe('the clock of a case', () => {
  it('stops counting while the case is suspended waiting on the customer', async () => {
    // Minor: 2 natural days, due Thu 18:00.
    let c = await t.toInProgress('2026-03-10 10:00');
    expect(c.sla.clocks.resolve.due_at).toBe(iso('2026-03-12 18:00'));
    t.clock.set(bj('2026-03-10 11:00'));
    c = await t.act('handler', c, 'suspend', { reason: '等待业主提供照片' });
    expect(c.sla.clocks.resolve).toMatchObject({ state: 'paused' });
    t.clock.set(bj('2026-03-10 15:00'));
    c = await t.act('handler', c, 'resume');
    // Four hours suspended are added back.
    expect(c.sla.clocks.resolve).toMatchObject({ state: 'running', due_at: iso('2026-03-12 22:00'), original_due_at: iso('2026-03-12 18:00') });
  });

  it('keeps running through a transfer and a return', async () => {
    let c = await t.toInProgress('2026-03-10 10:00');
    const before = c.sla.clocks.resolve;
    t.clock.set(bj('2026-03-11 09:00'));
    c = await t.act('head', c, 'transfer', { department_id: t.dept('environment'), reason: '属于保洁范围' });
    expect(c.sla.clocks.resolve).toMatchObject({ started_at: before.started_at, due_at: before.due_at, state: 'running' });
    t.clock.set(bj('2026-03-11 10:00'));
    const r = await t.call(await t.login('handler2'), 'POST', `/api/v1/cases/${c.id}/actions/return`, { version: c.version, reason: '不属于环境部' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.sla.clocks.resolve).toMatchObject({ started_at: before.started_at, due_at: before.due_at });
  });

  it('recomputes the deadline from registration when triage changes the severity, keeping the time used', async () => {
    t.clock.set(bj('2026-03-10 10:00'));
    let c = await t.register();
    expect(c.sla.clocks.resolve).toMatchObject({ policy: 'general_complaint', due_at: iso('2026-03-13 18:00') });
    t.clock.set(bj('2026-03-11 10:00'));
    c = await t.act('agent', c, 'accept', { category_id: t.cat('elevator'), severity: 'minor', validity: 'valid' });
    // Minor is 2 natural days counted from Tuesday's registration, not from Wednesday's triage.
    expect(c.sla.clocks.resolve).toMatchObject({ policy: 'minor', target: { amount: 2, unit: 'natural_days' }, due_at: iso('2026-03-12 18:00'), started_at: iso('2026-03-10 10:00') });
    expect(c.sla.clocks.resolve.remaining_minutes).toBe(32 * 60);
    expect(c.sla.clocks.acknowledge).toMatchObject({ state: 'met', met_at: iso('2026-03-11 10:00') });
  });

  it('grants an extension only with a reason and an approver, within the limit, keeping the original deadline', async () => {
    t.clock.set(bj('2026-03-10 10:00'));
    let c = await t.register();
    const noApprover = await t.tryAct('agent', c, 'extend', { amount: 2, unit: 'working_days', reason: '需要厂家检测' });
    expect(noApprover.status).toBe(400);
    expect(noApprover.body.error.details).toEqual([expect.objectContaining({ path: 'approver_id', code: 'required' })]);
    const noReason = await t.tryAct('agent', c, 'extend', { amount: 2, unit: 'working_days', approver_id: t.user('head') });
    expect(noReason.body.error.details).toEqual([expect.objectContaining({ path: 'reason', code: 'required' })]);
    const notManager = await t.tryAct('agent', c, 'extend', { amount: 2, unit: 'working_days', reason: '需要厂家检测', approver_id: t.user('handler') });
    expect(notManager.status).toBe(422);
    expect(notManager.body.error.details).toEqual([expect.objectContaining({ path: 'approver_id' })]);

    t.clock.set(bj('2026-03-12 10:00'));
    c = await t.act('agent', c, 'extend', { amount: 2, unit: 'working_days', reason: '需要厂家检测', approver_id: t.user('head') });
    expect(c.sla.clocks.resolve).toMatchObject({ due_at: iso('2026-03-17 18:00'), original_due_at: iso('2026-03-13 18:00') });
    expect(c.sla.clocks.resolve.extensions).toEqual([
      expect.objectContaining({ reason: '需要厂家检测', approver_id: t.user('head'), amount: 2, previous_due_at: iso('2026-03-13 18:00'), due_at: iso('2026-03-17 18:00') }),
    ]);
    // 3 + 4 working days at most (001 四): 2 more are fine, 3 more are not.
    const tooMuch = await t.tryAct('agent', c, 'extend', { amount: 3, unit: 'working_days', reason: '再延', approver_id: t.user('manager') });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.code).toBe('extension_not_allowed');
    c = await t.act('agent', c, 'extend', { amount: 2, unit: 'working_days', reason: '再延', approver_id: t.user('manager') });
    expect(c.sla.clocks.resolve).toMatchObject({ due_at: iso('2026-03-19 18:00'), original_due_at: iso('2026-03-13 18:00') });
    const ev = (await t.get(c.id)).timeline.filter((e: any) => e.action === 'extend');
    expect(ev[0]).toMatchObject({ note: '需要厂家检测', data: { approver_id: t.user('head'), original_due_at: iso('2026-03-13 18:00'), due_at: iso('2026-03-17 18:00') } });
  });

  it('runs a breached clock again after an extension and escalates afresh only if the new deadline passes', async () => {
    const count = async (id: string) => {
      // Only the resolve clock's steps (the unanswered acknowledgement escalates on its own).
      const tl = ((await t.get(id)).timeline as { action: string; data: { clock?: string } | null }[]).filter((e) => e.data?.clock === 'resolve');
      return { breaches: tl.filter((e) => e.action === 'sla_breach').length, escalations: tl.filter((e) => e.action === 'escalate').length };
    };
    t.clock.set(bj('2026-03-10 10:00'));
    let c = await t.register();
    t.clock.set(bj('2026-03-13 18:05'));
    await t.sweep();
    expect(await count(c.id)).toEqual({ breaches: 1, escalations: 1 });
    c = await t.get(c.id);
    c = await t.act('agent', c, 'extend', { amount: 1, unit: 'working_days', reason: '业主出差', approver_id: t.user('head') });
    expect(c.sla.clocks.resolve).toMatchObject({ state: 'running', due_at: iso('2026-03-16 18:00'), breached_at: iso('2026-03-13 18:00') });
    t.clock.set(bj('2026-03-16 12:00'));
    await t.sweep();
    expect(await count(c.id)).toEqual({ breaches: 1, escalations: 1 });
    t.clock.set(bj('2026-03-16 18:01'));
    await t.sweep();
    expect(await count(c.id)).toEqual({ breaches: 2, escalations: 2 });
  });
});
