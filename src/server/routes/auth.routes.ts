import type { FastifyInstance, FastifyReply } from 'fastify';
import type pg from 'pg';
import { writeAuthLog } from '../../app/auth/auth-log.ts';
import { login } from '../../app/auth/login.ts';
import { closeSessions, logout } from '../../app/auth/sessions.ts';
import type { Actor } from '../../app/context.ts';
import { parseOrThrow } from '../../app/validate.ts';
import type { AuthConfig } from '../../contract/auth.ts';
import { LoginRequest } from '../../contract/cases.ts';
import { AppError } from '../../contract/errors.ts';
import { DEFAULT_AUTH_SETTINGS } from '../../domain/auth-settings.ts';
import { requireActor, SESSION_COOKIE } from '../auth.ts';

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

  app.post('/api/v1/auth/login', async (req, reply) => {
    const input = parseOrThrow(LoginRequest, req.body);
    const r = await login(opts.pool, { ...input, address: req.ip }).catch((err: unknown) => withRetryAfter(reply, err));
    // The idle limit is enforced on the server; the cookie need not outlive the session's absolute limit.
    reply.setCookie(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: r.sessionHours * 3600 });
    return { token: r.token, user: me(r.actor, r.mustChangePassword) };
  });

  app.post('/api/v1/auth/logout', async (req, reply) => {
    const a = requireActor(req);
    await logout(opts.pool, req.token!);
    await writeAuthLog(opts.pool, { orgId: a.orgId, userId: a.userId, username: a.username, address: req.ip, event: 'logout', actorId: a.userId });
    clearCookie(reply);
    return reply.status(204).send();
  });

  /** Signs the caller out on every device and browser at once. */
  app.post('/api/v1/auth/logout-all', async (req, reply) => {
    const a = requireActor(req);
    await closeSessions(opts.pool, a);
    await writeAuthLog(opts.pool, { orgId: a.orgId, userId: a.userId, username: a.username, address: req.ip, event: 'logout_all', actorId: a.userId });
    clearCookie(reply);
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', async (req) => me(requireActor(req), req.mustChangePassword ?? false));

  /** Unauthenticated: whether the demo organisation is loaded (the sign-in page shows its password only then). */
  app.get('/api/v1/auth/config', async (): Promise<AuthConfig> => {
    const r = await opts.pool.query(`select 1 from organisations where slug = 'demo'`);
    return { demo: (r.rowCount ?? 0) > 0, password_min_length: DEFAULT_AUTH_SETTINGS.passwordMinLength };
  });
}
