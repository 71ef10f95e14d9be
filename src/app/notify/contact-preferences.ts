import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import { one, withTx, type Db } from '../../store/db.ts';
import { isCustomerVisible } from '../customers.ts';
import type { Actor } from '../context.ts';
import { caseOfToken } from '../portal/portal.ts';

/** How a customer wants to be told: a channel (or none at all) and a language (null: the defaults, SMS then
 * e-mail then WeChat, in zh-CN). */
export const PREFERRED_CHANNELS = ['sms', 'email', 'wechat', 'none'] as const;
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];
export type CustomerLocale = 'zh-CN' | 'en-US';

export interface ContactPreferences {
  preferred_channel: PreferredChannel | null;
  locale: CustomerLocale | null;
  /** Whether the customer wrote in on WeChat (only then can they be told there). */
  wechat_follower: boolean;
}

export interface PreferencesInput {
  preferred_channel?: PreferredChannel | null | undefined;
  locale?: CustomerLocale | null | undefined;
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

async function read(db: Db, orgId: string, customerId: string, lock = false): Promise<ContactPreferences | undefined> {
  return one<ContactPreferences>(
    db,
    `select preferred_channel, locale, wechat_openid is not null as wechat_follower from customers where org_id = $1 and id = $2 ${lock ? 'for update' : ''}`,
    [orgId, customerId],
  );
}

/** Saves what is given (a field left out stays; null clears it). WeChat only for a follower.
 * @throws validation_failed (channel_unavailable) */
async function write(db: Db, orgId: string, customerId: string, input: PreferencesInput): Promise<ContactPreferences> {
  const now = await read(db, orgId, customerId, true);
  if (!now) throw new AppError('not_found');
  if (input.preferred_channel === 'wechat' && !now.wechat_follower) {
    throw new AppError('validation_failed', [{ path: 'preferred_channel', code: 'channel_unavailable', message: 'wechat' }]);
  }
  await db.query(
    `update customers set preferred_channel = case when $3 then $4 else preferred_channel end, locale = case when $5 then $6 else locale end
      where org_id = $1 and id = $2`,
    [orgId, customerId, input.preferred_channel !== undefined, input.preferred_channel ?? null, input.locale !== undefined, input.locale ?? null],
  );
  return (await read(db, orgId, customerId))!;
}

/** A customer the actor may see (privacy scoping of src/app/customers.ts); any other id is not there for them.
 * @throws not_found */
async function visibleCustomer(db: Db, actor: Actor, id: string): Promise<string> {
  if (!isUuid(id) || !(await isCustomerVisible(db, actor, id))) throw new AppError('not_found');
  return id;
}

export async function staffPreferences(pool: pg.Pool, actor: Actor, id: string): Promise<ContactPreferences> {
  return (await read(pool, actor.orgId, await visibleCustomer(pool, actor, id)))!;
}

export async function saveStaffPreferences(pool: pg.Pool, actor: Actor, id: string, input: PreferencesInput): Promise<ContactPreferences> {
  return withTx(pool, async (tx) => write(tx, actor.orgId, await visibleCustomer(tx, actor, id), input));
}

/** The customer of the case a portal token opens. A case submitted through the portal proves nothing about the phone
 * typed in it (anyone may type a known number), yet the number links it to that customer's record: such a token
 * reaches the record only while it holds no other case, so a stranger cannot read or change how the customer is
 * told of their own cases. @throws portal_token_invalid, forbidden_action, validation_failed (no_contact: the case
 * has no phone, e-mail or WeChat to reach the customer on) */
async function portalCustomer(db: Db, token: string | undefined): Promise<{ orgId: string; customerId: string }> {
  const { c } = await caseOfToken(db, token);
  if (!c.customer_id) throw new AppError('validation_failed', [{ path: 'customer', code: 'no_contact', message: 'no_contact' }]);
  if (c.channel === 'portal') {
    const others = await one(db, 'select 1 from cases where org_id = $1 and customer_id = $2 and id <> $3 limit 1', [c.org_id, c.customer_id, c.id]);
    if (others) throw new AppError('forbidden_action', undefined, { action: 'contact_preferences' });
  }
  return { orgId: c.org_id, customerId: c.customer_id };
}

export async function portalPreferences(pool: pg.Pool, token: string | undefined): Promise<ContactPreferences> {
  const { orgId, customerId } = await portalCustomer(pool, token);
  return (await read(pool, orgId, customerId))!;
}

export async function savePortalPreferences(pool: pg.Pool, token: string | undefined, input: PreferencesInput): Promise<ContactPreferences> {
  return withTx(pool, async (tx) => {
    const { orgId, customerId } = await portalCustomer(tx, token);
    return write(tx, orgId, customerId, input);
  });
}
