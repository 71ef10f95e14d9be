import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { many, one, withTx, type Db } from '../../store/db.ts';
import { loadChannels, type ChannelName, type ChannelRow } from './channels.ts';
import { KIND_EVENTS, render, templateFor } from './templates.ts';
import { loadUnitRobot } from './unit-robots.ts';
import { sendWechatTemplate, type WechatOutConfig } from './wechat-out.ts';
import { aliyunSms, sendDingtalk, sendEmail, sendWebhook, sendWecom, type AliyunSmsConfig, type DeliveryResult, type EmailConfig } from './transports.ts';

/** Customer-facing events and the webhook event each also raises. */
export type CaseMessageEvent = 'acknowledged' | 'progress' | 'result' | 'visit_invitation';
const WEBHOOK_EVENT: Record<CaseMessageEvent, string> = {
  acknowledged: 'case.registered',
  progress: 'case.progress',
  result: 'case.resolved',
  visit_invitation: 'case.visit_invitation',
};

/** The lifecycle steps the customer is told of: work started, the result, then the return-visit invitation
 * (with the portal link) once the result has been fed back. */
export const CUSTOMER_MESSAGES: Partial<Record<string, CaseMessageEvent>> = { start: 'progress', resolve: 'result', feedback: 'visit_invitation' };

/** How many times a message is tried before it becomes a dead letter, and the backoff between tries. */
export const MAX_ATTEMPTS = 6;
export const backoffMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);
const LEASE_MS = 5 * 60_000;

/**
 * Queues a message to the case's customer (and the webhook subscribers of its event) in the caller's transaction,
 * in ONE statement. The channel is the customer's preferred one when the organisation has it enabled and the
 * customer can be reached on it, else SMS, else e-mail, else a WeChat template message (a follower whose OpenID the
 * callback recorded, when the organisation has a template for the event); nothing when none fits or the customer
 * asked not to be told (`none`). Written in the customer's language. `key` makes it idempotent (default: one message
 * per event and case).
 */
export async function enqueueCaseMessage(db: Db, m: { orgId: string; caseId: string; event: CaseMessageEvent; at: Date; note?: string | null; key?: string }): Promise<void> {
  const params: unknown[] = [];
  await db.query(caseMessageSql(m, params), params);
}

/** The insert of enqueueCaseMessage as SQL, its parameters appended to `params`. `cases` names where the case row is
 * read: the table, or a CTE of the statement that inserts the case (the registration's, issue 8) — then nothing is
 * queued when that CTE wrote no case. */
export function caseMessageSql(
  m: { orgId: string; caseId: string; event: CaseMessageEvent; at: Date; note?: string | null; key?: string }, params: unknown[], cases = 'cases',
): string {
  const key = m.key ?? `${m.event}:${m.caseId}`;
  const b = params.length;
  params.push(m.orgId, m.caseId, m.event, JSON.stringify(m.note ? { note: m.note } : {}), key, m.at, WEBHOOK_EVENT[m.event]);
  const p = (n: number) => `$${b + n}`;
  return `insert into outbox (org_id, id, channel, event, recipient, subscription_id, address, case_id, locale, payload, dedupe_key, next_attempt_at, created_at)
     select c.org_id, gen_random_uuid(), ch.channel, ${p(3)}, 'customer', null::uuid,
            case ch.channel when 'sms' then c.customer_phone when 'email' then c.customer_email else cu.wechat_openid end,
            c.id, coalesce(cu.locale, 'zh-CN'), ${p(4)}::jsonb, 'c:' || ${p(5)}, ${p(6)}::timestamptz, ${p(6)}::timestamptz
       from ${cases} c left join customers cu on cu.org_id = c.org_id and cu.id = c.customer_id
       cross join lateral (
         select coalesce(array_agg(channel), '{}') as on from notify_channels
          where org_id = c.org_id and enabled and (channel in ('sms', 'email') or (channel = 'wechat' and coalesce(config->'template_ids'->>${p(3)}, '') <> ''))
       ) e
       cross join lateral (
         select case
           when cu.preferred_channel = 'none' then null
           when cu.preferred_channel = 'email' and c.customer_email is not null and 'email' = any(e.on) then 'email'
           when cu.preferred_channel = 'sms' and c.customer_phone is not null and 'sms' = any(e.on) then 'sms'
           when cu.preferred_channel = 'wechat' and cu.wechat_openid is not null and 'wechat' = any(e.on) then 'wechat'
           when c.customer_phone is not null and 'sms' = any(e.on) then 'sms'
           when c.customer_email is not null and 'email' = any(e.on) then 'email'
           when cu.wechat_openid is not null and 'wechat' = any(e.on) then 'wechat' end as channel
       ) ch
      where c.org_id = ${p(1)} and c.id = ${p(2)} and ch.channel is not null
     union all
     select s.org_id, gen_random_uuid(), 'webhook', ${p(7)}, 'subscriber', s.id, null, ${p(2)}, 'zh-CN', ${p(4)}::jsonb, 'w:' || s.id || ':' || ${p(5)}, ${p(6)}, ${p(6)}
       from webhook_subscriptions s where s.org_id = ${p(1)} and s.active and (${p(7)} = any(s.events) or '*' = any(s.events))${cases === 'cases' ? '' : `
        and exists (select 1 from ${cases})`}
     on conflict (org_id, dedupe_key) do nothing`;
}

/**
 * Hands the in-app notifications not yet delivered to the outbox: one message per event (not per recipient) to
 * each staff group robot kind (DingTalk, WeCom), and to webhook subscribers of `notification.<kind>`; marks them
 * delivered (they are in the recipients' inboxes). The robot is the nearest unit's up the tree from the case's
 * department (else its unit) that has one enabled, else the organisation's. Claimed with SKIP LOCKED, so two
 * dispatchers never hand one over twice.
 */
export async function bridgeNotifications(pool: pg.Pool, now: Date, orgId?: string): Promise<number> {
  const kinds = Object.keys(KIND_EVENTS);
  const r = await one<{ n: number }>(
    pool,
    `with n as (
       select org_id, id, case_id, kind, dedupe_key, payload, created_at from notifications
        where delivered_at is null and ($3::uuid is null or org_id = $3) order by created_at limit 500 for update skip locked),
     u as (update notifications x set delivered_at = $1, attempts = x.attempts + 1 from n where x.org_id = n.org_id and x.id = n.id),
     fresh as (select distinct on (org_id, dedupe_key) * from n where kind = any($2) and created_at > $1::timestamptz - interval '1 day'),
     g as (insert into outbox (org_id, id, channel, event, recipient, case_id, payload, dedupe_key, next_attempt_at, created_at, robot_unit_id)
           select f.org_id, gen_random_uuid(), r.channel, f.kind, 'group', f.case_id, f.payload, 'n:' || f.dedupe_key || ':' || r.channel, $1, $1, r.unit_id
             from fresh f
             left join cases c on c.org_id = f.org_id and c.id = f.case_id
             left join units u on u.org_id = c.org_id and u.id = coalesce(c.department_id, c.unit_id)
             cross join lateral (
               select distinct on (x.channel) x.channel, x.unit_id from (
                 select ur.channel, ur.unit_id, array_position(u.path, ur.unit_id) as depth
                   from unit_robots ur where ur.org_id = f.org_id and ur.enabled and ur.unit_id = any(u.path)
                 union all
                 select ch.channel, null::uuid, 0 from notify_channels ch where ch.org_id = f.org_id and ch.enabled and ch.channel in ('dingtalk', 'wecom')
               ) x order by x.channel, x.depth desc
             ) r
           on conflict (org_id, dedupe_key) do nothing),
     w as (insert into outbox (org_id, id, channel, event, recipient, subscription_id, case_id, payload, dedupe_key, next_attempt_at, created_at)
           select f.org_id, gen_random_uuid(), 'webhook', 'notification.' || f.kind, 'subscriber', s.id, f.case_id, f.payload, 'w:' || s.id || ':n:' || f.dedupe_key, $1, $1
             from fresh f join webhook_subscriptions s on s.org_id = f.org_id and s.active and ('notification.' || f.kind = any(s.events) or '*' = any(s.events))
           on conflict (org_id, dedupe_key) do nothing)
     select count(*)::int as n from n`,
    [now, kinds, orgId ?? null],
  );
  return r?.n ?? 0;
}

export interface OutboxRow {
  org_id: string;
  id: string;
  channel: ChannelName | 'webhook';
  event: string;
  recipient: string;
  recipient_user_id: string | null;
  subscription_id: string | null;
  address: string | null;
  case_id: string | null;
  locale: string;
  payload: Record<string, unknown>;
  attempts: number;
  /** A group message to a unit's robot (null: the organisation's). */
  robot_unit_id: string | null;
  /** The attempt after which it is a dead letter (raised by an administrator's retry). */
  budget: number;
  created_at: Date;
}

const ROW = 'o.org_id, o.id, o.channel, o.event, o.recipient, o.recipient_user_id, o.subscription_id, o.address, o.case_id, o.locale, o.payload, o.attempts, o.robot_unit_id, o.budget, o.created_at';

/** Claims due messages (and ones whose sender died mid-send: lease expired) for this dispatcher alone. */
async function claim(pool: pg.Pool, now: Date, limit: number, orgId?: string): Promise<OutboxRow[]> {
  return many<OutboxRow>(
    pool,
    `with t as (
       select org_id, id from outbox
        where ((status = 'pending' and next_attempt_at <= $1) or (status = 'sending' and lease_until < $1)) and ($4::uuid is null or org_id = $4)
        order by next_attempt_at limit $2 for update skip locked)
     update outbox o set status = 'sending', attempts = o.attempts + 1, lease_until = $1::timestamptz + make_interval(secs => $3)
       from t where o.org_id = t.org_id and o.id = t.id
     returning ${ROW}`,
    [now, limit, LEASE_MS / 1000, orgId ?? null],
  );
}

interface Facts {
  number: string;
  subject: string;
  severity: string;
  status: string;
  customer_name: string | null;
  resolution: string | null;
  expected_at: Date | null;
  /** The customer's language now (a preference set after the message was queued still counts). */
  customer_locale: string | null;
}

interface OrgFacts {
  name: string;
  slug: string;
  time_zone: string;
  settings: { notify?: { quiet_hours?: { start?: string; end?: string }; portal_base_url?: string } };
}

function localTime(d: Date, tz: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * When an SMS to a customer may not go out now (the organisation's quiet hours, 22:00–08:00 unless set otherwise,
 * local time), the instant it may; null when it may go now.
 */
export function quietUntil(now: Date, tz: string, quiet: { start?: string; end?: string } | undefined): Date | null {
  const start = quiet?.start ?? '22:00';
  const end = quiet?.end ?? '08:00';
  const hm = localTime(now, tz).slice(11);
  const inQuiet = start <= end ? hm >= start && hm < end : hm >= start || hm < end;
  if (!inQuiet) return null;
  // Step forward minute by minute (at most a day) to the end of the quiet window.
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  let diff = toMin(end) - toMin(hm);
  if (diff <= 0) diff += 24 * 60;
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000 + diff * 60_000);
}

export interface DispatchCounts {
  bridged: number;
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
  postponed: number;
}

/**
 * One pass of the outbox dispatcher: hands new in-app notifications to the staff channels, then claims due
 * messages, delivers each once and records the attempt. A failure is retried with exponential backoff; after
 * MAX_ATTEMPTS (or a refusal that retrying cannot change) the message is a dead letter for an administrator.
 */
export async function dispatchOnce(pool: pg.Pool, now: Date, opts: { orgId?: string; limit?: number; log?: (msg: string, data?: unknown) => void } = {}): Promise<DispatchCounts> {
  const counts: DispatchCounts = { bridged: 0, claimed: 0, sent: 0, failed: 0, dead: 0, postponed: 0 };
  counts.bridged = await bridgeNotifications(pool, now, opts.orgId);
  const rows = await claim(pool, now, opts.limit ?? 100, opts.orgId);
  counts.claimed = rows.length;
  const channels = new Map<string, Promise<Map<ChannelName, ChannelRow>>>();
  const orgs = new Map<string, Promise<OrgFacts | undefined>>();
  const memo = <T>(m: Map<string, Promise<T>>, k: string, f: () => Promise<T>) => {
    let p = m.get(k);
    if (!p) m.set(k, (p = f()));
    return p;
  };
  for (const row of rows) {
    const org = await memo(orgs, row.org_id, () => one<OrgFacts>(pool, 'select name, slug, time_zone, settings from organisations where id = $1', [row.org_id]));
    const chans = await memo(channels, row.org_id, () => loadChannels(pool, row.org_id));
    const facts = row.case_id
      ? await one<Facts>(
          pool,
          `select c.number, c.subject, c.severity, c.status, c.customer_name, c.resolution,
                  (select due_at from case_clocks k where k.org_id = c.org_id and k.case_id = c.id and k.kind = 'resolve' order by cycle desc limit 1) as expected_at,
                  (select cu.locale from customers cu where cu.org_id = c.org_id and cu.id = c.customer_id) as customer_locale
             from cases c where c.org_id = $1 and c.id = $2`,
          [row.org_id, row.case_id],
        )
      : undefined;
    if (row.channel === 'sms' && row.recipient === 'customer' && facts?.severity !== 'crisis' && org) {
      const until = quietUntil(now, org.time_zone, org.settings.notify?.quiet_hours);
      if (until) {
        // Not an attempt: the message waits for the morning (a crisis is told at once).
        await pool.query(`update outbox set status = 'pending', attempts = attempts - 1, next_attempt_at = $3, lease_until = null where org_id = $1 and id = $2 and status = 'sending'`, [row.org_id, row.id, until]);
        counts.postponed++;
        continue;
      }
    }
    const started = Date.now();
    let result: DeliveryResult;
    try {
      result = await deliver(pool, row, org, facts, chans, now);
    } catch (err) {
      result = { ok: false, error: (err as Error).message };
    }
    const status = result.ok ? 'sent' : result.permanent || row.attempts >= row.budget ? 'dead' : 'pending';
    await withTx(pool, async (tx) => {
      await tx.query(
        `insert into outbox_attempts (org_id, outbox_id, attempt, at, ok, error, response, duration_ms) values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict do nothing`,
        [row.org_id, row.id, row.attempts, now, result.ok, result.error ?? null, result.response ?? null, Date.now() - started],
      );
      await tx.query(
        `update outbox set status = $4, lease_until = null, last_error = $5, sent_at = case when $4 = 'sent' then $6::timestamptz end,
                next_attempt_at = case when $4 = 'pending' then $6::timestamptz + make_interval(secs => $7) else next_attempt_at end
          where org_id = $1 and id = $2 and attempts = $3 and status = 'sending'`,
        [row.org_id, row.id, row.attempts, status, result.error ?? null, now, backoffMs(row.attempts) / 1000],
      );
    });
    if (status === 'sent') counts.sent++;
    else if (status === 'dead') counts.dead++;
    else counts.failed++;
    if (!result.ok) opts.log?.('outbox: delivery failed', { id: row.id, channel: row.channel, attempt: row.attempts, error: result.error });
  }
  return counts;
}

async function deliver(pool: pg.Pool, row: OutboxRow, org: OrgFacts | undefined, facts: Facts | undefined, chans: Map<ChannelName, ChannelRow>, now: Date): Promise<DeliveryResult> {
  if (!org) return { ok: false, error: 'organisation gone', permanent: true };
  const tz = org.time_zone;
  const base = org.settings.notify?.portal_base_url ?? '';
  const p = row.payload;
  const vars: Record<string, unknown> = {
    ...p,
    org_name: org.name,
    ...(facts ? {
      case_number: facts.number,
      subject: facts.subject,
      customer_name: facts.customer_name ?? '',
      status: facts.status,
      result: facts.resolution ?? '',
      expected_at: facts.expected_at ? localTime(new Date(facts.expected_at), tz) : '',
      portal_link: `${base}/portal/${org.slug}?case=${encodeURIComponent(facts.number)}`,
    } : {}),
    ...(typeof p.due_at === 'string' ? { due_at: localTime(new Date(p.due_at), tz) } : {}),
  };
  if (row.channel === 'webhook') {
    const s = await one<{ url: string; secret: string; active: boolean }>(pool, 'select url, secret, active from webhook_subscriptions where org_id = $1 and id = $2', [row.org_id, row.subscription_id]);
    if (!s || !s.active) return { ok: false, error: 'subscription removed', permanent: true };
    const data: Record<string, unknown> = { ...p };
    if (facts) Object.assign(data, { case_number: facts.number, status: facts.status });
    const body = JSON.stringify({ id: row.id, event: row.event, created_at: row.created_at, case_id: row.case_id, data });
    return sendWebhook(s.url, s.secret, body, row.id, () => now);
  }
  const ch = row.robot_unit_id ? await loadUnitRobot(pool, row.org_id, row.robot_unit_id, row.channel) : chans.get(row.channel);
  if (!ch || !ch.enabled) return { ok: false, error: `channel ${row.channel} not configured`, permanent: true };
  const event = KIND_EVENTS[row.event] ?? row.event;
  const locale = row.recipient === 'customer' ? (facts?.customer_locale ?? row.locale) : row.locale;
  const t = await templateFor(pool, row.org_id, event, locale);
  const subject = render(t.subject, vars);
  const text = render(t.body, vars);
  switch (row.channel) {
    case 'email': {
      if (!row.address) return { ok: false, error: 'no address', permanent: true };
      return sendEmail(ch.config as unknown as EmailConfig, ch.secrets.password, { id: row.id, ...(facts ? { caseNumber: facts.number } : {}), to: row.address, subject, text });
    }
    case 'sms': {
      if (!row.address) return { ok: false, error: 'no address', permanent: true };
      const cfg = ch.config as unknown as AliyunSmsConfig;
      // SMS wording is the provider's approved template: one per event, optionally one per event and language.
      const code = cfg.template_codes?.[`${event}.${locale}`] ?? cfg.template_codes?.[event];
      if (!code) return { ok: false, error: `no SMS template code for ${event}`, permanent: true };
      const params: Record<string, string> = {};
      for (const k of ['case_number', 'expected_at', 'portal_link', 'code']) if (vars[k] !== undefined) params[k] = String(vars[k]);
      return aliyunSms(cfg, ch.secrets.access_key_secret ?? '', () => now).send({ phone: row.address, templateCode: code, params, outId: row.id });
    }
    case 'dingtalk':
      return sendDingtalk(ch.config as { webhook_url: string }, ch.secrets.secret, `${subject}\n${text}`, () => now);
    case 'wecom':
      return sendWecom(ch.config as { webhook_url: string }, `${subject}\n${text}`);
    case 'wechat': {
      if (!row.address) return { ok: false, error: 'no OpenID', permanent: true };
      const link = typeof vars.portal_link === 'string' && /^https?:\/\//.test(vars.portal_link) ? vars.portal_link : undefined;
      return sendWechatTemplate(pool, row.org_id, ch.config as unknown as WechatOutConfig, ch.secrets.app_secret, { openId: row.address, event, title: subject, text, ...(link ? { url: link } : {}), vars }, now);
    }
  }
}

export interface OutboxView {
  id: string;
  channel: string;
  event: string;
  recipient: string;
  address: string | null;
  case_id: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
  sent_at: Date | null;
}

/** Messages of the organisation by status (dead letters for the administrator), newest first. Addresses masked. */
export async function listOutbox(db: Db, orgId: string, q: { status?: string | undefined; limit: number }): Promise<OutboxView[]> {
  const rows = await many<OutboxView>(
    db,
    `select id, channel, event, recipient, address, case_id, status, attempts, last_error, next_attempt_at, created_at, sent_at
       from outbox where org_id = $1 and ($2::text is null or status = $2) order by created_at desc, id limit $3`,
    [orgId, q.status ?? null, q.limit],
  );
  return rows.map((r) => ({ ...r, address: maskAddress(r.address) }));
}

export function maskAddress(a: string | null): string | null {
  if (!a) return a;
  if (a.includes('@')) return a.replace(/^(.).*(@.*)$/, '$1***$2');
  return a.length > 7 ? `${a.slice(0, 3)}****${a.slice(-4)}` : '****';
}

export async function attemptsOf(db: Db, orgId: string, id: string) {
  return many<{ attempt: number; at: Date; ok: boolean; error: string | null; response: string | null; duration_ms: number }>(
    db,
    'select attempt, at, ok, error, response, duration_ms from outbox_attempts where org_id = $1 and outbox_id = $2 order by attempt',
    [orgId, id],
  );
}

/** An administrator sends a dead letter again: a fresh set of attempts, due now. Returns false when not a dead letter. */
export async function retryDead(db: Db, orgId: string, id: string, now: Date): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  const r = await db.query(
    `update outbox set status = 'pending', next_attempt_at = $3, last_error = null, budget = attempts + $4
      where org_id = $1 and id = $2 and status = 'dead'`,
    [orgId, id, now, MAX_ATTEMPTS],
  );
  return (r.rowCount ?? 0) > 0;
}

export const newId = randomUUID;
