import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../../app/context.ts';
import { loadProcessSettings, updateProcessSettings } from '../../app/orgs/process-settings.ts';
import { ErrorBody } from '../../contract/api.ts';
import { ProcessSettings } from '../../contract/process-settings.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const errors = { '4XX': ErrorBody };
const Settings = z.looseObject({ trade: z.string() }).meta({ description: 'The process rules in force (the trade’s preset unless an administrator set its own)' });
const RegistrationRules = z.object({ required_fields: z.array(z.string()), received_max_age_days: z.number() });

/** The organisation's process rules (required registration fields, sign-off, authority limits): admin only
 * (the route guard checks the role before the body is read). */
export async function processRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  const r = app.withTypeProvider<ZodInputs>();
  r.get(
    '/api/v1/admin/process-settings',
    { schema: { summary: 'The organisation’s process rules: required registration fields, sign-off, authority limits', tags: ['organisation'], response: { 200: Settings, ...errors } } },
    async (req) => loadProcessSettings(pool, requireActor(req).orgId),
  );
  // What the register form must ask for, for everyone who registers.
  r.get(
    '/api/v1/registration-rules',
    { schema: { summary: 'What a registration must carry in this organisation', tags: ['cases'], response: { 200: RegistrationRules, ...errors } } },
    async (req) => {
      const s = await loadProcessSettings(pool, requireActor(req).orgId);
      return { required_fields: s.required_fields, received_max_age_days: s.received_max_age_days };
    },
  );
  r.put(
    '/api/v1/admin/process-settings',
    { schema: { summary: 'Set the organisation’s process rules (replacing its trade’s preset)', tags: ['organisation'], body: ProcessSettings, response: { 200: Settings, ...errors } } },
    async (req) => {
      const actor = requireActor(req);
      return withTx(pool, (tx) => updateProcessSettings({ tx, actor, clock }, req.body));
    },
  );
}
