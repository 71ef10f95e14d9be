import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { complaint, testPool } from './helpers.ts';
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

/** Runs `fn` with the organisation on another preset family, then adopts the general one again. */
async function inFamily(family: string, fn: () => Promise<void>) {
  expect((await t.call(t.tokens.admin!, 'PUT', '/api/v1/admin/sla-family', { family })).status).toBe(200);
  try {
    await fn();
  } finally {
    await t.call(t.tokens.admin!, 'PUT', '/api/v1/admin/sla-family', { family: 'general' });
  }
}

async function registerAt(at: string, body: Record<string, unknown> = complaint()) {
  t.clock.set(bj(at));
  const c = await t.register(body);
  return t.get(c.id);
}

describe('deadlines on the mainland China working-day calendar, through the case API', () => {
  it('gives a complaint registered on the evening before National Day until 18:00 on the make-up Saturday Oct 10', async () => {
    const c = await registerAt('2026-09-30 19:30');
    expect(c.sla.clocks.resolve).toMatchObject({
      state: 'running',
      policy: 'general_complaint',
      target: { amount: 3, unit: 'working_days' },
      due_at: iso('2026-10-10 18:00'),
      original_due_at: iso('2026-10-10 18:00'),
      breached_at: null,
      // Oct 8, Oct 9 and Oct 10, 450 working minutes each (09:00–12:00, 13:30–18:00).
      remaining_working_minutes: 3 * 450,
    });
    expect(c.sla.clocks.acknowledge).toMatchObject({ state: 'running', due_at: iso('2026-10-01 19:30') });
    expect(c.sla.calendar_warnings).toEqual([]);
    // The same view comes back from the list.
    const list = await t.call(t.tokens.center!, 'GET', `/api/v1/cases?q=${c.number}`);
    expect(list.body.items[0].sla.clocks.resolve.due_at).toBe(iso('2026-10-10 18:00'));
  });

  it.each([
    { at: '2026-02-13 10:00', due: '2026-02-25 18:00', why: 'Spring Festival: the make-up Saturday Feb 14 counts, Feb 15–23 does not' },
    { at: '2026-02-18 15:00', due: '2026-02-26 18:00', why: 'submitted during the Spring Festival holiday: counting starts Feb 24' },
    { at: '2026-02-26 10:00', due: '2026-03-02 18:00', why: 'the make-up Saturday Feb 28 after the Spring Festival counts' },
    { at: '2026-09-19 10:00', due: '2026-09-22 18:00', why: 'the make-up Sunday Sep 20 before National Day counts' },
    { at: '2026-10-03 10:00', due: '2026-10-10 18:00', why: 'submitted during National Day: Oct 8, Oct 9, Oct 10' },
    { at: '2026-03-10 19:00', due: '2026-03-13 18:00', why: 'submitted after hours on a Tuesday: the period starts the next day' },
    { at: '2026-03-14 11:00', due: '2026-03-18 18:00', why: 'submitted on a Saturday' },
  ])('gives a complaint registered $at until $due ($why)', async ({ at, due }) => {
    const c = await registerAt(at);
    expect(c.sla.clocks.resolve.due_at).toBe(iso(due));
  });

  it('answers an inquiry within 24 natural hours, holiday or not', async () => {
    const c = await registerAt('2026-09-30 19:30', complaint({ kind: 'inquiry', subject: '咨询停车费', content: '国庆期间停车如何收费？' }));
    expect(c.sla.clocks.resolve).toMatchObject({ policy: 'inquiry', due_at: iso('2026-10-01 19:30') });
  });

  it('gives a property company\'s major case two days to answer and ten to resolve', async () => {
    await inFamily('property', async () => {
      const c = await registerAt('2026-03-10 10:00', complaint({ severity: 'major' }));
      expect(c.sla.clocks.first_contact).toMatchObject({ policy: 'major', due_at: iso('2026-03-12 18:00') });
      expect(c.sla.clocks.resolve).toMatchObject({ policy: 'major', due_at: iso('2026-03-20 18:00') });
    });
  });

  it('gives a general enterprise\'s major complaint 001\'s 3 working days: the family decides, not 004\'s table', async () => {
    const c = await registerAt('2026-03-10 10:00', complaint({ severity: 'major' }));
    expect(c.sla.clocks.resolve).toMatchObject({ policy: 'general_complaint', due_at: iso('2026-03-13 18:00') });
    expect(c.sla.clocks.first_contact).toBeUndefined();
  });

  it('skips the lunch break in a working-hours target set by an administrator', async () => {
    const p = await t.call(t.tokens.admin!, 'POST', '/api/v1/admin/sla-policies', {
      name: 'wechat_quick', priority: 50, channel: 'wechat', targets: { resolve: { amount: 2, unit: 'working_hours' } },
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const c = await registerAt('2026-03-10 11:50', complaint({ channel: 'wechat' }));
    // 10 minutes before lunch, then 110 after 13:30.
    expect(c.sla.clocks.resolve).toMatchObject({ policy: 'wechat_quick', due_at: iso('2026-03-10 15:20'), remaining_working_minutes: 120 });
  });

  it('follows a unit’s own business hours and the organisation’s own closed days', async () => {
    const cuihu = t.org.units.get('cuihu')!;
    const h = await t.call(t.tokens.admin!, 'PUT', '/api/v1/admin/business-hours', { unit_id: cuihu, periods: [{ start: '08:30', end: '12:00' }, { start: '14:00', end: '17:30' }] });
    expect(h.status, JSON.stringify(h.body)).toBe(200);
    const a = await registerAt('2026-04-14 10:00');
    expect(a.sla.clocks.resolve.due_at).toBe(iso('2026-04-17 17:30'));
    const d = await t.call(t.tokens.admin!, 'POST', '/api/v1/admin/calendar-days', { date: '2026-04-16', kind: 'closed', name: '公司周年庆' });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const b = await registerAt('2026-04-14 10:00');
    expect(b.sla.clocks.resolve.due_at).toBe(iso('2026-04-20 17:30'));
    await t.call(t.tokens.admin!, 'DELETE', `/api/v1/admin/calendar-days/${d.body.id}`);
    const hours = await t.call(t.tokens.admin!, 'GET', '/api/v1/admin/business-hours');
    for (const row of hours.body.items) await t.call(t.tokens.admin!, 'DELETE', `/api/v1/admin/business-hours/${row.id}`);
    expect((await registerAt('2026-04-14 10:00')).sla.clocks.resolve.due_at).toBe(iso('2026-04-17 18:00'));
  });

  it('flags a deadline in a year without official holiday data and falls back to Monday–Friday', async () => {
    const c = await registerAt('2026-12-30 10:00');
    // Dec 31, then Jan 1 2027 is a plain Friday without official data, then Monday Jan 4.
    expect(c.sla.clocks.resolve.due_at).toBe(iso('2027-01-04 18:00'));
    expect(c.sla.calendar_warnings).toEqual([{ code: 'no_official_calendar', year: 2027, clock: 'resolve' }]);
    const days = await t.call(t.tokens.admin!, 'GET', '/api/v1/admin/calendar-days?year=2026&source=official');
    expect(days.body.items.length).toBeGreaterThan(20);
    expect(days.body.known_years).toContain(2026);
  });
});
