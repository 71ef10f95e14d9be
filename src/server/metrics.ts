import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../contract/errors.ts';
import type { EmbeddedServer } from '../store/embedded.ts';

export interface MetricsOptions {
  pool: pg.Pool;
  embedded?: Pick<EmbeddedServer, 'state' | 'restarts'> | undefined;
  /** When set, /metrics needs `Authorization: Bearer <token>`; when not, it answers loopback callers only. */
  token?: string | undefined;
  /** Node.js process metrics (CPU, memory, event loop); on for `serve`, off in tests (they build many apps). */
  processMetrics?: boolean;
}

// Process metrics are per process, not per app: collected once, merged into each scrape that wants them.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** One pass over the database per scrape, shared by the gauges that read it (each index-backed: O(due)). */
const DB_SQL = `select
  (select count(*) from case_clocks where next_check_at <= now()) as due_clocks,
  (select coalesce(extract(epoch from now() - min(next_check_at)), 0) from case_clocks where next_check_at <= now()) as sweeper_lag,
  (select count(*) from notifications where delivered_at is null) as outbox_depth,
  (select coalesce(extract(epoch from now() - min(created_at)), 0) from notifications where delivered_at is null) as outbox_age`;

interface DbFigures {
  due_clocks: number;
  sweeper_lag: number;
  outbox_depth: number;
  outbox_age: number;
}

/** Accepts /metrics from this machine only, unless it came through a proxy (which could be forwarding anyone). */
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'x-forwarded-proto'] as const;

function fromLoopback(req: FastifyRequest): boolean {
  const addr = req.socket.remoteAddress ?? '';
  const loopback = addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
  // Any proxy header means the request came through a proxy on this machine, on behalf of someone else.
  return loopback && PROXY_HEADERS.every((h) => req.headers[h] === undefined);
}

function tokenMatches(req: FastifyRequest, token: string): boolean {
  const h = req.headers.authorization ?? '';
  const given = Buffer.from(h.startsWith('Bearer ') ? h.slice(7).trim() : '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * Prometheus metrics at /metrics: request latency by route, the deadline sweeper's lag, clocks due, the outbox
 * depth, pool use and the embedded server's health. Installed on the root instance (not as an encapsulated
 * plugin) so its timing hook sees every route.
 */
export function installMetrics(app: FastifyInstance, opts: MetricsOptions): void {
  const registry = new Registry();
  const latency = new Histogram({
    name: 'qingting_http_request_duration_seconds',
    help: 'HTTP request latency by route (the route pattern, not the URL)',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    latency.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const pool = opts.pool;
  new Gauge({ name: 'qingting_db_pool_connections', help: 'Database pool connections (open, idle)', labelNames: ['state'] as const, registers: [registry], collect() {
    this.set({ state: 'open' }, pool.totalCount);
    this.set({ state: 'idle' }, pool.idleCount);
  } });
  new Gauge({ name: 'qingting_db_pool_waiting', help: 'Requests waiting for a database connection', registers: [registry], collect() {
    this.set(pool.waitingCount);
  } });

  // The database figures: one query per scrape; when it fails, qingting_database_up says so and the others keep
  // their last value.
  let figures: Promise<DbFigures | undefined> | undefined;
  const dbUp = new Gauge({ name: 'qingting_database_up', help: '1 when the metrics query reached the database', registers: [registry], async collect() {
    await readFigures();
  } });
  const readFigures = () => {
    figures ??= pool
      .query({ text: DB_SQL, query_timeout: 2000 } as pg.QueryConfig)
      .then((r) => {
        dbUp.set(1);
        return r.rows[0] as DbFigures;
      }, (err: unknown) => {
        dbUp.set(0);
        app.log.warn({ err }, 'metrics: the database did not answer');
        return undefined;
      })
      .finally(() => setTimeout(() => (figures = undefined), 500).unref());
    return figures;
  };
  const fromDb = (name: string, help: string, key: keyof DbFigures) =>
    new Gauge({ name, help, registers: [registry], async collect() {
      const f = await readFigures();
      if (f) this.set(Number(f[key]));
    } });
  fromDb('qingting_sla_clocks_due', 'SLA clocks due for the sweeper (next check in the past)', 'due_clocks');
  fromDb('qingting_sweeper_lag_seconds', 'How long the oldest due SLA clock has waited for the sweeper', 'sweeper_lag');
  fromDb('qingting_outbox_depth', 'Notifications not yet delivered', 'outbox_depth');
  fromDb('qingting_outbox_oldest_seconds', 'Age of the oldest undelivered notification', 'outbox_age');

  if (opts.embedded) {
    const embedded = opts.embedded;
    new Gauge({ name: 'qingting_embedded_postgres_up', help: '1 while the embedded PostgreSQL runs, 0 while it is being restarted', registers: [registry], collect() {
      this.set(embedded.state() === 'running' ? 1 : 0);
    } });
    new Counter({ name: 'qingting_embedded_postgres_restarts_total', help: 'Restarts of the embedded PostgreSQL by the supervisor', registers: [registry], collect() {
      this.reset();
      this.inc(embedded.restarts());
    } });
  }

  // Scrapes are logged only when something goes wrong, so they do not drown the request log.
  app.get('/metrics', { logLevel: 'warn' }, async (req, reply) => {
    if (opts.token ? !tokenMatches(req, opts.token) : !fromLoopback(req)) {
      // Without a token configured, /metrics does not exist for anyone else.
      throw new AppError(opts.token ? 'unauthenticated' : 'not_found');
    }
    const scrape = opts.processMetrics ? Registry.merge([processMetrics(), registry]) : registry;
    return reply.header('content-type', scrape.contentType).header('cache-control', 'no-store').send(await scrape.metrics());
  });
}
