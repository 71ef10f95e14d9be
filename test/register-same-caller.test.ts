import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor } from '../src/app/auth/sessions.ts';
import { allocateCaseNumber, registerCase } from '../src/app/cases/register-case.ts';
import type { Actor } from '../src/app/context.ts';
import { RegisterCaseRequest } from '../src/contract/cases.ts';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

// Issue 8: "registrations for the same customer do not wait on each other" — a busy hotline number, a shared
// placeholder phone for walk-ins, or one owner calling again and again.
let pool: pg.Pool;
let t: TestApi;
let agent: Actor;

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  const user = (await pool.query('select * from users where org_id = $1 and username = $2', [t.org.orgId, 'agent'])).rows[0];
  agent = await actorFor(pool, user);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const clock = { now: () => new Date() };
const input = (subject: string, extra: Record<string, unknown> = {}) =>
  RegisterCaseRequest.parse(complaint({ subject, customer: { name: '王先生', phone: '13812349876', room: '3-2-1201', ...extra } }));

describe('registrations of one caller', () => {
  it('do not wait on each other: a second registration for the same phone goes through while the first is still open', async () => {
    // The caller is known (registered once through the API); then two registrations of theirs overlap.
    expect((await t.call(await t.login('agent'), 'POST', '/api/v1/cases', complaint({ customer: { name: '王先生', phone: '13812349876', room: '3-2-1201' } }))).status).toBe(201);
    // As the API does: the number is taken apart from the registering transaction.
    const number = () => allocateCaseNumber(pool, agent.orgId, clock.now());
    const open: pg.PoolClient[] = [];
    const begin = async () => {
      const tx = await pool.connect();
      open.push(tx);
      await tx.query('begin');
      return tx;
    };
    try {
      const tx1 = await begin();
      const first = await registerCase({ tx: tx1, actor: agent, clock }, input('第一次来电'), undefined, await number());
      const tx2 = await begin();
      // Were the customer's row still locked by the first, this would fail here instead of waiting for it.
      await tx2.query(`set local lock_timeout = '2s'`);
      const second = await registerCase({ tx: tx2, actor: agent, clock }, input('第二次来电'), undefined, await number());
      expect(second.case.customer_id).toBe(first.case.customer_id);
      for (const tx of open) await tx.query('commit');
    } finally {
      for (const tx of open) {
        // After a failure the transactions are rolled back so the pool can end; the failure is already on its way.
        await tx.query('rollback').catch(() => undefined);
        tx.release();
      }
    }
  });
});
