import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Clock } from '../../app/context.ts';
import { requireAdmin } from '../../app/orgs/admin.ts';
import { loadProcessSettings, updateProcessSettings } from '../../app/orgs/process-settings.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';

/** The organisation's process rules (required registration fields, sign-off, authority limits): admin only. */
export async function processRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  app.get('/api/v1/admin/process-settings', async (req) => {
    const actor = requireActor(req);
    requireAdmin(actor);
    return loadProcessSettings(pool, actor.orgId);
  });
  // What the register form must ask for, for everyone who registers.
  app.get('/api/v1/registration-rules', async (req) => {
    const s = await loadProcessSettings(pool, requireActor(req).orgId);
    return { required_fields: s.required_fields, received_max_age_days: s.received_max_age_days };
  });
  app.put('/api/v1/admin/process-settings', async (req) => {
    const actor = requireActor(req);
    return withTx(pool, (tx) => updateProcessSettings({ tx, actor, clock }, req.body));
  });
}
