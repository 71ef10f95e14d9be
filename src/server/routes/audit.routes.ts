import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { listAudit } from '../../app/audit/audit-log.ts';
import { parseOrThrow } from '../../app/validate.ts';
import { AuditQuery } from '../../contract/audit.ts';
import { rightsOf, ROLE_RIGHTS } from '../../domain/roles.ts';
import { requireActor } from '../auth.ts';

/** The audit log (reveals of personal data, searches by a complete phone number) for the auditor and the
 * administrator, and the caller's organisation-level rights from the roles table for the UI. */
export async function auditRoutes(app: FastifyInstance, opts: { pool: pg.Pool }) {
  app.get('/api/v1/audit', async (req) => listAudit(opts.pool, requireActor(req), parseOrThrow(AuditQuery, req.query)));

  app.get('/api/v1/abilities', async (req) => {
    const actor = requireActor(req);
    return { roles: actor.roles, ...rightsOf(actor.roles), table: ROLE_RIGHTS };
  });
}
