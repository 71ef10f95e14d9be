/**
 * npm run bench — register throughput and list/search latency on 100,000 cases, each against a bare
 * baseline on the same database in the same run (a plain Fastify route doing one insert / one indexed page),
 * reported as ratios; then the SLA sweep benchmark. Results print as tables and go to bench/results/.
 *
 * Env: DATABASE_URL (else an embedded PostgreSQL in a temp dir), BENCH_CASES (100000), BENCH_ROUNDS (3),
 * BENCH_SKIP_SLA=1 to skip the sweep benchmark.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import type pg from 'pg';
import { createOrganisation } from '../src/app/orgs/create-organisation.ts';
import { DEMO_PASSWORD, demoSpec, generateBulkCases } from '../src/app/orgs/demo.ts';
import { extensions } from '../src/extensions.ts';
import { buildApp } from '../src/server/app.ts';
import { openPool, withTx } from '../src/store/db.ts';
import { startEmbedded, type EmbeddedServer } from '../src/store/embedded.ts';
import { migrate } from '../src/store/migrate.ts';
import { load, median, type LoadResult } from './load.ts';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const fmt = (n: number, d = 1) => n.toFixed(d);
type Row = Record<string, string | number>;

function table(title: string, rows: Row[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const lines = [`### ${title}`, '', `| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${cols.map((c) => r[c]).join(' | ')} |`)];
  return lines.join('\n');
}

async function listen(app: { listen(o: { port: number; host: string }): Promise<string> }) {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

/** Runs `fn` ROUNDS times and keeps the round with the median of `key`. */
async function rounds(fn: () => Promise<LoadResult>, key: 'perSecond' | 'p50' = 'perSecond'): Promise<LoadResult> {
  const rs: LoadResult[] = [];
  for (let i = 0; i < ROUNDS; i++) rs.push(await fn());
  const m = median(rs.map((r) => r[key]));
  return rs.find((r) => r[key] === m)!;
}

async function main() {
  let embedded: EmbeddedServer | undefined;
  let tmp: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'qingting-bench-'));
    embedded = await startEmbedded(tmp);
    url = embedded.url;
  }
  const pool: pg.Pool = openPool(url, 60);
  const out: string[] = [`# Qingting benchmark — ${new Date().toISOString()}`, '', `node ${process.version}, ${os.cpus().length} cores, ${embedded ? 'embedded' : 'external'} PostgreSQL, ${ROUNDS} rounds (median round shown)`, ''];
  try {
    await migrate(pool);
    const slug = `bench-${randomUUID().slice(0, 8)}`;
    const org = await withTx(pool, (tx) => createOrganisation(tx, { ...demoSpec('bench-pass'), slug }));
    const dataDir = tmp ?? (await mkdtemp(path.join(os.tmpdir(), 'qingting-bench-data-')));
    const ext = extensions({ pool, sweepSeconds: 10 });
    const app = await buildApp({ pool, dataDir, caseExtensions: ext.caseExtensions, plugins: ext.plugins });
    const base = await listen(app);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent', password: DEMO_PASSWORD, org: slug }) });
    const token = ((await login.json()) as { token: string }).token;
    const auth = { authorization: `Bearer ${token}` };

    // The bare baseline: the same work with nothing of ours in the way.
    await pool.query('create table if not exists bench_baseline (org_id uuid not null, id uuid not null, subject text not null, content text not null, created_at timestamptz not null default now(), primary key (org_id, id))');
    const bare = Fastify();
    bare.post('/insert', async (req) => {
      const b = req.body as { subject: string; content: string };
      await pool.query('insert into bench_baseline (org_id, id, subject, content) values ($1, $2, $3, $4)', [org.orgId, randomUUID(), b.subject, b.content]);
      return { ok: true };
    });
    bare.get('/page', async () => (await pool.query('select * from cases where org_id = $1 order by created_at desc, id desc limit 20', [org.orgId])).rows);
    const bareBase = await listen(bare);

    // 1. Register throughput, 50 concurrent clients.
    const caseBody = () => JSON.stringify({ kind: 'complaint', channel: 'phone', subject: '3号楼电梯频繁故障', content: '电梯本周停了三次，老人上下楼很不方便，希望尽快维修。', customer: { name: '王先生', phone: `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } });
    const json = { 'content-type': 'application/json' };
    const TOTAL = 2000;
    const reg = await rounds(() => load({ url: `${base}/api/v1/cases`, method: 'POST', headers: { ...auth, ...json }, body: caseBody, total: TOTAL, concurrency: 50, expectStatus: 201 }));
    const ins = await rounds(() => load({ url: `${bareBase}/insert`, method: 'POST', headers: json, body: caseBody, total: TOTAL, concurrency: 50, expectStatus: 200 }));
    const regRows: Row[] = [
      { what: 'POST /api/v1/cases (register)', 'req/s': fmt(reg.perSecond), 'p50 ms': fmt(reg.p50), 'p95 ms': fmt(reg.p95), errors: reg.errors ? JSON.stringify(reg.unexpected) : 0 },
      { what: 'bare route: one INSERT', 'req/s': fmt(ins.perSecond), 'p50 ms': fmt(ins.p50), 'p95 ms': fmt(ins.p95), errors: ins.errors },
      { what: 'ratio register / bare', 'req/s': fmt(reg.perSecond / ins.perSecond, 2), 'p50 ms': fmt(reg.p50 / ins.p50, 2), 'p95 ms': fmt(reg.p95 / ins.p95, 2), errors: '' },
    ];
    out.push(table(`Register throughput (50 concurrent clients, ${TOTAL} requests a round)`, regRows), '');
    console.log(out.at(-2));

    // 2. List and search latency with CASES cases in the organisation.
    const t0 = performance.now();
    await generateBulkCases(pool, org.orgId, CASES, 11);
    await pool.query('vacuum analyze cases');
    const genSeconds = (performance.now() - t0) / 1000;
    const agentToken = token;
    const centerLogin = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'center', password: DEMO_PASSWORD, org: slug }) });
    const center = { authorization: `Bearer ${((await centerLogin.json()) as { token: string }).token}` };
    const q = (s: string) => encodeURIComponent(s);
    const queries: [string, string, Record<string, string>][] = [
      ['list, newest first (complaint center)', '/api/v1/cases?page_size=20', center],
      ['list, page 50', '/api/v1/cases?page_size=20&page=50', center],
      ['filter status=in_progress', '/api/v1/cases?status=in_progress', center],
      ['filter kind+channel', '/api/v1/cases?kind=complaint&channel=wechat', center],
      ['search q=电梯 (2 chars)', `/api/v1/cases?q=${q('电梯')}`, center],
      ['search q=噪音 (2 chars)', `/api/v1/cases?q=${q('噪音')}`, center],
      ['search q=物业费 (3 chars)', `/api/v1/cases?q=${q('物业费')}`, center],
      ['search q=电梯 故障 (2 words)', `/api/v1/cases?q=${q('电梯 故障')}`, center],
      ['search q=电梯, scoped front desk', `/api/v1/cases?q=${q('电梯')}`, { authorization: `Bearer ${agentToken}` }],
    ];
    const N = 100;
    const bareList = await rounds(() => load({ url: `${bareBase}/page`, total: N, concurrency: 1, expectStatus: 200 }), 'p50');
    const listRows: Row[] = [{ what: 'bare route: one indexed page', 'p50 ms': fmt(bareList.p50), 'p95 ms': fmt(bareList.p95), 'p50 ratio': '1.00', errors: bareList.errors }];
    for (const [what, path, headers] of queries) {
      const r = await rounds(() => load({ url: `${base}${path}`, headers, total: N, concurrency: 1, expectStatus: 200 }), 'p50');
      listRows.push({ what, 'p50 ms': fmt(r.p50), 'p95 ms': fmt(r.p95), 'p50 ratio': fmt(r.p50 / bareList.p50, 2), errors: r.errors });
    }
    const total = (await pool.query('select count(*)::int n from cases where org_id = $1', [org.orgId])).rows[0].n;
    out.push(table(`List and search latency (${total} cases in the organisation, ${N} sequential requests a round; generated in ${fmt(genSeconds)} s)`, listRows), '');
    console.log(out.at(-2));

    await app.close();
    await bare.close();

    // 3. The SLA sweep (issue: deadlines and escalation), when present.
    if (process.env.BENCH_SKIP_SLA !== '1') {
      const modPath = './sla-sweep.bench.ts';
      const mod = (await import(modPath).catch(() => undefined)) as { benchSlaSweep?: (p: pg.Pool) => Promise<{ rows: Row[]; plan: string }> } | undefined;
      if (mod?.benchSlaSweep) {
        const r = await mod.benchSlaSweep(pool);
        out.push(table('SLA sweep: one sweep claiming the due clocks', r.rows), '', '```', r.plan, '```', '');
        console.log(out.slice(-5).join('\n'));
      }
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
