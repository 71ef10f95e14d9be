import type pg from 'pg';
import { DEMO_PASSWORD, generateBulkCases } from '../src/app/orgs/demo.ts';
import { loadExternal, median, signIn, type LoadResult } from './load.ts';

type Row = Record<string, string | number>;
const fmt = (n: number, d = 1) => n.toFixed(d);

export interface ListBench {
  pool: pg.Pool;
  /** The app's and the bare server's base URLs. */
  base: string;
  bareBase: string;
  requests: number;
  rounds: number;
  log: (msg: string) => void;
}

/** One tier: an organisation holding exactly `tier` generated cases, with its demo users signed in. */
export interface TierOrg {
  tier: number;
  orgId: string;
  slug: string;
  /** Bearer tokens by demo username. */
  tokens: Record<string, string>;
  userIds: Record<string, string>;
  unitIds: Record<string, string>;
}

interface Query {
  what: string;
  user: string | null;
  /** A fixed path, or the case page of a sample of cases the user sees. */
  path: string | ((sample: string[]) => string[]);
  /** The cursor of page 49 to go after (keyset paging), fetched before measuring. */
  afterPage49?: boolean;
}

const q = encodeURIComponent;

function queries(o: TierOrg): Query[] {
  const cuihu = o.unitIds['cuihu']!;
  return [
    { what: 'bare route: one indexed page (baseline)', user: null, path: `/page?org=${o.orgId}` },
    { what: 'list, newest first (complaint center)', user: 'center', path: '/api/v1/cases?page_size=20' },
    { what: 'list, page 50', user: 'center', path: '/api/v1/cases?page_size=20&page=50' },
    { what: 'list, page 50 by cursor (after=)', user: 'center', path: '/api/v1/cases?page_size=20', afterPage49: true },
    { what: 'filter status=in_progress', user: 'center', path: '/api/v1/cases?status=in_progress' },
    { what: 'filter kind+channel', user: 'center', path: '/api/v1/cases?kind=complaint&channel=wechat' },
    { what: 'filter unit+status', user: 'center', path: `/api/v1/cases?unit_id=${cuihu}&status=in_progress` },
    { what: 'search q=电梯 (2 chars)', user: 'center', path: `/api/v1/cases?q=${q('电梯')}` },
    { what: 'search q=物业费 (3 chars)', user: 'center', path: `/api/v1/cases?q=${q('物业费')}` },
    { what: 'search q=电梯 故障 (2 words)', user: 'center', path: `/api/v1/cases?q=${q('电梯 故障')}` },
    { what: 'scoped list: front desk', user: 'agent', path: '/api/v1/cases?page_size=20' },
    { what: 'scoped search q=电梯: front desk', user: 'agent', path: `/api/v1/cases?q=${q('电梯')}` },
    { what: 'scoped list: department head', user: 'head', path: '/api/v1/cases?page_size=20' },
    { what: 'scoped list: handler', user: 'handler', path: '/api/v1/cases?page_size=20' },
    { what: 'case page GET /cases/{id} (center)', user: 'center', path: (ids) => ids.map((id) => `/api/v1/cases/${id}`) },
    { what: 'case page GET /cases/{id} (front desk)', user: 'agent', path: (ids) => ids.map((id) => `/api/v1/cases/${id}`) },
  ];
}

/** Records the SQL the app runs against `cases`, by the label being measured, so its plan can be shown. */
export function recordSql(pool: pg.Pool) {
  const seen = new Map<string, { sql: string; params: unknown[] }>();
  let label = '';
  const note = (sql: unknown, params: unknown) => {
    if (label && typeof sql === 'string' && / from cases c where /.test(sql)) {
      const kind = /offset \$\d+/.test(sql) ? 'page' : /limit 1001\)/.test(sql) ? 'capped count' : /parent_case_id = \$/.test(sql) ? 'merged children' : null;
      if (kind && !seen.has(`${label} — ${kind}`)) seen.set(`${label} — ${kind}`, { sql, params: (params as unknown[]) ?? [] });
    }
  };
  const orig = pool.query.bind(pool) as (...a: unknown[]) => unknown;
  (pool as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
    note(args[0], args[1]);
    return orig(...args);
  };
  // The capped count runs on a client of its own (under a time budget): note what those clients run too. pg's
  // pool.query calls connect with a callback; that path stays pg's own.
  const connect = pool.connect.bind(pool) as (...a: unknown[]) => unknown;
  const patched = new WeakSet<pg.PoolClient>();
  const patch = (client: pg.PoolClient) => {
    if (patched.has(client)) return client;
    patched.add(client);
    const q = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
      note(args[0], args[1]);
      return q(...args);
    };
    return client;
  };
  (pool as unknown as { connect: (...a: unknown[]) => unknown }).connect = (...args: unknown[]) =>
    args.length ? connect(...args) : (connect() as Promise<pg.PoolClient>).then(patch);
  return { setLabel: (l: string) => void (label = l), seen };
}


/**
 * The tiers: one organisation per tier, each generated to exactly its number of cases (all of them in the database
 * at once, as organisations share one in production), vacuumed and analysed, then a checkpoint so that no tier is
 * timed while the last one's pages are still being written out.
 */
export async function prepareTiers(b: ListBench, tiers: number[], orgFor: (tier: number) => Promise<Omit<TierOrg, 'tokens'>>): Promise<{ orgs: TierOrg[]; genSeconds: number[] }> {
  const orgs: TierOrg[] = [];
  const genSeconds: number[] = [];
  for (const [t, tier] of tiers.entries()) {
    const o = await orgFor(tier);
    const t0 = performance.now();
    await generateBulkCases(b.pool, o.orgId, tier, 100 + t, (done) => b.log(`\r  tier ${tier}: generating ${done}/${tier} cases`));
    genSeconds.push((performance.now() - t0) / 1000);
    const tokens: Record<string, string> = {};
    for (const username of ['agent', 'center', 'head', 'handler']) tokens[username] = await signIn(b.base, o.slug, username, DEMO_PASSWORD);
    orgs.push({ ...o, tokens });
  }
  b.log('\n  vacuum analyze, checkpoint\n');
  await b.pool.query('vacuum analyze cases');
  await b.pool.query('vacuum analyze case_events');
  // A superuser's privilege (the embedded server's user is one); without it the run says so and goes on.
  await b.pool.query('checkpoint').catch((err: Error) => b.log(`  checkpoint not run (${err.message}): the largest tier may still be writing out\n`));
  return { orgs, genSeconds };
}

/**
 * Every list, search, scoped list and case page at each tier, p50/p95 from sequential requests by an external
 * generator, with the largest/smallest p95 ratio and the bare indexed page measured in the same run; then EXPLAIN
 * ANALYZE of the SQL the app ran at the largest tier. The tiers are timed interleaved — each round of a query runs
 * at every tier in turn, the median round per tier kept — so a neighbour's load on this shared machine falls on all
 * tiers alike instead of on whichever tier was being timed.
 */
export async function benchTiers(b: ListBench, orgs: TierOrg[], rec: ReturnType<typeof recordSql>): Promise<{ table: Row[]; plans: string; sizes: string[] }> {
  const tiers = orgs.map((o) => o.tier);
  const size = await b.pool.query(
    `select pg_size_pretty(pg_total_relation_size('cases')) cases, pg_size_pretty(pg_total_relation_size('case_events')) events`,
  );
  const sizes = [`all tiers (${tiers.join(' + ')} cases): cases ${size.rows[0].cases}, case_events ${size.rows[0].events}`];
  const sample = async (o: TierOrg, user: string) =>
    (await b.pool.query(
      `select id from cases tablesample bernoulli (1) where org_id = $1 and ($2::uuid is null or first_responder_id = $2) limit 200`,
      [o.orgId, user === 'agent' ? o.userIds['agent'] : null],
    )).rows.map((r) => r.id as string);
  const qsOf = orgs.map((o) => queries(o));
  const results = new Map<string, LoadResult[]>();
  for (const [i, query] of qsOf[0]!.entries()) {
    b.log(`  ${query.what}\n`);
    // Each tier's URLs and headers, worked out before timing.
    const runs = await Promise.all(orgs.map(async (o, t) => {
      const qq = qsOf[t]![i]!;
      let urls = typeof qq.path === 'string' ? [qq.path] : qq.path(await sample(o, qq.user!));
      const base = qq.user ? b.base : b.bareBase;
      const headers: Record<string, string> = qq.user ? { authorization: `Bearer ${o.tokens[qq.user]}` } : {};
      if (qq.afterPage49) {
        const p49 = (await (await fetch(`${base}${urls[0]}&page=49`, { headers })).json()) as { next_cursor: string };
        urls = [`${urls[0]}&after=${encodeURIComponent(p49.next_cursor)}`];
      }
      return { urls: urls.map((u) => base + u), headers };
    }));
    const rounds: LoadResult[][] = orgs.map(() => []);
    for (let r = 0; r < b.rounds; r++) {
      for (const [t, run] of runs.entries()) {
        rec.setLabel(t === orgs.length - 1 ? query.what : '');
        rounds[t]!.push(await loadExternal({ urls: run.urls, headers: run.headers, total: b.requests, concurrency: 1, expectStatus: 200 }));
        rec.setLabel('');
      }
    }
    results.set(query.what, rounds.map((rs) => {
      const m = median(rs.map((x) => x.p95));
      return rs.find((x) => x.p95 === m)!;
    }));
  }
  const qs = qsOf[0]!;
  const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
  const first = label(tiers[0]!);
  const lastL = label(tiers.at(-1)!);
  const table: Row[] = qs.map((query) => {
    const rs = results.get(query.what)!;
    const row: Row = { what: query.what };
    tiers.forEach((tier, i) => {
      row[`p50 ${label(tier)}`] = fmt(rs[i]!.p50);
      row[`p95 ${label(tier)}`] = fmt(rs[i]!.p95);
    });
    if (tiers.length > 1) row[`p95 ${lastL}/${first}`] = fmt(rs.at(-1)!.p95 / rs[0]!.p95, 2);
    row.errors = rs.reduce((s, r) => s + r.errors, 0);
    return row;
  });
  const plans: string[] = [];
  for (const [key, { sql, params }] of rec.seen) {
    const r = await b.pool.query(`explain (analyze, costs off, buffers off) ${sql}`, params);
    plans.push(`-- ${key} (${label(tiers.at(-1)!)} cases)`, ...r.rows.map((x) => x['QUERY PLAN'] as string), '');
  }
  return { table, plans: plans.join('\n'), sizes };
}
