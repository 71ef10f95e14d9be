import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { testPool } from './helpers.ts';
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
const resolveDue = async (id: string) => new Date((await t.get(id)).sla.clocks.resolve.due_at).getTime();

describe('a calendar change moves the deadlines of open working-time clocks', () => {
  it('a local holiday on a day the clock spans moves its due time one working day later, and removing it moves it back', async () => {
    t.clock.set(bj('2026-03-10 10:00'));
    const c = await t.register(); // resolve clock: 3 working days → Fri 2026-03-13 18:00
    const before = await resolveDue(c.id);
    expect(before).toBe(bj('2026-03-13 18:00').getTime());

    const day = await admin('POST', '/api/v1/admin/calendar-days', { date: '2026-03-12', kind: 'closed', name: '区域停电' });
    expect(day.status, JSON.stringify(day.body)).toBe(201);
    // Thursday is no longer a working day: the third working day is Monday the 16th.
    expect(await resolveDue(c.id)).toBe(bj('2026-03-16 18:00').getTime());

    const gone = await admin('DELETE', `/api/v1/admin/calendar-days/${day.body.id}`);
    expect(gone.status).toBe(204);
    expect(await resolveDue(c.id)).toBe(before);
  });

  it('a make-up working day on a weekend brings the due time forward', async () => {
    t.clock.set(bj('2026-03-19 10:00'));
    const c = await t.register(); // Thu 19th + 3 working days → Tue 24th
    expect(await resolveDue(c.id)).toBe(bj('2026-03-24 18:00').getTime());
    const day = await admin('POST', '/api/v1/admin/calendar-days', { date: '2026-03-21', kind: 'working', name: '调休上班' });
    expect(day.status).toBe(201);
    expect(await resolveDue(c.id)).toBe(bj('2026-03-23 18:00').getTime());
    await admin('DELETE', `/api/v1/admin/calendar-days/${day.body.id}`);
  });
});
