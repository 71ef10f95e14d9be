import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCY_CHAIN_PENALTIES } from '../src/domain/penalties.ts';
import { testPool } from './helpers.ts';
import { bj, clockedApi, type Clocked } from './sla-helpers.ts';

let pool: pg.Pool;
let chain: Clocked;

beforeAll(async () => {
  pool = testPool();
  chain = await clockedApi(pool, undefined, 'agency_chain');
  expect((await chain.call(chain.tokens.admin!, 'PUT', '/api/v1/admin/accountability-settings', { penalties: AGENCY_CHAIN_PENALTIES })).status).toBe(200);
});
afterAll(async () => {
  await chain.app.close();
  await pool.end();
});

describe('fines from a case that went through the real lifecycle', () => {
  it('charges the store it was taken from the complaint fine and the handling fee after a takeover (003 第一篇 三(三))', async () => {
    // "投诉处理时间原则上为5个工作日内完成，如在规定时间内未能完成…则转至公司投诉中心…还将按宗收取处理费用500元"
    const c = await chain.toInProgress('2026-03-10 10:00');
    chain.clock.set(bj('2026-03-17 18:01'));
    await chain.sweep();
    expect((await chain.get(c.id)).unit_id).toBe(chain.org.units.get('center'));
    const r = await chain.call(chain.tokens.center!, 'PUT', `/api/v1/accountability/cases/${c.id}/liability`, { party: 'store' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const cuihu = chain.org.units.get('cuihu');
    expect(r.body.fines.map((f: { rule_code: string; store_unit_id: string; amount_fen: number }) => [f.rule_code, f.store_unit_id, f.amount_fen]).sort()).toEqual([
      ['store_complaint', cuihu, 50_000], ['takeover_fee', cuihu, 50_000],
    ]);
  });

  it('charges nothing for a case still pending a validity decision', async () => {
    const c = await chain.register();
    const r = await chain.call(chain.tokens.center!, 'PUT', `/api/v1/accountability/cases/${c.id}/liability`, { party: 'store' });
    expect(r.body).toMatchObject({ fines: [], gaps: [], issued: [] });
  });
});
