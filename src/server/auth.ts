import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { actorFromToken } from '../app/auth/sessions.ts';
import type { Actor } from '../app/context.ts';
import { AppError } from '../contract/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    token?: string;
  }
}

export const SESSION_COOKIE = 'qt_session';

function tokenOf(req: FastifyRequest): { token: string; viaCookie: boolean } | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return { token: h.slice(7).trim(), viaCookie: false };
  const c = req.cookies?.[SESSION_COOKIE];
  return c ? { token: c, viaCookie: true } : undefined;
}

/** Resolves the session (bearer token for scripts, cookie for browsers) on every /api/v1 request. A
 * cookie-authenticated write must be JSON or carry our header, so a cross-site form cannot forge it. */
export function registerAuth(app: FastifyInstance, pool: pg.Pool) {
  app.addHook('onRequest', async (req) => {
    // Only the API has actors; /healthz, /readyz and /metrics (its own token) must answer without the database.
    const t = req.url.startsWith('/api/') ? tokenOf(req) : undefined;
    if (!t) return;
    const actor = await actorFromToken(pool, t.token);
    if (!actor) return;
    if (t.viaCookie && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const ct = req.headers['content-type'] ?? '';
      if (!ct.startsWith('application/json') && req.headers['x-requested-with'] !== 'qingting') return;
    }
    req.actor = actor;
    req.token = t.token;
  });
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}
