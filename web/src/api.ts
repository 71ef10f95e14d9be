/** The one typed client for the Qingting API (/api/v1): cookie session, Accept-Language from the UI language. */
import type { ActionName, ActionRequests, RegisterCaseRequest } from '@contract/cases.ts';
import type { CaseStatus, Locale, Role } from '@contract/enums.ts';
import type { CaseRecord } from '@contract/case-record.ts';
import type { AuthConfig } from '@contract/auth.ts';
import type { ErrorCode, ErrorIssue } from '@contract/errors.ts';
import type { z } from 'zod';

let locale: Locale = 'zh-CN';
export function setApiLocale(l: Locale) {
  locale = l;
}

/** An error the API answered with ({error:{code,message,details}}), or a network failure (code 'network'). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly details: ErrorIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Exported for feature modules with their own endpoints (analytics). */
export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'accept-language': locale,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data as { error?: { code?: ErrorCode; message?: string; details?: unknown } } | null)?.error;
    const details = Array.isArray(err?.details) ? (err.details as ErrorIssue[]) : [];
    throw new ApiError(res.status, err?.code ?? 'internal_error', err?.message ?? res.statusText, details);
  }
  return data as T;
}

export interface Me {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  unit_id: string;
  locale: Locale;
  /** Signed in with a generated or reset password: must change it before anything else. */
  must_change_password?: boolean;
}

export interface ClockView {
  kind?: string;
  state: 'running' | 'paused' | 'met' | 'breached' | string;
  due_at: string;
  original_due_at?: string;
  met_at?: string | null;
  breached_at?: string | null;
  remaining_minutes?: number | null;
  remaining_working_minutes?: number | null;
  remaining?: number | null;
  escalation_level?: number;
  /** The clock's measure: natural_* or working_* (remaining_minutes is in that measure). */
  target?: { unit?: string } | null;
}

/** The case's SLA, added by the SLA capability; `clocks` may be a list or keyed by clock kind. */
export interface SlaView {
  clocks?: ClockView[] | Record<string, ClockView>;
  escalation_level?: number;
}

/** A case as the API returns it: the shared record, with names resolved, the phone possibly masked, the
 * caller's abilities and the SLA view. */
export interface CaseSummary extends CaseRecord<string> {
  phone_masked: boolean;
  complained_unit_name: string | null;
  category_name: string | null;
  unit_name: string | null;
  department_name: string | null;
  handler_name: string | null;
  first_responder_name: string | null;
  abilities: string[];
  sla?: SlaView | null;
}

export interface TimelineEvent {
  id: number;
  at: string;
  action: string;
  from_status: CaseStatus | null;
  to_status: CaseStatus | null;
  note: string | null;
  /** What the step recorded beyond its note (e.g. a return visit's answers). */
  data?: unknown;
  actor: { id: string; display_name: string } | null;
}

export interface Attachment {
  id: string;
  filename: string;
  mime: string;
  size: number;
  created_at: string;
}

export interface CaseDetail extends CaseSummary {
  timeline: TimelineEvent[];
  attachments: Attachment[];
  merged_cases: { id: string; number: string; subject: string }[];
}

export interface Page<T> {
  items: T[];
  total: number;
  /** False when `total` is the planner's estimate (more than `total_capped_at` matches). */
  total_exact?: boolean;
  total_capped_at?: number;
  page: number;
  page_size: number;
}

export interface ListParams {
  q?: string;
  /** Queue filters (issue 9): server-side filters the SLA capability and the list add. */
  handler_id?: string;
  unit_id?: string;
  customer_id?: string;
  overdue?: '1';
  due_within_hours?: number;
  supervised?: '1';
  status?: string[];
  kind?: string[];
  severity?: string[];
  channel?: string[];
  sort?: string;
  /** Filters a drill-through from analytics carries (category_id, unit_id, handler_id, created_from, created_to). */
  scope?: Record<string, string>;
  page: number;
  page_size: number;
}

export interface Unit {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  /** false: deactivated (kept for old cases' paths; pickers leave it out). */
  active?: boolean;
}
export interface Category {
  id: string;
  parent_id: string | null;
  code: string;
  name_zh: string;
  name_en: string;
  active: boolean;
}
export interface User {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  unit_id: string;
  active: boolean;
}

/** Request bodies as the server's zod schemas take them (input side: defaults optional). */
export type ActionBody<A extends ActionName> = z.input<(typeof ActionRequests)[A]>;

function query(p: ListParams): string {
  const s = new URLSearchParams();
  if (p.q?.trim()) s.set('q', p.q.trim());
  for (const k of ['status', 'kind', 'severity', 'channel'] as const) if (p[k]?.length) s.set(k, p[k]!.join(','));
  for (const k of ['handler_id', 'unit_id', 'customer_id', 'overdue', 'due_within_hours', 'supervised'] as const) if (p[k] !== undefined) s.set(k, String(p[k]));
  for (const [k, v] of Object.entries(p.scope ?? {})) s.set(k, v);
  if (p.sort) s.set('sort', p.sort);
  s.set('page', String(p.page));
  s.set('page_size', String(p.page_size));
  return s.toString();
}

export interface Notification {
  id: string;
  case_id: string | null;
  kind: string;
  level: number | null;
  payload: Record<string, unknown>;
  created_at: string;
  acknowledged_at: string | null;
  read_at: string | null;
  /** Escalations and supervision notices are acknowledged (recorded on the case); the others are marked read. */
  needs_acknowledgement: boolean;
}

export interface Customer {
  id: string;
  name: string;
  phone: string | null;
  email?: string | null;
  address: string | null;
  room: string | null;
}

export interface BulkResult {
  results: { case_id: string; ok: boolean; number?: string; code?: string; message?: string }[];
  succeeded: number;
  failed: number;
}

export interface Phrase {
  id: string;
  text: string;
  kind: 'standard' | 'forbidden';
  scene?: string;
}

/** A user's own saved list filters (the case list's query string, e.g. { status: 'assigned', q: '电梯' }). */
export interface SavedView {
  id: string;
  name: string;
  query: Record<string, string>;
  created_at: string;
}

/** Uploads one evidence file to a case: the raw bytes as the body, the type as Content-Type (attachments.routes.ts). */
async function uploadAttachment(caseId: string, file: File): Promise<Attachment> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/cases/${encodeURIComponent(caseId)}/attachments?${new URLSearchParams({ filename: file.name }).toString()}`, {
      method: 'POST',
      credentials: 'same-origin',
      // Not JSON: a cookie-authenticated write must carry our header (server/auth.ts), so no other site can forge it.
      headers: { accept: 'application/json', 'accept-language': locale, 'content-type': file.type || 'application/octet-stream', 'x-requested-with': 'qingting' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data as { error?: { code?: ErrorCode; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'internal_error', err?.message ?? res.statusText, Array.isArray(err?.details) ? (err.details as ErrorIssue[]) : []);
  }
  return data as Attachment;
}

export const api = {
  uploadAttachment,
  phrases: () => request<{ items: Phrase[] }>('GET', '/phrases'),
  savedViews: () => request<{ items: SavedView[] }>('GET', '/saved-views'),
  saveView: (name: string, query: Record<string, string>) => request<SavedView>('POST', '/saved-views', { name, query }),
  deleteView: (id: string) => request<void>('DELETE', `/saved-views/${encodeURIComponent(id)}`),
  bulkAction: (body: { action: 'assign' | 'transfer'; case_ids: string[]; department_id: string; handler_id?: string; reason?: string }) =>
    request<BulkResult>('POST', '/cases/bulk-actions', body),
  customers: (q: string) => request<Page<Customer>>('GET', `/customers?${new URLSearchParams({ q, page_size: '10' }).toString()}`),
  notifications: () => request<{ items: Notification[]; unacknowledged: number }>('GET', '/notifications?limit=50'),
  replyToCustomer: (id: string, note: string) => request<{ ok: true }>('POST', `/cases/${encodeURIComponent(id)}/customer-replies`, { note }),
  acknowledge: (id: string) => request<Notification>('POST', `/notifications/${encodeURIComponent(id)}/acknowledge`, {}),
  markRead: (id: string) => request<Notification>('POST', `/notifications/${encodeURIComponent(id)}/read`, {}),
  login: (username: string, password: string) => request<{ user: Me }>('POST', '/auth/login', { username, password }),
  logout: () => request<void>('POST', '/auth/logout', {}),
  me: () => request<Me>('GET', '/auth/me'),
  /** The caller's row of the roles table (read, register, act, reveal, administer, audit). */
  abilities: () => request<{ abilities: string[]; org_wide: boolean; sees_contact: boolean }>('GET', '/abilities'),
  authConfig: () => request<AuthConfig>('GET', '/auth/config'),
  changePassword: (current_password: string, new_password: string) => request<void>('POST', '/auth/password', { current_password, new_password }),
  logoutAll: () => request<void>('POST', '/auth/logout-all', {}),
  listCases: (p: ListParams) => request<Page<CaseSummary>>('GET', `/cases?${query(p)}`),
  getCase: (id: string) => request<CaseDetail>('GET', `/cases/${encodeURIComponent(id)}`),
  act: <A extends ActionName>(id: string, action: A, body: ActionBody<A>) =>
    request<CaseSummary & { customer_phone?: string }>('POST', `/cases/${encodeURIComponent(id)}/actions/${action}`, body),
  register: (body: RegisterCaseRequest, idempotencyKey: string) =>
    request<CaseSummary & { related_open_cases?: unknown[] }>('POST', '/cases?related=true', body, { 'idempotency-key': idempotencyKey }),
  units: () => request<{ items: Unit[] }>('GET', '/units'),
  categories: () => request<{ items: Category[] }>('GET', '/categories'),
  users: () => request<{ items: User[] }>('GET', '/users'),
  registrationRules: () => request<{ required_fields: string[]; received_max_age_days: number }>('GET', '/registration-rules'),
  attachmentUrl: (caseId: string, attachmentId: string) =>
    `/api/v1/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}`,
};
