import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { caseSteps, complaint, testApi, testPool, type TestApi } from './helpers.ts';

// issue 6: "The action table, abilities and the UI agree — never offer an action that will then be refused."
let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['agent', 'handler', 'head', 'center']) tok[u] = await t.login(u);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

type Case = { id: string; version: number; status: string; abilities: string[] };
const { call: act, act: ok } = caseSteps(() => t, tok);

// A valid request for each action this issue owns (others' actions — escalate, extend, supervise, reveal — are theirs).
const bodies = (): Record<string, Record<string, unknown>> => ({
  accept: { category_id: t.org.categories.get('elevator'), severity: 'important', validity: 'valid' },
  answer: { answer: '已当场解释' },
  assign: { department_id: t.org.units.get('cuihu.engineering'), handler_id: t.org.users.get('handler') },
  transfer: { department_id: t.org.units.get('cuihu.environment'), reason: '不属于本部门' },
  return: { reason: '不属于本部门' },
  start: {},
  investigate: { findings: '属实' },
  resolve: { resolution: '已修复', remedy: { types: ['repair'] } },
  approve_resolution: {},
  reject_resolution: { reason: '再查' },
  decide: { decision: '统一答复' },
  feedback: { note: '已告知' },
  visit: { reached: true, resolved: true, satisfaction: 'satisfied', method: 'phone' },
  close: { reason: '结案' },
  reopen: { reason: '再次反映' },
  suspend: { reason: '等待业主' },
  resume: {},
  withdraw: { reason: '撤诉' },
});
const OWNED = new Set(['accept', 'answer', 'assign', 'transfer', 'return', 'start', 'investigate', 'resolve', 'approve_resolution',
  'reject_resolution', 'decide', 'feedback', 'visit', 'close', 'reopen', 'suspend', 'resume', 'withdraw']);

/** Stages of a case, each built afresh, and who looks at it there. */
const stages: { name: string; who: string; build: () => Promise<Case> }[] = [
  { name: 'registered', who: 'agent', build: async () => (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body },
  { name: 'accepted and valid', who: 'agent', build: async () => ok('agent', (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body, 'accept', bodies().accept) },
  {
    name: 'resolved awaiting sign-off (head)', who: 'head',
    build: async () => {
      let c = await ok('agent', (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body, 'accept', bodies().accept);
      c = await ok('agent', c, 'assign', bodies().assign);
      c = await ok('handler', c, 'start');
      return ok('handler', c, 'resolve', bodies().resolve);
    },
  },
  {
    name: 'resolved awaiting sign-off (agent)', who: 'agent',
    build: async () => {
      let c = await ok('agent', (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body, 'accept', bodies().accept);
      c = await ok('agent', c, 'assign', bodies().assign);
      c = await ok('handler', c, 'start');
      return ok('handler', c, 'resolve', bodies().resolve);
    },
  },
  {
    name: 'a crisis in progress (handler)', who: 'handler',
    build: async () => {
      let c = await ok('agent', (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body, 'accept', { ...bodies().accept, severity: 'crisis' });
      c = await ok('agent', c, 'assign', bodies().assign);
      return ok('handler', c, 'start');
    },
  },
];

describe('abilities', () => {
  for (const s of stages) {
    it(`offers on a case ${s.name} only actions that then succeed`, async () => {
      const view = (await t.call(tok[s.who]!, 'GET', `/api/v1/cases/${(await s.build()).id}`)).body as Case;
      const offered = view.abilities.filter((a) => OWNED.has(a));
      expect(offered.length).toBeGreaterThan(0);
      for (const a of offered) {
        const fresh = (await t.call(tok[s.who]!, 'GET', `/api/v1/cases/${(await s.build()).id}`)).body as Case;
        const r = await act(s.who, fresh, a, bodies()[a]);
        expect([a, r.status, r.body?.error?.code]).toEqual([a, 200, undefined]);
      }
    });
  }

  it('does not offer to close a valid accepted case, and refuses it', async () => {
    const c = await ok('agent', (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body, 'accept', bodies().accept);
    expect(c.abilities).not.toContain('close');
    expect((await act('agent', c, 'close')).body.error.code).toBe('transition_not_allowed');
  });
});
