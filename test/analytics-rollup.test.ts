import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSurges, hotIssues } from '../src/app/analytics/hot-issues.ts';
import { breakdown, scopeRates } from '../src/app/analytics/rates-query.ts';
import { refreshRollup } from '../src/app/analytics/rollup.ts';
import { actorFor } from '../src/app/auth/sessions.ts';
import type { Actor } from '../src/app/context.ts';
import { registerOnce } from '../src/app/cases/register-once.ts';
import { RegisterCaseRequest } from '../src/contract/cases.ts';
import { complaint, freshOrg, testPool } from './helpers.ts';

// The pre-aggregated path (analytics_daily, migration 020; analytics_hourly and analytics_monthly, 024) against the raw path (every figure from the cases), after
// random event streams: registrations, actions, clocks, visits, merges, withdrawals, reopenings, escalations,
// re-categorisations, invalid/malicious rulings, retention purges, a changed repeat window — with the rollup job run
// at random points in between, so some days are built, some changed since, some never built.
let pool: pg.Pool;
let org: Awaited<ReturnType<typeof freshOrg>>;
const actors: Record<string, Actor> = {};
let cats: string[];
beforeAll(async () => {
  pool = testPool();
  org = await freshOrg(pool);
  for (const u of ['center', 'manager', 'handler', 'agent', 'head']) {
    actors[u] = await actorFor(pool, (await pool.query(`select * from users where org_id = $1 and username = $2`, [org.orgId, u])).rows[0]);
  }
  // A root category with a child (so the category filter and the tree drill are exercised) and another root.
  const tree = (await pool.query<{ id: string; parent_id: string }>(
    `select c.id, c.parent_id from categories c where c.org_id = $1 and c.parent_id is not null order by c.sort, c.code limit 1`, [org.orgId])).rows[0]!;
  const other = (await pool.query<{ id: string }>(`select id from categories where org_id = $1 and parent_id is null and id <> $2 order by sort, code limit 1`, [org.orgId, tree.parent_id])).rows[0]!;
  cats = [tree.parent_id, tree.id, other.id];
});
afterAll(async () => {
  await pool.end();
});

const DAY = 86_400_000;
const ACTIONS = ['resolve', 'visit', 'merge', 'withdraw', 'reopen', 'invalid', 'malicious', 'escalate', 'recategorise', 'move', 'purge', 'clock', 'extend', 'refresh', 'repeat_window', 'delete', 'assign'] as const;
const anEvent = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('register' as const), day: fc.integer({ min: 0, max: 40 }), hour: fc.integer({ min: 0, max: 23 }), minute: fc.constantFrom(0, 0, 20, 45), customer: fc.integer({ min: 0, max: 3 }), category: fc.integer({ min: 0, max: 3 }), unit: fc.integer({ min: 0, max: 1 }), room: fc.option(fc.constantFrom('1-1-101', '2-3-502', '')), channel: fc.constantFrom('phone', 'wechat') }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom(...ACTIONS), target: fc.nat(), a: fc.nat({ max: 1000 }) }) },
);
type Ev = typeof anEvent extends fc.Arbitrary<infer T> ? T : never;

async function apply(e: Ev, base: number, ids: string[], customers: string[], run: number, i: number) {
  const q = (sql: string, params: unknown[]) => pool.query(sql, [org.orgId, ...params]);
  if (e.op === 'register') {
    const unit = org.units.get(e.unit ? 'binjiang' : 'cuihu')!, dept = org.units.get(e.unit ? 'binjiang.service' : 'cuihu.engineering')!;
    const id = crypto.randomUUID();
    await q(
      `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_id, customer_name, customer_room, unit_id, department_id, category_id,
                          first_responder_id, registered_by, created_at, updated_at)
       values ($1, $2, $3, 'complaint', $4, 'registered', 's', 'c', $5, '客户', $6, $7, $8, $9, $10, $10, $11, $11)`,
      [id, `R-${run}-${i}`, e.channel, e.customer < 3 ? customers[e.customer] : null, e.room, unit, dept, e.category < 3 ? cats[e.category] : null,
       org.users.get('agent'), new Date(base + e.day * DAY + e.hour * 3600_000 + e.minute * 60_000 + i * 1000)],
    );
    ids.push(id);
    return;
  }
  if (e.op === 'refresh') return void (await refreshRollup(pool, org.orgId));
  if (e.op === 'repeat_window') {
    await pool.query(`update organisations set settings = jsonb_set(coalesce(settings, '{}'), '{analytics}', jsonb_build_object('repeat_days', $2::int)) where id = $1`, [org.orgId, 1 + (e.a % 40)]);
    return;
  }
  if (!ids.length) return;
  const id = ids[e.target % ids.length]!;
  const set = (sql: string, params: unknown[] = []) => q(`update cases set ${sql} where org_id = $1 and id = $2`, [id, ...params]);
  const at = `created_at + interval '${1 + (e.a % 50)} hours'`;
  switch (e.op) {
    case 'resolve': return void (await set(`status = 'resolved', validity = 'valid', resolved_at = ${at}`));
    case 'visit': return void (await set(`status = 'visited', visited_at = ${at}, visit_reached = true, visit_resolved = $3, visit_satisfaction = $4`,
      [e.a % 3 !== 0, ['satisfied', 'basically_satisfied', 'dissatisfied'][e.a % 3]]));
    case 'merge': return void (await set(`status = 'merged'`));
    case 'withdraw': return void (await set(`status = 'withdrawn'`));
    case 'reopen': return void (await set(`status = 'in_progress', reopen_count = reopen_count + 1`));
    case 'invalid': return void (await set(`validity = 'invalid'`));
    case 'malicious': return void (await set(`validity = 'malicious'`));
    case 'escalate': return void (await set(`escalation_level = escalation_level + 1`));
    case 'recategorise': return void (await set(`category_id = $3`, [e.a % 4 < 3 ? cats[e.a % 4] : null]));
    case 'move': return void (await set(`created_at = created_at + interval '${(e.a % 7) - 3} days ${e.a % 5} hours'`));
    // Retention: the customer's personal data goes (the room, and the link to the customer record).
    case 'purge': return void (await set(`customer_room = null, customer_id = null`));
    case 'delete': {
      await q('delete from case_clocks where org_id = $1 and case_id = $2', [id]);
      await q('delete from case_events where org_id = $1 and case_id = $2', [id]);
      await q('delete from cases where org_id = $1 and id = $2', [id]);
      ids.splice(ids.indexOf(id), 1);
      return;
    }
    case 'clock': {
      const kind = ['acknowledge', 'first_contact', 'resolve', 'visit'][e.a % 4];
      const state = ['running', 'met', 'breached', 'met'][(e.a >> 2) % 4];
      await q(
        `insert into case_clocks (org_id, case_id, kind, unit, started_at, due_at, original_due_at, budget, used, state, breached_at, target, updated_at)
         select $1, $2, $3, $4, c.created_at, c.created_at + interval '1 day', c.created_at + interval '1 day', 480, $5, $6, $7, '{}', now()
           from cases c where c.org_id = $1 and c.id = $2
         on conflict (org_id, case_id, kind) do update set state = excluded.state, used = excluded.used, breached_at = excluded.breached_at, unit = excluded.unit`,
        [id, kind, e.a % 5 === 0 ? 'calendar_hours' : 'working_hours', (e.a * 37) % 900, state, state === 'breached' || e.a % 11 === 0 ? new Date(base) : null],
      );
      return;
    }
    // A hand-over: another handler (a scoped actor's own case, maybe outside its subtree) and department (or none).
    case 'assign': return void (await set(`handler_id = $3, department_id = $4`, [
      [org.users.get('handler'), org.users.get('manager'), org.users.get('head'), null][e.a % 4],
      [org.units.get('cuihu.engineering'), org.units.get('binjiang.service'), null, org.units.get('cuihu.service')][(e.a >> 2) % 4],
    ]));
    case 'extend': return void (await q(`update case_clocks set extensions = '[{"hours": 8}]' where org_id = $1 and case_id = $2`, [id]));
  }
}

/** The handling-time mean is a float sum, whose last bits depend on the order PostgreSQL adds in: compared to 9 places. */
function canon(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (k, v) => (k === 'mean' && typeof v === 'number' ? Number(v.toFixed(9)) : v)));
}

async function rollupRows() {
  const r = await pool.query(`select * from analytics_daily where org_id = $1 order by day, gset, unit_id, department_id, category_id, kind, channel, severity, handler_id, first_responder_id, building`, [org.orgId]);
  const h = await pool.query(`select * from analytics_handling where org_id = $1 order by day, gset, unit_id, department_id, category_id, kind, channel, severity, handler_id, first_responder_id, building, hours`, [org.orgId]);
  const hr = await pool.query(`select * from analytics_hourly where org_id = $1 order by hour, day, gset, unit_id, department_id, category_id, kind, channel, severity, handler_id, first_responder_id, building`, [org.orgId]);
  const hh = await pool.query(`select * from analytics_hourly_handling where org_id = $1 order by hour, day, gset, unit_id, department_id, category_id, kind, channel, severity, handler_id, first_responder_id, building, hours`, [org.orgId]);
  const m = await pool.query(`select * from analytics_monthly where org_id = $1 order by day, gset, unit_id, department_id, category_id, kind, channel, severity, handler_id, first_responder_id, building`, [org.orgId]);
  const mh = await pool.query(`select * from analytics_monthly_handling where org_id = $1 order by day, gset, unit_id, department_id, category_id, kind, channel, severity, handler_id, first_responder_id, building, hours`, [org.orgId]);
  return { daily: r.rows, handling: h.rows, hourly: hr.rows, hourlyHandling: hh.rows, monthly: m.rows, monthlyHandling: mh.rows };
}

describe('the pre-aggregated counts', () => {
  it('give the raw figures, and equal a rebuild from the raw cases, after random event streams', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(anEvent, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 40 }), fc.constantFrom('center', 'manager', 'handler', 'agent', 'head'), fc.nat({ max: 3 }),
        // Ends on a whole hour or within one (a partial hour is read raw, the whole hours of a partial day per hour).
        fc.constantFrom(0, 30), fc.constantFrom(0, 50),
        // A scoped actor's own cases outside its subtree: raw when few (the default), or from the finest set.
        fc.constantFrom(undefined, 0),
        async (events, startHours, days, who, scopeIx, fromMinute, toMinute, ownRawMax) => {
          // Each run in a window of its own, 60 days apart (so "same period last year" and "previous" reach other runs).
          const base = Date.UTC(2001, 0, 1) + run++ * 60 * DAY;
          const customers: string[] = [];
          for (let i = 0; i < 3; i++) {
            const id = crypto.randomUUID();
            await pool.query(`insert into customers (org_id, id, name) values ($1, $2, '客户')`, [org.orgId, id]);
            customers.push(id);
          }
          const ids: string[] = [];
          for (const [i, e] of events.entries()) await apply(e, base, ids, customers, run, i);
          const actor = actors[who]!;
          const from = new Date(base + startHours * 3600_000 + fromMinute * 60_000 - DAY).toISOString(), to = new Date(base + startHours * 3600_000 + toMinute * 60_000 + days * DAY).toISOString();
          const scopes = [{ from, to }, { from, to, category_id: cats[0] }, { from, to, unit_id: org.units.get('cuihu')! }, { from, to, channel: 'wechat' as const }];
          const same = async () => {
            for (const s of scopes) expect(canon(await scopeRates(pool, actor, s, { ownRawMax }))).toEqual(canon(await scopeRates(pool, actor, s, { path: 'raw' })));
            for (const by of ['kind', 'category', 'channel', 'unit', 'department', 'handler', 'severity', 'period'] as const) {
              const q = { ...scopes[(scopeIx + (by === 'category' ? 1 : 0)) % scopes.length]!, by, grain: by === 'period' ? ('week' as const) : ('day' as const) };
              expect(canon(await breakdown(pool, actor, q, { ownRawMax }))).toEqual(canon(await breakdown(pool, actor, q, { path: 'raw' })));
            }
            const hot = { from, to, limit: 100 };
            const sorted = (r: Awaited<ReturnType<typeof hotIssues>>) => r.items.map((x) => JSON.stringify(x)).sort();
            expect(sorted(await hotIssues(pool, actor, hot))).toEqual(sorted(await hotIssues(pool, actor, hot, { path: 'raw' })));
            // Surges: the last 7 days against the 4 windows before, at a time that is no day boundary.
            const at = new Date(to);
            for (const a of [actor, undefined]) expect(await findSurges(pool, org.orgId, at, a)).toEqual(await findSurges(pool, org.orgId, at, a, { path: 'raw' }));
          };
          // As the job left it (some days changed since it ran: those are read raw)…
          await same();
          // …and after the job caught up.
          await refreshRollup(pool, org.orgId);
          await same();
          const after = await rollupRows();
          // The rollup kept up to date equals one rebuilt from nothing.
          await pool.query('delete from analytics_state where org_id = $1', [org.orgId]);
          expect(await refreshRollup(pool, org.orgId)).toBeNull();
          expect(canon(await rollupRows())).toEqual(canon(after));
        },
      ),
      { numRuns: Number(process.env.ROLLUP_RUNS ?? 20) },
    );
  }, 600_000);

  it('notes the day a change touches, and a rebuild takes it off the list', async () => {
    await refreshRollup(pool, org.orgId);
    const id = crypto.randomUUID();
    await pool.query(
      `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, unit_id, first_responder_id, registered_by, created_at, updated_at)
       values ($1, $2, 'N-1', 'complaint', 'phone', 'registered', 's', 'c', '客户', $3, $4, $4, '2030-03-01T23:30:00+08:00', now())`,
      [org.orgId, id, org.units.get('cuihu'), org.users.get('agent')]);
    const dirty = async () => (await pool.query(`select distinct day::text from analytics_dirty where org_id = $1`, [org.orgId])).rows.map((r) => r.day);
    // The organisation's local day (Asia/Shanghai), not the UTC one.
    expect(await dirty()).toEqual(['2030-03-01']);
    await refreshRollup(pool, org.orgId);
    expect(await dirty()).toEqual([]);
    // A change the counts do not read (the subject) notes nothing; one they read (the status) does.
    await pool.query(`update cases set subject = 'x', updated_at = now() where org_id = $1 and id = $2`, [org.orgId, id]);
    expect(await dirty()).toEqual([]);
    await pool.query(`update cases set status = 'withdrawn' where org_id = $1 and id = $2`, [org.orgId, id]);
    expect(await dirty()).toEqual(['2030-03-01']);
    const span = { from: '2030-02-01T00:00:00+08:00', to: '2030-04-01T00:00:00+08:00' };
    expect((await scopeRates(pool, actors.center!, span)).counts.withdrawn).toBe(1);
    await refreshRollup(pool, org.orgId);
    const r = await scopeRates(pool, actors.center!, span);
    expect(r.counts).toMatchObject({ registered: 1, withdrawn: 1, valid: 0 });
  });

  it('a registration that is its own transaction notes its day, and the days of that customer’s later cases in its category', async () => {
    // The default repeat window (30 days): the random streams above may have left a shorter one (1–40 days).
    await pool.query(`update organisations set settings = jsonb_set(coalesce(settings, '{}'), '{analytics}', jsonb_build_object('repeat_days', 30)) where id = $1`, [org.orgId]);
    await refreshRollup(pool, org.orgId);
    const dirty = async () => (await pool.query(`select distinct day::text from analytics_dirty where org_id = $1 order by 1`, [org.orgId])).rows.map((r) => r.day);
    expect(await dirty()).toEqual([]);
    // A customer whose complaint in category K on 5 March is already counted (and rolled up) as a first complaint…
    const customer = crypto.randomUUID();
    await pool.query(`insert into customers (org_id, id, name, phone) values ($1, $2, '冯女士', '13655550001')`, [org.orgId, customer]);
    await pool.query(
      `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_id, customer_name, customer_phone, unit_id, category_id, first_responder_id, registered_by, created_at, updated_at)
       values ($1, $2, 'N-2', 'complaint', 'phone', 'registered', 's', 'c', $3, '冯女士', '13655550001', $4, $5, $6, $6, '2030-03-05T10:00:00+08:00', now())`,
      [org.orgId, crypto.randomUUID(), customer, org.units.get('cuihu'), cats[2], org.users.get('agent')]);
    await refreshRollup(pool, org.orgId);
    expect(await dirty()).toEqual([]);
    // …then a registration of hers dated 1 March in the same category makes the 5 March one a repeat.
    const clock = { now: () => new Date('2030-03-01T10:00:00+08:00') };
    const input = RegisterCaseRequest.parse(complaint({ category_id: cats[2], customer: { name: '冯女士', phone: '13655550001', room: '1-1-101' } }));
    const out = await registerOnce(pool, actors.agent!, clock, input);
    expect(out.case.customer_id).toBe(customer);
    expect(await dirty()).toEqual(['2030-03-01', '2030-03-05']);
    const span = { from: '2030-02-01T00:00:00+08:00', to: '2030-04-01T00:00:00+08:00' };
    const rolled = await scopeRates(pool, actors.center!, span);
    expect(rolled.counts.repeat).toBeGreaterThanOrEqual(1);
    expect(canon(rolled)).toEqual(canon(await scopeRates(pool, actors.center!, span, { path: 'raw' })));
  });

  it('counts each case of a period that starts and ends within an hour once: whole hours from the rollup, the rest raw', async () => {
    const times = ['2031-05-01T09:10:00+08:00', '2031-05-01T09:40:00+08:00', '2031-05-01T13:05:00+08:00', '2031-05-02T02:00:00+08:00',
      '2031-05-02T10:20:00+08:00', '2031-05-02T10:40:00+08:00'];
    for (const [i, at] of times.entries()) {
      await pool.query(
        `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, unit_id, first_responder_id, registered_by, created_at, updated_at)
         values ($1, $2, $3, 'complaint', $4, 'registered', 's', 'c', '客户', $5, $6, $6, $7, now())`,
        [org.orgId, crypto.randomUUID(), `H-${i}`, i % 2 ? 'wechat' : 'phone', org.units.get('cuihu'), org.users.get('agent'), at]);
    }
    await refreshRollup(pool, org.orgId);
    // 09:40, 13:05, 02:00 and 10:20: the first and last of them in partial hours, the others in whole hours.
    const span = { from: '2031-05-01T09:30:00+08:00', to: '2031-05-02T10:30:00+08:00' };
    expect((await scopeRates(pool, actors.center!, span)).counts.registered).toBe(4);
    const byDay = await breakdown(pool, actors.center!, { ...span, by: 'period', grain: 'day' });
    expect(byDay.items.map((x) => [x.key, x.counts.registered])).toEqual([['2031-05-01', 2], ['2031-05-02', 2]]);
    const byChannel = await breakdown(pool, actors.center!, { ...span, by: 'channel', grain: 'day' });
    expect(canon(byChannel)).toEqual(canon(await breakdown(pool, actors.center!, { ...span, by: 'channel', grain: 'day' }, { path: 'raw' })));
    expect(byChannel.items.map((x) => [x.key, x.counts.registered])).toEqual([['phone', 2], ['wechat', 2]]);
  });

  it('reads a whole month from its month row, and from its days while one of them changed since the rollup', async () => {
    const times = ['2032-06-30T23:50:00+08:00', '2032-07-01T00:10:00+08:00', '2032-07-15T12:00:00+08:00', '2032-07-31T23:59:00+08:00',
      '2032-08-01T00:00:00+08:00', '2032-08-03T08:00:00+08:00'];
    const ids: string[] = [];
    for (const [i, at] of times.entries()) {
      const id = crypto.randomUUID();
      ids.push(id);
      await pool.query(
        `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, unit_id, first_responder_id, registered_by, created_at, updated_at)
         values ($1, $2, $3, 'complaint', 'phone', 'registered', 's', 'c', '客户', $4, $5, $5, $6, now())`,
        [org.orgId, id, `M-${i}`, org.units.get(i % 2 ? 'binjiang' : 'cuihu'), org.users.get('agent'), at]);
    }
    await refreshRollup(pool, org.orgId);
    const span = { from: '2032-06-20T00:00:00+08:00', to: '2032-08-02T00:00:00+08:00' };
    const byMonth = async () => (await breakdown(pool, actors.center!, { ...span, by: 'period', grain: 'month' })).items.map((x) => [x.key, x.counts.registered]);
    expect(await byMonth()).toEqual([['2032-06-01', 1], ['2032-07-01', 3], ['2032-08-01', 1]]);
    for (const by of ['unit', 'channel'] as const) {
      const q = { ...span, by, grain: 'month' as const };
      expect(canon(await breakdown(pool, actors.manager!, q))).toEqual(canon(await breakdown(pool, actors.manager!, q, { path: 'raw' })));
    }
    // Withdrawn mid-July: the month row is stale until the job runs; the figures are not.
    await pool.query(`update cases set status = 'withdrawn' where org_id = $1 and id = $2`, [org.orgId, ids[2]]);
    expect((await scopeRates(pool, actors.center!, span)).counts).toMatchObject({ registered: 5, withdrawn: 1 });
    await refreshRollup(pool, org.orgId);
    expect((await scopeRates(pool, actors.center!, span)).counts).toMatchObject({ registered: 5, withdrawn: 1 });
    expect(await byMonth()).toEqual([['2032-06-01', 1], ['2032-07-01', 3], ['2032-08-01', 1]]);
  });

  it('counts a manager’s own cases outside the project once, and a case of the project the manager also handles once', async () => {
    const { orgId } = org;
    const manager = org.users.get('manager')!, agent = org.users.get('agent')!, agent2 = org.users.get('agent2')!;
    // In 翠湖 (the manager's project): one handled by the manager, one not. In 滨江: one handled by the manager, one
    // the manager took (first responder) with no department, one of nobody the manager knows — not visible.
    const rows: [string, string | null, string | null, string][] = [
      ['cuihu', 'cuihu.engineering', manager, agent], ['cuihu', 'cuihu.service', null, agent],
      ['binjiang', 'binjiang.service', manager, agent2], ['binjiang', null, null, manager], ['binjiang', 'binjiang.service', null, agent2],
    ];
    for (const [i, [unit, dept, handler, responder]] of rows.entries()) {
      await pool.query(
        `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, unit_id, department_id, handler_id, first_responder_id, registered_by, created_at, updated_at)
         values ($1, $2, $3, 'complaint', 'phone', 'registered', 's', 'c', '客户', $4, $5, $6, $7, $7, $8, now())`,
        [orgId, crypto.randomUUID(), `O-${i}`, org.units.get(unit), dept && org.units.get(dept), handler, responder, `2033-03-0${i + 1}T10:00:00+08:00`]);
    }
    await refreshRollup(pool, orgId);
    const span = { from: '2033-02-01T00:00:00+08:00', to: '2033-04-01T00:00:00+08:00' };
    expect((await scopeRates(pool, actors.manager!, span)).counts.registered).toBe(4);
    const q = { ...span, by: 'department' as const, grain: 'day' as const };
    const byDepartment = await breakdown(pool, actors.manager!, q);
    expect(canon(byDepartment)).toEqual(canon(await breakdown(pool, actors.manager!, q, { path: 'raw' })));
    const of = (key: string | undefined) => byDepartment.items.find((x) => x.key === key)?.counts.registered;
    expect([of(org.units.get('cuihu.engineering')), of(org.units.get('cuihu.service')), of(org.units.get('binjiang.service'))]).toEqual([1, 1, 1]);
    // The case without a department: a group of its own.
    expect(byDepartment.items.map((x) => x.counts.registered)).toEqual([1, 1, 1, 1]);
    // A case handed over to the manager after the rollup was built: counted at once, and still once.
    await pool.query(`update cases set handler_id = $2 where org_id = $1 and number = 'O-4'`, [orgId, manager]);
    expect((await scopeRates(pool, actors.manager!, span)).counts.registered).toBe(5);
    await refreshRollup(pool, orgId);
    expect(canon(await scopeRates(pool, actors.manager!, span))).toEqual(canon(await scopeRates(pool, actors.manager!, span, { path: 'raw' })));
    // The same when the own cases outside are read from the finest set (as for someone with many of them).
    expect(canon(await scopeRates(pool, actors.manager!, span, { ownRawMax: 0 }))).toEqual(canon(await scopeRates(pool, actors.manager!, span, { path: 'raw' })));
    expect(canon(await breakdown(pool, actors.manager!, q, { ownRawMax: 0 }))).toEqual(canon(await breakdown(pool, actors.manager!, q, { path: 'raw' })));
    expect((await scopeRates(pool, actors.manager!, span)).counts.registered).toBe(5);
  });
});
