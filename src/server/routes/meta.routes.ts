import type { FastifyInstance } from 'fastify';
import type { ZodInputs } from '../contract.ts';
import { z } from 'zod';
import { LIFECYCLE } from '../../domain/lifecycle.ts';
import { STATUS } from '../errors.ts';

const LifecycleResponse = z.object({
  actions: z.array(z.looseObject({ action: z.string(), from: z.array(z.string()), to: z.string().nullable(), roles: z.array(z.string()) })),
  error_statuses: z.record(z.string(), z.number().int()).meta({ description: 'The HTTP status of each error code' }),
});

/** What the server is made of: the lifecycle table and error statuses (the OpenAPI document is in contract.ts). */
export async function metaRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodInputs>();
  r.get(
    '/api/v1/lifecycle',
    { config: { public: true }, schema: { summary: 'The lifecycle table: each action, the states it leaves and enters, who may take it', tags: ['meta'], response: { 200: LifecycleResponse } } },
    async () => ({ actions: LIFECYCLE, error_statuses: STATUS }),
  );
}
