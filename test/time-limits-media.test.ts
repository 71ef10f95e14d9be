import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { complaint, testPool } from './helpers.ts';
import { actions, bj, clockedApi, iso, type Clocked } from './sla-helpers.ts';

let pool: pg.Pool;
let t: Clocked;

beforeAll(async () => {
  pool = testPool();
  t = await clockedApi(pool, undefined, 'agency_chain');
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const exposure = () => complaint({ channel: 'media', subject: '晚报报道门店收取阴阳合同', content: '某晚报报道称门店与客户签订阴阳合同。' });

describe('media exposure (003 第一篇 二(一))', () => {
  it('runs the 5-day clarify clock only once the report is judged false, from when the exposure was received', async () => {
    t.clock.set(bj('2026-09-28 10:00'));
    let c = await t.register(exposure());
    expect(c.sla.clocks.clarify).toBeUndefined();
    expect(c.abilities).not.toContain('clarify');
    t.clock.set(bj('2026-09-28 15:00'));
    c = await t.act('manager', c, 'judge_media_report', { verdict: 'false', note: '合同为正规版本' });
    // Sep 28 + 5 natural days = Oct 3, in the National Day holiday: close of business on Oct 8.
    expect(c.sla.clocks.clarify).toMatchObject({ policy: 'media_exposure', started_at: iso('2026-09-28 10:00'), due_at: iso('2026-10-08 18:00'), state: 'running' });
    expect(c.sla.media_exposure).toMatchObject({ verdict: 'false', clarification: null, treated_as_true_at: null });
    expect((await t.get(c.id, 'agent')).abilities).toContain('clarify');
    expect(c.abilities).not.toContain('judge_media_report');
  });

  it('records the clarification with its medium (original or same-level) and date, and stops the clock on time', async () => {
    t.clock.set(bj('2026-03-10 10:00'));
    let c = await t.register(exposure());
    c = await t.act('manager', c, 'judge_media_report', { verdict: 'false' });
    t.clock.set(bj('2026-03-12 10:00'));
    const otherMedium = await t.tryAct('agent', c, 'clarify', { medium: '某晚报', medium_level: 'regional', published_on: '2026-03-12' });
    expect(otherMedium.status).toBe(400);
    expect(otherMedium.body.error.details).toEqual([expect.objectContaining({ path: 'medium_level' })]);
    const ahead = await t.tryAct('agent', c, 'clarify', { medium: '某晚报', medium_level: 'original', published_on: '2026-03-20' });
    expect(ahead.body.error.details).toEqual([expect.objectContaining({ path: 'published_on', code: 'in_future' })]);
    c = await t.act('agent', c, 'clarify', { medium: '某晚报', medium_level: 'original', published_on: '2026-03-12' });
    expect(c.sla.clocks.clarify).toMatchObject({ state: 'met', met_at: iso('2026-03-12 10:00') });
    expect(c.sla.media_exposure.clarification).toMatchObject({ medium: '某晚报', medium_level: 'original', published_on: '2026-03-12' });
  });

  it('treats the exposure as true when the clarify clock expires without a clarification', async () => {
    t.clock.set(bj('2026-03-10 10:00'));
    let c = await t.register(exposure());
    c = await t.act('manager', c, 'judge_media_report', { verdict: 'false' });
    expect(c.sla.clocks.clarify.due_at).toBe(iso('2026-03-16 18:00')); // Mar 15 is a Sunday
    t.clock.set(bj('2026-03-16 18:05'));
    await t.sweep();
    await t.sweep();
    const view = await t.get(c.id);
    expect(view.sla.media_exposure.treated_as_true_at).toBe(iso('2026-03-16 18:00'));
    expect(actions(view).filter((a: string) => a === 'media_treated_as_true')).toHaveLength(1);
  });

  it('starts no clarify clock for a report judged true, and refuses judging a case that is not a media exposure', async () => {
    t.clock.set(bj('2026-03-10 10:00'));
    let c = await t.register(exposure());
    c = await t.act('manager', c, 'judge_media_report', { verdict: 'true' });
    expect(c.sla.clocks.clarify).toBeUndefined();
    const clarify = await t.tryAct('agent', c, 'clarify', { medium: '某晚报', medium_level: 'original', published_on: '2026-03-10' });
    expect(clarify.body.error.details).toEqual([expect.objectContaining({ code: 'not_judged_false' })]);
    const plain = await t.register();
    const judged = await t.tryAct('manager', plain, 'judge_media_report', { verdict: 'false' });
    expect(judged.status).toBe(400);
    expect(judged.body.error.details).toEqual([expect.objectContaining({ path: 'channel', code: 'media_only' })]);
  });
});
