import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { z } from 'zod';
import type { Clock } from '../../app/context.ts';
import { createPhrase, deletePhrase, findForbiddenPhrases, listPhrases, updatePhrase } from '../../app/phrases/phrases.ts';
import { ErrorBody, IdParams, NoContent } from '../../contract/api.ts';
import { Phrase, PhraseCheckRequest, PhraseCheckResponse, PhraseList, PhrasePatch, PhraseRequest } from '../../contract/phrases.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const doc = (summary: string, response: Record<number, unknown>, parts: Record<string, unknown> = {}) => ({
  schema: { summary, tags: ['phrases'], ...parts, response: { ...response, '4XX': ErrorBody } },
});

/** Standard phrases (服务用语) and phrases never to use: everyone reads them, administrators edit them (issue 9). */
export async function phrasesRoutes(fastify: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  const app = fastify.withTypeProvider<ZodInputs>();
  const id = (req: { params: unknown }) => (req.params as z.output<typeof IdParams>).id;

  app.get('/api/v1/phrases', doc('Standard phrases to insert and phrases never to use', { 200: PhraseList }), async (req) => {
    const actor = requireActor(req);
    return { items: await withTx(pool, (tx) => listPhrases(tx, actor.orgId)) };
  });
  app.get('/api/v1/phrases/check', doc('The phrases never to use that a text contains', { 200: PhraseCheckResponse }, { querystring: PhraseCheckRequest }), async (req) => {
    const actor = requireActor(req);
    const { text } = req.query as z.output<typeof PhraseCheckRequest>;
    return { forbidden: await withTx(pool, (tx) => findForbiddenPhrases(tx, actor.orgId, text)) };
  });
  app.post('/api/v1/admin/phrases', doc('Add a phrase', { 201: Phrase }, { body: PhraseRequest }), async (req, reply) => {
    const actor = requireActor(req);
    const input = req.body as z.output<typeof PhraseRequest>;
    return reply.status(201).send(await withTx(pool, (tx) => createPhrase({ tx, actor, clock }, input)));
  });
  app.patch('/api/v1/admin/phrases/:id', doc('Change a phrase', { 200: Phrase }, { params: IdParams, body: PhrasePatch }), async (req) => {
    const actor = requireActor(req);
    const input = req.body as z.output<typeof PhrasePatch>;
    return withTx(pool, (tx) => updatePhrase({ tx, actor, clock }, id(req), input));
  });
  app.delete('/api/v1/admin/phrases/:id', doc('Remove a phrase', { 204: NoContent }, { params: IdParams }), async (req, reply) => {
    const actor = requireActor(req);
    await withTx(pool, (tx) => deletePhrase({ tx, actor, clock }, id(req)));
    return reply.status(204).send();
  });
}
