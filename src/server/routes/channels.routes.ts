import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { actorForApiToken, createApiToken, listApiTokens, revokeApiToken } from '../../app/channels/api-tokens.ts';
import { acceptTransfer } from '../../app/channels/transfers.ts';
import type { Clock } from '../../app/context.ts';
import { ErrorBody, IdParams, Items } from '../../contract/api.ts';
import { ApiTokenView, CreateApiTokenRequest, CreatedApiToken, TransferRequest, TransferResult } from '../../contract/channels.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const doc = (summary: string, response: Record<number, unknown>) => ({ summary, tags: ['channels'], response: { ...response, '4XX': ErrorBody } });

/** Channels in (issue 11): organisation API tokens and 12345 transfers. The transfer route is public to the
 * route guard and authenticates the organisation's API token itself. */
export async function channelsRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  const r = app.withTypeProvider<ZodInputs>();
  r.get('/api/v1/admin/api-tokens', { schema: doc('API tokens of external systems (never the tokens themselves)', { 200: Items(ApiTokenView) }) }, async (req) => ({
    items: await listApiTokens(pool, requireActor(req)),
  }));
  r.post('/api/v1/admin/api-tokens', { schema: { ...doc('Create an API token (shown once)', { 201: CreatedApiToken }), body: CreateApiTokenRequest } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await withTx(pool, (tx) => createApiToken({ tx, actor, clock }, req.body)));
  });
  r.delete('/api/v1/admin/api-tokens/:id', { schema: { ...doc('Revoke an API token', { 200: ApiTokenView }), params: IdParams } }, async (req) => {
    const actor = requireActor(req);
    return withTx(pool, (tx) => revokeApiToken({ tx, actor, clock }, req.params.id));
  });
  r.post(
    '/api/v1/channels/transfers',
    { schema: { ...doc('Accept an external work order (12345 transfer); idempotent on its number', { 200: TransferResult, 201: TransferResult }), body: TransferRequest } },
    async (req, reply) => {
      const holder = await actorForApiToken(pool, req.headers.authorization);
      const out = await acceptTransfer(pool, holder, clock, req.body);
      return reply.status(out.replayed ? 200 : 201).send(out);
    },
  );
}
