import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { listAudit } from '../../app/audit/audit-log.ts';
import { ErrorBody, Page } from '../../contract/api.ts';
import { AuditQuery } from '../../contract/audit.ts';
import { rightsOf, ROLE_RIGHTS } from '../../domain/roles.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const AuditEntry = z.looseObject({ id: z.union([z.string(), z.number()]), action: z.string() });
const Abilities = z.looseObject({
  roles: z.array(z.string()),
  abilities: z.array(z.string()),
  org_wide: z.boolean(),
  sees_contact: z.boolean(),
  table: z.record(z.string(), z.unknown()),
});

/** The audit log (reveals of personal data, searches by a complete phone number) for the auditor and the
 * administrator, and the caller's organisation-level rights from the roles table for the UI. */
export async function auditRoutes(app: FastifyInstance, opts: { pool: pg.Pool }) {
  const r = app.withTypeProvider<ZodInputs>();
  r.get(
    '/api/v1/audit',
    { schema: { summary: 'The audit log: every reveal of personal data and search by a complete phone number', tags: ['audit'], querystring: AuditQuery, response: { 200: Page(AuditEntry), '4XX': ErrorBody } } },
    async (req) => listAudit(opts.pool, requireActor(req), req.query as z.output<typeof AuditQuery>),
  );

  r.get(
    '/api/v1/abilities',
    { schema: { summary: 'What the caller’s roles may do (the roles table), for the UI', tags: ['audit'], response: { 200: Abilities, '4XX': ErrorBody } } },
    async (req) => {
      const actor = requireActor(req);
      return { roles: actor.roles, ...rightsOf(actor.roles), table: ROLE_RIGHTS };
    },
  );
}
