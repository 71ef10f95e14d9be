import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { EmbeddedServer } from '../../store/embedded.ts';

export interface HealthOptions {
  pool: pg.Pool;
  /** The embedded server's supervisor, when the app runs on one: while it restarts the server, we are not ready. */
  embedded?: Pick<EmbeddedServer, 'state'> | undefined;
  /** How long /readyz waits for the database to answer `select 1` (ms). */
  readyTimeoutMs?: number;
}

type DatabaseCheck = { ok: true; latency_ms: number } | { ok: false; reason: 'restarting' | 'timeout' | 'error' };

/** Asks the database a question through the app's own pool, so a pool that cannot reconnect shows here too. */
async function checkDatabase(opts: HealthOptions, log: FastifyBaseLogger): Promise<DatabaseCheck> {
  if (opts.embedded && opts.embedded.state() !== 'running') return { ok: false, reason: 'restarting' };
  const ms = opts.readyTimeoutMs ?? 2000;
  const started = performance.now();
  const query = opts.pool.query({ text: 'select 1', query_timeout: ms } as pg.QueryConfig).then(
    () => 'ok' as const,
    (err: unknown) => {
      log.warn({ err }, 'readiness: the database query failed');
      return 'error' as const;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  const outcome = await Promise.race([query, timeout]);
  clearTimeout(timer);
  if (outcome === 'ok') return { ok: true, latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  return { ok: false, reason: outcome };
}

/**
 * Probes for load balancers and orchestrators, JSON from the API (never the web app's page): /healthz says the
 * process lives and serves HTTP (restart it if not); /readyz says the database answers (send it traffic only
 * then) and is 503 while the database is down, too slow, or the embedded server is being restarted.
 */
export async function healthRoutes(app: FastifyInstance, opts: HealthOptions) {
  // Probes come every few seconds: their requests are logged only when something goes wrong.
  app.get('/healthz', { logLevel: 'warn' }, async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok', uptime_seconds: Math.round(process.uptime()) }));

  app.get('/readyz', { logLevel: 'warn' }, async (req, reply) => {
    const database = await checkDatabase(opts, req.log);
    return reply
      .status(database.ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: database.ok ? 'ready' : 'not_ready', checks: { database } });
  });
}
