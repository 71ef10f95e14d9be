import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../contract/errors.ts';
import { many, one, withTx, type Db } from '../../store/db.ts';
import type pg from 'pg';
import { recordAudit } from '../audit/audit-log.ts';
import type { Ctx } from '../context.ts';
import { anonymiseAttachments, attachmentsOf, deleteStoredFiles } from './retention-files.ts';
import { loadAccountabilitySettings, requireAbility, type RetentionSettings } from './settings.ts';

/**
 * Retention (001 八.2 "资料保存一年重要的资料延期保存"): a finished case (closed, withdrawn or merged) keeps its
 * customer's personal data for its retention period (by kind, else by severity, else the default), counted from
 * when it finished; then, unless a legal hold is on it, the data is exported to a file and anonymised: name, phone,
 * e-mail, address, room (all but its building: `3-2-1201` keeps `3`, which the hot issues group by — a building is
 * hundreds of households, not a person), and the phone number and name wherever they appear in the case's texts and
 * timeline notes.
 * Their evidence files are deleted and the files' names forgotten (retention-files.ts says why).
 * Kind, category, unit, severity, status and times stay, so every count by category, unit and period is unchanged.
 */

export const ANONYMISED_NAME = '***';

export function retentionYears(s: RetentionSettings, kind: string, severity: string): number {
  return s.by_kind[kind as keyof RetentionSettings['by_kind']] ?? s.by_severity[severity as keyof RetentionSettings['by_severity']] ?? s.default_years;
}

interface Expired {
  id: string; number: string; kind: string; severity: string; customer_id: string | null; customer_name: string; customer_phone: string | null;
  customer_email: string | null; customer_address: string | null; customer_room: string | null; finished_at: Date;
}

/** Cases of an organisation whose retention has run out at `now`, not on hold, not yet anonymised. */
export async function expiredCases(db: Db, orgId: string, now: Date): Promise<Expired[]> {
  const { retention } = await loadAccountabilitySettings(db, orgId);
  const rows = await many<Expired>(
    db,
    `select id, number, kind, severity, customer_id, customer_name, customer_phone, customer_email, customer_address, customer_room,
            coalesce(closed_at, updated_at) as finished_at
       from cases where org_id = $1 and status in ('closed', 'withdrawn', 'merged') and not legal_hold and anonymised_at is null
        and coalesce(closed_at, updated_at) < $2::timestamptz - interval '1 year'
      order by coalesce(closed_at, updated_at), id limit 5000`,
    [orgId, now],
  );
  return rows.filter((r) => {
    const until = new Date(r.finished_at);
    until.setUTCFullYear(until.getUTCFullYear() + retentionYears(retention, r.kind, r.severity));
    return until <= now;
  });
}

const PHONE_RE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d){8}(?!\d)/g;

/** A text with the phone number and the name taken out (and any other mobile number with them). */
export function scrub(text: string | null, phone: string | null, name: string | null): string | null {
  if (text === null) return null;
  let t = text.replace(PHONE_RE, '***');
  if (phone && phone.length >= 5) t = t.split(phone).join('***');
  if (name && name.length >= 2 && name !== ANONYMISED_NAME) t = t.split(name).join('***');
  return t;
}

/**
 * One retention pass over one organisation: exports the personal data of the expired cases to
 * `<dataDir>/retention/<org>/<time>.json`, then anonymises them, in one transaction, with an audit row for the
 * export and one for the purge. `dryRun` lists the cases and changes nothing. Returns the case numbers.
 */
export async function runRetention(pool: pg.Pool, opts: { orgId: string; actorId: string | null; now: Date; dataDir: string; dryRun?: boolean }) {
  const { result, files } = await withTx(pool, async (tx) => {
    const expired = await expiredCases(tx, opts.orgId, opts.now);
    if (opts.dryRun || expired.length === 0) return { result: { cases: expired.map((c) => c.number), export_file: null as string | null, anonymised: 0, files_deleted: 0 }, files: [] };
    const ids = expired.map((c) => c.id);
    const events = await many<{ id: string; case_id: string; note: string | null; data: unknown }>(tx, 'select id::text, case_id, note, data from case_events where org_id = $1 and case_id = any($2::uuid[])', [opts.orgId, ids]);
    const dir = path.join(opts.dataDir, 'retention', opts.orgId);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${opts.now.toISOString().replace(/[:.]/g, '-')}.json`);
    const texts = await many<Record<string, string | null> & { id: string }>(tx, 'select id, subject, content, resolution, answer, feedback_note, visit_comment, occurred_place, desired_outcome, search_words from cases where org_id = $1 and id = any($2::uuid[])', [opts.orgId, ids]);
    const stored = await attachmentsOf(tx, opts.orgId, ids);
    const attachments = stored.map(({ storage_path: _p, ...a }) => a);
    await writeFile(file, JSON.stringify({ org_id: opts.orgId, exported_at: opts.now.toISOString(), cases: expired, texts, events, attachments }, null, 1), { mode: 0o600 });
    const actor = { orgId: opts.orgId, userId: opts.actorId };
    await recordAudit(tx, actor, opts.now, { action: 'retention_export', fields: ['customer_name', 'customer_phone', 'customer_email', 'customer_address', 'customer_room'], data: { file: path.basename(file), cases: expired.map((c) => c.number), attachments: stored.length } });
    const byId = new Map(expired.map((c) => [c.id, c]));
    for (const t of texts) {
      const c = byId.get(t.id)!;
      const s = (v: string | null | undefined) => scrub(v ?? null, c.customer_phone, c.customer_name);
      await tx.query(
        `update cases set customer_name = $3, customer_phone = null, customer_email = null, customer_address = null,
                customer_room = case when position('-' in coalesce(customer_room, '')) > 1 then split_part(customer_room, '-', 1) end,
                subject = $4, content = $5, resolution = $6, answer = $7, feedback_note = $8, visit_comment = $9, occurred_place = $10, desired_outcome = $11,
                search_words = $12, anonymised_at = $13
          where org_id = $1 and id = $2`,
        [opts.orgId, c.id, ANONYMISED_NAME, s(t.subject) ?? '', s(t.content) ?? '', s(t.resolution), s(t.answer), s(t.feedback_note), s(t.visit_comment), s(t.occurred_place), s(t.desired_outcome),
          (s(t.search_words) ?? '').split(' ').filter((w) => w && w !== '***' && !/\d{5,}/.test(w)).join(' '), opts.now],
      );
    }
    for (const e of events) {
      const c = byId.get(e.case_id)!;
      const data = e.data === null ? null : scrub(JSON.stringify(e.data), c.customer_phone, c.customer_name);
      await tx.query('update case_events set note = $3, data = $4 where org_id = $1 and id = $2::bigint', [opts.orgId, e.id, scrub(e.note, c.customer_phone, c.customer_name), data]);
    }
    await anonymiseAttachments(tx, opts.orgId, stored, ids, opts.now, ANONYMISED_NAME);
    // A customer record goes when every case of theirs is anonymised.
    await tx.query(
      `update customers p set name = $3, phone = null, email = null, address = null, room = null, note = null, wechat_openid = null
        where p.org_id = $1 and p.id = any($2::uuid[])
          and not exists (select 1 from cases c where c.org_id = p.org_id and c.customer_id = p.id and c.anonymised_at is null)`,
      [opts.orgId, expired.map((c) => c.customer_id).filter((x) => x), ANONYMISED_NAME],
    );
    await recordAudit(tx, actor, opts.now, { action: 'retention_purge', fields: ['customer_name', 'customer_phone', 'customer_email', 'customer_address', 'customer_room'], data: { cases: expired.map((c) => c.number), files_deleted: stored.length } });
    return { result: { cases: expired.map((c) => c.number), export_file: path.basename(file), anonymised: expired.length, files_deleted: stored.length }, files: stored };
  });
  await deleteStoredFiles(opts.dataDir, files);
  return result;
}

/** The scheduled job's pass over every organisation. */
export async function retentionSweep(pool: pg.Pool, now: Date, dataDir: string): Promise<number> {
  const orgs = await many<{ id: string }>(pool, 'select id from organisations');
  let n = 0;
  for (const o of orgs) n += (await runRetention(pool, { orgId: o.id, actorId: null, now, dataDir })).anonymised;
  return n;
}

/** Sets or lifts a legal hold on a case, audited. @throws forbidden_action, not_found */
export async function setLegalHold(ctx: Ctx, caseId: string, hold: boolean, reason: string) {
  requireAbility(ctx.actor, 'account');
  const r = await one<{ number: string }>(ctx.tx, 'update cases set legal_hold = $3 where org_id = $1 and id = $2 returning number', [ctx.actor.orgId, caseId, hold]);
  if (!r) throw new AppError('not_found');
  await recordAudit(ctx.tx, ctx.actor, ctx.clock.now(), { action: 'legal_hold', case_id: caseId, reason, data: { hold } });
  return { case_id: caseId, legal_hold: hold };
}
