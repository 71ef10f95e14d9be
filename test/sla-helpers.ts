/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import { expect } from 'vitest';
import type pg from 'pg';
import { sweepOnce } from '../src/jobs/sla-sweep.job.ts';
import { complaint, fakeClock, testApi, type TestApi } from './helpers.ts';

/** Beijing wall-clock time 'YYYY-MM-DD HH:MM' as an instant. */
export const bj = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
export const iso = (s: string) => bj(s).toISOString();

export type Clocked = TestApi & {
  clock: ReturnType<typeof fakeClock>;
  tokens: Record<string, string>;
  register(body?: Record<string, unknown>, who?: string): Promise<any>;
  act(who: string, c: { id: string; version: number }, action: string, body?: Record<string, unknown>): Promise<any>;
  tryAct(who: string, c: { id: string; version: number }, action: string, body?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  get(id: string, who?: string): Promise<any>;
  sweep(): Promise<Awaited<ReturnType<typeof sweepOnce>>>;
  inbox(who: string): Promise<any[]>;
  dept(key: string): string;
  user(name: string): string;
  cat(code: string): string;
  toInProgress(at: string, body?: Record<string, unknown>, severity?: string): Promise<any>;
};

const USERS = ['admin', 'agent', 'handler', 'head', 'manager', 'regional', 'center'];

/**
 * A fresh demo organisation behind the API, on a fake clock, with SLA helpers. `family`: the preset family its
 * administrator adopts (the demo is a property company; most clock tests run on 001's general-enterprise rules).
 */
export async function clockedApi(pool: pg.Pool, start = '2026-03-10 09:00', family: 'general' | 'property' | 'agency_chain' | 'restaurant' = 'general'): Promise<Clocked> {
  const clock = fakeClock(bj(start));
  const t = await testApi(pool, clock);
  const tokens = Object.fromEntries(await Promise.all(USERS.map(async (u) => [u, await t.login(u)] as const)));
  const adopted = await t.call(tokens.admin!, 'PUT', '/api/v1/admin/sla-family', { family });
  expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
  const api: Clocked = {
    ...t,
    clock,
    tokens,
    async register(body = complaint(), who = 'agent') {
      const r = await t.call(tokens[who]!, 'POST', '/api/v1/cases', body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    },
    async tryAct(who, c, action, body = {}) {
      return t.call(tokens[who]!, 'POST', `/api/v1/cases/${c.id}/actions/${action}`, { version: c.version, ...body });
    },
    async act(who, c, action, body = {}) {
      const r = await api.tryAct(who, c, action, body);
      if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async get(id, who = 'center') {
      const r = await t.call(tokens[who]!, 'GET', `/api/v1/cases/${id}`);
      expect(r.status).toBe(200);
      return r.body;
    },
    sweep: () => sweepOnce(pool, clock, 1000, { orgId: t.org.orgId }),
    async inbox(who) {
      const r = await t.call(tokens[who]!, 'GET', '/api/v1/notifications');
      expect(r.status).toBe(200);
      return r.body.items;
    },
    dept: (key) => t.org.units.get(`cuihu.${key}`)!,
    user: (name) => t.org.users.get(name)!,
    cat: (code) => t.org.categories.get(code)!,
    async toInProgress(at, body = complaint(), severity = 'minor') {
      clock.set(bj(at));
      let c = await api.register(body);
      c = await api.act('agent', c, 'accept', { category_id: api.cat('elevator'), severity, validity: 'valid' });
      c = await api.act('agent', c, 'assign', { department_id: api.dept('engineering'), handler_id: api.user('handler') });
      return api.act('handler', c, 'start');
    },
  };
  return api;
}

/** The timeline's actions, without the ones every case has. */
export const actions = (c: { timeline: { action: string }[] }) => c.timeline.map((e) => e.action);
