import type pg from 'pg';
import type { Logger } from 'pino';
import { bootstrap } from './app/orgs/bootstrap.ts';
import { generateBulkCases } from './app/orgs/demo.ts';
import { loadConfig, type Config } from './config.ts';
import { buildApp } from './server/app.ts';
import { createLogger } from './server/logging.ts';
import { attachReplica, openPool } from './store/db.ts';
import { startEmbedded, type EmbeddedServer } from './store/embedded.ts';
import { migrate } from './store/migrate.ts';
import { extensions } from './extensions.ts';

/** One JSON line per event on stdout (pino), for `serve` and `worker` and every request they handle. */
const logger: Logger = createLogger('info');
const log = (msg: string) => logger.info(msg);

async function openDatabase(cfg: Config): Promise<{ pool: pg.Pool; embedded?: EmbeddedServer }> {
  const dbLog = logger.child({ component: 'database' });
  const onIdleError = (err: Error) => dbLog.warn({ err }, 'an idle database connection was lost; the pool replaces it');
  if (cfg.databaseUrl) return { pool: openPool(cfg.databaseUrl, 20, onIdleError) };
  const embedded = await startEmbedded(cfg.dataDir, { log: logger.child({ component: 'embedded-postgres' }) });
  return { pool: openPool(embedded.url, 20, onIdleError), embedded };
}

/** Closes the pool, then stops the embedded server even if closing the pool failed. */
async function closeDatabase(pool: pg.Pool, embedded: EmbeddedServer | undefined) {
  try {
    await pool.end();
  } catch (err) {
    logger.error({ err }, 'closing the database pool failed');
  }
  await embedded?.stop();
}

const sweeperLog = () => {
  const jobLog = logger.child({ job: 'sla-sweep' });
  return (msg: string, data?: unknown) => jobLog.error({ data }, msg);
};

function onSignals(stop: () => Promise<void>) {
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      log(`${sig}: shutting down`);
      stop().then(() => process.exit(0), (err: unknown) => {
        logger.fatal({ err }, 'shutting down failed');
        process.exit(1);
      });
    });
  }
}

async function serve(cfg: Config, args: string[]) {
  const { pool, embedded } = await openDatabase(cfg);
  const replica = cfg.databaseReplicaUrl ? attachReplica(pool, cfg.databaseReplicaUrl, 20) : undefined;
  const stopDb = async () => {
    if (replica) {
      try {
        await replica.end();
      } catch (err) {
        logger.error({ err }, 'closing the replica pool failed');
      }
    }
    await closeDatabase(pool, embedded);
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
  const ext = extensions({ pool, sweepSeconds: cfg.sweepSeconds, log: sweeperLog() });
  const app = await buildApp({
    pool,
    dataDir: cfg.dataDir,
    logger,
    operations: { embedded, token: cfg.metricsToken, processMetrics: true },
    secureCookies: /^https:/i.test(cfg.publicUrl ?? ''),
    trustProxy: cfg.trustProxy,
    caseExtensions: ext.caseExtensions,
    plugins: ext.plugins,
  });
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
  const jobs = extensions({ pool, sweepSeconds: cfg.sweepSeconds, log: sweeperLog(), dataDir: cfg.dataDir }).startJobs?.();
  onSignals(async () => {
    await jobs?.stop();
    await closeDatabase(pool, embedded);
  });
  log('worker running');
}

async function withDb<T>(cfg: Config, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const { pool, embedded } = await openDatabase(cfg);
  try {
    await migrate(pool);
    return await fn(pool);
  } finally {
    await closeDatabase(pool, embedded);
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
  logger.level = cfg.logLevel;
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

main().catch((err: unknown) => {
  logger.fatal({ err }, err instanceof Error ? err.message : String(err));
  process.exit(1);
});
