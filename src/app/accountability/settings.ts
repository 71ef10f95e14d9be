import { z } from 'zod';
import { AppError } from '../../contract/errors.ts';
import { AGENCY_CHAIN_PENALTIES, NO_PENALTIES, PARTY_ROLES, RESTAURANT_PENALTIES, type PenaltySettings } from '../../domain/penalties.ts';
import { CASE_KINDS, SEVERITIES } from '../../contract/enums.ts';
import { rolesMay } from '../../domain/roles.ts';
import { one, type Db } from '../../store/db.ts';
import type { Actor, Ctx } from '../context.ts';
import { parseOrThrow } from '../validate.ts';

export const PenaltySettingsSchema = z.strictObject({
  preset: z.enum(['agency_chain', 'restaurant', 'none']),
  rules: z.array(z.strictObject({
    code: z.string().regex(/^[a-z0-9_]{1,40}$/),
    when: z.strictObject({
      kinds: z.array(z.enum(CASE_KINDS)).optional(),
      party: z.enum(['store', 'agent', 'staff']).optional(),
      media: z.enum(['newspaper', 'tv']).optional(),
      takeover: z.boolean().optional(),
      valid_only: z.boolean().optional(),
    }),
    amount_yuan: z.number().min(0).max(10_000_000),
    shares: z.array(z.strictObject({ role: z.enum(PARTY_ROLES), weight: z.number().min(0).max(1000) })).min(1).max(10),
    fault_matters: z.boolean().optional(),
    source: z.string().max(2000),
  })).max(50),
  fine_when_not_at_fault: z.boolean(),
  year_end: z.strictObject({ amounts_yuan: z.array(z.number().min(0).max(10_000_000)).max(20), source: z.string().max(2000) }).nullable(),
  payment_days: z.number().int().min(1).max(90),
  redistribute: z.enum(['equal_other_stores', 'none']),
});

/** Retention (001 八.2 "资料保存一年重要的资料延期保存"): years per severity (important and above longer), overridable per kind. */
export const RetentionSettingsSchema = z.strictObject({
  default_years: z.number().int().min(1).max(100),
  by_severity: z.partialRecord(z.enum(SEVERITIES), z.number().int().min(1).max(100)),
  by_kind: z.partialRecord(z.enum(CASE_KINDS), z.number().int().min(1).max(100)),
});
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>;

export const RETENTION_PRESET: RetentionSettings = { default_years: 1, by_severity: { important: 3, major: 10, crisis: 10 }, by_kind: {} };

const PRESETS: Record<string, PenaltySettings> = { agency_chain: AGENCY_CHAIN_PENALTIES, restaurant: RESTAURANT_PENALTIES };

/** The organisation's own penalty and retention settings, else its trade's preset. */
export async function loadAccountabilitySettings(db: Db, orgId: string): Promise<{ penalties: PenaltySettings; retention: RetentionSettings; time_zone: string }> {
  const r = await one<{ trade: string; time_zone: string; penalties: PenaltySettings | null; retention: RetentionSettings | null }>(
    db,
    'select o.trade, o.time_zone, s.penalties, s.retention from organisations o left join accountability_settings s on s.org_id = o.id where o.id = $1',
    [orgId],
  );
  return {
    penalties: r?.penalties ?? PRESETS[r?.trade ?? ''] ?? NO_PENALTIES,
    retention: r?.retention ?? RETENTION_PRESET,
    time_zone: r?.time_zone ?? 'Asia/Shanghai',
  };
}

export function requireAbility(actor: Actor, ability: 'account' | 'analyse' | 'administer'): void {
  if (!rolesMay(actor.roles, ability)) throw new AppError('forbidden_action', undefined, { action: ability });
}

/** An administrator replaces the penalty rules or the retention periods. @throws forbidden_action, validation_failed */
export async function updateAccountabilitySettings(ctx: Ctx, raw: unknown) {
  requireAbility(ctx.actor, 'administer');
  const input = parseOrThrow(z.strictObject({ penalties: PenaltySettingsSchema.optional(), retention: RetentionSettingsSchema.optional() }), raw);
  const codes = input.penalties?.rules.map((r) => r.code) ?? [];
  if (new Set(codes).size !== codes.length) throw new AppError('validation_failed', [{ path: 'penalties.rules', code: 'duplicate_code', message: 'rule codes must differ' }]);
  const cur = await loadAccountabilitySettings(ctx.tx, ctx.actor.orgId);
  await ctx.tx.query(
    `insert into accountability_settings (org_id, penalties, retention, updated_at, updated_by) values ($1, $2, $3, $4, $5)
     on conflict (org_id) do update set penalties = excluded.penalties, retention = excluded.retention, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [ctx.actor.orgId, JSON.stringify(input.penalties ?? cur.penalties), JSON.stringify(input.retention ?? cur.retention), ctx.clock.now(), ctx.actor.userId],
  );
  return loadAccountabilitySettings(ctx.tx, ctx.actor.orgId);
}
