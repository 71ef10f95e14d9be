import type { Trade } from '../../contract/enums.ts';
import { AppError } from '../../contract/errors.ts';
import { ProcessSettings } from '../../contract/process-settings.ts';
import { PROCESS_PRESETS, REQUIRABLE_FIELDS } from '../../domain/process-rules.ts';
import { one, type Db } from '../../store/db.ts';
import type { Ctx } from '../context.ts';
import { parseOrThrow } from '../validate.ts';
import { requireAdmin } from './admin.ts';

/** The organisation's process settings: its own row, else the preset of its trade (DOMAIN.md §2). */
export async function loadProcessSettings(db: Db, orgId: string): Promise<ProcessSettings & { trade: Trade }> {
  const r = await one<{ trade: Trade; settings: unknown }>(
    db,
    'select o.trade, s.settings from organisations o left join process_settings s on s.org_id = o.id where o.id = $1',
    [orgId],
  );
  const trade = r?.trade ?? 'property';
  if (!r?.settings) return { trade, ...PROCESS_PRESETS[trade] };
  // A stored row was validated when written; a row that no longer parses is a bug to see, not to paper over.
  const stored = ProcessSettings.safeParse(r.settings);
  if (!stored.success) throw new Error(`process_settings of organisation ${orgId} do not match the schema: ${stored.error.message}`);
  return { trade, ...stored.data };
}

/** Stores an organisation's own process settings (validated by the caller against `ProcessSettings`). */
export async function saveProcessSettings(db: Db, orgId: string, settings: ProcessSettings, at: Date): Promise<void> {
  await db.query(
    `insert into process_settings (org_id, settings, updated_at) values ($1, $2, $3)
     on conflict (org_id) do update set settings = excluded.settings, updated_at = excluded.updated_at`,
    [orgId, JSON.stringify(settings), at],
  );
}

/**
 * An administrator sets the organisation's process rules (replacing its trade's preset). Every required field
 * must be one a registration can carry.
 * @throws forbidden_action, validation_failed
 */
export async function updateProcessSettings(ctx: Ctx, raw: unknown): Promise<ProcessSettings & { trade: Trade }> {
  requireAdmin(ctx.actor);
  const input = parseOrThrow(ProcessSettings, raw);
  const unknown = input.required_fields
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => !(REQUIRABLE_FIELDS as readonly string[]).includes(f))
    .map(({ i }) => ({ path: `required_fields.${i}`, code: 'invalid_value', message: REQUIRABLE_FIELDS.join(', ') }));
  if (unknown.length > 0) throw new AppError('validation_failed', unknown);
  await saveProcessSettings(ctx.tx, ctx.actor.orgId, input, ctx.clock.now());
  return loadProcessSettings(ctx.tx, ctx.actor.orgId);
}
