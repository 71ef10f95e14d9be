import type { FastifyInstance, FastifyReply } from 'fastify';
import type pg from 'pg';
import { writeAuthLog } from '../../app/auth/auth-log.ts';
import { login } from '../../app/auth/login.ts';
import { closeSessions, logout } from '../../app/auth/sessions.ts';
import type { Actor } from '../../app/context.ts';
import { ErrorBody, LoginResponse, NoContent, UserView } from '../../contract/api.ts';
import type { AuthConfig } from '../../contract/auth.ts';
import { LoginRequest } from '../../contract/cases.ts';
import { AppError } from '../../contract/errors.ts';
import { DEFAULT_AUTH_SETTINGS } from '../../domain/auth-settings.ts';
import { requireActor, SESSION_COOKIE } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';
import { z } from 'zod';

const errors = { '4XX': ErrorBody };
const AuthConfigView = z.object({ demo: z.boolean(), password_min_length: z.number().int() });

/** A refused sign-in that is throttled tells the client when to come back. */
export function withRetryAfter(reply: FastifyReply, err: unknown): never {
  if (err instanceof AppError && err.code === 'rate_limited') {
    const s = (err.details as { retry_after_seconds?: number } | undefined)?.retry_after_seconds;
    if (s) reply.header('retry-after', String(s));
  }
  throw err;
}

const me = (a: Actor, mustChangePassword: boolean) => ({
  id: a.userId,
  username: a.username,
  display_name: a.displayName,
  roles: a.roles,
  unit_id: a.unitId,
  locale: a.locale,
  must_change_password: mustChangePassword,
});

export async function authRoutes(app: FastifyInstance, opts: { pool: pg.Pool; secureCookies: boolean }) {
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies });

  const a = app.withTypeProvider<ZodInputs>();
  a.post('/api/v1/auth/login', { schema: { summary: 'Sign in: sets the session cookie and returns a bearer token (429 with Retry-After when throttled)', tags: ['auth'], body: LoginRequest, response: { 200: LoginResponse, ...errors } } }, async (req, reply) => {
    const r = await login(opts.pool, { ...req.body, address: req.ip }).catch((err: unknown) => withRetryAfter(reply, err));
    // The idle limit is enforced on the server; the cookie need not outlive the session's absolute limit.
    reply.setCookie(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: r.sessionHours * 3600 });
    return { token: r.token, user: me(r.actor, r.mustChangePassword) };
  });

  a.post('/api/v1/auth/logout', { schema: { summary: 'Sign out this session', tags: ['auth'], response: { 204: NoContent, ...errors } } }, async (req, reply) => {
    const a = requireActor(req);
    await logout(opts.pool, req.token!);
    await writeAuthLog(opts.pool, { orgId: a.orgId, userId: a.userId, username: a.username, address: req.ip, event: 'logout', actorId: a.userId });
    clearCookie(reply);
    return reply.status(204).send();
  });

  /** Signs the caller out on every device and browser at once. */
  a.post('/api/v1/auth/logout-all', { schema: { summary: 'Sign out every session of the caller, everywhere, at once', tags: ['auth'], response: { 204: NoContent, ...errors } } }, async (req, reply) => {
    const a = requireActor(req);
    await closeSessions(opts.pool, a);
    await writeAuthLog(opts.pool, { orgId: a.orgId, userId: a.userId, username: a.username, address: req.ip, event: 'logout_all', actorId: a.userId });
    clearCookie(reply);
    return reply.status(204).send();
  });

  a.get('/api/v1/auth/me', { schema: { summary: 'The signed-in user', tags: ['auth'], response: { 200: UserView, ...errors } } }, async (req) => me(requireActor(req), req.mustChangePassword ?? false));

  /** Unauthenticated: whether the demo organisation is loaded (the sign-in page shows its password only then). */
  a.get('/api/v1/auth/config', { schema: { summary: 'What the sign-in page needs before anyone signs in', tags: ['auth'], response: { 200: AuthConfigView } } }, async (): Promise<AuthConfig> => {
    const r = await opts.pool.query(`select 1 from organisations where slug = 'demo'`);
    return { demo: (r.rowCount ?? 0) > 0, password_min_length: DEFAULT_AUTH_SETTINGS.passwordMinLength };
  });
}
