import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeRates } from '../src/app/analytics/rates-query.ts';
import { actorFor } from '../src/app/auth/sessions.ts';
import type { Actor } from '../src/app/context.ts';
import { emptyCounts, type CaseCounts } from '../src/domain/rates.ts';
import { freshOrg, testPool } from './helpers.ts';

// The SQL that counts (rates-query.ts) against a plain recompute of the definitions in docs/analytics.md, on random
// sets of cases: whatever mix of states, validity, visits and repeat customers, the counts agree.
let pool: pg.Pool;
let org: Awaited<ReturnType<typeof freshOrg>>;
let center: Actor;
let customers: string[];
beforeAll(async () => {
  pool = testPool();
  org = await freshOrg(pool);
  center = await actorFor(pool, (await pool.query(`select * from users where org_id = $1 and username = 'center'`, [org.orgId])).rows[0]);
  customers = [];
  for (let i = 0; i < 3; i++) {
    const id = crypto.randomUUID();
    await pool.query(`insert into customers (org_id, id, name) values ($1, $2, '客户')`, [org.orgId, id]);
    customers.push(id);
  }
});
afterAll(async () => {
  await pool.end();
});

const STATUSES = ['registered', 'accepted', 'in_progress', 'resolved', 'visited', 'closed', 'merged', 'withdrawn'] as const;
const aCase = fc.record({
  status: fc.constantFrom(...STATUSES),
  validity: fc.constantFrom('pending', 'valid', 'valid', 'invalid', 'malicious'),
  day: fc.integer({ min: 0, max: 59 }),
  customer: fc.integer({ min: 0, max: 3 }), // 3: none
  category: fc.integer({ min: 0, max: 1 }),
  resolved: fc.boolean(),
  visit: fc.option(fc.record({ resolved: fc.boolean(), satisfaction: fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied') })),
  direct: fc.boolean(),
  reopened: fc.boolean(),
  escalated: fc.boolean(),
});
type Gen = typeof aCase extends fc.Arbitrary<infer T> ? T : never;

function recompute(cases: (Gen & { at: number })[]): Partial<CaseCounts> {
  const c = emptyCounts();
  const isValid = (x: Gen) => x.status !== 'merged' && x.status !== 'withdrawn' && x.validity !== 'invalid' && x.validity !== 'malicious';
  for (const x of cases) {
    c.registered++;
    if (x.status === 'merged') c.merged++;
    if (x.status === 'withdrawn') c.withdrawn++;
    if (x.status !== 'merged' && x.validity === 'invalid') c.invalid++;
    if (x.status !== 'merged' && x.validity === 'malicious') c.malicious++;
    if (!isValid(x)) continue;
    c.valid++;
    if (x.direct) c.direct_answer++;
    if (x.resolved || x.visit) c.resolved++;
    if (x.visit) {
      c.visited++;
      if (x.visit.resolved) c.visit_resolved++;
      if (x.visit.satisfaction === 'satisfied') c.visit_satisfied++;
      if (x.visit.satisfaction === 'basically_satisfied') c.visit_basically_satisfied++;
      if (x.visit.satisfaction === 'dissatisfied') c.visit_dissatisfied++;
    }
    if (x.reopened) c.reopened++;
    if (x.escalated) c.escalated++;
    if (x.customer < 3 && cases.some((p) => p !== x && p.status !== 'merged' && p.customer === x.customer && p.category === x.category && p.at < x.at && p.at >= x.at - 30 * 86400_000)) c.repeat++;
  }
  const { clocks: _clocks, extended: _extended, ...rest } = c;
  return rest;
}

describe('the counts behind the rates', () => {
  it('equal a recompute from the raw cases after random sets of cases', async () => {
    const categories = [org.categories.get('elevator')!, org.categories.get('parking')!];
    const unit = org.units.get('cuihu')!, agent = org.users.get('agent')!;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(aCase, { minLength: 1, maxLength: 25 }), async (gens) => {
        // Each run in a window of its own (a year apart), so runs do not see each other's cases.
        const base = Date.UTC(1990 + run++, 0, 1);
        const cases = gens.map((g, i) => ({ ...g, at: base + g.day * 86400_000 + i * 1000 }));
        for (const [i, x] of cases.entries()) {
          await pool.query(
            `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_id, customer_name, unit_id, category_id, validity,
                                first_responder_id, registered_by, created_at, updated_at, resolved_at, visited_at, visit_reached, visit_resolved, visit_satisfaction,
                                direct_answer, reopen_count, escalation_level)
             values ($1, gen_random_uuid(), $2, 'complaint', 'phone', $3, 's', 'c', $4, '客户', $5, $6, $7, $8, $8, $9, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
            [org.orgId, `P-${run}-${i}`, x.status, x.customer < 3 ? customers[x.customer] : null, unit, categories[x.category], x.validity, agent, new Date(x.at),
             x.resolved ? new Date(x.at + 3600_000) : null, x.visit ? new Date(x.at + 7200_000) : null, x.visit ? true : null, x.visit?.resolved ?? null,
             x.visit?.satisfaction ?? null, x.direct, x.reopened ? 1 : 0, x.escalated ? 1 : 0],
          );
        }
        const r = await scopeRates(pool, center, { from: new Date(base).toISOString(), to: new Date(base + 60 * 86400_000).toISOString() });
        const { clocks: _c, extended: _e, ...got } = r.counts;
        expect(got).toEqual(recompute(cases));
      }),
      { numRuns: 25 },
    );
  });
});
