/**
 * Where a registration's time goes (issue 8): counts the SQL statements the server runs per POST /api/v1/cases
 * (grouped by statement text) under load from a separate process, distinct callers and the same caller, against a
 * bare one-INSERT route. Run it under `node --cpu-prof --import tsx bench/profile-register.ts` for a CPU profile.
 *
 * Env: DATABASE_URL (required), PROFILE_REQUESTS (600), PROFILE_CONCURRENCY (50), PROFILE_POOL (60), PROFILE_CPU (a
 * directory: a CPU profile of each phase is written there).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { createOrganisation } from '../src/app/orgs/create-organisation.ts';
import { DEMO_PASSWORD, demoSpec } from '../src/app/orgs/demo.ts';
import { extensions } from '../src/extensions.ts';
import { buildApp } from '../src/server/app.ts';
import { openPool, withTx } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { loadExternal, signIn } from './load.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const TOTAL = Number(process.env.PROFILE_REQUESTS ?? 600);
const CONCURRENCY = Number(process.env.PROFILE_CONCURRENCY ?? 50);
const TEMPLATE = { kind: 'complaint', channel: 'phone', subject: '3号楼电梯频繁故障', content: '电梯本周停了三次，老人上下楼很不方便，希望尽快维修。', customer: { name: '王先生', room: '3-2-1201' } };

const counts = new Map<string, number>();
let counting = false;
const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
const orig = proto.query;
proto.query = function (this: unknown, ...args: unknown[]) {
  if (counting) {
    const a = args[0];
    const text = typeof a === 'string' ? a : ((a as { text?: string })?.text ?? '?');
    const key = text.slice(0, 160).replace(/\s+/g, ' ').trim().slice(0, 110);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return orig.apply(this, args);
};

const pool = openPool(url, Number(process.env.PROFILE_POOL ?? 60));
await migrate(pool);
const slug = `prof-${randomUUID().slice(0, 8)}`;
const org = await withTx(pool, (tx) => createOrganisation(tx, { ...demoSpec('bench-pass'), slug }));
const ext = extensions({ pool, sweepSeconds: 3600 });
const app = await buildApp({ pool, dataDir: await mkdtemp(path.join(os.tmpdir(), 'qingting-prof-')), caseExtensions: ext.caseExtensions, plugins: ext.plugins });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const token = await signIn(base, slug, 'agent', DEMO_PASSWORD);
await pool.query('create table if not exists bench_baseline (org_id uuid not null, id uuid not null, subject text not null, content text not null, created_at timestamptz not null default now(), primary key (org_id, id))');
const bare = Fastify();
bare.post('/insert', async (req) => {
  const b = req.body as { subject: string; content: string };
  await pool.query('insert into bench_baseline (org_id, id, subject, content) values ($1, $2, $3, $4)', [org.orgId, randomUUID(), b.subject, b.content]);
  return { ok: true };
});
const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });
const json = { 'content-type': 'application/json' };
const dbName = new URL(url).pathname.slice(1);
/** CPU seconds used so far by this process and by the PostgreSQL backends serving this database (local server). */
async function cpu(): Promise<{ node: number; pg: number; machine: number }> {
  const pids = (await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [dbName])).rows.map((r) => r.pid);
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // A backend that has exited since the list was read: its time is gone with it.
    }
  }
  const u = process.cpuUsage();
  // The whole machine (every process: the generator, the kernel's network work, other tenants), from /proc/stat.
  const all = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const busy = all.reduce((s, v) => s + v, 0) - all[3]! - all[4]!;
  return { node: (u.user + u.system) / 1e6, pg: ticks / 100, machine: busy / 100 };
}
type Cpu = Awaited<ReturnType<typeof cpu>>;
const perReq = (a: Cpu, b: Cpu, n: number) =>
  `CPU per request: node ${((1000 * (b.node - a.node)) / n).toFixed(2)} ms, PostgreSQL ${((1000 * (b.pg - a.pg)) / n).toFixed(2)} ms, whole machine ${((1000 * (b.machine - a.machine)) / n).toFixed(2)} ms`;

const warm = await loadExternal({ urls: [`${base}/api/v1/cases`], method: 'POST', headers: { authorization: `Bearer ${token}`, ...json }, body: { template: TEMPLATE, phone: 'distinct' }, total: 1000, concurrency: 20, expectStatus: 201 });
console.log('warm-up', warm.perSecond.toFixed(1), warm.unexpected);
// PROFILE_CPU=<dir>: a V8 CPU profile of the server's process for each phase alone (open it in Chrome's DevTools).
const inspector = process.env.PROFILE_CPU ? new Session() : undefined;
inspector?.connect();
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => inspector!.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
if (inspector) await post('Profiler.enable');
for (const phone of ['distinct', 'same'] as const) {
  counts.clear();
  if (inspector) await post('Profiler.start');
  // PROFILE_HEAP=1 (with PROFILE_CPU): where the phase allocates, collected objects included.
  if (inspector && process.env.PROFILE_HEAP) await post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  counting = true;
  const c0 = await cpu();
  const r = await loadExternal({ urls: [`${base}/api/v1/cases`], method: 'POST', headers: { authorization: `Bearer ${token}`, ...json }, body: { template: TEMPLATE, phone }, total: TOTAL, concurrency: CONCURRENCY, expectStatus: 201 });
  counting = false;
  const c1 = await cpu();
  if (inspector) {
    const { profile } = (await post('Profiler.stop')) as { profile: object };
    writeFileSync(path.join(process.env.PROFILE_CPU!, `register-${phone}.cpuprofile`), JSON.stringify(profile));
    if (process.env.PROFILE_HEAP) {
      const heap = (await post('HeapProfiler.stopSampling')) as { profile: object };
      writeFileSync(path.join(process.env.PROFILE_CPU!, `register-${phone}.heapprofile`), JSON.stringify(heap.profile));
    }
  }
  const all = [...counts.values()].reduce((s, n) => s + n, 0);
  console.log(`\n${phone}: ${r.perSecond.toFixed(1)} req/s p50 ${r.p50.toFixed(1)} p95 ${r.p95.toFixed(1)} errors ${r.errors} ${JSON.stringify(r.unexpected)}; ${(all / TOTAL).toFixed(2)} statements per registration; ${perReq(c0, c1, TOTAL)}`);
  for (const [k, n] of [...counts.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / TOTAL).toFixed(2)}  ${k}`);
}
// Whether PostgreSQL settled on a generic plan for the prepared statements (one connection of the pool as a sample).
for (const r of (await pool.query<{ statement: string; generic_plans: number; custom_plans: number }>('select left(regexp_replace(statement, \'\\s+\', \' \', \'g\'), 60) as statement, generic_plans, custom_plans from pg_prepared_statements')).rows) {
  console.log(`  prepared: ${r.generic_plans} generic, ${r.custom_plans} custom plans  ${r.statement}`);
}
const b0 = await cpu();
const b = await loadExternal({ urls: [`${bareBase}/insert`], method: 'POST', headers: json, body: { template: TEMPLATE, phone: 'distinct' }, total: TOTAL * 3, concurrency: CONCURRENCY, expectStatus: 200 });
console.log(`\nbare: ${b.perSecond.toFixed(1)} req/s p50 ${b.p50.toFixed(1)} p95 ${b.p95.toFixed(1)}; ${perReq(b0, await cpu(), TOTAL * 3)}`);
await app.close();
await bare.close();
await pool.query('drop table if exists bench_baseline');
await pool.end();

