import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { login, logout } from '../../app/auth/sessions.ts';
import { ErrorBody, LoginResponse, NoContent, UserView } from '../../contract/api.ts';
import { LoginRequest } from '../../contract/cases.ts';
import { requireActor, SESSION_COOKIE } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

export async function authRoutes(app: FastifyInstance, opts: { pool: pg.Pool; secureCookies: boolean }) {
  const r = app.withTypeProvider<ZodInputs>();
  r.post('/api/v1/auth/login', { config: { public: true }, schema: { summary: 'Sign in: sets the session cookie and returns a bearer token', tags: ['auth'], body: LoginRequest, response: { 200: LoginResponse, '4XX': ErrorBody } } }, async (req, reply) => {
    const { token, actor } = await login(opts.pool, req.body);
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: 14 * 86400 });
    return { token, user: { id: actor.userId, username: actor.username, display_name: actor.displayName, roles: actor.roles, unit_id: actor.unitId, locale: actor.locale } };
  });

  r.post('/api/v1/auth/logout', { schema: { summary: 'Sign out', tags: ['auth'], response: { 204: NoContent, '4XX': ErrorBody } } }, async (req, reply) => {
    requireActor(req);
    await logout(opts.pool, req.token!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  r.get('/api/v1/auth/me', { schema: { summary: 'The signed-in user', tags: ['auth'], response: { 200: UserView, '4XX': ErrorBody } } }, async (req) => {
    const a = requireActor(req);
    return { id: a.userId, username: a.username, display_name: a.displayName, roles: a.roles, unit_id: a.unitId, locale: a.locale };
  });
}
