import cookie from '@fastify/cookie';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { systemClock, type Clock } from '../app/context.ts';
import { AppError } from '../contract/errors.ts';
import { registerAuth } from './auth.ts';
import { errorHandler, sendError } from './errors.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { attachmentsRoutes } from './routes/attachments.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { casesRoutes, type CaseRouteOptions } from './routes/cases.routes.ts';
import { metaRoutes } from './routes/meta.routes.ts';
import { processRoutes } from './routes/process.routes.ts';
import { webRoutes } from './routes/web.routes.ts';

export interface AppOptions {
  pool: pg.Pool;
  dataDir: string;
  clock?: Clock;
  logger?: boolean;
  secureCookies?: boolean;
  caseExtensions?: Pick<CaseRouteOptions, 'listFilters' | 'decorate'>;
  /** Further route plugins (other capabilities register theirs here). */
  plugins?: ((app: FastifyInstance, deps: { pool: pg.Pool; clock: Clock }) => Promise<void>)[];
}

/** Builds the HTTP app: JSON API under /api/v1 with one error shape, sessions, and every route plugin. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const clock = opts.clock ?? systemClock;
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024, trustProxy: true });

  // Our own JSON parser: an empty body is `{}` (curl -X POST with no data), bad JSON is malformed_json.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError('malformed_json'), undefined);
    }
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new AppError('not_found')));

  await app.register(cookie);
  registerAuth(app, opts.pool);
  await app.register(authRoutes, { pool: opts.pool, secureCookies: opts.secureCookies ?? false });
  await app.register(casesRoutes, { pool: opts.pool, clock, ...opts.caseExtensions });
  await app.register(attachmentsRoutes, { pool: opts.pool, clock, dataDir: opts.dataDir });
  await app.register(adminRoutes, { pool: opts.pool, clock });
  await app.register(processRoutes, { pool: opts.pool, clock });
  await app.register(metaRoutes);
  for (const p of opts.plugins ?? []) await app.register(async (scope) => p(scope, { pool: opts.pool, clock }));
  await app.register(webRoutes, { distDir: path.resolve(import.meta.dirname, '../../web/dist') });
  return app;
}
