import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateCaseNumber, forgetCaseNumberBlocks } from '../src/app/cases/case-numbers.ts';
import { testApi, testPool, type TestApi } from './helpers.ts';

// Issue 8: case numbers are taken from the organisation's day counter in blocks when registrations come fast, so a
// busy hotline does not touch the counter row for every case — and they stay unique, in order within a process, and
// gapless for a quiet desk.
let pool: pg.Pool;
let t: TestApi;

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  await pool.query(`update organisations set time_zone = 'Asia/Shanghai' where id = $1`, [t.org.orgId]);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const seq = (n: string) => Number(n.slice(-5));
const counter = async (day: string) =>
  Number((await pool.query('select last from case_number_counters where org_id = $1 and day = $2', [t.org.orgId, day])).rows[0]?.last ?? 0);

describe('case numbers', () => {
  it('a quiet desk gets consecutive numbers and a restart loses none of them', async () => {
    forgetCaseNumberBlocks();
    const at = new Date('2031-03-02T02:00:00Z'); // 10:00 in Shanghai, 2031-03-02
    const first = await allocateCaseNumber(pool, t.org.orgId, at, true);
    expect(first).toMatch(/^[A-Z]+-20310302-00001$/);
    // The first number after a (re)start comes from a block of one: the counter holds exactly what was handed out.
    expect(await counter('2031-03-02')).toBe(1);
    forgetCaseNumberBlocks(); // as a restarted process
    expect(await allocateCaseNumber(pool, t.org.orgId, at, true)).toMatch(/-20310302-00002$/);
    expect(await counter('2031-03-02')).toBe(2);
  });

  it('a burst gets unique numbers, in order within the process, from far fewer counter updates than cases', async () => {
    forgetCaseNumberBlocks();
    const at = new Date('2031-03-03T02:00:00Z');
    let updates = 0;
    const counting = { query: (...a: Parameters<pg.Pool['query']>) => (updates++, pool.query(...a)) } as unknown as pg.Pool;
    const got: string[] = [];
    // 300 registrations in waves of 30 at once, as a busy hotline's desks would send them.
    for (let wave = 0; wave < 10; wave++) {
      got.push(...(await Promise.all(Array.from({ length: 30 }, () => allocateCaseNumber(counting, t.org.orgId, at, true)))));
    }
    expect(new Set(got).size).toBe(300);
    expect(got.map(seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(updates).toBeLessThan(30);
    // Left in the last block: never more than one block's worth past what was handed out.
    const last = await counter('2031-03-03');
    expect(last).toBeGreaterThanOrEqual(300);
    expect(last - 300).toBeLessThanOrEqual(64);
  });

  it('stays unique beside another process taking numbers one at a time from the same counter', async () => {
    forgetCaseNumberBlocks();
    const at = new Date('2031-03-04T02:00:00Z');
    const mine = Promise.all(Array.from({ length: 120 }, () => allocateCaseNumber(pool, t.org.orgId, at, true)));
    // Single numbers straight from the counter, as a process without a block (or inside a transaction) takes them.
    const theirs = Promise.all(Array.from({ length: 40 }, () => allocateCaseNumber(pool, t.org.orgId, at)));
    const all = [...(await mine), ...(await theirs)];
    expect(new Set(all).size).toBe(160);
  });

  it('a block does not outlive the organisation’s day: after local midnight numbering starts again at 00001', async () => {
    forgetCaseNumberBlocks();
    const before = new Date('2031-03-05T15:59:58Z'); // 23:59:58 in Shanghai
    const after = new Date('2031-03-05T16:00:01Z'); // 00:00:01 on the 6th
    await Promise.all(Array.from({ length: 20 }, () => allocateCaseNumber(pool, t.org.orgId, before, true)));
    expect(await allocateCaseNumber(pool, t.org.orgId, before, true)).toMatch(/-20310305-00021$/);
    expect(await allocateCaseNumber(pool, t.org.orgId, after, true)).toMatch(/-20310306-00001$/);
  });
});
