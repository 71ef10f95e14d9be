import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { z } from 'zod';
import type { Clock } from '../../app/context.ts';
import { createSavedView, deleteSavedView, getSavedView, listSavedViews } from '../../app/saved-views/saved-views.ts';
import { ErrorBody, IdParams, NoContent } from '../../contract/api.ts';
import { SavedView, SavedViewList, SavedViewRequest } from '../../contract/saved-views.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const doc = (summary: string, response: Record<number, unknown>, parts: Record<string, unknown> = {}) => ({
  schema: { summary, tags: ['workbench'], ...parts, response: { ...response, '4XX': ErrorBody } },
});

/** A staff user's own saved case-list filters (issue 9): each user sees, opens and deletes only their own. */
export async function savedViewsRoutes(fastify: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  const app = fastify.withTypeProvider<ZodInputs>();
  const id = (req: { params: unknown }) => (req.params as z.output<typeof IdParams>).id;

  app.get('/api/v1/saved-views', doc('The caller’s own saved views', { 200: SavedViewList }), async (req) => {
    const actor = requireActor(req);
    return { items: await listSavedViews(pool, actor) };
  });
  app.get('/api/v1/saved-views/:id', doc('One of the caller’s own saved views', { 200: SavedView }, { params: IdParams }), async (req) => {
    const actor = requireActor(req);
    return getSavedView(pool, actor, id(req));
  });
  app.post('/api/v1/saved-views', doc('Save the current list filters under a name', { 201: SavedView }, { body: SavedViewRequest }), async (req, reply) => {
    const actor = requireActor(req);
    const input = req.body as z.output<typeof SavedViewRequest>;
    return reply.status(201).send(await withTx(pool, (tx) => createSavedView({ tx, actor, clock }, input)));
  });
  app.delete('/api/v1/saved-views/:id', doc('Delete one of the caller’s own saved views', { 204: NoContent }, { params: IdParams }), async (req, reply) => {
    const actor = requireActor(req);
    await deleteSavedView(pool, actor, id(req));
    return reply.status(204).send();
  });
}
