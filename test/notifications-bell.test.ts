/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPool } from './helpers.ts';
import { actions, bj, clockedApi, type Clocked } from './sla-helpers.ts';

/** Issue 9, the bell: escalations and supervision notices are acknowledged (确认, recorded on the case); ordinary
 * notices (deadline warnings) are just marked read. Both take the notice off the bell's count. */
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

const forCase = (items: any[], caseId: string) => items.filter((n) => n.case_id === caseId);
const count = async (who: string) => (await t.call(t.tokens[who]!, 'GET', '/api/v1/notifications')).body.unacknowledged as number;
const post = (who: string, id: string, what: 'read' | 'acknowledge', headers: Record<string, string> = {}) =>
  t.call(t.tokens[who]!, 'POST', `/api/v1/notifications/${id}/${what}`, undefined, headers);

describe('the bell', () => {
  it('marks a deadline warning read without an acknowledgement, and it leaves the count', async () => {
    const c = await t.toInProgress('2026-03-10 10:00');
    t.clock.set(bj('2026-03-11 14:01')); // 50 % of the minor complaint's 2 natural days
    await t.sweep();
    const [warning] = forCase(await t.inbox('handler'), c.id);
    expect(warning).toMatchObject({ kind: 'sla_warning', needs_acknowledgement: false, read_at: null, acknowledged_at: null });
    const before = await count('handler');

    const read = await post('handler', warning.id, 'read');
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body).toMatchObject({ read_at: bj('2026-03-11 14:01').toISOString(), acknowledged_at: null });
    expect(await count('handler')).toBe(before - 1);
    expect((await t.call(t.tokens.handler!, 'GET', '/api/v1/notifications?unacknowledged=1')).body.items.map((n: any) => n.id)).not.toContain(warning.id);
    // Reading it again changes nothing; someone else's notice is not found.
    t.clock.set(bj('2026-03-11 15:00'));
    expect((await post('handler', warning.id, 'read')).body.read_at).toBe(bj('2026-03-11 14:01').toISOString());
    expect((await post('head', warning.id, 'read')).status).toBe(404);
    // Nothing about it on the case's timeline.
    expect(actions(await t.get(c.id))).not.toContain('acknowledge_escalation');
  });

  it('has a supervision notice acknowledged, recorded on the timeline; it cannot just be marked read', async () => {
    const c = await t.toInProgress('2026-03-12 10:00');
    const s = await t.call(t.tokens.manager!, 'POST', `/api/v1/cases/${c.id}/actions/supervise`, { note: '请今天下班前给业主答复' });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    const [notice] = forCase(await t.inbox('handler'), c.id).filter((n) => n.kind === 'supervision');
    expect(notice).toMatchObject({ needs_acknowledgement: true, read_at: null });
    const before = await count('handler');

    const refused = await post('handler', notice.id, 'read', { 'accept-language': 'en-US' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ code: 'acknowledge_required', message: 'escalations and supervision notices must be acknowledged, not just marked read' });
    expect(await count('handler')).toBe(before);

    t.clock.set(bj('2026-03-12 10:30'));
    const ack = await post('handler', notice.id, 'acknowledge');
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ acknowledged_at: bj('2026-03-12 10:30').toISOString(), read_at: bj('2026-03-12 10:30').toISOString() });
    expect(await count('handler')).toBe(before - 1);
    const view = await t.get(c.id);
    const recorded = view.timeline.filter((e: any) => e.action === 'acknowledge_supervision');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ actor: expect.objectContaining({ display_name: '维修工 王建国' }) });
    // Acknowledging twice records it once.
    await post('handler', notice.id, 'acknowledge');
    expect((await t.get(c.id)).timeline.filter((e: any) => e.action === 'acknowledge_supervision')).toHaveLength(1);
  });

  it('has an escalation acknowledged from the bell, and the live count follows', async () => {
    const c = await t.toInProgress('2026-03-16 10:00');
    t.clock.set(bj('2026-03-18 18:01')); // past the 2-day deadline: the department head hears of it
    await t.sweep();
    const [esc] = forCase(await t.inbox('head'), c.id).filter((n) => n.kind === 'escalation');
    expect(esc.needs_acknowledgement).toBe(true);
    expect((await post('head', esc.id, 'read')).status).toBe(400);
    const snapshot = async () => (await t.call(t.tokens.head!, 'GET', '/api/v1/notifications/stream')).body.unacknowledged as number;
    const before = await snapshot();
    expect((await post('head', esc.id, 'acknowledge')).status).toBe(200);
    expect(await snapshot()).toBe(before - 1);
    expect(actions(await t.get(c.id))).toContain('acknowledge_escalation');
  });
});
