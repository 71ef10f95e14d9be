/** Closed vocabularies shared by the API, the database and the UI (DOMAIN.md §1). */

export const CASE_KINDS = ['complaint', 'suggestion', 'inquiry', 'praise', 'request'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CHANNELS = [
  'phone', 'visit', 'letter', 'email', 'web', 'wechat', 'app', 'suggestion_box', 'media', 'hotline_transfer', 'other',
  // The customer portal (issue 9)
  'portal',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const SEVERITIES = ['minor', 'important', 'major', 'crisis'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VALIDITIES = ['pending', 'valid', 'invalid', 'malicious'] as const;
export type Validity = (typeof VALIDITIES)[number];

export const CASE_STATUSES = [
  'registered', 'accepted', 'assigned', 'in_progress', 'suspended', 'resolved', 'visited', 'closed', 'merged', 'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const ROLES = [
  'agent', 'handler', 'department_head', 'unit_manager', 'complaint_center', 'admin', 'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ['company', 'region', 'store', 'project', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const REMEDY_TYPES = [
  'apology', 'explanation', 'redo', 'replace', 'refund', 'discount', 'gift', 'repair', 'compensation',
] as const;
export type RemedyType = (typeof REMEDY_TYPES)[number];

export const CATEGORY_PRESETS = ['property_management', 'real_estate_agency', 'restaurant_hotel', 'retail'] as const;
export type CategoryPreset = (typeof CATEGORY_PRESETS)[number];

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

/** The rungs of the escalation ladder, bottom to top (DOMAIN.md §4). */
export const ESCALATION_TARGETS = ['handler', 'department_head', 'unit_manager', 'complaint_center'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/** The trade whose presets (time limits, required fields, approvals) an organisation adopts (DOMAIN.md §3). */
export const TRADES = ['property', 'general', 'agency_chain', 'restaurant'] as const;
export type Trade = (typeof TRADES)[number];

/** The 12345 return-visit answer on satisfaction (DOMAIN.md §2 return visit). */
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export const VISIT_METHODS = ['phone', 'visit', 'message'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];
