/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { complaint, testPool } from './helpers.ts';
import { actions, bj, clockedApi, iso, type Clocked } from './sla-helpers.ts';

let pool: pg.Pool;
let general: Clocked;
let property: Clocked;

beforeAll(async () => {
  pool = testPool();
  [general, property] = await Promise.all([clockedApi(pool, undefined, 'general'), clockedApi(pool, undefined, 'property')]);
});
afterAll(async () => {
  await Promise.all([general.app.close(), property.app.close()]);
  await pool.end();
});

const triage = (t: Clocked, c: any, severity: string, kind?: string) =>
  t.act('agent', c, 'accept', { category_id: t.cat('elevator'), severity, validity: 'valid', ...(kind ? { kind } : {}) });

describe('one preset family per organisation', () => {
  it('adopts the family of its trade when it is created: the demo property company runs on 004\'s natural days', async () => {
    const t = await clockedApi(pool, undefined, 'property');
    // No administrator choice: the trade (organisations.trade, 'property' for the demo) decides.
    await pool.query('update sla_settings set family = null where org_id = $1', [t.org.orgId]);
    const fam = await t.call(t.tokens.admin!, 'GET', '/api/v1/admin/sla-family');
    expect(fam.body).toEqual({ family: 'property', trade: 'property', chosen: false });
    t.clock.set(bj('2026-03-10 10:00'));
    const c = await t.get((await t.register()).id);
    expect(c.sla.clocks.resolve).toMatchObject({ policy: 'property_complaint', target: { amount: 2, unit: 'natural_days' }, due_at: iso('2026-03-12 18:00') });
    await t.app.close();
  });

  it('lets only an administrator change the family, checking the role before the body', async () => {
    const byHandler = await general.call(general.tokens.handler!, 'PUT', '/api/v1/admin/sla-family', { nonsense: true });
    expect(byHandler.status).toBe(403);
    const bad = await general.call(general.tokens.admin!, 'PUT', '/api/v1/admin/sla-family', { family: 'hotel' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'family' })]);
    const same = await general.call(general.tokens.admin!, 'GET', '/api/v1/admin/sla-family');
    expect(same.body).toMatchObject({ family: 'general', chosen: true });
  });

  it('never turns a general complaint\'s 3 working days into 2 natural days when triage sets a severity', async () => {
    for (const severity of ['minor', 'important', 'major']) {
      general.clock.set(bj('2026-03-10 10:00'));
      const c = await general.register();
      general.clock.set(bj('2026-03-10 11:00'));
      const t = await triage(general, c, severity);
      expect(t.sla.clocks.resolve).toMatchObject({ policy: 'general_complaint', target: { amount: 3, unit: 'working_days' }, due_at: iso('2026-03-13 18:00') });
    }
  });

  it('never turns an inquiry\'s 24 hours into 2 days when triage sets a severity', async () => {
    property.clock.set(bj('2026-03-10 10:00'));
    const c = await property.register(complaint({ kind: 'inquiry', subject: '咨询', content: '物业费怎么交？' }));
    property.clock.set(bj('2026-03-10 11:00'));
    const triaged = await triage(property, c, 'minor');
    expect(triaged.sla.clocks.resolve).toMatchObject({ policy: 'inquiry', target: { amount: 24, unit: 'natural_hours' }, due_at: iso('2026-03-11 10:00') });
  });

  it('picks the row within the property family by severity: minor 2, important 3, major 10 natural days', async () => {
    property.clock.set(bj('2026-03-10 10:00'));
    const dues: Record<string, string> = { minor: '2026-03-12 18:00', important: '2026-03-13 18:00', major: '2026-03-20 18:00' };
    for (const [severity, due] of Object.entries(dues)) {
      const c = await property.register();
      const t = await triage(property, c, severity);
      expect(t.sla.clocks.resolve).toMatchObject({ policy: severity, due_at: iso(due) });
    }
  });
});

describe('triage keeps the working time used, exactly', () => {
  it('keeps the deadline of a complaint triaged at 01:52 at close of business, not 01:52 the day after', async () => {
    // An inquiry registered Tuesday 17:00 (24 h), found at 01:52 to be a complaint: 001's 3 working days count from
    // Tuesday 17:00 — 60 working minutes used that evening, none at night — so Friday 18:00.
    general.clock.set(bj('2026-03-10 17:00'));
    const c = await general.register(complaint({ kind: 'inquiry' }));
    general.clock.set(bj('2026-03-11 01:52'));
    const t = await triage(general, c, 'minor', 'complaint');
    expect(t.sla.clocks.resolve).toMatchObject({ policy: 'general_complaint', due_at: iso('2026-03-13 18:00'), started_at: iso('2026-03-10 17:00'), state: 'running', breached_at: null });
    expect(t.sla.clocks.resolve.remaining_minutes).toBe(3 * 450);
  });

  it('breaches the clock AT the recomputed deadline when triage finds it already past, and the sweeper records that time', async () => {
    property.clock.set(bj('2026-03-10 10:00'));
    const c = await property.register(complaint({ severity: 'major' }));
    property.clock.set(bj('2026-03-13 09:00'));
    const t = await triage(property, c, 'minor');
    expect(t.sla.clocks.resolve).toMatchObject({ policy: 'minor', state: 'breached', due_at: iso('2026-03-12 18:00'), breached_at: iso('2026-03-12 18:00') });
    await property.sweep();
    const view = await property.get(c.id);
    expect(view.timeline.find((e: any) => e.action === 'sla_breach' && e.data.clock === 'resolve').data.due_at).toBe(iso('2026-03-12 18:00'));
  });

  it('runs the clock on when triage gives more time after a breach, and keeps the earlier breach on the timeline', async () => {
    property.clock.set(bj('2026-03-10 10:00'));
    const c = await property.register(complaint({ severity: 'minor' }));
    property.clock.set(bj('2026-03-12 18:05'));
    await property.sweep();
    expect((await property.get(c.id)).sla.clocks.resolve).toMatchObject({ state: 'breached', breached_at: iso('2026-03-12 18:00') });
    property.clock.set(bj('2026-03-12 18:10'));
    const t = await triage(property, await property.get(c.id), 'major');
    expect(t.sla.clocks.resolve).toMatchObject({ policy: 'major', state: 'running', due_at: iso('2026-03-20 18:00'), breached_at: null });
    const view = await property.get(c.id);
    expect(view.timeline.filter((e: any) => e.action === 'sla_breach' && e.data.clock === 'resolve')).toHaveLength(1);
    // A later breach of the new deadline is recorded afresh.
    property.clock.set(bj('2026-03-20 18:05'));
    await property.sweep();
    expect((await property.get(c.id)).timeline.filter((e: any) => e.action === 'sla_breach' && e.data.clock === 'resolve')).toHaveLength(2);
  });

  it('counts a severity given at registration, even "minor"', async () => {
    property.clock.set(bj('2026-03-10 10:00'));
    const minor = await property.get((await property.register(complaint({ severity: 'minor' }))).id);
    expect(minor.sla.clocks.resolve.policy).toBe('minor');
    const none = await property.get((await property.register()).id);
    expect(none.sla.clocks.resolve.policy).toBe('property_complaint');
  });
});

describe('received vs registered', () => {
  it('starts the clocks when the letter was received, not when it was typed in', async () => {
    general.clock.set(bj('2026-03-12 09:30'));
    const c = await general.get((await general.register(complaint({ channel: 'letter', received_at: iso('2026-03-10 10:00') }))).id);
    expect(c.sla.clocks.resolve).toMatchObject({ started_at: iso('2026-03-10 10:00'), due_at: iso('2026-03-13 18:00') });
    expect(c.sla.clocks.acknowledge).toMatchObject({ started_at: iso('2026-03-10 10:00'), due_at: iso('2026-03-11 10:00'), state: 'breached' });
  });

  it('counts the deadline the customer asked for when it is sooner, and says so in the case\'s clocks', async () => {
    general.clock.set(bj('2026-03-10 10:00'));
    const asked = await general.get((await general.register(complaint({ requested_due_at: iso('2026-03-11 12:00') }))).id);
    expect(asked.sla.clocks.resolve).toMatchObject({ due_at: iso('2026-03-11 12:00'), requested_due_at: iso('2026-03-11 12:00'), deadline_source: 'customer_request' });
    const later = await general.get((await general.register(complaint({ requested_due_at: iso('2026-03-20 12:00') }))).id);
    expect(later.sla.clocks.resolve).toMatchObject({ due_at: iso('2026-03-13 18:00'), requested_due_at: null, deadline_source: 'policy' });
  });

  it('shows the deadline a Chinese manager computes by hand for a letter received on 2026-09-30 19:30 and triaged days later', async () => {
    // The letter arrived on Wednesday Sep 30 at 19:30, after close of business, the eve of National Day. The
    // holiday runs Thu Oct 1 – Wed Oct 7; Sun Sep 20 and Sat Oct 10 are make-up working days (调休).
    // General family (001: 3 working days): counting starts on the next working day — Thu Oct 8 (1), Fri Oct 9
    // (2), the make-up Saturday Oct 10 (3) — so close of business Saturday Oct 10, 18:00.
    general.clock.set(bj('2026-10-08 09:30'));
    let g = await general.register(complaint({ channel: 'letter', received_at: iso('2026-09-30 19:30') }));
    general.clock.set(bj('2026-10-09 10:00'));
    g = await triage(general, g, 'important');
    expect(g.sla.clocks.resolve).toMatchObject({ policy: 'general_complaint', started_at: iso('2026-09-30 19:30'), due_at: iso('2026-10-10 18:00'), state: 'running' });
    // Left at Friday 10:00: Friday 10:00–12:00 and 13:30–18:00 (390 working minutes) and Saturday's 450.
    expect(g.sla.clocks.resolve.remaining_working_minutes).toBe(390 + 450);

    // Property family (004: natural days). Minor "2日内": Oct 2, a holiday, so close of business on the first
    // working day after it, Thu Oct 8 18:00. Triaged on Fri Oct 9 as important ("3日内": Oct 3 → also Oct 8
    // 18:00), the deadline is already past: breached at Oct 8 18:00, not at the triage.
    property.clock.set(bj('2026-10-08 09:30'));
    let p = await property.register(complaint({ channel: 'letter', received_at: iso('2026-09-30 19:30') }));
    expect((await property.get(p.id)).sla.clocks.resolve).toMatchObject({ policy: 'property_complaint', due_at: iso('2026-10-08 18:00') });
    property.clock.set(bj('2026-10-09 10:00'));
    p = await triage(property, p, 'important');
    expect(p.sla.clocks.resolve).toMatchObject({ policy: 'important', started_at: iso('2026-09-30 19:30'), due_at: iso('2026-10-08 18:00'), breached_at: iso('2026-10-08 18:00'), state: 'breached' });
    // Major instead: answer in 2 days (Oct 8 18:00), resolve in 10 (Oct 10, the make-up Saturday, 18:00).
    property.clock.set(bj('2026-10-08 09:30'));
    let m = await property.register(complaint({ channel: 'letter', received_at: iso('2026-09-30 19:30') }));
    property.clock.set(bj('2026-10-08 10:00'));
    m = await triage(property, m, 'major');
    expect(m.sla.clocks.resolve).toMatchObject({ policy: 'major', due_at: iso('2026-10-10 18:00'), state: 'running' });
    expect(m.sla.clocks.first_contact).toMatchObject({ due_at: iso('2026-10-08 18:00') });
    expect(actions(await property.get(m.id))).toContain('escalate');
  });
});

describe('same-day feedback', () => {
  it('expresses 004\'s "当天下班前反馈" as a limit that ends with the working day', async () => {
    const p = await general.call(general.tokens.admin!, 'POST', '/api/v1/admin/sla-policies', {
      name: 'desk_feedback', priority: 60, channel: 'visit', targets: { first_contact: { amount: 1, unit: 'end_of_working_day' } }, source: '004 流程图',
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    general.clock.set(bj('2026-03-10 10:00'));
    const today = await general.get((await general.register(complaint({ channel: 'visit' }))).id);
    expect(today.sla.clocks.first_contact).toMatchObject({ policy: 'desk_feedback', due_at: iso('2026-03-10 18:00') });
    general.clock.set(bj('2026-03-10 19:00'));
    const late = await general.get((await general.register(complaint({ channel: 'visit' }))).id);
    expect(late.sla.clocks.first_contact.due_at).toBe(iso('2026-03-11 18:00'));
    await general.call(general.tokens.admin!, 'DELETE', `/api/v1/admin/sla-policies/${p.body.id}`);
  });
});
