import { AppError } from '../../contract/errors.ts';
import { many, one, type Db } from '../../store/db.ts';

/** The events a message is sent for, customer-facing first. */
export const MESSAGE_EVENTS = [
  'acknowledged', 'progress', 'result', 'visit_invitation',
  'escalation', 'warning', 'supervision', 'surge_alert', 'fine_due', 'fine_overdue', 'corrective_overdue',
] as const;
export type MessageEvent = (typeof MESSAGE_EVENTS)[number];
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

/** The in-app notification kinds (notifications.kind) and the staff message each is sent as. */
export const KIND_EVENTS: Record<string, MessageEvent> = {
  sla_warning: 'warning',
  escalation: 'escalation',
  top_level: 'escalation',
  supervision: 'supervision',
  surge_alert: 'surge_alert',
  fine_due: 'fine_due',
  fine_overdue: 'fine_overdue',
  corrective_overdue: 'corrective_overdue',
};

export interface Template {
  subject: string;
  body: string;
}

/** The variables each template may use, for the admin API and the preview's sample. */
export const SAMPLE_VARIABLES: Record<string, string> = {
  org_name: '翠湖物业',
  case_number: 'QT-20261125-00042',
  subject: '3号楼电梯频繁故障',
  customer_name: '王先生',
  expected_at: '2026-11-27 18:00',
  status: 'in_progress',
  note: '维修班组已到场检修',
  result: '已更换电梯控制板',
  portal_link: 'https://example.org/portal/cuihu?case=QT-20261125-00042',
  level: '2',
  target: 'department_head',
  due_at: '2026-11-27 18:00',
  threshold: '0.8',
  amount: '200',
  count: '12',
};

const ZH: Record<MessageEvent, Template> = {
  acknowledged: { subject: '【{{org_name}}】已受理您的投诉 {{case_number}}', body: '{{customer_name}}您好，您反映的“{{subject}}”已登记，编号 {{case_number}}，预计 {{expected_at}} 前处理完毕。查询进度：{{portal_link}}' },
  progress: { subject: '【{{org_name}}】投诉 {{case_number}} 处理进展', body: '{{customer_name}}您好，您的投诉 {{case_number}} 有新进展：{{note}}。查询进度：{{portal_link}}' },
  result: { subject: '【{{org_name}}】投诉 {{case_number}} 已处理', body: '{{customer_name}}您好，您的投诉 {{case_number}} 已处理完毕：{{result}}。是否满意，请告诉我们：{{portal_link}}' },
  visit_invitation: { subject: '【{{org_name}}】请评价投诉 {{case_number}} 的处理', body: '{{customer_name}}您好，请告诉我们您对投诉 {{case_number}} 处理结果的意见：{{portal_link}}' },
  escalation: { subject: '投诉 {{case_number}} 已升级（第 {{level}} 级）', body: '投诉 {{case_number}}“{{subject}}”已超时，升级至第 {{level}} 级，期限 {{due_at}}。请立即处理。' },
  warning: { subject: '投诉 {{case_number}} 即将超时', body: '投诉 {{case_number}}“{{subject}}”将于 {{due_at}} 到期，请尽快处理。' },
  supervision: { subject: '投诉 {{case_number}} 督办通知', body: '投诉 {{case_number}}“{{subject}}”被督办：{{note}}' },
  surge_alert: { subject: '投诉量异常', body: '近期投诉量异常升高（{{count}} 件），请关注。' },
  fine_due: { subject: '投诉 {{case_number}} 罚款待缴', body: '投诉 {{case_number}} 的罚款 {{amount}} 元待缴，期限 {{due_at}}。' },
  fine_overdue: { subject: '投诉 {{case_number}} 罚款逾期', body: '投诉 {{case_number}} 的罚款 {{amount}} 元已逾期未缴。' },
  corrective_overdue: { subject: '投诉 {{case_number}} 整改逾期', body: '投诉 {{case_number}} 的整改措施已逾期（期限 {{due_at}}）。' },
};

const EN: Record<MessageEvent, Template> = {
  acknowledged: { subject: '[{{org_name}}] We have received your complaint {{case_number}}', body: 'Dear {{customer_name}}, your complaint "{{subject}}" is registered as {{case_number}}. We expect to resolve it by {{expected_at}}. Follow it at {{portal_link}}' },
  progress: { subject: '[{{org_name}}] Progress on complaint {{case_number}}', body: 'Dear {{customer_name}}, there is progress on your complaint {{case_number}}: {{note}}. Follow it at {{portal_link}}' },
  result: { subject: '[{{org_name}}] Complaint {{case_number}} resolved', body: 'Dear {{customer_name}}, your complaint {{case_number}} has been resolved: {{result}}. Tell us whether you are satisfied: {{portal_link}}' },
  visit_invitation: { subject: '[{{org_name}}] How did we handle complaint {{case_number}}?', body: 'Dear {{customer_name}}, please tell us what you think of how complaint {{case_number}} was handled: {{portal_link}}' },
  escalation: { subject: 'Complaint {{case_number}} escalated (level {{level}})', body: 'Complaint {{case_number}} "{{subject}}" is overdue and escalated to level {{level}} (due {{due_at}}). Please act now.' },
  warning: { subject: 'Complaint {{case_number}} is nearly due', body: 'Complaint {{case_number}} "{{subject}}" is due at {{due_at}}. Please act soon.' },
  supervision: { subject: 'Supervision notice for complaint {{case_number}}', body: 'Complaint {{case_number}} "{{subject}}" is under supervision: {{note}}' },
  surge_alert: { subject: 'Complaint surge', body: 'Complaints have risen sharply ({{count}} recently). Please take a look.' },
  fine_due: { subject: 'Fine due for complaint {{case_number}}', body: 'A fine of {{amount}} yuan for complaint {{case_number}} is due by {{due_at}}.' },
  fine_overdue: { subject: 'Fine overdue for complaint {{case_number}}', body: 'The fine of {{amount}} yuan for complaint {{case_number}} is overdue.' },
  corrective_overdue: { subject: 'Corrective action overdue for complaint {{case_number}}', body: 'The corrective action for complaint {{case_number}} is overdue (due {{due_at}}).' },
};

export const DEFAULT_TEMPLATES: Record<Locale, Record<MessageEvent, Template>> = { 'zh-CN': ZH, 'en-US': EN };

/** Fills `{{name}}` placeholders; an unknown variable renders empty (never the raw placeholder to a customer). */
export function render(text: string, vars: Record<string, unknown>): string {
  return text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_m, name: string) => {
    const v = vars[name];
    return v === undefined || v === null ? '' : String(v);
  });
}

export const isEvent = (s: string): s is MessageEvent => (MESSAGE_EVENTS as readonly string[]).includes(s);
export const isLocale = (s: string): s is Locale => (LOCALES as readonly string[]).includes(s);

/** The organisation's template for an event, else the default. */
export async function templateFor(db: Db, orgId: string, event: string, locale: string): Promise<Template> {
  const loc: Locale = isLocale(locale) ? locale : 'zh-CN';
  const own = await one<Template>(db, 'select subject, body from message_templates where org_id = $1 and event = $2 and locale = $3', [orgId, event, loc]);
  if (own) return own;
  if (!isEvent(event)) throw new Error(`no template for event ${event}`);
  return DEFAULT_TEMPLATES[loc][event];
}

export interface TemplateView {
  event: MessageEvent;
  locale: Locale;
  subject: string;
  body: string;
  customised: boolean;
  /** The variables the default wording of this event uses (each has a sample in SAMPLE_VARIABLES), for the editor. */
  variables: string[];
}

/** The `{{name}}` variables an event's default wording uses (both languages), org_name first. */
export function variablesOf(event: MessageEvent): string[] {
  const found = new Set<string>(['org_name']);
  for (const loc of LOCALES) {
    const t = DEFAULT_TEMPLATES[loc][event];
    for (const m of `${t.subject} ${t.body}`.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)) found.add(m[1]!);
  }
  return [...found];
}

/** Every event × locale, the organisation's own wording where it has one. */
export async function listTemplates(db: Db, orgId: string): Promise<TemplateView[]> {
  const own = await many<{ event: string; locale: string; subject: string; body: string }>(db, 'select event, locale, subject, body from message_templates where org_id = $1', [orgId]);
  const byKey = new Map(own.map((t) => [`${t.event}|${t.locale}`, t]));
  const out: TemplateView[] = [];
  for (const event of MESSAGE_EVENTS) {
    for (const locale of LOCALES) {
      const t = byKey.get(`${event}|${locale}`);
      out.push({ event, locale, subject: t?.subject ?? DEFAULT_TEMPLATES[locale][event].subject, body: t?.body ?? DEFAULT_TEMPLATES[locale][event].body, customised: t !== undefined, variables: variablesOf(event) });
    }
  }
  return out;
}

function assertKey(event: string, locale: string): asserts event is MessageEvent {
  if (!isEvent(event) || !isLocale(locale)) throw new AppError('not_found');
}

/** Saves the organisation's wording (null subject/body: back to the default). */
export async function saveTemplate(db: Db, orgId: string, event: string, locale: string, t: Template | null): Promise<TemplateView> {
  assertKey(event, locale);
  if (t === null) {
    await db.query('delete from message_templates where org_id = $1 and event = $2 and locale = $3', [orgId, event, locale]);
  } else {
    await db.query(
      `insert into message_templates (org_id, event, locale, subject, body) values ($1, $2, $3, $4, $5)
       on conflict (org_id, event, locale) do update set subject = excluded.subject, body = excluded.body, updated_at = now()`,
      [orgId, event, locale, t.subject, t.body],
    );
  }
  const now = await templateFor(db, orgId, event, locale);
  return { event, locale: locale as Locale, ...now, customised: t !== null, variables: variablesOf(event) };
}

/** Renders a template (the given wording, else the saved one) with sample variables overridden by `vars`. */
export async function previewTemplate(db: Db, orgId: string, event: string, locale: string, input: { subject?: string | undefined; body?: string | undefined; variables?: Record<string, string> | undefined }): Promise<Template> {
  assertKey(event, locale);
  const saved = await templateFor(db, orgId, event, locale);
  const vars = { ...SAMPLE_VARIABLES, ...(input.variables ?? {}) };
  return { subject: render(input.subject ?? saved.subject, vars), body: render(input.body ?? saved.body, vars) };
}
