import { createHash } from 'node:crypto';
import type { RegisterCaseRequest } from '../../contract/cases.ts';
import { AppError, type ErrorIssue } from '../../contract/errors.ts';
import { missingRequiredFields, receivedTimeIssues } from '../../domain/process-rules.ts';
import { one, type Db } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import { loadProcessSettings } from '../orgs/process-settings.ts';
import type { OrgConfig } from '../orgs/org-config.ts';
import { assertCategory, assertUnit, invalidRef } from '../refs.ts';

export const requestHash = (input: RegisterCaseRequest) => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/**
 * Checks a registration against the organisation's rules before anything is written or a number is taken:
 * the required fields of its preset ("业主姓名、房间号、电话必填", 004; "登记投诉：不缺项", 003 第二篇 2.1), a
 * received time neither in the future nor older than the organisation accepts, a requested deadline after it,
 * and references that exist. Lists every field issue at once. Returns the customer as registered: what the
 * request says, completed from the record of a known customer picked by id.
 * @throws validation_failed, invalid_reference
 */
export async function checkRegistration(
  db: Db, actor: Actor, now: Date, input: RegisterCaseRequest, opts: { selfService?: boolean; config?: OrgConfig } = {},
): Promise<RegisterCaseRequest['customer']> {
  const cfg = opts.config;
  const settings = cfg?.settings ?? (await loadProcessSettings(db, actor.orgId));
  // A known customer picked by id brings what is on record (phone, room…): the form need not ask for it again.
  const stored = input.customer.id
    ? await one<Record<string, string | null>>(db, 'select name, phone, room, address, email from customers where org_id = $1 and id = $2', [actor.orgId, input.customer.id])
    : undefined;
  const known = stored ? Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== null)) : {};
  const filled = { ...input, customer: { ...known, ...input.customer } };
  // A customer writing in by themselves (WeChat, issue 11) cannot be made to fill in the desk's required fields:
  // staff complete them on the case.
  const issues: ErrorIssue[] = (opts.selfService ? [] : missingRequiredFields(settings, filled)).map((path) => ({ path, code: 'required', message: 'required' }));
  const received = input.received_at ? new Date(input.received_at) : undefined;
  const due = input.requested_due_at ? new Date(input.requested_due_at) : undefined;
  for (const i of receivedTimeIssues(now, settings.received_max_age_days, received, due)) {
    issues.push({ path: i.path, code: i.code, message: i.code === 'too_old' ? String(settings.received_max_age_days) : i.code });
  }
  // What happened cannot have happened after it was reported (a minute of grace for the desk's clock).
  if (input.occurred_at && new Date(input.occurred_at).getTime() > (received ?? now).getTime() + 60_000) {
    issues.push({ path: 'occurred_at', code: 'in_future', message: 'in_future' });
  }
  if (issues.length > 0) throw new AppError('validation_failed', issues);
  // With the organisation's configuration in hand (org-config.ts), units and categories are checked in memory.
  const unit = async (id: string, path: string) => {
    if (!cfg) await assertUnit(db, actor.orgId, id, path);
    else if (!cfg.units.has(id)) throw invalidRef('unit', path, id);
  };
  if (input.unit_id) await unit(input.unit_id, 'unit_id');
  if (input.category_id) {
    if (!cfg) await assertCategory(db, actor.orgId, input.category_id, 'category_id');
    else if (!cfg.categories.get(input.category_id)?.active) throw invalidRef('category', 'category_id', input.category_id);
  }
  if (input.complained_unit_id) await unit(input.complained_unit_id, 'complained_unit_id');
  if (input.customer.id && !stored) throw invalidRef('customer', 'customer.id', input.customer.id);
  return filled.customer as RegisterCaseRequest['customer'];
}

/**
 * Whether the request replays one already registered under the same idempotency key (so no new number is
 * needed). @throws idempotency_key_reused when the key came with a different request
 */
export async function isReplay(db: Db, actor: Actor, key: string | undefined, input: RegisterCaseRequest): Promise<boolean> {
  if (!key) return false;
  const prior = await one<{ request_hash: string; case_id: string | null }>(
    db,
    'select request_hash, case_id from idempotency_keys where org_id = $1 and user_id = $2 and key = $3',
    [actor.orgId, actor.userId, key],
  );
  if (!prior) return false;
  if (prior.request_hash !== requestHash(input)) throw new AppError('idempotency_key_reused');
  return prior.case_id !== null;
}
