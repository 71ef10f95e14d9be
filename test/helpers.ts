import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { inject } from 'vitest';
import type { Clock } from '../src/app/context.ts';
import { createOrganisation, type CreatedOrg } from '../src/app/orgs/create-organisation.ts';
import { demoSpec } from '../src/app/orgs/demo.ts';
import { extensions } from '../src/extensions.ts';
import { buildApp } from '../src/server/app.ts';
import { openPool, withTx } from '../src/store/db.ts';

export const PASSWORD = 'qingting-demo';

export function testPool(): pg.Pool {
  return openPool(inject('databaseUrl'), 5);
}

/** A settable clock for tests that move time. */
export function fakeClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (d) => void (now = new Date(d)),
    advance: (ms) => void (now = new Date(now.getTime() + ms)),
  };
}

/** A fresh copy of the demo organisation (units, users for every role, categories) with a unique slug. */
export async function freshOrg(pool: pg.Pool): Promise<CreatedOrg & { slug: string }> {
  const spec = demoSpec(PASSWORD);
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const org = await withTx(pool, (tx) => createOrganisation(tx, { ...spec, slug }));
  return { ...org, slug };
}

export interface TestApi {
  app: FastifyInstance;
  org: CreatedOrg & { slug: string };
  dataDir: string;
  /** Signs in as a demo user of this organisation and returns their bearer token. */
  login(username: string): Promise<string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read raw API JSON
  call(token: string, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

export async function testApi(pool: pg.Pool, clock?: Clock): Promise<TestApi> {
  const org = await freshOrg(pool);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'qingting-data-'));
  const ext = extensions({ pool, sweepSeconds: 10, ...(clock ? { clock } : {}) });
  const app = await buildApp({ pool, dataDir, ...(clock ? { clock } : {}), caseExtensions: ext.caseExtensions, plugins: ext.plugins });
  const tokens = new Map<string, string>();
  const call: TestApi['call'] = async (token, method, url, body, headers = {}) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && !(body instanceof Buffer) ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body instanceof Buffer ? body : JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: res.body ? safeJson(res.body) : undefined, headers: res.headers };
  };
  return {
    app,
    org,
    dataDir,
    call,
    async login(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD, org: org.slug } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const token = res.json().token as string;
      tokens.set(username, token);
      return token;
    },
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** A complaint as a front desk would register it. */
export function complaint(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'complaint',
    channel: 'phone',
    subject: '3号楼电梯频繁故障',
    content: '3号楼2单元电梯本周停了三次，老人上下楼很不方便。',
    customer: { name: '王先生', phone: '13812341234', room: '3-2-1201' },
    desired_outcome: '尽快彻底维修',
    ...overrides,
  };
}

/** Lifecycle steps as a named demo user, for tests that walk cases: `call` answers whatever the server says,
 * `act` insists on 200 and returns the case. `tok` maps usernames to bearer tokens (filled in beforeAll). */
export function caseSteps(api: () => TestApi, tok: Record<string, string>) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read raw API JSON
  const call = (who: string, c: { id: string; version: number }, action: string, body: Record<string, unknown> = {}): Promise<{ status: number; body: any }> =>
    api().call(tok[who]!, 'POST', `/api/v1/cases/${c.id}/actions/${action}`, { version: c.version, ...body });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read raw API JSON
  const act = async (who: string, c: { id: string; version: number }, action: string, body: Record<string, unknown> = {}): Promise<any> => {
    const r = await call(who, c, action, body);
    if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return { call, act };
}
