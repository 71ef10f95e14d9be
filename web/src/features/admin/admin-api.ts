/** The administration API the admin pages use (issue 9), on the shared client in ../../api.ts. */
import { request } from '../../api.ts';

export interface AdminUnit { id: string; parent_id: string | null; kind: string; name: string; code: string | null; is_complaint_center: boolean; active: boolean }
export interface AdminUser { id: string; username: string; display_name: string; roles: string[]; unit_id: string; locale: string; active: boolean; locked_at: string | null; must_change_password: boolean }
export interface AdminCategory { id: string; parent_id: string | null; code: string; name_zh: string; name_en: string; sort: number; active: boolean }
export interface CalendarDay { id: string; unit_id: string | null; date: string; kind: 'closed' | 'working'; source: 'official' | 'org' | 'unit'; name: string | null }
export interface Period { start: string; end: string }
export interface BusinessHours { id: string; unit_id: string | null; periods: Period[] }
export interface Phrase { id: string; text: string; kind: 'standard' | 'forbidden'; scene?: string }
export interface Target { amount: number; unit: string }
export interface Policy { id: string; name: string; priority: number; kind: string | null; severity: string | null; channel: string | null; unit_kind: string | null; targets: Record<string, Target>; max_extension: Target | null; ladder_id: string | null; active: boolean; source: string | null; family: string | null }
export interface Ladder { id: string; name: string; is_default: boolean; levels: { target: string; delay: Target }[] }
export interface PolicyInput {
  name: string; priority: number; kind?: string | null; severity?: string | null; channel?: string | null; unit_kind?: string | null;
  targets: Record<string, Target>; max_extension?: Target | null; ladder_id?: string | null; active?: boolean; family?: string | null;
}
export interface LadderInput { name: string; is_default?: boolean; levels: { target: string; delay: Target }[] }

/** The contract's values (src/contract/cases.ts), repeated here so the admin chunk does not bring zod along. */
export const SLA_UNITS = ['natural_hours', 'natural_days', 'working_hours', 'working_days', 'end_of_working_day'] as const;
export const CLOCK_KINDS = ['acknowledge', 'first_contact', 'resolve', 'visit', 'clarify'] as const;

const q = (p: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(p).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

export const adminApi = {
  units: () => request<{ items: AdminUnit[] }>('GET', '/units'),
  createUnit: (b: { parent_id: string; kind: string; name: string; code?: string }) => request<AdminUnit>('POST', '/admin/units', b),
  updateUnit: (id: string, b: { name?: string; code?: string | null; active?: boolean }) => request<AdminUnit>('PATCH', `/admin/units/${id}`, b),
  moveUnit: (id: string, parent_id: string) => request<AdminUnit>('POST', `/admin/units/${id}/move`, { parent_id }),
  users: () => request<{ items: AdminUser[] }>('GET', '/admin/users'),
  createUser: (b: { username: string; display_name: string; password: string; roles: string[]; unit_id: string }) => request<AdminUser>('POST', '/admin/users', b),
  updateUser: (id: string, b: { display_name?: string; roles?: string[]; unit_id?: string; active?: boolean }) => request<AdminUser>('PATCH', `/admin/users/${id}`, b),
  resetPassword: (id: string, password?: string) => request<{ temporary_password?: string }>('POST', `/admin/users/${id}/password`, password ? { password } : {}),
  unlock: (id: string) => request<void>('POST', `/admin/users/${id}/unlock`, {}),
  categories: () => request<{ items: AdminCategory[] }>('GET', '/categories'),
  createCategory: (b: { parent_id?: string; code: string; name_zh: string; name_en: string; sort?: number }) => request<AdminCategory>('POST', '/admin/categories', b),
  calendarDays: (year: number) => request<{ items: CalendarDay[]; known_years: number[]; years_without_official_data: number[] }>('GET', `/admin/calendar-days?${q({ year })}`),
  putCalendarDay: (b: { date: string; kind: 'closed' | 'working'; name?: string }) => request<CalendarDay>('POST', '/admin/calendar-days', b),
  deleteCalendarDay: (id: string) => request<void>('DELETE', `/admin/calendar-days/${id}`),
  businessHours: () => request<{ items: BusinessHours[] }>('GET', '/admin/business-hours'),
  putBusinessHours: (periods: Period[]) => request<BusinessHours>('PUT', '/admin/business-hours', { periods }),
  policies: () => request<{ items: Policy[] }>('GET', '/admin/sla-policies'),
  createPolicy: (b: PolicyInput) => request<Policy>('POST', '/admin/sla-policies', b),
  updatePolicy: (id: string, b: PolicyInput) => request<Policy>('PUT', `/admin/sla-policies/${id}`, b),
  deletePolicy: (id: string) => request<void>('DELETE', `/admin/sla-policies/${id}`),
  ladders: () => request<{ items: Ladder[] }>('GET', '/admin/escalation-ladders'),
  createLadder: (b: LadderInput) => request<Ladder>('POST', '/admin/escalation-ladders', b),
  updateLadder: (id: string, b: LadderInput) => request<Ladder>('PUT', `/admin/escalation-ladders/${id}`, b),
  recomputeStatus: () => request<{ pending: boolean; since: string | null }>('GET', '/admin/calendar-recompute'),
  slaFamily: () => request<{ family: string; trade: string; chosen: boolean }>('GET', '/admin/sla-family'),
  putSlaFamily: (family: string) => request<{ family: string; trade: string; chosen: boolean }>('PUT', '/admin/sla-family', { family }),
  slaSettings: () => request<{ warn_thresholds: number[]; time_zone: string }>('GET', '/admin/sla-settings'),
  putSlaSettings: (b: { warn_thresholds?: number[]; time_zone?: string }) => request<{ warn_thresholds: number[]; time_zone: string }>('PUT', '/admin/sla-settings', b),
  processSettings: () => request<Record<string, unknown> & { trade: string; required_fields: string[] }>('GET', '/admin/process-settings'),
  putProcessSettings: (b: Record<string, unknown>) => request<Record<string, unknown> & { trade: string; required_fields: string[] }>('PUT', '/admin/process-settings', b),
  authSettings: () => request<Record<string, unknown>>('GET', '/admin/auth-settings'),
  putAuthSettings: (b: Record<string, unknown>) => request<Record<string, unknown>>('PUT', '/admin/auth-settings', b),
  phrases: () => request<{ items: Phrase[] }>('GET', '/phrases'),
  createPhrase: (b: { text: string; kind: string; scene?: string | null }) => request<Phrase>('POST', '/admin/phrases', b),
  updatePhrase: (id: string, b: { text?: string; kind?: string; scene?: string | null }) => request<Phrase>('PATCH', `/admin/phrases/${id}`, b),
  deletePhrase: (id: string) => request<void>('DELETE', `/admin/phrases/${id}`),
  audit: (page: number) => request<{ items: Record<string, unknown>[]; total: number }>('GET', `/audit?${q({ page, page_size: 50 })}`),
  authLog: () => request<{ items: Record<string, unknown>[] }>('GET', '/admin/auth-log?limit=200'),
};
