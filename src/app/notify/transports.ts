import { createHmac, randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { OUR_MESSAGE_ID_DOMAIN } from '../channels/email-in.ts';

/** What a delivery produced: ok, or an error to retry (`permanent`: retrying cannot help). */
export interface DeliveryResult {
  ok: boolean;
  error?: string;
  response?: string;
  permanent?: boolean;
}

export interface EmailConfig {
  host: string;
  port: number;
  secure?: boolean;
  from: string;
  user?: string;
  /** Message-ID domain (default: the one e-mail in recognises as ours, so replies map back and loops stop). */
  domain?: string;
}

/** Sends one mail through the organisation's SMTP server; the Message-ID is ours and stable across retries. */
export async function sendEmail(cfg: EmailConfig, password: string | undefined, msg: { id: string; caseNumber?: string; to: string; subject: string; text: string }): Promise<DeliveryResult> {
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure ?? false,
    ...(cfg.secure ? {} : { ignoreTLS: cfg.port === 25 || cfg.host === '127.0.0.1' }),
    ...(cfg.user ? { auth: { user: cfg.user, pass: password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail({ from: cfg.from, to: msg.to, subject: msg.subject, text: msg.text, messageId: messageIdOf(msg.id, cfg, msg.caseNumber) });
    return { ok: true, response: String(info.response ?? '') };
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    return { ok: false, error: (err as Error).message, permanent: code !== undefined && code >= 500 && code < 600 && code !== 554 };
  } finally {
    transport.close();
  }
}

/**
 * `<{case number}.{outbox id}@qingting.mail>`: e-mail in (src/app/channels/email-in.ts) finds the case of a reply from
 * the number in its In-Reply-To/References and never opens a case from a mail with our domain (a loop).
 */
export function messageIdOf(outboxId: string, cfg: EmailConfig, caseNumber?: string): string {
  const domain = cfg.domain ?? OUR_MESSAGE_ID_DOMAIN;
  return `<${caseNumber ? `${caseNumber}.` : ''}qt-${outboxId}@${domain}>`;
}

// ---------------------------------------------------------------------------------------------------------------
// SMS: a provider interface and Alibaba Cloud SMS (SendSms, RPC API, signature version 1.0: HMAC-SHA1 over the
// canonicalised, percent-encoded, sorted query; https://www.alibabacloud.com/help/en/sms/signature-method).

export interface SmsProvider {
  send(msg: { phone: string; templateCode: string; params: Record<string, string>; outId: string }): Promise<DeliveryResult>;
}

export interface AliyunSmsConfig {
  access_key_id: string;
  sign_name: string;
  /** Template codes per event, as approved by the provider. */
  template_codes: Record<string, string>;
  endpoint?: string;
  region_id?: string;
}

/** RFC 3986 encoding as Alibaba Cloud specifies it: + → %20, * → %2A, %7E → ~ (and !'() encoded too). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%7E/g, '~');
}

/** The signature of an RPC request's parameters (without Signature), for `method` (GET or POST). */
export function aliyunSignature(params: Record<string, string>, secret: string, method = 'GET'): string {
  const canonical = Object.keys(params).sort().map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`).join('&');
  const toSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
}

export function aliyunSms(cfg: AliyunSmsConfig, secret: string, now: () => Date = () => new Date()): SmsProvider {
  return {
    async send(msg) {
      const params: Record<string, string> = {
        AccessKeyId: cfg.access_key_id,
        Action: 'SendSms',
        Format: 'JSON',
        OutId: msg.outId,
        PhoneNumbers: msg.phone,
        RegionId: cfg.region_id ?? 'cn-hangzhou',
        SignName: cfg.sign_name,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: msg.templateCode,
        TemplateParam: JSON.stringify(msg.params),
        Timestamp: now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      };
      const signature = aliyunSignature(params, secret);
      const query = `Signature=${percentEncode(signature)}&${Object.keys(params).map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`).join('&')}`;
      const base = cfg.endpoint ?? 'https://dysmsapi.aliyuncs.com';
      return httpResult(await fetchSafely(`${base.replace(/\/$/, '')}/?${query}`, { method: 'GET' }), (b) => (b as { Code?: string }).Code === 'OK');
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Staff group robots.

/** DingTalk custom robot with 加签: sign = urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret))). */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

export async function sendDingtalk(cfg: { webhook_url: string }, secret: string | undefined, text: string, now: () => Date): Promise<DeliveryResult> {
  let url = cfg.webhook_url;
  if (secret) {
    const ts = now().getTime();
    url += `${url.includes('?') ? '&' : '?'}timestamp=${ts}&sign=${encodeURIComponent(dingtalkSign(secret, ts))}`;
  }
  return postJson(url, { msgtype: 'text', text: { content: text } }, {}, (b) => (b as { errcode?: number }).errcode === 0);
}

/** WeCom group robot: the webhook URL carries its key. */
export async function sendWecom(cfg: { webhook_url: string }, text: string): Promise<DeliveryResult> {
  return postJson(cfg.webhook_url, { msgtype: 'text', text: { content: text } }, {}, (b) => (b as { errcode?: number }).errcode === 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Webhooks: body signed with HMAC-SHA256 over `${timestamp}.${body}` (docs/webhooks.md).

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export async function sendWebhook(url: string, secret: string, body: string, id: string, now: () => Date): Promise<DeliveryResult> {
  const ts = String(Math.floor(now().getTime() / 1000));
  const res = await fetchSafely(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-qingting-id': id, 'x-qingting-timestamp': ts, 'x-qingting-signature': `v1=${webhookSignature(secret, ts, body)}` },
    body,
  });
  return httpResult(res, () => true);
}

// ---------------------------------------------------------------------------------------------------------------

async function fetchSafely(url: string, init: RequestInit): Promise<Response | Error> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    return err as Error;
  }
}

async function postJson(url: string, body: unknown, headers: Record<string, string>, ok: (b: unknown) => boolean): Promise<DeliveryResult> {
  return httpResult(await fetchSafely(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }), ok);
}

async function httpResult(res: Response | Error, ok: (body: unknown) => boolean): Promise<DeliveryResult> {
  if (res instanceof Error) return { ok: false, error: res.message };
  const text = (await res.text()).slice(0, 500);
  if (!res.ok) return { ok: false, error: `HTTP ${res.status}`, response: text, permanent: res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408 };
  return ok(parseOrEmpty(text)) ? { ok: true, response: text } : { ok: false, error: 'provider refused', response: text };
}

/** A provider's answer as JSON; a 2xx answer that is not JSON is judged as an empty object. */
function parseOrEmpty(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}
