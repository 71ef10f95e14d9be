import { createHash, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import { one, withTx, type Db } from '../../store/db.ts';
import { actorFor, type UserRow } from '../auth/sessions.ts';
import { registerCase } from '../cases/register-case.ts';
import { takeAction } from '../cases/take-action.ts';
import type { Actor, Clock, Ctx } from '../context.ts';
import { requireAdmin } from '../orgs/admin.ts';
import { assertUnit } from '../refs.ts';
import { enqueueCaseMessage } from '../notify/outbox.ts';

/**
 * WeChat Official Account message callback (plain-text mode). The signature WeChat sends on every request is
 * the SHA-1 of token, timestamp and nonce sorted as strings and concatenated (the access guide of the Official
 * Accounts platform, 接入指南: 将token、timestamp、nonce三个参数进行字典序排序, 拼接, sha1).
 */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export function signatureMatches(token: string, q: { signature?: string; timestamp?: string; nonce?: string }): boolean {
  if (!q.signature || !q.timestamp || !q.nonce) return false;
  const want = Buffer.from(wechatSignature(token, q.timestamp, q.nonce));
  const got = Buffer.from(q.signature.toLowerCase());
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * A strict parser for WeChat's message XML: one `<xml>` root holding flat elements whose text is CDATA or plain
 * text with the five predefined entities. Anything else — a DOCTYPE, entity declarations (XXE), processing
 * instructions, nesting, attributes — is refused, so nothing is ever resolved or expanded.
 * @throws validation_failed
 */
export function parseWechatXml(xml: string): Record<string, string> {
  const bad = () => new AppError('validation_failed', [{ path: 'body', code: 'invalid_xml', message: 'invalid_xml' }]);
  const m = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(xml);
  if (!m) throw bad();
  const inner = m[1]!;
  const out: Record<string, string> = {};
  const el = /\s*<([A-Za-z][A-Za-z0-9_]{0,63})>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<&]*(?:&(?:lt|gt|amp|quot|apos);[^<&]*)*))<\/\1>\s*/y;
  let at = 0;
  while (at < inner.length) {
    el.lastIndex = at;
    const e = el.exec(inner);
    if (!e) {
      if (/^\s*$/.test(inner.slice(at))) break;
      throw bad();
    }
    const plain = (e[3] ?? '').replace(/&(lt|gt|amp|quot|apos);/g, (_, n: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[n]!);
    out[e[1]!] = e[2] ?? plain;
    at = el.lastIndex;
  }
  return out;
}

const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** A passive reply: a text message back to the follower, in the response to WeChat's callback. */
export function passiveTextReply(toOpenId: string, fromAccount: string, at: Date, content: string): string {
  return `<xml><ToUserName>${cdata(toOpenId)}</ToUserName><FromUserName>${cdata(fromAccount)}</FromUserName><CreateTime>${Math.floor(at.getTime() / 1000)}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content></xml>`;
}

interface Account {
  org_id: string;
  token: string;
  unit_id: string | null;
  user_id: string;
}

/** The organisation's account by its slug, or undefined (the callback then answers 404). */
export async function wechatAccount(db: Db, orgSlug: string): Promise<Account | undefined> {
  return one<Account>(db, 'select a.org_id, a.token, a.unit_id, a.user_id from wechat_accounts a join organisations o on o.id = a.org_id where o.slug = $1', [orgSlug]);
}

/** An administrator sets the account's callback token (returned never), id and landing unit. */
export async function saveWechatAccount(ctx: Ctx, input: { token: string; app_id?: string | undefined; unit_id?: string | undefined }) {
  requireAdmin(ctx.actor);
  if (input.unit_id) await assertUnit(ctx.tx, ctx.actor.orgId, input.unit_id, 'unit_id');
  await ctx.tx.query(
    `insert into wechat_accounts (org_id, token, app_id, unit_id, user_id, updated_at) values ($1,$2,$3,$4,$5,$6)
     on conflict (org_id) do update set token = excluded.token, app_id = excluded.app_id, unit_id = excluded.unit_id, user_id = excluded.user_id, updated_at = excluded.updated_at`,
    [ctx.actor.orgId, input.token, input.app_id ?? null, input.unit_id ?? null, ctx.actor.userId, ctx.clock.now()],
  );
  return getWechatAccount(ctx.tx, ctx.actor);
}

export async function getWechatAccount(db: Db, actor: Actor) {
  requireAdmin(actor);
  const r = await one<Record<string, unknown>>(db, 'select app_id, unit_id, updated_at, true as configured from wechat_accounts where org_id = $1', [actor.orgId]);
  return r ?? { configured: false, app_id: null, unit_id: null };
}

export type WechatOutcome = { kind: 'opened' | 'noted' | 'repeat'; number: string } | { kind: 'ignored' };

const OPEN = ['closed', 'merged', 'withdrawn'];

/**
 * A follower's message: a text or image message opens a case (channel wechat) or, while the follower has an
 * open case, adds to it. Each MsgId is handled once (WeChat resends unanswered messages). Events and other
 * message types are ignored.
 */
export async function handleWechatMessage(pool: pg.Pool, account: Account, clock: Clock, msg: Record<string, string>): Promise<WechatOutcome> {
  const openId = msg.FromUserName;
  const type = msg.MsgType;
  if (!openId || (type !== 'text' && type !== 'image')) return { kind: 'ignored' };
  const text = type === 'text' ? (msg.Content ?? '').trim() : `[image] ${msg.PicUrl ?? ''} ${msg.MediaId ?? ''}`.trim();
  if (!text) return { kind: 'ignored' };
  const msgId = msg.MsgId ?? `${openId}:${msg.CreateTime ?? ''}`;
  const user = await one<UserRow>(pool, 'select * from users where org_id = $1 and id = $2 and active', [account.org_id, account.user_id]);
  if (!user) throw new AppError('unauthenticated');
  const actor = await actorFor(pool, user);
  return withTx(pool, async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`wechat|${account.org_id}|${openId}`]);
    const seen = await one<{ number: string }>(
      tx,
      'select c.number from wechat_messages m join cases c on c.org_id = m.org_id and c.id = m.case_id where m.org_id = $1 and m.msg_id = $2',
      [account.org_id, msgId],
    );
    if (seen) return { kind: 'repeat', number: seen.number };
    const open = await one<{ id: string; number: string }>(
      tx,
      `select c.id, c.number from wechat_messages m join cases c on c.org_id = m.org_id and c.id = m.case_id
        where m.org_id = $1 and m.open_id = $2 and c.status <> all($3) order by m.created_at desc limit 1`,
      [account.org_id, openId, OPEN],
    );
    const ctx = { tx, actor, clock };
    let caseId: string;
    let number: string;
    let kind: 'opened' | 'noted';
    if (open) {
      await takeAction(ctx, open.id, 'comment', { note: text.slice(0, 5000) });
      ({ id: caseId, number } = open);
      kind = 'noted';
    } else {
      const subject = text.split('\n')[0]!.slice(0, 60);
      const { case: c } = await registerCase(
        ctx,
        {
          kind: 'complaint',
          channel: 'wechat',
          subject,
          content: text.slice(0, 20_000),
          customer: { name: `WeChat ${openId.slice(-6)}` },
          external_ref: `wechat:${openId}`.slice(0, 100),
          ...(account.unit_id ? { unit_id: account.unit_id } : {}),
        },
        undefined,
        undefined,
        { selfService: true },
      );
      caseId = c.id;
      number = c.number;
      kind = 'opened';
      await linkFollower(tx, account.org_id, openId, caseId, clock.now());
    }
    await tx.query('insert into wechat_messages (org_id, msg_id, open_id, case_id, created_at) values ($1,$2,$3,$4,$5)', [account.org_id, msgId, openId, caseId, clock.now()]);
    return { kind, number };
  });
}

/**
 * Records the follower as the case's customer (one customer per OpenID, found again on their next case), so the
 * customer can be told by template message and their contact preferences kept; then queues the acknowledgement,
 * which registration could not address yet (one per case: a message already queued is kept).
 */
async function linkFollower(tx: Db, orgId: string, openId: string, caseId: string, now: Date): Promise<void> {
  const cu = await one<{ id: string }>(
    tx,
    `insert into customers (org_id, id, name, wechat_openid) values ($1, gen_random_uuid(), $2, $3)
     on conflict (org_id, wechat_openid) where wechat_openid is not null do update set wechat_openid = excluded.wechat_openid
     returning id`,
    [orgId, `WeChat ${openId.slice(-6)}`, openId],
  );
  await tx.query('update cases set customer_id = $3 where org_id = $1 and id = $2 and customer_id is null', [orgId, caseId, cu!.id]);
  await enqueueCaseMessage(tx, { orgId, caseId, event: 'acknowledged', at: now });
}
