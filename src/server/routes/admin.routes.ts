import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Clock } from '../../app/context.ts';
import { getCustomer, listCustomers } from '../../app/customers.ts';
import { createCategory, createUnit, createUser, listCategories, listUnits, listUsers, requireAdmin } from '../../app/orgs/admin.ts';
import { parseOrThrow } from '../../app/validate.ts';
import { CreateCategoryRequest, CreateUnitRequest, CreateUserRequest, ListCustomersQuery } from '../../contract/admin.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';

/** Reference data, the customer directory and administration. The role of every route is checked before its
 * body is read, by the route guard (src/server/route-abilities.ts); the use cases check it again. */
export async function adminRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  // Reference data everyone picks from when registering and assigning.
  app.get('/api/v1/units', async (req) => ({ items: await listUnits(pool, requireActor(req)) }));
  app.get('/api/v1/categories', async (req) => ({ items: await listCategories(pool, requireActor(req)) }));
  app.get('/api/v1/users', async (req) => ({ items: await listUsers(pool, requireActor(req)) }));

  // Customers the caller may see (through their cases); contacts masked per role (src/domain/roles.ts).
  app.get('/api/v1/customers', async (req) => listCustomers(pool, requireActor(req), clock, parseOrThrow(ListCustomersQuery, req.query)));
  app.get<{ Params: { id: string } }>('/api/v1/customers/:id', async (req) => getCustomer(pool, requireActor(req), req.params.id));

  app.get('/api/v1/admin/users', async (req) => {
    const actor = requireActor(req);
    requireAdmin(actor);
    return { items: await listUsers(pool, actor) };
  });
  app.post('/api/v1/admin/units', async (req, reply) => {
    const actor = requireActor(req);
    const input = parseOrThrow(CreateUnitRequest, req.body);
    return reply.status(201).send(await withTx(pool, (tx) => createUnit({ tx, actor, clock }, input)));
  });
  app.post('/api/v1/admin/users', async (req, reply) => {
    const actor = requireActor(req);
    const input = parseOrThrow(CreateUserRequest, req.body);
    return reply.status(201).send(await withTx(pool, (tx) => createUser({ tx, actor, clock }, input)));
  });
  app.post('/api/v1/admin/categories', async (req, reply) => {
    const actor = requireActor(req);
    const input = parseOrThrow(CreateCategoryRequest, req.body);
    return reply.status(201).send(await withTx(pool, (tx) => createCategory({ tx, actor, clock }, input)));
  });
}
