import { randomUUID } from 'node:crypto';
import { officialCalendarRows } from '../../domain/official-holidays.ts';
import { SLA_PRESETS, type SlaPreset } from '../../domain/sla-presets.ts';
import type { Db } from '../../store/db.ts';
import { DEFAULT_LADDER } from '../../domain/ladder.ts';

/**
 * Acknowledgement is not in the seeds' table; 24 h mirrors "department feedback within 24 h" (004 流程图) and is
 * an ordinary, editable policy.
 */
export const ACKNOWLEDGE_PRESET: SlaPreset = {
  name: 'acknowledgement', match: {}, order: 0, source: '004 流程图',
  targets: { acknowledge: { amount: 24, unit: 'natural_hours' } },
};
export const SEEDED_PRESETS: readonly SlaPreset[] = [ACKNOWLEDGE_PRESET, ...SLA_PRESETS];

const seeded = new Set<string>();

/**
 * Gives an organisation its SLA data once: mainland China's official holidays and make-up working days for every
 * year `chinese-days` knows, the default escalation ladder and the DOMAIN.md §3 presets of every family as policies
 * (the organisation's family, from its trade unless an administrator chose another, decides which rows apply). Safe to call
 * on every change: the first caller inserts `sla_settings`, concurrent ones wait for it and do nothing.
 */
export async function ensureSlaSeeded(db: Db, orgId: string): Promise<void> {
  if (seeded.has(orgId)) return;
  const exists = await db.query('select 1 from sla_settings where org_id = $1', [orgId]);
  if (exists.rowCount === 0) {
    const inserted = await db.query('insert into sla_settings (org_id) values ($1) on conflict do nothing', [orgId]);
    if (inserted.rowCount === 1) await seed(db, orgId);
    return; // remembered only once seen committed: this transaction may still roll back
  }
  seeded.add(orgId);
}

async function seed(db: Db, orgId: string): Promise<void> {
  const rows = officialCalendarRows();
  await db.query(
    `insert into calendar_days (org_id, id, unit_id, date, kind, source, name)
     select $1, gen_random_uuid(), null, d, k, 'official', n from unnest($2::date[], $3::text[], $4::text[]) as t(d, k, n)`,
    [orgId, rows.map((r) => r.date), rows.map((r) => r.kind), rows.map((r) => r.name)],
  );
  await db.query(
    `insert into escalation_ladders (org_id, id, name, is_default, levels) values ($1, $2, 'default', true, $3)`,
    [orgId, randomUUID(), JSON.stringify(DEFAULT_LADDER)],
  );
  for (const p of SEEDED_PRESETS) {
    await db.query(
      `insert into sla_policies (org_id, id, name, priority, kind, severity, channel, unit_kind, targets, max_extension, source,
         family, extension_approver, takeover, dissatisfied_severity)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        orgId, randomUUID(), p.name, p.order, p.match.kind ?? null, p.match.severity ?? null, p.match.channel ?? null,
        p.match.unitKind ?? null, JSON.stringify(p.targets), p.maxExtension ? JSON.stringify(p.maxExtension) : null, p.source,
        p.family ?? null, p.extensionApprover ?? null, p.takeover ?? false, p.dissatisfiedSeverity ?? null,
      ],
    );
  }
}
