import cookie from '@fastify/cookie';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerSecurityHeaders } from './security-headers.ts';
import type pg from 'pg';
import { systemClock, type Clock } from '../app/context.ts';
import { AppError } from '../contract/errors.ts';
import { registerAuth } from './auth.ts';
import { registerContract } from './contract.ts';
import { errorHandler, sendError } from './errors.ts';
import { registerRouteGuard } from './route-abilities.ts';
import { analyticsRoutes } from './routes/analytics.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { installMetrics, type MetricsOptions } from './metrics.ts';
import { healthRoutes, type HealthOptions } from './routes/health.routes.ts';
import { parseJsonBody } from './json-body.ts';
import { accountsRoutes } from './routes/accounts.routes.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { attachmentsRoutes } from './routes/attachments.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { casesRoutes, type CaseRouteOptions } from './routes/cases.routes.ts';
import { metaRoutes } from './routes/meta.routes.ts';
import { processRoutes } from './routes/process.routes.ts';
import { portalRoutes } from './routes/portal.routes.ts';
import { accountabilityRoutes } from './routes/accountability.routes.ts';
// Issue 9 administration: standard phrases.
import { phrasesRoutes } from './routes/phrases.routes.ts';
import { webRoutes } from './routes/web.routes.ts';
import { notifyRoutes } from './routes/notify.routes.ts';
import { contactRoutes } from './routes/contact.routes.ts';
import { workbenchRoutes } from './routes/workbench.routes.ts';
import { savedViewsRoutes } from './routes/saved-views.routes.ts';

export interface AppOptions {
  pool: pg.Pool;
  dataDir: string;
  clock?: Clock;
  /** A pino logger (`serve` passes its JSON logger); none by default, so tests stay quiet. */
  logger?: FastifyBaseLogger | false;
  /** The embedded server, for /readyz and /metrics; who may read /metrics (token) and process metrics. */
  operations?: Pick<MetricsOptions, 'embedded' | 'token' | 'processMetrics'> & Pick<HealthOptions, 'readyTimeoutMs'>;
  /** Which proxies' X-Forwarded-For to believe (Fastify's trustProxy); default all. */
  trustProxy?: boolean | number | string;
  /** Served over https (the configured public URL): Secure cookies, HSTS, upgrade-insecure-requests. */
  secureCookies?: boolean;
  caseExtensions?: Pick<CaseRouteOptions, 'listFilters' | 'listQuery' | 'decorate' | 'withheldActions' | 'decorateRegistered'>;
  /** Further route plugins (other capabilities register theirs here). */
  plugins?: ((app: FastifyInstance, deps: { pool: pg.Pool; clock: Clock }) => Promise<void>)[];
}

/** Builds the HTTP app: JSON API under /api/v1 with one error shape, sessions, and every route plugin. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const clock = opts.clock ?? systemClock;
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    // Each request's id is in every log line about it and in its X-Request-Id response header.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxyOption(opts.trustProxy),
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  // Our own JSON parser (json-body.ts): empty is `{}`, bad or prototype-poisoning JSON is malformed_json.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    let value: unknown;
    try {
      value = parseJsonBody(String(body));
    } catch (err) {
      return done(err as Error, undefined);
    }
    done(null, value);
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new AppError('not_found')));

  registerSecurityHeaders(app, opts.secureCookies ?? false);
  // Sessions, then the roles guard (before any route is declared, so it sees and guards every one of them).
  await app.register(cookie);
  registerAuth(app, opts.pool);
  registerRouteGuard(app);
  installMetrics(app, { pool: opts.pool, ...opts.operations });
  await app.register(healthRoutes, { pool: opts.pool, ...opts.operations });
  await registerContract(app);
  await app.register(authRoutes, { pool: opts.pool, secureCookies: opts.secureCookies ?? false });
  await app.register(accountsRoutes, { pool: opts.pool });
  await app.register(casesRoutes, { pool: opts.pool, clock, ...opts.caseExtensions });
  await app.register(attachmentsRoutes, { pool: opts.pool, clock, dataDir: opts.dataDir });
  await app.register(adminRoutes, { pool: opts.pool, clock });
  await app.register(auditRoutes, { pool: opts.pool });
  await app.register(processRoutes, { pool: opts.pool, clock });
  // Accountability, corrective action, reviews, retention (issue 12).
  await app.register(accountabilityRoutes, { pool: opts.pool, clock, dataDir: opts.dataDir });
  // Issue 9 administration: standard phrases.
  await app.register(phrasesRoutes, { pool: opts.pool, clock });
  // Analytics and exports (issue 10).
  await app.register(analyticsRoutes, { pool: opts.pool, clock });
  await app.register(metaRoutes);
  // The customer portal (issue 9).
  await app.register(portalRoutes, { pool: opts.pool, clock, dataDir: opts.dataDir });
  // Issue 11 "Out": templates, channels, outbox, webhooks.
  await app.register(notifyRoutes, { pool: opts.pool, clock });
  // Issue 11: the customer's contact preferences (staff and portal).
  await app.register(contactRoutes, { pool: opts.pool });
  // The staff workbench (issue 9): live notification count, bulk assign/transfer.
  await app.register(workbenchRoutes, { pool: opts.pool, clock });
  await app.register(savedViewsRoutes, { pool: opts.pool, clock });
  for (const p of opts.plugins ?? []) await app.register(async (scope) => p(scope, { pool: opts.pool, clock }));
  await app.register(webRoutes, { distDir: path.resolve(import.meta.dirname, '../../web/dist') });
  return app;
}


/** Fastify's trustProxy: a number of hops becomes the function that trusts that many. */
function trustProxyOption(v: boolean | number | string | undefined): boolean | string | ((address: string, hop: number) => boolean) {
  if (v === undefined) return 'loopback';
  return typeof v === 'number' ? (_address, hop) => hop < v : v;
}
