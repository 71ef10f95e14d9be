import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { assertMayReadAuthLog, listAuthLog } from '../../app/auth/auth-log.ts';
import { getAuthSettings, updateAuthSettings } from '../../app/auth/auth-settings.ts';
import { changePassword } from '../../app/auth/change-password.ts';
import { assertAccountAdmin, resetPassword, unlockUser } from '../../app/auth/reset-password.ts';
import { z } from 'zod';
import { ErrorBody, NoContent } from '../../contract/api.ts';
import { AuthLogQuery, AuthSettingsRequest, ChangePasswordRequest, ResetPasswordRequest, UserIdParams } from '../../contract/auth.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';
import { withRetryAfter } from './auth.routes.ts';

const errors = { '4XX': ErrorBody };
const doc = (summary: string, response: Record<number, z.ZodType>, parts: Record<string, z.ZodType> = {}) => ({ schema: { summary, tags: ['accounts'], ...parts, response: { ...response, ...errors } } });
const Settings = z.looseObject({}).meta({ description: 'The sign-in and session rules in force' });

/** Passwords and account locks: one's own password change, and an administrator's reset, unlock and auth log. */
export async function accountsRoutes(fastify: FastifyInstance, opts: { pool: pg.Pool }) {
  const app = fastify.withTypeProvider<ZodInputs>();
  app.post('/api/v1/auth/password', doc('Change one’s own password (the current one is needed); other sessions end', { 204: NoContent }, { body: ChangePasswordRequest }), async (req, reply) => {
    const a = requireActor(req);
    await changePassword(opts.pool, a, { ...(req.body as z.output<typeof ChangePasswordRequest>), token: req.token!, address: req.ip }).catch((err: unknown) => withRetryAfter(reply, err));
    return reply.status(204).send();
  });

  app.post('/api/v1/admin/users/:id/password', doc('Reset a user’s password: to the one given, or to a generated one shown once', { 200: z.looseObject({}) }, { params: UserIdParams, body: ResetPasswordRequest }), async (req, reply) => {
    const a = requireActor(req);
    assertAccountAdmin(a);
    const r = await resetPassword(opts.pool, a, (req.params as z.output<typeof UserIdParams>).id, { ...(req.body as z.output<typeof ResetPasswordRequest>), address: req.ip });
    // A generated password is shown once: never cached by a browser or a proxy.
    reply.header('cache-control', 'no-store');
    return r;
  });

  app.post('/api/v1/admin/users/:id/unlock', doc('Unlock an account locked after repeated failed sign-ins', { 204: NoContent }, { params: UserIdParams }), async (req, reply) => {
    const a = requireActor(req);
    assertAccountAdmin(a);
    await unlockUser(opts.pool, a, (req.params as z.output<typeof UserIdParams>).id, req.ip);
    return reply.status(204).send();
  });

  app.get('/api/v1/admin/auth-log', doc('The sign-in log: attempts, throttling, locks, resets (administrators and auditors)', { 200: z.object({ items: z.array(z.looseObject({})) }) }, { querystring: AuthLogQuery }), async (req) => {
    const a = requireActor(req);
    assertMayReadAuthLog(a);
    return { items: await listAuthLog(opts.pool, a, req.query as z.output<typeof AuthLogQuery>) };
  });

  app.get('/api/v1/admin/auth-settings', doc('The organisation’s sign-in and session rules', { 200: Settings }), async (req) => getAuthSettings(opts.pool, requireActor(req)));

  app.put('/api/v1/admin/auth-settings', doc('Change the sign-in and session rules', { 200: Settings }, { body: AuthSettingsRequest }), async (req) => {
    const a = requireActor(req);
    assertAccountAdmin(a);
    return updateAuthSettings(opts.pool, a, req.body as z.output<typeof AuthSettingsRequest>);
  });
}
