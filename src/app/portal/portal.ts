import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { RegisterCaseRequest } from '../../contract/cases.ts';
import type { CaseStatus } from '../../contract/enums.ts';
import { AppError } from '../../contract/errors.ts';
import type { PortalCaseView, PortalOrgView, PortalSubmitRequest, PortalVisitRequest } from '../../contract/portal.ts';
import { normalisePhone } from '../../domain/masking.ts';
import { many, one, withTx, type Db } from '../../store/db.ts';
import { addAttachment } from '../cases/attachments.ts';
import { CASE_COLUMNS, type CaseRow } from '../cases/case-row.ts';
import { allocateCaseNumber, registerCase } from '../cases/register-case.ts';
import { checkRegistration } from '../cases/registration-rules.ts';
import { takeAction } from '../cases/take-action.ts';
import type { Actor, Clock, Ctx } from '../context.ts';
import { loadProcessSettings } from '../orgs/process-settings.ts';
import { findPortalOrg, portalActor } from './portal-actor.ts';
import { usesTrackingCodes, verifyTrackingCode } from '../notify/one-time-codes.ts';

/** How long a portal access token opens its case. */
export const PORTAL_TOKEN_MINUTES = 30;
/** Tracking failures allowed per address and per case number within the window before attempts are refused. */
export const PORTAL_THROTTLE = { windowMinutes: 15, perAddress: 20, perNumber: 5 };
/** Submissions allowed per address per hour (a form anyone can post to). */
export const PORTAL_SUBMITS_PER_HOUR = 10;
/** Photos a customer may add to one case through the portal. */
export const PORTAL_MAX_PHOTOS = 9;
/** The version of the standard privacy notice (its text is in the portal's catalogues, web/src/portal/i18n). */
export const STANDARD_NOTICE_VERSION = 'standard-2026-11';

/** What the portal offers: complaints, suggestions, inquiries and praise (staff-only kinds such as requests are not). */
export const PORTAL_KINDS = ['complaint', 'suggestion', 'inquiry', 'praise'] as const;

/** An organisation's own notice, when its settings carry one: `settings.portal.privacy_notice = {version, zh-CN, en-US}`. */
function ownNotice(settings: Record<string, unknown>): { version: string; 'zh-CN'?: string; 'en-US'?: string } | undefined {
  const n = (settings.portal as { privacy_notice?: unknown } | undefined)?.privacy_notice as Record<string, unknown> | undefined;
  return n && typeof n.version === 'string' ? (n as { version: string }) : undefined;
}

/** The organisation as the portal shows it: name, kinds and categories to choose from, fields it requires, notice. */
export async function portalOrgView(db: Db, slug: string, locale: 'zh-CN' | 'en-US'): Promise<PortalOrgView> {
  const org = await findPortalOrg(db, slug);
  const settings = await loadProcessSettings(db, org.id);
  const cats = await many<{ id: string; name_zh: string; name_en: string }>(
    db,
    'select id, name_zh, name_en from categories where org_id = $1 and active and parent_id is null order by sort, code',
    [org.id],
  );
  const notice = ownNotice(org.settings);
  return {
    slug: org.slug,
    name: org.name,
    kinds: [...PORTAL_KINDS],
    categories: cats.map((c) => ({ id: c.id, name: locale === 'en-US' ? c.name_en : c.name_zh })),
    required_fields: settings.required_fields,
    privacy_notice: { version: notice?.version ?? STANDARD_NOTICE_VERSION, text: notice?.[locale] ?? null },
  };
}

const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

async function issueToken(db: Db, orgId: string, caseId: string): Promise<{ token: string; expires_at: Date }> {
  const token = randomBytes(32).toString('base64url');
  const r = await one<{ expires_at: Date }>(
    db,
    `insert into portal_tokens (token_hash, org_id, case_id, expires_at) values ($1, $2, $3, now() + make_interval(mins => $4))
     returning expires_at`,
    [hashToken(token), orgId, caseId, PORTAL_TOKEN_MINUTES],
  );
  // Expired tokens are cleared as new ones are handed out.
  await db.query('delete from portal_tokens where expires_at < now() - interval \'1 day\'');
  return { token, expires_at: r!.expires_at };
}

/** The case a portal token opens, with the portal's actor of its organisation. @throws portal_token_invalid */
export async function caseOfToken(db: Db, token: string | undefined, lock = false): Promise<{ actor: Actor; c: CaseRow }> {
  if (!token || token.length > 100) throw new AppError('portal_token_invalid');
  const t = await one<{ org_id: string; case_id: string }>(db, 'select org_id, case_id from portal_tokens where token_hash = $1 and expires_at > now()', [hashToken(token)]);
  if (!t) throw new AppError('portal_token_invalid');
  const c = await one<CaseRow>(db, `select ${CASE_COLUMNS} from cases c where c.org_id = $1 and c.id = $2 ${lock ? 'for update' : ''}`, [t.org_id, t.case_id]);
  if (!c) throw new AppError('portal_token_invalid');
  return { actor: await portalActor(db, t.org_id), c };
}

/**
 * Registers what a customer submits in the portal, after they accepted the privacy notice (recorded with the case),
 * filed under the organisation's intake unit (portal-actor.ts) through the same registration as the front desk, so
 * the organisation's registration rules apply. Answers at once with the case number and a token for adding photos.
 * @throws validation_failed, invalid_reference, rate_limited, not_found (unknown organisation)
 */
export async function submitFromPortal(pool: pg.Pool, clock: Clock, slug: string, body: PortalSubmitRequest, address: string) {
  const org = await findPortalOrg(pool, slug);
  const version = ownNotice(org.settings)?.version ?? STANDARD_NOTICE_VERSION;
  if (body.consent.notice_version !== version) {
    throw new AppError('validation_failed', [{ path: 'consent.notice_version', code: 'outdated_notice', message: version }]);
  }
  const recent = await one<{ n: number }>(pool, `select count(*)::int as n from portal_consents where address = $1 and consented_at > $2::timestamptz - interval '1 hour'`, [address, clock.now()]);
  if (recent!.n >= PORTAL_SUBMITS_PER_HOUR) throw new AppError('rate_limited', { retry_after_seconds: 3600 });

  const actor = await portalActor(pool, org.id);
  const input: RegisterCaseRequest = {
    kind: body.kind,
    channel: 'portal',
    subject: body.subject ?? firstLine(body.content),
    content: body.content,
    customer: body.customer,
    ...(body.category_id ? { category_id: body.category_id } : {}),
    ...(body.occurred_at ? { occurred_at: body.occurred_at } : {}),
    ...(body.occurred_place ? { occurred_place: body.occurred_place } : {}),
    ...(body.desired_outcome ? { desired_outcome: body.desired_outcome } : {}),
  };
  // Checked before a number is taken, so a refused submission uses none (as registerOnce does for staff).
  await checkRegistration(pool, actor, clock.now(), input);
  const number = await allocateCaseNumber(pool, org.id, clock.now(), true);
  return withTx(pool, async (tx) => {
    const out = await registerCase({ tx, actor, clock }, input, undefined, number);
    await tx.query(
      'insert into portal_consents (org_id, case_id, notice_version, locale, consented_at, address) values ($1, $2, $3, $4, $5, $6)',
      [org.id, out.case.id, version, body.consent.locale, clock.now(), address],
    );
    // The customer is written to in the language they used the portal in (issue 11); a record this submission only
    // linked to by its phone number (the customer's other cases) is not the anonymous visitor's to change.
    if (out.case.customer_id) {
      await tx.query(
        'update customers set locale = $3 where org_id = $1 and id = $2 and not exists (select 1 from cases where org_id = $1 and customer_id = $2 and id <> $4)',
        [org.id, out.case.customer_id, body.consent.locale, out.case.id],
      );
    }
    const token = await issueToken(tx, org.id, out.case.id);
    return { number: out.case.number, ...token };
  });
}

function firstLine(content: string): string {
  const line = content.trim().split(/\r?\n/)[0]!.trim();
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/**
 * A second factor for tracking, when the organisation sends one-time codes by SMS (issue 11: an SMS provider with a
 * tracking-code template is configured): the code must be right. Without one, number and phone suffice (the demo).
 * Called only after the number and the phone matched; a false answer fails the attempt like a wrong phone.
 */
async function secondFactorOk(db: Db, orgId: string, number: string, phone: string, code: string | undefined): Promise<boolean> {
  if (!(await usesTrackingCodes(db, orgId))) return true;
  return verifyTrackingCode(db, orgId, number, phone, code);
}

/**
 * Opens a case for its customer: the case number and the phone it was registered with. An unknown number, a number of
 * another organisation and a wrong phone get the same answer (no way to learn which numbers exist). Failures are
 * counted per address and per case number; over the limit every attempt is refused, right or wrong.
 * @throws portal_tracking_failed, rate_limited
 */
export async function trackCase(pool: pg.Pool, slug: string, input: { number: string; phone: string; code?: string | undefined }, address: string) {
  const org = await findPortalOrg(pool, slug);
  const number = input.number.trim().toUpperCase();
  const attempt = await one<{ id: string }>(pool, 'insert into portal_attempts (org_id, case_number, address) values ($1, $2, $3) returning id', [org.id, number, address]);
  const counts = await one<{ by_address: number; by_number: number }>(
    pool,
    `select (select count(*)::int from portal_attempts where address = $1 and not ok and at > now() - make_interval(mins => $4)) as by_address,
            (select count(*)::int from portal_attempts where org_id = $2 and upper(case_number) = $3 and not ok and at > now() - make_interval(mins => $4)) as by_number`,
    [address, org.id, number, PORTAL_THROTTLE.windowMinutes],
  );
  if (counts!.by_address > PORTAL_THROTTLE.perAddress || counts!.by_number > PORTAL_THROTTLE.perNumber) {
    throw new AppError('rate_limited', { retry_after_seconds: PORTAL_THROTTLE.windowMinutes * 60 });
  }
  const phone = normalisePhone(input.phone.trim());
  const c = await one<{ id: string; customer_phone: string | null }>(pool, 'select id, customer_phone from cases where org_id = $1 and upper(number) = $2', [org.id, number]);
  const matches = c !== undefined && c.customer_phone !== null && c.customer_phone === phone && (await secondFactorOk(pool, org.id, number, phone, input.code));
  if (!c || !matches) throw new AppError('portal_tracking_failed');
  await pool.query('update portal_attempts set ok = true where id = $1', [attempt!.id]);
  const token = await issueToken(pool, org.id, c.id);
  return { ...token, case: await portalCaseView(pool, token.token) };
}

/** The customer's stage of a case, named in customer words by the portal's catalogue. */
export function customerStage(status: CaseStatus): PortalCaseView['stage'] {
  switch (status) {
    case 'registered':
      return 'received';
    case 'accepted':
    case 'assigned':
    case 'in_progress':
    case 'suspended':
      return 'in_progress';
    case 'resolved':
      return 'resolved';
    case 'visited':
    case 'closed':
      return 'closed';
    case 'merged':
      return 'merged';
    case 'withdrawn':
      return 'withdrawn';
  }
}

/**
 * What the customer sees of their case: its number, kind, subject, stage, when each stage was reached, and the
 * entries written for them (staff replies marked customer-visible, their own notes). Never who worked on it, internal
 * notes, the unit, or anything about other customers.
 */
export async function portalCaseView(db: Db, token: string | undefined): Promise<PortalCaseView> {
  const { actor, c } = await caseOfToken(db, token);
  const events = await many<{ at: Date; action: string; to_status: CaseStatus | null; note: string | null; customer_visible: boolean; mine: boolean }>(
    db,
    `select at, action, to_status, case when customer_visible then note end as note, customer_visible, actor_id = $3 as mine
       from case_events where org_id = $1 and case_id = $2 and (customer_visible or to_status is not null) order by id`,
    [c.org_id, c.id, actor.userId],
  );
  const progress: PortalCaseView['progress'] = [];
  let last: string | undefined;
  for (const e of events) {
    if (e.customer_visible) {
      progress.push({ at: e.at.toISOString(), type: e.mine ? 'customer_note' : 'reply', text: e.note ?? '' });
    } else if (e.to_status) {
      const stage = customerStage(e.to_status);
      if (stage !== last) progress.push({ at: e.at.toISOString(), type: 'stage', stage });
      last = stage;
    }
  }
  const photos = await one<{ n: number }>(db, 'select count(*)::int as n from attachments where org_id = $1 and case_id = $2 and uploaded_by = $3', [c.org_id, c.id, actor.userId]);
  const answered = await visitAnswered(db, c);
  return {
    number: c.number,
    kind: c.kind,
    subject: c.subject,
    submitted_at: c.created_at.toISOString(),
    stage: customerStage(c.status),
    photos: photos!.n,
    can_add_information: !['merged', 'withdrawn', 'closed'].includes(c.status),
    can_answer_visit: c.status === 'resolved' && !c.approval_pending && !answered,
    visit_answered: answered,
    progress,
  };
}

async function visitAnswered(db: Db, c: CaseRow): Promise<boolean> {
  const r = await one(db, 'select 1 from portal_visit_answers where org_id = $1 and case_id = $2 and reopen_count = $3', [c.org_id, c.id, c.reopen_count]);
  return r !== undefined;
}

/** Marks the actor's newest comment on a case (just written) as meant for the customer. */
async function markLastEventVisible(db: Db, orgId: string, caseId: string, actorId: string) {
  await db.query(
    `update case_events set customer_visible = true where org_id = $1 and id = (select max(id) from case_events
      where org_id = $1 and case_id = $2 and actor_id = $3 and action = 'comment')`,
    [orgId, caseId, actorId],
  );
}

/** The customer adds information: a note on the timeline (staff see it as a comment from the portal). */
export async function addCustomerNote(pool: pg.Pool, clock: Clock, token: string | undefined, note: string): Promise<PortalCaseView> {
  await withTx(pool, async (tx) => {
    const { actor, c } = await caseOfToken(tx, token, true);
    if (['merged', 'withdrawn', 'closed'].includes(c.status)) throw new AppError('portal_case_closed');
    await takeAction({ tx, actor, clock }, c.id, 'comment', { note });
    await markLastEventVisible(tx, c.org_id, c.id, actor.userId);
  });
  return portalCaseView(pool, token);
}

/** The customer adds a photo (images only, at most PORTAL_MAX_PHOTOS per case), stored as evidence. */
export async function addCustomerPhoto(pool: pg.Pool, clock: Clock, dataDir: string, token: string | undefined, file: { filename: string; mime: string; data: Buffer }) {
  return withTx(pool, async (tx) => {
    const { actor, c } = await caseOfToken(tx, token, true);
    if (['merged', 'withdrawn', 'closed'].includes(c.status)) throw new AppError('portal_case_closed');
    if (!file.mime.trim().toLowerCase().startsWith('image/')) throw new AppError('attachment_type_not_allowed', { allowed: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] }, { type: file.mime || '?' });
    const n = await one<{ n: number }>(tx, 'select count(*)::int as n from attachments where org_id = $1 and case_id = $2 and uploaded_by = $3', [c.org_id, c.id, actor.userId]);
    if (n!.n >= PORTAL_MAX_PHOTOS) throw new AppError('validation_failed', [{ path: 'body', code: 'too_many_photos', message: String(PORTAL_MAX_PHOTOS) }]);
    const a = await addAttachment({ tx, actor, clock }, dataDir, c.id, file);
    return { filename: a.filename, size: a.size };
  });
}

/**
 * The customer answers the return visit themselves (the three questions: reached — yes, it is them; resolved;
 * satisfied), once per resolution. It is the workflow's own visit step (method `message`): a dissatisfied answer
 * reopens the case as a staff visit would.
 * @throws portal_visit_unavailable (not resolved, awaiting approval, or already answered)
 */
export async function answerVisit(pool: pg.Pool, clock: Clock, token: string | undefined, body: PortalVisitRequest): Promise<PortalCaseView> {
  await withTx(pool, async (tx) => {
    const { actor, c } = await caseOfToken(tx, token, true);
    if (c.status !== 'resolved' || c.approval_pending || (await visitAnswered(tx, c))) throw new AppError('portal_visit_unavailable');
    await tx.query('insert into portal_visit_answers (org_id, case_id, reopen_count, answered_at) values ($1, $2, $3, $4)', [c.org_id, c.id, c.reopen_count, clock.now()]);
    const ctx: Ctx = { tx, actor, clock };
    await takeAction(ctx, c.id, 'visit', {
      version: c.version, reached: true, resolved: body.resolved, satisfaction: body.satisfaction, method: 'message',
      ...(body.comment ? { comment: body.comment } : {}),
    });
  });
  return portalCaseView(pool, token);
}

/** Staff write a progress note meant for the customer (shown in the portal); other notes stay internal. */
export async function replyToCustomer(ctx: Ctx, caseId: string, note: string) {
  await takeAction(ctx, caseId, 'comment', { note });
  await markLastEventVisible(ctx.tx, ctx.actor.orgId, caseId, ctx.actor.userId);
  return { ok: true as const };
}
