import type pg from 'pg';
import { one } from '../../store/db.ts';
import { render } from './templates.ts';
import type { DeliveryResult } from './transports.ts';

/**
 * WeChat Official Account template messages (模板消息) to a follower, by OpenID. The published interfaces:
 * - `GET {base}/cgi-bin/token?grant_type=client_credential&appid=APPID&secret=APPSECRET` →
 *   `{"access_token":"…","expires_in":7200}` or `{"errcode":40013,"errmsg":"invalid appid"}`;
 * - `POST {base}/cgi-bin/message/template/send?access_token=…` with
 *   `{"touser":OPENID,"template_id":…,"url":…,"data":{"first":{"value":…},"keyword1":{"value":…},…}}` →
 *   `{"errcode":0,"errmsg":"ok","msgid":…}`; 40001/40014/42001 mean the access_token is invalid or expired.
 */
export interface WechatOutConfig {
  app_id: string;
  /** The template id per event (acknowledged, progress, result, visit_invitation), from the account's 模板库. */
  template_ids: Record<string, string>;
  /** Per event, the template's data keys and what each says (`{{variables}}`, plus `{{title}}` and `{{text}}`,
   * the rendered subject and body of the message template); default: DEFAULT_FIELDS. */
  fields?: Record<string, Record<string, string>>;
  /** Default https://api.weixin.qq.com (a test points it at a local server). */
  api_base?: string;
}

/** The classic layout (first, keyword1…, remark) of the industry templates for 受理通知 / 处理结果通知. */
export const DEFAULT_FIELDS: Record<string, Record<string, string>> = {
  acknowledged: { first: '{{title}}', keyword1: '{{case_number}}', keyword2: '{{expected_at}}', remark: '{{text}}' },
  progress: { first: '{{title}}', keyword1: '{{case_number}}', keyword2: '{{note}}', remark: '{{text}}' },
  result: { first: '{{title}}', keyword1: '{{case_number}}', keyword2: '{{result}}', remark: '{{text}}' },
  visit_invitation: { first: '{{title}}', keyword1: '{{case_number}}', remark: '{{text}}' },
};

/** Token errors: the access_token is invalid (40001, 40014) or expired (42001); a fresh one is fetched once. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Refusals retrying cannot change: invalid openid, not a follower, invalid template id, bad argument, invalid
 * appid or secret, IP not on the whitelist. */
const PERMANENT = new Set([40003, 43004, 40037, 47003, 40013, 40125, 40164, 41001]);
/** A cached token is used until shortly before it expires. */
const MARGIN_MS = 5 * 60_000;

const baseOf = (cfg: WechatOutConfig) => (cfg.api_base ?? 'https://api.weixin.qq.com').replace(/\/$/, '');

type Answer = { status: number; body: Record<string, unknown>; text: string } | { error: string };

async function call(url: string, init: RequestInit): Promise<Answer> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    const text = (await res.text()).slice(0, 500);
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // Not JSON: judged below by the status and the missing errcode.
    }
    return { status: res.status, body, text };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** The organisation's access_token: the cached one (shared by every dispatcher) unless `fresh`, else a new one. */
async function accessToken(pool: pg.Pool, orgId: string, cfg: WechatOutConfig, secret: string, now: Date, fresh: boolean): Promise<string | DeliveryResult> {
  if (!fresh) {
    const cached = await one<{ access_token: string }>(
      pool,
      `select access_token from wechat_access_tokens where org_id = $1 and app_id = $2 and expires_at > $3::timestamptz + make_interval(secs => $4)`,
      [orgId, cfg.app_id, now, MARGIN_MS / 1000],
    );
    if (cached) return cached.access_token;
  }
  const q = new URLSearchParams({ grant_type: 'client_credential', appid: cfg.app_id, secret });
  const a = await call(`${baseOf(cfg)}/cgi-bin/token?${q}`, { method: 'GET' });
  if ('error' in a) return { ok: false, error: a.error };
  const token = a.body.access_token;
  if (a.status !== 200 || typeof token !== 'string') {
    const code = Number(a.body.errcode);
    return { ok: false, error: `token: ${String(a.body.errmsg ?? `HTTP ${a.status}`)}`, response: a.text, permanent: PERMANENT.has(code) || code === 40001 };
  }
  const expiresIn = Number(a.body.expires_in) > 0 ? Number(a.body.expires_in) : 7200;
  await pool.query(
    `insert into wechat_access_tokens (org_id, app_id, access_token, expires_at) values ($1, $2, $3, $4::timestamptz + make_interval(secs => $5))
     on conflict (org_id) do update set app_id = excluded.app_id, access_token = excluded.access_token, expires_at = excluded.expires_at`,
    [orgId, cfg.app_id, token, now, expiresIn],
  );
  return token;
}

/** Sends one template message to a follower; the event's template id must be configured. */
export async function sendWechatTemplate(
  pool: pg.Pool,
  orgId: string,
  cfg: WechatOutConfig,
  secret: string | undefined,
  msg: { openId: string; event: string; title: string; text: string; url?: string; vars: Record<string, unknown> },
  now: Date,
): Promise<DeliveryResult> {
  const templateId = cfg.template_ids?.[msg.event];
  if (!templateId) return { ok: false, error: `no WeChat template id for ${msg.event}`, permanent: true };
  if (!secret) return { ok: false, error: 'no AppSecret', permanent: true };
  const fields = cfg.fields?.[msg.event] ?? DEFAULT_FIELDS[msg.event] ?? { first: '{{title}}', remark: '{{text}}' };
  const vars = { ...msg.vars, title: msg.title, text: msg.text };
  const data = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { value: render(v, vars) }]));
  const body = JSON.stringify({ touser: msg.openId, template_id: templateId, ...(msg.url ? { url: msg.url } : {}), data });
  for (let round = 0; round < 2; round++) {
    const token = await accessToken(pool, orgId, cfg, secret, now, round > 0);
    if (typeof token !== 'string') return token;
    const a = await call(`${baseOf(cfg)}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if ('error' in a) return { ok: false, error: a.error };
    if (a.status !== 200) return { ok: false, error: `HTTP ${a.status}`, response: a.text, permanent: a.status >= 400 && a.status < 500 && a.status !== 429 && a.status !== 408 };
    const code = Number(a.body.errcode ?? -1);
    if (code === 0) return { ok: true, response: a.text };
    // The cached token was revoked or expired early: fetch a fresh one and send once more.
    if (TOKEN_ERRORS.has(code) && round === 0) continue;
    return { ok: false, error: `WeChat ${code}: ${String(a.body.errmsg ?? '')}`, response: a.text, permanent: PERMANENT.has(code) };
  }
  return { ok: false, error: 'access_token refused twice' };
}
