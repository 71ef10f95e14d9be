import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { testPool } from './helpers.ts';
import { recomputeQueuedOnce } from '../src/jobs/clock-recompute.job.ts';
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
/** The recompute job's pass for this organisation (the server runs it every 2 s). */
const recompute = (batch?: number) => recomputeQueuedOnce(pool, t.clock, { orgId: t.org.orgId, ...(batch ? { batch } : {}) });
const status = async () => (await admin('GET', '/api/v1/admin/calendar-recompute')).body as { pending: boolean; since: string | null };

describe('a calendar change moves the deadlines of open working-time clocks', () => {
  it('a local holiday on a day the clock spans moves its due time one working day later, and removing it moves it back', async () => {
    t.clock.set(bj('2026-03-10 10:00'));
    const c = await t.register(); // resolve clock: 3 working days → Fri 2026-03-13 18:00
    const before = await resolveDue(c.id);
    expect(before).toBe(bj('2026-03-13 18:00').getTime());

    expect(await status()).toEqual({ pending: false, since: null });
    const day = await admin('POST', '/api/v1/admin/calendar-days', { date: '2026-03-12', kind: 'closed', name: '区域停电' });
    expect(day.status, JSON.stringify(day.body)).toBe(201);
    // The administrator's request returned at once; the calendar page says the deadlines are being recomputed.
    expect(await status()).toEqual({ pending: true, since: bj('2026-03-10 10:00').toISOString() });
    expect((await recompute()).clocks).toBeGreaterThan(0);
    expect(await status()).toEqual({ pending: false, since: null });
    // Thursday is no longer a working day: the third working day is Monday the 16th.
    expect(await resolveDue(c.id)).toBe(bj('2026-03-16 18:00').getTime());

    const gone = await admin('DELETE', `/api/v1/admin/calendar-days/${day.body.id}`);
    expect(gone.status).toBe(204);
    await recompute();
    expect(await resolveDue(c.id)).toBe(before);
  });

  it('a make-up working day on a weekend brings the due time forward', async () => {
    t.clock.set(bj('2026-03-19 10:00'));
    const c = await t.register(); // Thu 19th + 3 working days → Tue 24th
    expect(await resolveDue(c.id)).toBe(bj('2026-03-24 18:00').getTime());
    const day = await admin('POST', '/api/v1/admin/calendar-days', { date: '2026-03-21', kind: 'working', name: '调休上班' });
    expect(day.status).toBe(201);
    await recompute();
    expect(await resolveDue(c.id)).toBe(bj('2026-03-23 18:00').getTime());
    await admin('DELETE', `/api/v1/admin/calendar-days/${day.body.id}`);
    await recompute();
  });

  it('moves every open clock, batch after batch, and leaves nothing queued', async () => {
    t.clock.set(bj('2026-04-07 10:00'));
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await t.register());
    const due = bj('2026-04-10 18:00').getTime(); // Tue 7th + 3 working days
    for (const c of cases) expect(await resolveDue(c.id)).toBe(due);
    const day = await admin('POST', '/api/v1/admin/calendar-days', { date: '2026-04-09', kind: 'closed', name: '盘点' });
    expect(day.status).toBe(201);
    // Before the job runs nothing moved: the change is queued, not applied in the administrator's transaction.
    expect(await resolveDue(cases[0].id)).toBe(due);
    // One clock per transaction: the pass goes on from batch to batch until none is left.
    const r = await recompute(1);
    expect(r.orgs).toBe(1);
    for (const c of cases) expect(await resolveDue(c.id)).toBe(bj('2026-04-13 18:00').getTime());
    // Nothing left: a second pass changes nothing.
    expect(await recompute()).toEqual({ orgs: 0, clocks: 0 });
    await admin('DELETE', `/api/v1/admin/calendar-days/${day.body.id}`);
    await recompute();
    for (const c of cases) expect(await resolveDue(c.id)).toBe(due);
  });
});
