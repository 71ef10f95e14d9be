/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { hashPassword } from '../src/app/auth/passwords.ts';
import { complaint, PASSWORD, testPool } from './helpers.ts';
import { actions, bj, clockedApi, iso, type Clocked } from './sla-helpers.ts';

let pool: pg.Pool;
let chain: Clocked;
let restaurant: Clocked;
let property: Clocked;

beforeAll(async () => {
  pool = testPool();
  [chain, restaurant, property] = await Promise.all([
    clockedApi(pool, undefined, 'agency_chain'), clockedApi(pool, undefined, 'restaurant'), clockedApi(pool, undefined, 'property'),
  ]);
});
afterAll(async () => {
  await Promise.all([chain.app.close(), restaurant.app.close(), property.app.close()]);
  await pool.end();
});

async function resolvedCase(t: Clocked, at: string) {
  let c = await t.toInProgress(at);
  t.clock.set(new Date(t.clock.now().getTime() + 3600_000));
  c = await t.act('handler', c, 'resolve', { resolution: '已处理', remedy: { types: ['apology'] } });
  return c;
}

describe('takeover by the company complaint center (003 第一篇 三(三))', () => {
  it('moves a store case not done in 5 working days to the complaint center: unit, department and handler change, history kept, the store\'s clock failed', async () => {
    const c = await chain.toInProgress('2026-03-10 10:00');
    expect(c.sla.clocks.resolve).toMatchObject({ policy: 'real_estate_store', due_at: iso('2026-03-17 18:00') });
    chain.clock.set(bj('2026-03-17 17:59'));
    await chain.sweep();
    expect((await chain.get(c.id)).unit_id).toBe(chain.org.units.get('cuihu'));
    chain.clock.set(bj('2026-03-17 18:01'));
    await chain.sweep();
    const view = await chain.get(c.id);
    const center = chain.org.units.get('center');
    expect(view).toMatchObject({ unit_id: center, department_id: center, handler_id: chain.user('center'), escalation_level: 3 });
    expect(view.sla.clocks.resolve).toMatchObject({ state: 'breached', breached_at: iso('2026-03-17 18:00') });
    expect(actions(view)).toEqual(expect.arrayContaining(['register', 'accept', 'assign', 'start', 'sla_breach', 'escalate']));
    const takeover = view.timeline.find((e: any) => e.action === 'escalate' && e.data.trigger === 'takeover');
    expect(takeover.data).toMatchObject({
      cause: 'resolve_breached', target: 'complaint_center',
      from: { unit_id: chain.org.units.get('cuihu'), department_id: chain.dept('engineering'), handler_id: chain.user('handler') },
      to: { unit_id: center, handler_id: chain.user('center') },
    });
    // Taken over once: sweeping on changes nothing, and the ladder does not climb past the center.
    chain.clock.set(bj('2026-03-25 10:00'));
    await chain.sweep();
    expect((await chain.get(c.id)).timeline.filter((e: any) => e.action === 'escalate')).toHaveLength(1);
  });

  it('moves a store case to the complaint center when the customer is dissatisfied on the return visit', async () => {
    let c = await resolvedCase(chain, '2026-03-10 10:00');
    c = await chain.act('agent', c, 'visit', { reached: true, resolved: false, satisfaction: 'dissatisfied', method: 'phone', comment: '不满意' });
    // The visit's own answer already shows where the case went, as a fresh read does.
    expect(c).toMatchObject({ status: 'in_progress', unit_id: chain.org.units.get('center'), handler_id: chain.user('center') });
    const view = await chain.get(c.id);
    expect(view).toMatchObject({ status: 'in_progress', unit_id: chain.org.units.get('center'), handler_id: chain.user('center') });
    const failed = view.timeline.filter((e: any) => e.action === 'sla_breach' && e.data.cause === 'customer_dissatisfied');
    expect(failed).toHaveLength(1);
    expect(view.timeline.at(-1)).toMatchObject({ action: 'escalate', data: { trigger: 'takeover', cause: 'customer_dissatisfied' } });
  });

  it('does not take over a property company\'s case: its dissatisfied customer climbs one rung', async () => {
    let c = await resolvedCase(property, '2026-03-10 10:00');
    c = await property.act('agent', c, 'visit', { reached: true, resolved: false, satisfaction: 'dissatisfied', method: 'phone', comment: '不满意' });
    const view = await property.get(c.id);
    expect(view).toMatchObject({ unit_id: property.org.units.get('cuihu'), escalation_level: 1 });
  });
});

describe('restaurant (003 第三篇)', () => {
  it('makes a dissatisfied 一类 complaint a 二类 complaint', async () => {
    let c = await resolvedCase(restaurant, '2026-03-10 10:00');
    expect(c.severity).toBe('minor');
    c = await restaurant.act('agent', c, 'visit', { reached: true, resolved: true, satisfaction: 'dissatisfied', method: 'phone', comment: '还是不满意' });
    const view = await restaurant.get(c.id);
    expect(view.severity).toBe('important');
    expect(view.timeline.find((e: any) => e.action === 'escalate' && e.data.trigger === 'reclassified').data).toMatchObject({ severity_from: 'minor', severity_to: 'important' });
    expect(view.sla.clocks.resolve.policy).toBe('restaurant_second_class');
  });
});

describe('extensions decided by the person the policy names (004 五)', () => {
  it('sends a minor complaint\'s extension to the project manager and an important one\'s to the company manager', async () => {
    const bossId = randomUUID();
    await pool.query(
      `insert into users (org_id, id, username, display_name, password_hash, roles, unit_id) values ($1, $2, 'boss', '物业公司经理', $3, '{unit_manager}', $4)`,
      [property.org.orgId, bossId, await hashPassword(PASSWORD), property.org.units.get('company')],
    );
    const minor = await property.toInProgress('2026-03-10 10:00', complaint(), 'minor');
    const m = await property.act('handler', minor, 'extend', { amount: 1, unit: 'natural_days', reason: '等待配件' });
    expect(m.sla.clocks.resolve.extension_request).toMatchObject({ approver: 'project_manager', approver_ids: [property.user('manager')] });
    const important = await property.toInProgress('2026-03-10 10:00', complaint(), 'important');
    let i = await property.act('handler', important, 'extend', { amount: 2, unit: 'natural_days', reason: '需要业委会决定' });
    expect(i.sla.clocks.resolve.extension_request).toMatchObject({ approver: 'company_manager', approver_ids: [bossId] });
    expect((await property.tryAct('manager', i, 'approve_extension')).status).toBe(403);
    const boss = await property.login('boss');
    const approved = await property.call(boss, 'POST', `/api/v1/cases/${i.id}/actions/approve_extension`, { version: i.version });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    i = approved.body;
    // Two natural days after Friday is Sunday, not a working day: close of business Monday.
    expect(i.sla.clocks.resolve).toMatchObject({ due_at: iso('2026-03-16 18:00'), original_due_at: iso('2026-03-13 18:00') });
  });

  it('never offers extend where the policy allows no extension, and refuses it the same way', async () => {
    const major = await property.toInProgress('2026-03-10 10:00', complaint(), 'major');
    expect(major.abilities).not.toContain('extend');
    const refused = await property.tryAct('handler', major, 'extend', { amount: 1, unit: 'natural_days', reason: '需要更多时间' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('extension_not_allowed');
    const minor = await property.toInProgress('2026-03-10 10:00', complaint(), 'minor');
    expect(minor.abilities).toContain('extend');
    expect(minor.abilities).not.toContain('approve_extension');
  });
});
