import type pg from 'pg';
import { bootstrap } from './app/orgs/bootstrap.ts';
import { generateBulkCases } from './app/orgs/demo.ts';
import { loadConfig, type Config } from './config.ts';
import { buildApp } from './server/app.ts';
import { attachReplica, openPool } from './store/db.ts';
import { startEmbedded, type EmbeddedServer } from './store/embedded.ts';
import { migrate } from './store/migrate.ts';
import { extensions } from './extensions.ts';

const log = (msg: string) => console.log(`[qingting] ${msg}`);

async function openDatabase(cfg: Config): Promise<{ pool: pg.Pool; embedded?: EmbeddedServer }> {
  if (cfg.databaseUrl) return { pool: openPool(cfg.databaseUrl, 20) };
  const embedded = await startEmbedded(cfg.dataDir, log);
  return { pool: openPool(embedded.url, 20), embedded };
}

function onSignals(stop: () => Promise<void>) {
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      log(`${sig}: shutting down`);
      stop().then(() => process.exit(0), (err) => {
        console.error(err);
        process.exit(1);
      });
    });
  }
}

async function serve(cfg: Config, args: string[]) {
  const { pool, embedded } = await openDatabase(cfg);
  const replica = cfg.databaseReplicaUrl ? attachReplica(pool, cfg.databaseReplicaUrl, 20) : undefined;
  const stopDb = async () => {
    // Shutting down: a pool that fails to end must not keep the rest from stopping.
    await replica?.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await embedded?.stop();
  };
  try {
    const applied = await migrate(pool);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    const boot = await bootstrap(pool, { adminPassword: cfg.adminPassword, demo: cfg.demo });
    if (boot.created) {
      log(boot.demo ? 'loaded the demo organisation (see README for its users)' : 'created the organisation');
      if (boot.generatedPassword) log(`admin password (shown once): ${boot.generatedPassword}`);
    }
  } catch (err) {
    await stopDb();
    throw err;
  }
  const ext = extensions({ pool, sweepSeconds: cfg.sweepSeconds });
  const app = await buildApp({ pool, dataDir: cfg.dataDir, logger: false, caseExtensions: ext.caseExtensions, plugins: ext.plugins });
  const jobs = args.includes('--no-jobs') ? undefined : ext.startJobs?.();
  onSignals(async () => {
    await jobs?.stop();
    await app.close();
    await stopDb();
  });
  await app.listen({ port: cfg.port, host: cfg.host });
  log(`listening on http://${cfg.host}:${cfg.port} (API at /api/v1, OpenAPI at /api/v1/openapi.json)`);
}

async function worker(cfg: Config) {
  const { pool, embedded } = await openDatabase(cfg);
  await migrate(pool);
  const jobs = extensions({ pool, sweepSeconds: cfg.sweepSeconds }).startJobs?.();
  onSignals(async () => {
    await jobs?.stop();
    await pool.end();
    await embedded?.stop();
  });
  log('worker running');
}

async function withDb<T>(cfg: Config, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const { pool, embedded } = await openDatabase(cfg);
  try {
    await migrate(pool);
    return await fn(pool);
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${name}=`))?.split('=')[1];
}

const USAGE = `usage: qingting <command>
  serve [--no-jobs]        serve the app (HTTP + background jobs)
  worker                   run background jobs only
  migrate                  apply database migrations
  demo --cases N [--org demo]  add N generated cases to an organisation`;

async function main() {
  const [cmd = 'serve', ...args] = process.argv.slice(2);
  const cfg = loadConfig();
  switch (cmd) {
    case 'serve':
      return serve(cfg, args);
    case 'worker':
      return worker(cfg);
    case 'migrate':
      return withDb(cfg, async (pool) => log(`applied: ${(await migrate(pool)).join(', ') || 'nothing (up to date)'}`));
    case 'demo': {
      const n = Number(flag(args, '--cases') ?? 1000);
      if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new Error('--cases must be a positive integer');
      const slug = flag(args, '--org') ?? 'demo';
      return withDb(cfg, async (pool) => {
        await bootstrap(pool, { adminPassword: cfg.adminPassword, demo: true, demoCases: 300 });
        const org = await pool.query('select id from organisations where slug = $1', [slug]);
        if (!org.rowCount) throw new Error(`no organisation with slug ${slug}`);
        const t = Date.now();
        await generateBulkCases(pool, org.rows[0].id, n, Date.now() % 100000, (done) => process.stdout.write(`\r[qingting] ${done}/${n} cases`));
        process.stdout.write('\n');
        log(`generated ${n} cases in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      });
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main().catch((err) => {
  console.error(`[qingting] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
