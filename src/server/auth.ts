import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { forgetSpeculation, sessionFromToken, speculativeSession, type SessionGuard } from '../app/auth/sessions.ts';
import { checkRouteAccess } from './route-abilities.ts';
import type { Actor } from '../app/context.ts';
import { AppError } from '../contract/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    token?: string;
    /** The session's user must change their password before doing anything else. */
    mustChangePassword?: boolean;
    /** Set when the session was not read for this request but taken as last seen (a route with
     * `speculativeSession`): the route's write must check it (sessionGuardSql) or call refreshSession. */
    sessionGuard?: SessionGuard;
  }
  interface FastifyContextConfig {
    /** The route's one write checks the session itself (sessions.ts, speculativeSession): no statement to read it
     * first when this process has seen it valid lately (issue 8, registration). */
    speculativeSession?: boolean;
  }
}

export const SESSION_COOKIE = 'qt_session';

/** What a user who must change their password may still call. */
const ALLOWED_BEFORE_CHANGE = new Set([
  'GET /api/v1/auth/me',
  'GET /api/v1/auth/config',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/logout-all',
]);

function tokenOf(req: FastifyRequest): { token: string; viaCookie: boolean } | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return { token: h.slice(7).trim(), viaCookie: false };
  const c = req.cookies?.[SESSION_COOKIE];
  return c ? { token: c, viaCookie: true } : undefined;
}

/** Resolves the session (bearer token for scripts, cookie for browsers) on every /api/v1 request, from the
 * database each time so that a logout anywhere takes effect everywhere at once — or, on a route marked
 * `speculativeSession` (registration), as this process last saw it, checked by the route's own statement. A cookie-authenticated write must
 * be JSON or carry our header, so a cross-site form cannot forge it. A session whose password must be changed may
 * only change it (or sign out): anything else is refused with password_change_required. */
export function registerAuth(app: FastifyInstance, pool: pg.Pool) {
  app.addHook('onRequest', async (req) => {
    // Only the API has actors; /healthz, /readyz and /metrics (its own token) must answer without the database.
    const t = req.url.startsWith('/api/') ? tokenOf(req) : undefined;
    if (!t) return;
    const spec = req.routeOptions.config?.speculativeSession ? await speculativeSession(pool, t.token) : undefined;
    const session = spec?.session ?? (await sessionFromToken(pool, t.token));
    if (!session) return;
    if (t.viaCookie && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const ct = req.headers['content-type'] ?? '';
      if (!ct.startsWith('application/json') && req.headers['x-requested-with'] !== 'qingting') return;
    }
    req.actor = session.actor;
    req.token = t.token;
    req.mustChangePassword = session.mustChangePassword;
    if (spec) req.sessionGuard = spec.guard;
    const path = req.url.split('?')[0] ?? '';
    if (session.mustChangePassword && path.startsWith('/api/') && !ALLOWED_BEFORE_CHANGE.has(`${req.method} ${path}`))
      throw new AppError('password_change_required');
  });
}

/** Reads the session of a request that took it as last seen (`req.sessionGuard`), after its write found it changed:
 * the actor as it is now, with the route's access checked again. @throws unauthenticated, password_change_required,
 * forbidden_action */
export async function refreshSession(req: FastifyRequest, pool: pg.Pool): Promise<Actor> {
  const token = req.token;
  req.sessionGuard = undefined;
  req.actor = undefined;
  if (!token) throw new AppError('unauthenticated');
  forgetSpeculation(token);
  const s = await sessionFromToken(pool, token);
  if (!s) throw new AppError('unauthenticated');
  req.actor = s.actor;
  req.mustChangePassword = s.mustChangePassword;
  if (s.mustChangePassword) throw new AppError('password_change_required');
  checkRouteAccess(req);
  return s.actor;
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}
