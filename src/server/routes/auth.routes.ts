import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { login, logout } from '../../app/auth/sessions.ts';
import { parseOrThrow } from '../../app/validate.ts';
import { LoginRequest } from '../../contract/cases.ts';
import { requireActor, SESSION_COOKIE } from '../auth.ts';

export async function authRoutes(app: FastifyInstance, opts: { pool: pg.Pool; secureCookies: boolean }) {
  app.post('/api/v1/auth/login', async (req, reply) => {
    const input = parseOrThrow(LoginRequest, req.body);
    const { token, actor } = await login(opts.pool, input);
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: 14 * 86400 });
    return { token, user: { id: actor.userId, username: actor.username, display_name: actor.displayName, roles: actor.roles, unit_id: actor.unitId, locale: actor.locale } };
  });

  app.post('/api/v1/auth/logout', async (req, reply) => {
    requireActor(req);
    await logout(opts.pool, req.token!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', async (req) => {
    const a = requireActor(req);
    return { id: a.userId, username: a.username, display_name: a.displayName, roles: a.roles, unit_id: a.unitId, locale: a.locale };
  });
}
