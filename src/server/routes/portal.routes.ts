import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { ATTACHMENT_MAX_BYTES } from '../../app/cases/attachments.ts';
import type { Clock } from '../../app/context.ts';
import {
  addCustomerNote, addCustomerPhoto, answerVisit, portalCaseView, portalOrgView, replyToCustomer, submitFromPortal, trackCase,
} from '../../app/portal/portal.ts';
import { ErrorBody, IdParams } from '../../contract/api.ts';
import { AppError } from '../../contract/errors.ts';
import {
  CustomerReplyRequest, PortalCaseView, PortalLocaleQuery, PortalNoteRequest, PortalOrgView, PortalPhotoAdded, PortalPhotoQuery,
  PortalSlugParams, PortalSubmitRequest, PortalSubmitted, PortalTrackRequest, PortalTracked, PortalVisitRequest,
} from '../../contract/portal.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';
import { localeOf } from '../errors.ts';

/** The portal's access token to one case comes in its own header (never a staff session's Authorization). */
const TokenHeaders = z.object({ 'x-portal-token': z.string().max(100).optional() });
const tokenOf = (req: FastifyRequest) => {
  const t = req.headers['x-portal-token'];
  return typeof t === 'string' ? t.trim() : undefined;
};

/**
 * The customer portal's API (issue 9). Public routes ('public' in ROUTE_NEEDS): the portal checks its own rights —
 * a case is reached only with a token handed out when it was submitted or after tracking by number and phone.
 * Plus one staff route: a progress note written for the customer.
 */
export async function portalRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock; dataDir: string }) {
  const { pool, clock } = opts;
  const r = app.withTypeProvider<ZodInputs>();

  r.get(
    '/api/v1/portal/orgs/:slug',
    {
      schema: {
        summary: 'Portal: the organisation a customer writes to (name, kinds, categories, required fields, privacy notice)',
        tags: ['portal'],
        params: PortalSlugParams,
        querystring: PortalLocaleQuery,
        response: { 200: PortalOrgView, '4XX': ErrorBody },
      },
    },
    async (req) => portalOrgView(pool, req.params.slug, req.query.locale ?? localeOf(req)),
  );

  r.post(
    '/api/v1/portal/orgs/:slug/cases',
    {
      schema: {
        summary: 'Portal: submit a complaint, suggestion, inquiry or praise after accepting the privacy notice; answers with the case number',
        tags: ['portal'],
        params: PortalSlugParams,
        body: PortalSubmitRequest,
        response: { 201: PortalSubmitted, '4XX': ErrorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await submitFromPortal(pool, clock, req.params.slug, req.body, req.ip)),
  );

  r.post(
    '/api/v1/portal/orgs/:slug/track',
    {
      schema: {
        summary: 'Portal: open a case by its number and the phone it was registered with (throttled); answers with a token for it',
        tags: ['portal'],
        params: PortalSlugParams,
        body: PortalTrackRequest,
        response: { 200: PortalTracked, '4XX': ErrorBody },
      },
    },
    async (req) => trackCase(pool, req.params.slug, req.body, req.ip),
  );

  r.get(
    '/api/v1/portal/case',
    {
      schema: {
        summary: 'Portal: the case the X-Portal-Token opens, as its customer sees it',
        tags: ['portal'],
        headers: TokenHeaders,
        response: { 200: PortalCaseView, '4XX': ErrorBody },
      },
    },
    async (req) => portalCaseView(pool, tokenOf(req)),
  );

  r.post(
    '/api/v1/portal/case/notes',
    {
      schema: {
        summary: 'Portal: the customer adds information to their case',
        tags: ['portal'],
        headers: TokenHeaders,
        body: PortalNoteRequest,
        response: { 200: PortalCaseView, '4XX': ErrorBody },
      },
    },
    async (req) => addCustomerNote(pool, clock, tokenOf(req), req.body.note),
  );

  r.post(
    '/api/v1/portal/case/visit',
    {
      schema: {
        summary: 'Portal: the customer answers the return visit (resolved? satisfied?) once after resolution',
        tags: ['portal'],
        headers: TokenHeaders,
        body: PortalVisitRequest,
        response: { 200: PortalCaseView, '4XX': ErrorBody },
      },
    },
    async (req) => answerVisit(pool, clock, tokenOf(req), req.body),
  );

  r.post(
    '/api/v1/cases/:id/customer-replies',
    {
      schema: {
        summary: 'A progress note for the customer: shown in the portal (other notes stay internal)',
        tags: ['cases'],
        params: IdParams,
        body: CustomerReplyRequest,
        response: { 201: z.object({ ok: z.literal(true) }), '4XX': ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const out = await withTx(pool, (tx) => replyToCustomer({ tx, actor, clock }, req.params.id, req.body.note));
      return reply.status(201).send(out);
    },
  );

  // Photos arrive as raw bytes (as staff evidence does): a scope of their own so only here any type is bytes.
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES + 1 }, (_req, body, done) => done(null, body));
    raw.withTypeProvider<ZodInputs>().post(
      '/api/v1/portal/case/photos',
      {
        bodyLimit: ATTACHMENT_MAX_BYTES + 1,
        schema: {
          summary: 'Portal: the customer adds a photo (the raw body is the image; its bytes must match the declared type)',
          tags: ['portal'],
          headers: TokenHeaders,
          querystring: PortalPhotoQuery,
          consumes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
          response: { 201: PortalPhotoAdded, '4XX': ErrorBody },
        },
      },
      async (req, reply) => {
        const data = req.body;
        if (!Buffer.isBuffer(data)) throw new AppError('validation_failed', [{ path: 'body', code: 'required', message: 'file bytes' }]);
        const out = await addCustomerPhoto(pool, clock, opts.dataDir, tokenOf(req), { filename: req.query.filename, mime: String(req.headers['content-type'] ?? ''), data });
        return reply.status(201).send(out);
      },
    );
  });
}
