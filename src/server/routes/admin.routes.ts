import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Clock } from '../../app/context.ts';
import { getCustomer, listCustomers } from '../../app/customers.ts';
import { createCategory, createUnit, createUser, listCategories, listUnits, listUsers, listUsersForAdmin, requireAdmin, updateUnit, updateUser } from '../../app/orgs/admin.ts';
import { CreateCategoryRequest, CreateUnitRequest, CreateUserRequest, ListCustomersQuery, MoveUnitRequest, UpdateUnitRequest, UpdateUserRequest } from '../../contract/admin.ts';
import { moveUnit } from '../../app/orgs/units-admin.ts';
import { ErrorBody, IdParams, Items, Page, Row, UserView } from '../../contract/api.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const doc = (summary: string, response: Record<number, unknown>) => ({ summary, tags: ['organisation'], response: { ...response, '4XX': ErrorBody } });

/** Reference data, the customer directory and administration. The role of every route is checked before its
 * body is read, by the route guard (src/server/route-abilities.ts); the use cases check it again. */
export async function adminRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  const r = app.withTypeProvider<ZodInputs>();
  // Reference data everyone picks from when registering and assigning.
  r.get('/api/v1/units', { schema: doc('Units (company, regions, projects, departments)', { 200: Items(Row) }) }, async (req) => ({ items: await listUnits(pool, requireActor(req)) }));
  r.get('/api/v1/categories', { schema: doc('Complaint categories', { 200: Items(Row) }) }, async (req) => ({ items: await listCategories(pool, requireActor(req)) }));
  r.get('/api/v1/users', { schema: doc('Users to assign to', { 200: Items(UserView) }) }, async (req) => ({ items: await listUsers(pool, requireActor(req)) }));

  // Customers the caller may see (through their cases); contacts masked per role (src/domain/roles.ts).
  r.get('/api/v1/customers', { schema: { ...doc('Customers the caller may see', { 200: Page(Row) }), querystring: ListCustomersQuery } }, async (req) => listCustomers(pool, requireActor(req), clock, req.query));
  r.get('/api/v1/customers/:id', { schema: { ...doc('One customer with the cases the caller may see', { 200: Row }), params: IdParams } }, async (req) => getCustomer(pool, requireActor(req), req.params.id));

  r.get('/api/v1/admin/users', { schema: doc('Users (administrators)', { 200: Items(UserView) }) }, async (req) => {
    const actor = requireActor(req);
    requireAdmin(actor);
    return { items: await listUsersForAdmin(pool, actor) };
  });
  r.post('/api/v1/admin/units', { schema: { ...doc('Create a unit', { 201: Row }), body: CreateUnitRequest } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await withTx(pool, (tx) => createUnit({ tx, actor, clock }, req.body)));
  });
  r.post('/api/v1/admin/users', { schema: { ...doc('Create a user', { 201: Row }), body: CreateUserRequest } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await withTx(pool, (tx) => createUser({ tx, actor, clock }, req.body)));
  });
  // Issue 9: move a unit (with its subtree) under another parent.
  r.post('/api/v1/admin/units/:id/move', { schema: { ...doc('Move a unit under another parent', { 200: Row }), params: IdParams, body: MoveUnitRequest } }, async (req) => {
    const actor = requireActor(req);
    return withTx(pool, (tx) => moveUnit({ tx, actor, clock }, req.params.id, req.body));
  });
  // Issue 9: rename a unit, or deactivate / reactivate it.
  r.patch('/api/v1/admin/units/:id', { schema: { ...doc('Rename a unit, change its code, or (de)activate it', { 200: Row }), params: IdParams, body: UpdateUnitRequest } }, async (req) => {
    const actor = requireActor(req);
    return withTx(pool, (tx) => updateUnit({ tx, actor, clock }, req.params.id, req.body));
  });
  // Issue 9: change a user's name, roles, unit, or deactivate them.
  r.patch('/api/v1/admin/users/:id', { schema: { ...doc('Change a user (name, roles, unit, active)', { 200: Row }), params: IdParams, body: UpdateUserRequest } }, async (req) => {
    const actor = requireActor(req);
    return withTx(pool, (tx) => updateUser({ tx, actor, clock }, req.params.id, req.body));
  });
  r.post('/api/v1/admin/categories', { schema: { ...doc('Create a category', { 201: Row }), body: CreateCategoryRequest } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await withTx(pool, (tx) => createCategory({ tx, actor, clock }, req.body)));
  });
}
