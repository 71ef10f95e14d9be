import type { CaseKind, Role, Satisfaction, Severity, Trade } from '../contract/enums.ts';
import type { ApprovalPending } from '../contract/case-record.ts';
import type { ProcessSettings } from '../contract/process-settings.ts';

export type { ApprovalPending };

/**
 * The process rules an organisation sets (DOMAIN.md §2), as data with a preset per trade: which registration
 * fields are required ("业主姓名、房间号、电话必填", 004), how old a received time may be (001 八.2 keeps
 * records a year), which resolutions need the department head's sign-off (003 第二篇 3.5.3, 004 "签字认可"),
 * and each role's authority limit on compensation (001 原则 5). `null` as a limit means unlimited.
 */
const GENERAL_LIMITS: ProcessSettings['authority_limits'] = {
  agent: 0, handler: 200, department_head: 1000, unit_manager: 5000, complaint_center: null, admin: null,
};

export const PROCESS_PRESETS: Record<Trade, ProcessSettings> = {
  property: {
    required_fields: ['customer.name', 'customer.room', 'customer.phone'],
    received_max_age_days: 365,
    signoff: [{ kinds: ['complaint'], severities: ['important', 'major', 'crisis'] }],
    authority_limits: GENERAL_LIMITS,
  },
  general: {
    required_fields: ['customer.name'],
    received_max_age_days: 365,
    signoff: [],
    authority_limits: GENERAL_LIMITS,
  },
  agency_chain: {
    required_fields: ['customer.name', 'customer.phone'],
    received_max_age_days: 365,
    signoff: [{ kinds: ['complaint'], severities: ['important', 'major', 'crisis'] }],
    authority_limits: GENERAL_LIMITS,
  },
  restaurant: {
    required_fields: ['customer.name'],
    received_max_age_days: 365,
    signoff: [{ kinds: ['complaint'], severities: ['major', 'crisis'] }],
    authority_limits: { ...GENERAL_LIMITS, handler: 100, department_head: 500 },
  },
};

/** The fields a registration may be asked to carry (paths as in the register request). */
export const REQUIRABLE_FIELDS = [
  'customer.name', 'customer.phone', 'customer.room', 'customer.address', 'customer.email',
  'occurred_at', 'occurred_place', 'complained_party', 'desired_outcome', 'category_id', 'external_ref',
] as const;

/** Required fields the request leaves empty, as paths (every one, so the form can mark them all). */
export function missingRequiredFields(settings: Pick<ProcessSettings, 'required_fields'>, input: Record<string, unknown>): string[] {
  return settings.required_fields.filter((path) => {
    let v: unknown = input;
    for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  });
}

/** What is wrong with the received time and the requested deadline, as issue codes by path. */
export function receivedTimeIssues(
  now: Date, maxAgeDays: number, receivedAt: Date | undefined, requestedDueAt: Date | undefined,
): { path: string; code: 'in_future' | 'too_old' | 'not_after_received' }[] {
  const issues: { path: string; code: 'in_future' | 'too_old' | 'not_after_received' }[] = [];
  // A minute of grace: the desk's clock and ours may differ by seconds.
  if (receivedAt && receivedAt.getTime() > now.getTime() + 60_000) issues.push({ path: 'received_at', code: 'in_future' });
  if (receivedAt && now.getTime() - receivedAt.getTime() > maxAgeDays * 86_400_000) issues.push({ path: 'received_at', code: 'too_old' });
  const start = receivedAt ?? now;
  if (requestedDueAt && requestedDueAt.getTime() <= start.getTime()) issues.push({ path: 'requested_due_at', code: 'not_after_received' });
  return issues;
}

export function needsSignoff(settings: Pick<ProcessSettings, 'signoff'>, kind: CaseKind, severity: Severity): boolean {
  return settings.signoff.some((r) => r.kinds.includes(kind) && r.severities.includes(severity));
}

/** Whether any of `roles` may promise `amount` (the highest limit among them counts; null = unlimited). */
export function withinAuthority(limits: ProcessSettings['authority_limits'], roles: readonly Role[], amount: number): boolean {
  return roles.some((r) => {
    const limit = limits[r as keyof typeof limits];
    return limit === null || (limit !== undefined && amount <= limit);
  });
}

/** The roles whose limit covers `amount`: who may approve it. */
export function rolesWithAuthority(limits: ProcessSettings['authority_limits'], amount: number): Role[] {
  return (Object.keys(limits) as Role[]).filter((r) => withinAuthority(limits, [r], amount));
}


/** Who is approving: their roles and whether their scope holds a unit. */
export interface Approver {
  roles: readonly Role[];
  inScope: (unitId: string) => boolean;
}

/** The parts of a pending approval this approver satisfies: sign-off by the head of the resolving
 * department; authority by a role whose limit covers the amount. */
export function approvalPartsFor(p: ApprovalPending | null, who: Approver): ('signoff' | 'authority')[] {
  if (!p) return [];
  const parts: ('signoff' | 'authority')[] = [];
  if (p.signoff && who.roles.includes('department_head') && who.inScope(p.signoff.department_id)) parts.push('signoff');
  if (p.authority && who.roles.some((r) => p.authority!.roles.includes(r))) parts.push('authority');
  return parts;
}

/** A return visit reopens the case when the customer is dissatisfied or says it is not resolved (12345
 * practice; DOMAIN.md §2 return visit). A customer not reached says nothing either way. */
export function isDissatisfied(v: { reached: boolean; resolved?: boolean | undefined; satisfaction?: Satisfaction | undefined }): boolean {
  if (!v.reached) return false;
  return v.resolved === false || v.satisfaction === 'dissatisfied';
}
