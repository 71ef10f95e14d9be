import type { CaseKind, Channel, Severity, UnitKind } from '../contract/enums.ts';
import type { ClockKind, SlaTarget } from './sla.ts';

/**
 * Time-limit presets (DOMAIN.md §3) as plain data, one family per trade. An organisation adopts ONE family and
 * triage (kind, severity, category) picks a row within it, so one seed's limits are never swapped for another's:
 * a general complaint on 001's 3 working days never becomes 004's "2 days" because someone set a severity.
 * Rows without a family (inquiry, return visit, acknowledgement) hold in every family.
 */

import { EXTENSION_APPROVERS, SLA_FAMILIES } from '../contract/sla.ts';

export { EXTENSION_APPROVERS, SLA_FAMILIES };
export type SlaFamily = (typeof SLA_FAMILIES)[number];

/**
 * Who decides an extension request (004 五: "超时需经管理处经理批准" for minor complaints — the manager of the
 * case's project; "物业公司经理" for important ones — the company's manager).
 */
export type ExtensionApprover = (typeof EXTENSION_APPROVERS)[number];

/** The facts of a case a preset can match on; an absent field in `match` matches anything. */
export interface SlaFacts {
  kind?: CaseKind;
  severity?: Severity | null;
  category?: string | null;
  channel?: Channel;
  unitKind?: UnitKind;
}

export interface SlaPreset {
  name: string;
  /** The family the row belongs to; absent: every family. */
  family?: SlaFamily;
  match: { kind?: CaseKind; severity?: Severity; category?: string; channel?: Channel; unitKind?: UnitKind };
  /** Higher wins: for each clock kind, the highest-order matching preset that sets a target decides it. */
  order: number;
  targets: Partial<Record<ClockKind, SlaTarget>>;
  /** Most extra time an extension may add to the resolve clock, on top of its target (absent: none allowed). */
  maxExtension?: SlaTarget;
  /** Who approves an extension of the resolve clock. */
  extensionApprover?: ExtensionApprover;
  /** The case moves to the company complaint center when the resolve clock fails or the customer is dissatisfied. */
  takeover?: boolean;
  /** A dissatisfied return visit raises the case to this severity (restaurant: 一类 → 二类). */
  dissatisfiedSeverity?: Severity;
  /** Seed reference, for the settings screen. */
  source: string;
}

export const SLA_PRESETS: readonly SlaPreset[] = [
  {
    name: 'return_visit', match: {}, order: 0, source: '004 流程图',
    targets: { visit: { amount: 24, unit: 'natural_hours' } },
  },
  {
    // Above every family's complaint rows, and matched on kind, so no severity turns 24 h into days.
    name: 'inquiry', match: { kind: 'inquiry' }, order: 25, source: '001 三.3',
    targets: { resolve: { amount: 24, unit: 'natural_hours' } },
  },
  // General enterprise (001).
  {
    name: 'general_complaint', family: 'general', match: { kind: 'complaint' }, order: 10, source: '001 四',
    targets: { resolve: { amount: 3, unit: 'working_days' } },
    maxExtension: { amount: 4, unit: 'working_days' }, // special cases: 7 working days in all
    extensionApprover: 'department_head',
  },
  {
    // 001 三.2 promises a reply date without a figure: 5 working days by default; a date the customer was
    // promised (requested_due_at) counts when sooner.
    name: 'general_suggestion', family: 'general', match: { kind: 'suggestion' }, order: 10, source: '001 三.2',
    targets: { resolve: { amount: 5, unit: 'working_days' } },
  },
  // Property management (004 五): natural days.
  {
    // Before triage a complaint runs on the table's shortest row.
    name: 'property_complaint', family: 'property', match: { kind: 'complaint' }, order: 10, source: '004 五',
    targets: { resolve: { amount: 2, unit: 'natural_days' } },
    maxExtension: { amount: 3, unit: 'natural_days' }, extensionApprover: 'project_manager',
  },
  {
    name: 'minor', family: 'property', match: { kind: 'complaint', severity: 'minor' }, order: 20, source: '004 五',
    targets: { resolve: { amount: 2, unit: 'natural_days' } },
    maxExtension: { amount: 3, unit: 'natural_days' }, extensionApprover: 'project_manager',
  },
  {
    name: 'important', family: 'property', match: { kind: 'complaint', severity: 'important' }, order: 20, source: '004 五',
    targets: { resolve: { amount: 3, unit: 'natural_days' } },
    maxExtension: { amount: 7, unit: 'natural_days' }, extensionApprover: 'company_manager',
  },
  {
    name: 'major', family: 'property', match: { kind: 'complaint', severity: 'major' }, order: 20, source: '004 五',
    targets: { first_contact: { amount: 2, unit: 'natural_days' }, resolve: { amount: 10, unit: 'natural_days' } },
  },
  {
    name: 'crisis', family: 'property', match: { kind: 'complaint', severity: 'crisis' }, order: 20, source: '004 五 (as major)',
    targets: { first_contact: { amount: 2, unit: 'natural_days' }, resolve: { amount: 10, unit: 'natural_days' } },
  },
  // Real-estate agency chain (003 第一篇).
  {
    name: 'real_estate_store', family: 'agency_chain', match: { kind: 'complaint' }, order: 10, source: '003 第一篇 三(三)',
    targets: { resolve: { amount: 5, unit: 'working_days' } },
    takeover: true,
  },
  {
    // Only seed 003 has a media rule, so it holds in every family. The clarify clock starts when the report is
    // judged false; not clarified in time, the exposure is treated as true.
    name: 'media_exposure', match: { channel: 'media' }, order: 40, source: '003 第一篇 二(一)',
    targets: { clarify: { amount: 5, unit: 'natural_days' } },
  },
  // Restaurant (003 第三篇): the seed gives no figure ("要立即行动…决不要拖延时间"); the same working day by default.
  {
    name: 'restaurant_complaint', family: 'restaurant', match: { kind: 'complaint' }, order: 10, source: '003 第三篇 第一类抱怨',
    targets: { resolve: { amount: 1, unit: 'end_of_working_day' } },
    dissatisfiedSeverity: 'important',
  },
  {
    name: 'restaurant_second_class', family: 'restaurant', match: { kind: 'complaint', severity: 'important' }, order: 20, source: '003 第三篇 第二类抱怨',
    targets: { resolve: { amount: 1, unit: 'end_of_working_day' } },
  },
];

function matches(preset: SlaPreset, facts: SlaFacts): boolean {
  const m = preset.match;
  return (
    (m.kind === undefined || m.kind === facts.kind) &&
    (m.severity === undefined || m.severity === facts.severity) &&
    (m.category === undefined || m.category === facts.category) &&
    (m.channel === undefined || m.channel === facts.channel) &&
    (m.unitKind === undefined || m.unitKind === facts.unitKind)
  );
}

export interface ResolvedTargets {
  targets: Partial<Record<ClockKind, SlaTarget>>;
  /** Which preset decided each clock kind. */
  presets: Partial<Record<ClockKind, string>>;
  /** The extension limit of the preset that decided the resolve clock. */
  maxExtension: SlaTarget | null;
  /** The rules of the preset that decided the resolve clock. */
  extensionApprover: ExtensionApprover | null;
  takeover: boolean;
  dissatisfiedSeverity: Severity | null;
}

/**
 * The targets that apply to a case: per clock kind, the highest-order matching preset (ties: first listed), among
 * the rows of `family` and the rows of no family. Without a family every row competes (as before families).
 */
export function resolveTargets(presets: readonly SlaPreset[], facts: SlaFacts, family?: SlaFamily): ResolvedTargets {
  const ranked = presets
    .map((preset, index) => ({ preset, index }))
    .filter(({ preset }) => (!family || !preset.family || preset.family === family) && matches(preset, facts))
    .sort((a, b) => b.preset.order - a.preset.order || a.index - b.index);
  const result: ResolvedTargets = { targets: {}, presets: {}, maxExtension: null, extensionApprover: null, takeover: false, dissatisfiedSeverity: null };
  for (const { preset } of ranked) {
    for (const [kind, target] of Object.entries(preset.targets) as [ClockKind, SlaTarget][]) {
      if (result.targets[kind]) continue;
      result.targets[kind] = target;
      result.presets[kind] = preset.name;
      if (kind === 'resolve') {
        result.maxExtension = preset.maxExtension ?? null;
        result.extensionApprover = preset.extensionApprover ?? null;
        result.takeover = preset.takeover ?? false;
        result.dissatisfiedSeverity = preset.dissatisfiedSeverity ?? null;
      }
    }
  }
  return result;
}
