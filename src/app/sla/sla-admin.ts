import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { z } from 'zod';
import { AppError, type ErrorIssue } from '../../contract/errors.ts';
import { periodIssues } from '../../domain/calendar.ts';
import { many, one, type Db } from '../../store/db.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireAdmin } from '../orgs/admin.ts';
import { assertCategory, assertUnit, invalidRef } from '../refs.ts';
import type { BusinessHoursRequest, CalendarDayPatch, CalendarDayRequest, CalendarDaysQuery, LadderRequest, SlaFamilyRequest, SlaPolicyRequest, SlaSettingsRequest } from '../../contract/sla.ts';
import { bumpCalendarVersion } from './calendars.ts';
import { forgetCaseNumberBlocks } from '../cases/case-numbers.ts';
import { clockRecomputeStatus, requestClockRecompute } from './recompute-clocks.ts';
import { ladderIssues } from '../../domain/ladder.ts';
import { ensureSlaSeeded } from './seed.ts';

const invalid = (issues: ErrorIssue[]) => new AppError('validation_failed', issues);

async function admin(db: Db, actor: Actor) {
  requireAdmin(actor);
  await ensureSlaSeeded(db, actor.orgId);
}

/** Calendar days (official, organisation and unit), and which years around `now` lack official data. */
export async function listCalendarDays(db: pg.Pool, actor: Actor, q: z.infer<typeof CalendarDaysQuery>, now: Date) {
  await admin(db, actor);
  const items = await many(
    db,
    `select id, unit_id, date::text as date, kind, source, name from calendar_days
      where org_id = $1 and ($2::int is null or extract(year from date) = $2) and ($3::uuid is null or unit_id = $3)
        and ($4::text is null or source = $4) order by date, source`,
    [actor.orgId, q.year ?? null, q.unit_id ?? null, q.source ?? null],
  );
  const years = await many<{ y: number }>(db, `select distinct extract(year from date)::int as y from calendar_days where org_id = $1 and source = 'official' order by 1`, [actor.orgId]);
  const known = years.map((r) => r.y);
  const thisYear = now.getUTCFullYear();
  return { items, known_years: known, years_without_official_data: [thisYear, thisYear + 1].filter((y) => !known.includes(y)) };
}

/** Adds (or replaces) an organisation's own day, or a unit's when `unit_id` is given. @throws invalid_reference */
export async function putCalendarDay(ctx: Ctx, input: z.infer<typeof CalendarDayRequest>) {
  await admin(ctx.tx, ctx.actor);
  if (input.unit_id) await assertUnit(ctx.tx, ctx.actor.orgId, input.unit_id, 'unit_id');
  const row = await one(
    ctx.tx,
    `insert into calendar_days (org_id, id, unit_id, date, kind, source, name) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (org_id, unit_id, source, date) do update set kind = excluded.kind, name = excluded.name
     returning id, unit_id, date::text as date, kind, source, name`,
    [ctx.actor.orgId, randomUUID(), input.unit_id ?? null, input.date, input.kind, input.unit_id ? 'unit' : 'org', input.name ?? null],
  );
  await calendarChanged(ctx);
  return row;
}

/** Edits any calendar day, official ones included (the table is the organisation's to correct). @throws not_found */
export async function patchCalendarDay(ctx: Ctx, id: string, input: z.infer<typeof CalendarDayPatch>) {
  await admin(ctx.tx, ctx.actor);
  const row = await one(
    ctx.tx,
    `update calendar_days set kind = coalesce($3, kind), name = coalesce($4, name) where org_id = $1 and id = $2
     returning id, unit_id, date::text as date, kind, source, name`,
    [ctx.actor.orgId, uuidOr404(id), input.kind ?? null, input.name ?? null],
  );
  if (!row) throw new AppError('not_found');
  await calendarChanged(ctx);
  return row;
}

export async function deleteCalendarDay(ctx: Ctx, id: string) {
  await admin(ctx.tx, ctx.actor);
  const r = await ctx.tx.query('delete from calendar_days where org_id = $1 and id = $2', [ctx.actor.orgId, uuidOr404(id)]);
  if (r.rowCount === 0) throw new AppError('not_found');
  await calendarChanged(ctx);
}

/** Every process sees the new calendar, and the open working-time clocks get their due times from it again: the
 * recompute job does that after this transaction (~13 s at 100k open clocks was too long to hold the administrator). */
async function calendarChanged(ctx: Ctx) {
  await bumpCalendarVersion(ctx.tx, ctx.actor.orgId);
  await requestClockRecompute(ctx.tx, ctx.actor.orgId, ctx.clock.now(), ctx.actor.userId);
}

/** Whether the open deadlines are still being moved after a calendar change (the calendar page shows it). */
export async function getRecomputeStatus(db: pg.Pool, actor: Actor) {
  requireAdmin(actor);
  const s = await clockRecomputeStatus(db, actor.orgId);
  return { pending: s.pending, since: s.since?.toISOString() ?? null };
}

function uuidOr404(id: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found');
  return id;
}

export async function listBusinessHours(db: pg.Pool, actor: Actor) {
  await admin(db, actor);
  return { items: await many(db, 'select id, unit_id, periods, updated_at from business_hours where org_id = $1 order by unit_id nulls first', [actor.orgId]) };
}

/** Sets the working periods of a unit (or the organisation's default). @throws validation_failed (overlaps…), invalid_reference */
export async function putBusinessHours(ctx: Ctx, input: z.infer<typeof BusinessHoursRequest>) {
  await admin(ctx.tx, ctx.actor);
  const issues = periodIssues(input.periods);
  if (issues.length > 0) throw invalid(issues);
  if (input.unit_id) await assertUnit(ctx.tx, ctx.actor.orgId, input.unit_id, 'unit_id');
  const row = await one(
    ctx.tx,
    `insert into business_hours (org_id, id, unit_id, periods, updated_at) values ($1, $2, $3, $4, $5)
     on conflict (org_id, unit_id) do update set periods = excluded.periods, updated_at = excluded.updated_at
     returning id, unit_id, periods, updated_at`,
    [ctx.actor.orgId, randomUUID(), input.unit_id ?? null, JSON.stringify(input.periods), ctx.clock.now()],
  );
  await calendarChanged(ctx);
  return row;
}

export async function deleteBusinessHours(ctx: Ctx, id: string) {
  await admin(ctx.tx, ctx.actor);
  const r = await ctx.tx.query('delete from business_hours where org_id = $1 and id = $2', [ctx.actor.orgId, uuidOr404(id)]);
  if (r.rowCount === 0) throw new AppError('not_found');
  await calendarChanged(ctx);
}

const POLICY_COLUMNS = `id, name, priority, kind, severity, category_id, channel, unit_id, unit_kind, targets, max_extension, ladder_id, active, source,
  family, extension_approver, takeover, dissatisfied_severity, updated_at`;

export async function listPolicies(db: pg.Pool, actor: Actor) {
  await admin(db, actor);
  return { items: await many(db, `select ${POLICY_COLUMNS} from sla_policies where org_id = $1 order by priority desc, name`, [actor.orgId]) };
}

async function checkPolicyRefs(ctx: Ctx, input: SlaPolicyRequest) {
  if (input.category_id) await assertCategory(ctx.tx, ctx.actor.orgId, input.category_id, 'category_id');
  if (input.unit_id) await assertUnit(ctx.tx, ctx.actor.orgId, input.unit_id, 'unit_id');
  if (input.ladder_id && !(await one(ctx.tx, 'select 1 from escalation_ladders where org_id = $1 and id = $2', [ctx.actor.orgId, input.ladder_id]))) {
    throw invalidRef('escalation_ladder', 'ladder_id', input.ladder_id);
  }
}

async function nameTaken(ctx: Ctx, table: 'sla_policies' | 'escalation_ladders', name: string, exceptId: string | null) {
  const taken = await one(ctx.tx, `select 1 from ${table} where org_id = $1 and name = $2 and id is distinct from $3`, [ctx.actor.orgId, name, exceptId]);
  if (taken) throw new AppError('duplicate', [{ path: 'name', code: 'duplicate', message: name }], { entity: table === 'sla_policies' ? 'sla_policy' : 'escalation_ladder' });
}

/** Creates (id null) or replaces an SLA policy; it applies to clocks started from then on. @throws duplicate, invalid_reference, not_found */
export async function savePolicy(ctx: Ctx, id: string | null, input: SlaPolicyRequest) {
  await admin(ctx.tx, ctx.actor);
  await checkPolicyRefs(ctx, input);
  await nameTaken(ctx, 'sla_policies', input.name, id);
  const values = [
    input.name, input.priority, input.kind ?? null, input.severity ?? null, input.category_id ?? null, input.channel ?? null,
    input.unit_id ?? null, input.unit_kind ?? null, JSON.stringify(input.targets), input.max_extension ? JSON.stringify(input.max_extension) : null,
    input.ladder_id ?? null, input.active ?? true, input.source ?? null, ctx.clock.now(),
    input.family ?? null, input.extension_approver ?? null, input.takeover ?? false, input.dissatisfied_severity ?? null,
  ];
  const row = id
    ? await one(ctx.tx, `update sla_policies set name = $3, priority = $4, kind = $5, severity = $6, category_id = $7, channel = $8, unit_id = $9,
          unit_kind = $10, targets = $11, max_extension = $12, ladder_id = $13, active = $14, source = $15, updated_at = $16,
          family = $17, extension_approver = $18, takeover = $19, dissatisfied_severity = $20
        where org_id = $1 and id = $2 returning ${POLICY_COLUMNS}`, [ctx.actor.orgId, uuidOr404(id), ...values])
    : await one(ctx.tx, `insert into sla_policies (org_id, id, name, priority, kind, severity, category_id, channel, unit_id, unit_kind, targets,
          max_extension, ladder_id, active, source, updated_at, family, extension_approver, takeover, dissatisfied_severity)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
        returning ${POLICY_COLUMNS}`, [ctx.actor.orgId, randomUUID(), ...values]);
  if (!row) throw new AppError('not_found');
  return row;
}

export async function deletePolicy(ctx: Ctx, id: string) {
  await admin(ctx.tx, ctx.actor);
  const r = await ctx.tx.query('delete from sla_policies where org_id = $1 and id = $2', [ctx.actor.orgId, uuidOr404(id)]);
  if (r.rowCount === 0) throw new AppError('not_found');
}

export async function listLadders(db: pg.Pool, actor: Actor) {
  await admin(db, actor);
  return { items: await many(db, 'select id, name, is_default, levels, updated_at from escalation_ladders where org_id = $1 order by is_default desc, name', [actor.orgId]) };
}

/** Creates (id null) or replaces an escalation ladder; it must climb and end at the top. @throws validation_failed, duplicate, not_found */
export async function saveLadder(ctx: Ctx, id: string | null, input: LadderRequest) {
  await admin(ctx.tx, ctx.actor);
  const issues = ladderIssues(input.levels);
  if (issues.length > 0) throw invalid(issues);
  await nameTaken(ctx, 'escalation_ladders', input.name, id);
  if (input.is_default) {
    await ctx.tx.query('update escalation_ladders set is_default = false where org_id = $1 and is_default and id is distinct from $2', [ctx.actor.orgId, id]);
  }
  const row = id
    ? await one(ctx.tx, `update escalation_ladders set name = $3, levels = $4, is_default = coalesce($5, is_default), updated_at = $6
        where org_id = $1 and id = $2 returning id, name, is_default, levels, updated_at`,
      [ctx.actor.orgId, uuidOr404(id), input.name, JSON.stringify(input.levels), input.is_default ?? null, ctx.clock.now()])
    : await one(ctx.tx, `insert into escalation_ladders (org_id, id, name, is_default, levels, updated_at) values ($1, $2, $3, $4, $5, $6)
        returning id, name, is_default, levels, updated_at`,
      [ctx.actor.orgId, randomUUID(), input.name, input.is_default ?? false, JSON.stringify(input.levels), ctx.clock.now()]);
  if (!row) throw new AppError('not_found');
  return row;
}

const FAMILY_SQL = `select coalesce(s.family, o.trade) as family, o.trade, s.family is not null as chosen
  from organisations o join sla_settings s on s.org_id = o.id where o.id = $1`;

/** The organisation's preset family: the one of its trade unless an administrator chose another. */
export async function getSlaFamily(db: pg.Pool, actor: Actor) {
  await admin(db, actor);
  return one(db, FAMILY_SQL, [actor.orgId]);
}

/** Adopts a preset family; clocks started from then on follow its rows (running ones keep their targets). */
export async function putSlaFamily(ctx: Ctx, input: z.infer<typeof SlaFamilyRequest>) {
  await admin(ctx.tx, ctx.actor);
  await ctx.tx.query('update sla_settings set family = $2 where org_id = $1', [ctx.actor.orgId, input.family]);
  return one(ctx.tx, FAMILY_SQL, [ctx.actor.orgId]);
}

export async function getSlaSettings(db: pg.Pool, actor: Actor) {
  await admin(db, actor);
  return one(db, `select s.warn_thresholds, o.time_zone from sla_settings s join organisations o on o.id = s.org_id where s.org_id = $1`, [actor.orgId]);
}

/** Warning thresholds and the organisation's time zone. @throws validation_failed for an unknown time zone */
export async function putSlaSettings(ctx: Ctx, input: z.infer<typeof SlaSettingsRequest>) {
  await admin(ctx.tx, ctx.actor);
  if (input.time_zone) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: input.time_zone });
    } catch {
      throw invalid([{ path: 'time_zone', code: 'invalid_value', message: input.time_zone }]);
    }
    await ctx.tx.query('update organisations set time_zone = $2 where id = $1', [ctx.actor.orgId, input.time_zone]);
    // The local day of new case numbers changes with the zone: drop this process's block of numbers.
    forgetCaseNumberBlocks(ctx.actor.orgId);
    await calendarChanged(ctx);
  }
  if (input.warn_thresholds) {
    const sorted = [...new Set(input.warn_thresholds)].sort((a, b) => a - b);
    await ctx.tx.query('update sla_settings set warn_thresholds = $2 where org_id = $1', [ctx.actor.orgId, sorted]);
  }
  return one(ctx.tx, `select s.warn_thresholds, o.time_zone from sla_settings s join organisations o on o.id = s.org_id where s.org_id = $1`, [ctx.actor.orgId]);
}
