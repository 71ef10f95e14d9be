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
    // A general complaint: 3 working days, due Fri 18:00.
    let c = await t.toInProgress('2026-03-10 10:00');
    expect(c.sla.clocks.resolve.due_at).toBe(iso('2026-03-13 18:00'));
    t.clock.set(bj('2026-03-10 11:00'));
    c = await t.act('handler', c, 'suspend', { reason: '等待业主提供照片' });
    expect(c.sla.clocks.resolve).toMatchObject({ state: 'paused' });
    t.clock.set(bj('2026-03-10 15:00'));
    c = await t.act('handler', c, 'resume');
    // The 150 working minutes suspended (11:00–12:00, 13:30–15:00) are added back: Monday 09:00 + 150 min.
    expect(c.sla.clocks.resolve).toMatchObject({ state: 'running', due_at: iso('2026-03-16 11:30'), original_due_at: iso('2026-03-13 18:00') });
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

  it('keeps a general complaint on 001\'s 3 working days when triage sets a severity (never 004\'s 2 natural days)', async () => {
    t.clock.set(bj('2026-03-10 10:00'));
    let c = await t.register();
    expect(c.sla.clocks.resolve).toMatchObject({ policy: 'general_complaint', due_at: iso('2026-03-13 18:00') });
    t.clock.set(bj('2026-03-11 10:00'));
    c = await t.act('agent', c, 'accept', { category_id: t.cat('elevator'), severity: 'minor', validity: 'valid' });
    expect(c.sla.clocks.resolve).toMatchObject({ policy: 'general_complaint', target: { amount: 3, unit: 'working_days' }, due_at: iso('2026-03-13 18:00'), started_at: iso('2026-03-10 10:00') });
    // 1740 working minutes in all, 450 used (Tuesday 10:00 → Wednesday 10:00).
    expect(c.sla.clocks.resolve.remaining_minutes).toBe(1740 - 450);
    expect(c.sla.clocks.acknowledge).toMatchObject({ state: 'met', met_at: iso('2026-03-11 10:00') });
  });

  it('takes an extension as the handler\'s request, decided by the person the policy names; the clock runs on until approved', async () => {
    let c = await t.toInProgress('2026-03-10 10:00');
    // The requester does not choose who approves.
    const naming = await t.tryAct('handler', c, 'extend', { amount: 2, unit: 'working_days', reason: '需要厂家检测', approver_id: t.user('head') });
    expect(naming.status).toBe(400);
    expect(naming.body.error.details).toEqual([expect.objectContaining({ path: 'approver_id', code: 'unrecognized_keys' })]);
    const noReason = await t.tryAct('handler', c, 'extend', { amount: 2, unit: 'working_days' });
    expect(noReason.body.error.details).toEqual([expect.objectContaining({ path: 'reason', code: 'required' })]);

    t.clock.set(bj('2026-03-12 10:00'));
    c = await t.act('handler', c, 'extend', { amount: 2, unit: 'working_days', reason: '需要厂家检测' });
    // Asked, not granted: the deadline is unchanged, and 001's general complaint is decided by the department head.
    expect(c.sla.clocks.resolve).toMatchObject({ due_at: iso('2026-03-13 18:00'), extension_request: { amount: 2, approver: 'department_head', approver_ids: [t.user('head')] } });
    expect(c.abilities).not.toContain('extend');
    expect((await t.get(c.id, 'head')).abilities).toEqual(expect.arrayContaining(['approve_extension', 'reject_extension']));
    expect((await t.get(c.id, 'manager')).abilities).not.toContain('approve_extension');
    const twice = await t.tryAct('handler', c, 'extend', { amount: 1, unit: 'working_days', reason: '再延' });
    expect(twice.body.error.details).toEqual([expect.objectContaining({ code: 'extension_pending' })]);

    const byOther = await t.tryAct('manager', c, 'approve_extension');
    expect(byOther.status).toBe(403);
    const rejectNoReason = await t.tryAct('head', c, 'reject_extension');
    expect(rejectNoReason.body.error.details).toEqual([expect.objectContaining({ path: 'reason', code: 'required' })]);
    c = await t.act('head', c, 'reject_extension', { reason: '厂家明天就到' });
    expect(c.sla.clocks.resolve).toMatchObject({ due_at: iso('2026-03-13 18:00'), extension_request: null });
    expect(c.sla.clocks.resolve.extensions).toEqual([expect.objectContaining({ status: 'rejected', rejection_reason: '厂家明天就到', decided_by: t.user('head') })]);

    c = await t.act('handler', c, 'extend', { amount: 2, unit: 'working_days', reason: '厂家未到' });
    c = await t.act('head', c, 'approve_extension');
    expect(c.sla.clocks.resolve).toMatchObject({ due_at: iso('2026-03-17 18:00'), original_due_at: iso('2026-03-13 18:00'), extension_request: null });
    expect(c.sla.clocks.resolve.extensions[1]).toMatchObject({ status: 'approved', amount: 2, decided_by: t.user('head'), previous_due_at: iso('2026-03-13 18:00'), due_at: iso('2026-03-17 18:00') });
    // 3 + 4 working days at most (001 四): 3 more are refused at once.
    const tooMuch = await t.tryAct('handler', c, 'extend', { amount: 3, unit: 'working_days', reason: '再延' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.code).toBe('extension_not_allowed');
    const ev = (await t.get(c.id)).timeline.filter((e: any) => e.action === 'approve_extension');
    expect(ev[0]).toMatchObject({ data: { original_due_at: iso('2026-03-13 18:00'), due_at: iso('2026-03-17 18:00') } });
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
    c = await t.act('agent', c, 'extend', { amount: 1, unit: 'working_days', reason: '业主出差' });
    // Not yet assigned: no department head to decide, so the organisation's administrator does.
    c = await t.act('admin', c, 'approve_extension');
    expect(c.sla.clocks.resolve).toMatchObject({ state: 'running', due_at: iso('2026-03-16 18:00'), breached_at: iso('2026-03-13 18:00') });
    t.clock.set(bj('2026-03-16 12:00'));
    await t.sweep();
    expect(await count(c.id)).toEqual({ breaches: 1, escalations: 1 });
    t.clock.set(bj('2026-03-16 18:01'));
    await t.sweep();
    expect(await count(c.id)).toEqual({ breaches: 2, escalations: 2 });
  });
});
