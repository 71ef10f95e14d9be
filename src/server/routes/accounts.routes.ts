import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { assertMayReadAuthLog, listAuthLog } from '../../app/auth/auth-log.ts';
import { getAuthSettings, updateAuthSettings } from '../../app/auth/auth-settings.ts';
import { changePassword } from '../../app/auth/change-password.ts';
import { assertAccountAdmin, resetPassword, unlockUser } from '../../app/auth/reset-password.ts';
import { parseOrThrow } from '../../app/validate.ts';
import { AuthLogQuery, AuthSettingsRequest, ChangePasswordRequest, ResetPasswordRequest, UserIdParams } from '../../contract/auth.ts';
import { requireActor } from '../auth.ts';
import { withRetryAfter } from './auth.routes.ts';

/** Passwords and account locks: one's own password change, and an administrator's reset, unlock and auth log. */
export async function accountsRoutes(app: FastifyInstance, opts: { pool: pg.Pool }) {
  app.post('/api/v1/auth/password', async (req, reply) => {
    const a = requireActor(req);
    const input = parseOrThrow(ChangePasswordRequest, req.body);
    await changePassword(opts.pool, a, { ...input, token: req.token!, address: req.ip }).catch((err: unknown) => withRetryAfter(reply, err));
    return reply.status(204).send();
  });

  app.post('/api/v1/admin/users/:id/password', async (req, reply) => {
    const a = requireActor(req);
    assertAccountAdmin(a); // before validating, so a non-admin learns nothing of the fields
    const { id } = parseOrThrow(UserIdParams, req.params);
    const input = parseOrThrow(ResetPasswordRequest, req.body ?? {});
    const r = await resetPassword(opts.pool, a, id, { ...input, address: req.ip });
    // A generated password is shown once: never cached by a browser or a proxy.
    reply.header('cache-control', 'no-store');
    return r;
  });

  app.post('/api/v1/admin/users/:id/unlock', async (req, reply) => {
    const a = requireActor(req);
    assertAccountAdmin(a); // before validating, so a non-admin learns nothing of the fields
    const { id } = parseOrThrow(UserIdParams, req.params);
    await unlockUser(opts.pool, a, id, req.ip);
    return reply.status(204).send();
  });

  app.get('/api/v1/admin/auth-log', async (req) => {
    const a = requireActor(req);
    assertMayReadAuthLog(a);
    const q = parseOrThrow(AuthLogQuery, req.query);
    return { items: await listAuthLog(opts.pool, a, q) };
  });

  app.get('/api/v1/admin/auth-settings', async (req) => getAuthSettings(opts.pool, requireActor(req)));

  app.put('/api/v1/admin/auth-settings', async (req) => {
    const a = requireActor(req);
    assertAccountAdmin(a);
    return updateAuthSettings(opts.pool, a, parseOrThrow(AuthSettingsRequest, req.body));
  });
}
