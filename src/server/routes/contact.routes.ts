import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import {
  PREFERRED_CHANNELS, portalPreferences, savePortalPreferences, saveStaffPreferences, staffPreferences,
} from '../../app/notify/contact-preferences.ts';
import { ErrorBody, IdParams } from '../../contract/api.ts';
import { LOCALES } from '../../contract/enums.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const Preferences = z.object({
  preferred_channel: z.enum(PREFERRED_CHANNELS).nullable(),
  locale: z.enum(LOCALES).nullable(),
  wechat_follower: z.boolean(),
});
const PreferencesRequest = z.strictObject({
  preferred_channel: z.enum(PREFERRED_CHANNELS).nullable().optional().meta({ description: 'null: the default (SMS, else e-mail, else WeChat); none: not told at all' }),
  locale: z.enum(LOCALES).nullable().optional().meta({ description: 'The language messages are written in (null: zh-CN)' }),
});
const TokenHeaders = z.object({ 'x-portal-token': z.string().max(100).optional() });
const tokenOf = (req: FastifyRequest) => {
  const t = req.headers['x-portal-token'];
  return typeof t === 'string' ? t.trim() : undefined;
};
const doc = (summary: string, tag: string, parts: Record<string, unknown>) => ({ schema: { summary, tags: [tag], ...parts, response: { 200: Preferences, '4XX': ErrorBody } } });

/** Issue 11: how a customer wants to be told (channel, language), for staff who may see the customer and for the
 * customer through the portal's token for their own case. */
export async function contactRoutes(app: FastifyInstance, opts: { pool: pg.Pool }) {
  const { pool } = opts;
  const r = app.withTypeProvider<ZodInputs>();
  r.get('/api/v1/customers/:id/contact-preferences', doc('A customer’s preferred channel and language (404 for a customer the caller may not see)', 'customers', { params: IdParams }), async (req) =>
    staffPreferences(pool, requireActor(req), (req.params as z.output<typeof IdParams>).id));
  r.put('/api/v1/customers/:id/contact-preferences', doc('Set a customer’s preferred channel and language (fields left out stay)', 'customers', { params: IdParams, body: PreferencesRequest }), async (req) =>
    saveStaffPreferences(pool, requireActor(req), (req.params as z.output<typeof IdParams>).id, req.body as z.output<typeof PreferencesRequest>));
  r.get('/api/v1/portal/case/contact-preferences', doc('Portal: how the customer of the case the X-Portal-Token opens wants to be told', 'portal', { headers: TokenHeaders }), async (req) =>
    portalPreferences(pool, tokenOf(req)));
  r.put('/api/v1/portal/case/contact-preferences', doc('Portal: the customer sets their preferred channel and language', 'portal', { headers: TokenHeaders, body: PreferencesRequest }), async (req) =>
    savePortalPreferences(pool, tokenOf(req), req.body as z.output<typeof PreferencesRequest>));
}
