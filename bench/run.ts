/**
 * npm run bench — issue 8's benchmark, in one run on one database:
 *  1. register throughput (different caller / same caller) against a bare one-INSERT route;
 *  2. every list, search, scoped list and case page at each tier — one organisation per tier, all in the database
 *     at once, timed interleaved (bench/lists.ts) — p50/p95, the largest/smallest p95 ratio, the bare indexed page,
 *     and EXPLAIN ANALYZE of the SQL the app ran at the largest tier;
 *  3. a mixed soak (register, list, search, get, comment) at the largest tier: p50/p99 per operation, errors, and
 *     the server's RSS at start and end;
 *  4. the SLA sweep benchmark.
 * Load comes from a separate process (bench/load-child.ts) over HTTP on the loopback. Results print as tables and
 * go to bench/results/ (a timestamped file and latest.md).
 *
 * BENCH_WEB=1 runs only the browser benchmark of the workbench at 100,000 cases instead (bench/web-nav.ts).
 * Env: DATABASE_URL (else an embedded PostgreSQL in a temp dir); BENCH_CASES, comma-separated tiers
 * (default 10000,100000; the 1M tier: BENCH_CASES=10000,100000,1000000, about 10 GB of disk and ~15 minutes of
 * generation on 2 cores); BENCH_REQUESTS (100 sequential requests per list query); BENCH_ROUNDS (3, the median
 * round is kept); BENCH_REGISTER (1500 registrations a round at 50 clients); BENCH_SKIP_SLA=1, BENCH_SKIP_REGISTER=1;
 * BENCH_SOAK_SECONDS (30 by default so a contributor's run stays short; 300 for the full run, 0 skips the soak).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import type pg from 'pg';
import { createOrganisation } from '../src/app/orgs/create-organisation.ts';
import { DEMO_PASSWORD, demoSpec } from '../src/app/orgs/demo.ts';
import { extensions } from '../src/extensions.ts';
import { buildApp } from '../src/server/app.ts';
import { openPool, withTx } from '../src/store/db.ts';
import { startEmbedded, type EmbeddedServer } from '../src/store/embedded.ts';
import { migrate } from '../src/store/migrate.ts';
import { benchTiers, prepareTiers, recordSql } from './lists.ts';
import { signIn } from './load.ts';
import { benchRegister } from './register.ts';
import { benchSoak } from './soak.ts';

const TIERS = (process.env.BENCH_CASES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0).sort((a, b) => a - b);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const REGISTER = Number(process.env.BENCH_REGISTER ?? 1500);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 30);
type Row = Record<string, string | number>;

function table(title: string, rows: Row[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const lines = [`### ${title}`, '', `| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${cols.map((c) => r[c]).join(' | ')} |`)];
  return lines.join('\n');
}

async function listen(app: { listen(o: { port: number; host: string }): Promise<string> }) {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

async function main() {
  if (process.env.BENCH_WEB === '1') {
    // Issue 9: the workbench in a browser at 100,000 cases (bench/web-nav.ts), on its own.
    const { benchWebNav } = await import('./web-nav.ts');
    return benchWebNav();
  }
  let embedded: EmbeddedServer | undefined;
  let tmp: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'qingting-bench-'));
    embedded = await startEmbedded(tmp);
    url = embedded.url;
  }
  const pool: pg.Pool = openPool(url, 60);
  const version = (await pool.query('show server_version')).rows[0].server_version as string;
  const out: string[] = [
    `# Qingting benchmark — ${new Date().toISOString()}`,
    '',
    `node ${process.version}, ${os.cpus().length} cores (shared: other people's tests ran on this machine during the run, so figures are noisy), ${embedded ? 'embedded' : 'external'} PostgreSQL ${version}; load from a separate process over HTTP on the loopback; ${ROUNDS} rounds, the median round shown.`,
    '',
  ];
  const print = () => console.log(out.at(-2));
  try {
    await migrate(pool);
    const slug = `bench-${randomUUID().slice(0, 8)}`;
    const org = await withTx(pool, (tx) => createOrganisation(tx, { ...demoSpec('bench-pass'), slug }));
    const dataDir = tmp ?? (await mkdtemp(path.join(os.tmpdir(), 'qingting-bench-data-')));
    const rec = recordSql(pool);
    const ext = extensions({ pool, sweepSeconds: 10 });
    const app = await buildApp({ pool, dataDir, caseExtensions: ext.caseExtensions, plugins: ext.plugins });
    const base = await listen(app);

    // The bare baseline: the same work with nothing of ours in the way.
    await pool.query('create table if not exists bench_baseline (org_id uuid not null, id uuid not null, subject text not null, content text not null, created_at timestamptz not null default now(), primary key (org_id, id))');
    const bare = Fastify();
    bare.post('/insert', async (req) => {
      const b = req.body as { subject: string; content: string };
      await pool.query('insert into bench_baseline (org_id, id, subject, content) values ($1, $2, $3, $4)', [org.orgId, randomUUID(), b.subject, b.content]);
      return { ok: true };
    });
    bare.get('/page', async (req) => (await pool.query('select * from cases where org_id = $1 order by created_at desc, id desc limit 20', [(req.query as { org: string }).org])).rows);
    const bareBase = await listen(bare);

    if (process.env.BENCH_SKIP_REGISTER !== '1') {
      // Registrations go to an organisation of their own, so the list tiers hold only the generated mix.
      const regSlug = `bench-reg-${randomUUID().slice(0, 8)}`;
      await withTx(pool, (tx) => createOrganisation(tx, { ...demoSpec('bench-pass'), slug: regSlug }));
      const regToken = await signIn(base, regSlug, 'agent', DEMO_PASSWORD);
      const rows = await benchRegister({ base, bareBase, token: regToken, total: REGISTER, concurrency: 50, rounds: ROUNDS });
      out.push(table(`Register throughput (50 concurrent clients, ${REGISTER} requests a round)`, rows), '');
      print();
    }

    const lb = { pool, base, bareBase, requests: REQUESTS, rounds: ROUNDS, log: (m: string) => process.stderr.write(m) };
    const { orgs, genSeconds } = await prepareTiers(lb, TIERS, async (tier) => {
      const tierSlug = `bench-t${tier}-${randomUUID().slice(0, 6)}`;
      const o = await withTx(pool, (tx) => createOrganisation(tx, { ...demoSpec('bench-pass'), slug: tierSlug }));
      return { tier, orgId: o.orgId, slug: tierSlug, userIds: Object.fromEntries(o.users), unitIds: Object.fromEntries(o.units) };
    });
    const lists = await benchTiers(lb, orgs, rec);
    out.push(
      table(`Lists, search, scoped lists and case page, one organisation per tier, tiers timed interleaved (${REQUESTS} sequential requests a round; tiers generated in ${genSeconds.map((s) => s.toFixed(0)).join(' + ')} s, then vacuum analyze and a checkpoint)`, lists.table),
      '',
    );
    print();
    out.push(`On-disk size with indexes: ${lists.sizes.join('; ')}.`, '');
    out.push('### Plans of the SQL the app ran at the largest tier', '', '```', lists.plans, '```', '');

    if (SOAK_SECONDS > 0) {
      // At the largest tier, in its organisation.
      const big = orgs.at(-1)!;
      const caseIds = (await pool.query<{ id: string }>('select id from cases where org_id = $1 order by created_at desc limit 2000', [big.orgId])).rows.map((r) => r.id);
      process.stderr.write(`soak: ${SOAK_SECONDS} s\n`);
      const soak = await benchSoak({ base, registerToken: big.tokens.agent!, readToken: big.tokens.center!, caseIds, seconds: SOAK_SECONDS, concurrency: 8 });
      out.push(table(`Mixed soak: ${SOAK_SECONDS} s at ${TIERS.at(-1)} cases, 8 clients in a separate process, operations in turn`, soak.rows), '', soak.memory, '');
      console.log(out.slice(-4).join('\n'));
    }

    await app.close();
    await bare.close();

    if (process.env.BENCH_SKIP_SLA !== '1') {
      const { benchSlaSweep } = await import('./sla-sweep.bench.ts');
      const r = await benchSlaSweep(pool);
      out.push(table('SLA sweep: one sweep claiming the due clocks', r.rows), '', '```', r.plan, '```', '');
      console.log(out.slice(-5).join('\n'));
    }
    if (process.env.BENCH_ANALYTICS === '1') {
      // Analytics (issue 10): the dashboard's queries on an organisation of its own, generated up to each tier in
      // turn (bench/analytics.ts run alone times one organisation per tier interleaved: the figures docs quote).
      const { benchAnalytics, tierRatios, triggerCost } = await import('./analytics.ts');
      const rows = await benchAnalytics(pool, org.orgId, TIERS);
      out.push(table('Analytics: dashboard queries (rollup path), month and year, against the bare count(*) of the same rows', rows), '');
      print();
      out.push(table('Analytics: p95 ratio, largest tier / smallest tier', tierRatios(rows)), '', table('Analytics: the trigger on a plain single-row insert into cases', await triggerCost(pool, org.orgId)), '');
      console.log(out.slice(-4).join('\n'));
    }
    await pool.query('drop table if exists bench_baseline');
  } finally {
    await pool.end();
    await embedded?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
  const dir = path.join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await writeFile(path.join(dir, `${stamp}.md`), out.join('\n') + '\n');
  await writeFile(path.join(dir, 'latest.md'), out.join('\n') + '\n');
  console.log(`\nwritten to bench/results/${stamp}.md`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
