import { createHash, randomInt } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import { normalisePhone } from '../../domain/masking.ts';
import { one, type Db } from '../../store/db.ts';
import { loadChannels } from './channels.ts';
import { aliyunSms, type AliyunSmsConfig } from './transports.ts';

/** How long a code opens the tracking page, and how often one may be asked for. */
export const CODE_TTL_MS = 10 * 60_000;
const MIN_GAP_MS = 60_000;
const PER_HOUR_PER_CASE = 5;
const PER_HOUR_PER_ADDRESS = 20;
const MAX_TRIES = 5;

const hashOf = (orgId: string, number: string, phone: string, code: string) => createHash('sha256').update(`${orgId}|${number}|${phone}|${code}`).digest('hex');

/** Whether the organisation sends tracking codes (an SMS provider is configured and on). */
export async function usesTrackingCodes(db: Db, orgId: string): Promise<boolean> {
  const sms = (await loadChannels(db, orgId)).get('sms');
  return sms !== undefined && sms.enabled && typeof (sms.config as Partial<AliyunSmsConfig>).template_codes?.tracking_code === 'string';
}

/**
 * Sends a one-time code by SMS to the phone a case was registered with, for the portal's tracking page. The
 * answer is the same whether or not the number and phone match (no way to learn which cases exist); only the
 * hash of the code is kept; it expires after 10 minutes. Throttled per case and phone (one a minute, five an
 * hour) and per address (twenty an hour).
 * @throws rate_limited, not_found (no SMS provider configured), service_unavailable (the provider failed)
 */
export async function issueTrackingCode(pool: pg.Pool, orgId: string, caseNumber: string, phone: string, opts: { address: string; now?: Date }): Promise<{ expires_at: Date }> {
  const now = opts.now ?? new Date();
  const number = caseNumber.trim().toUpperCase();
  const tel = normalisePhone(phone.trim());
  const sms = (await loadChannels(pool, orgId)).get('sms');
  const cfg = sms?.config as AliyunSmsConfig | undefined;
  if (!sms || !sms.enabled || !cfg?.template_codes?.tracking_code) throw new AppError('not_found');
  const recent = await one<{ by_case: number; by_address: number; last: Date | null }>(
    pool,
    `select count(*) filter (where org_id = $1 and case_number = $2 and phone = $3)::int as by_case,
            count(*) filter (where address = $4)::int as by_address,
            max(created_at) filter (where org_id = $1 and case_number = $2 and phone = $3) as last
       from tracking_codes where created_at > $5::timestamptz - interval '1 hour' and ((org_id = $1 and case_number = $2 and phone = $3) or address = $4)`,
    [orgId, number, tel, opts.address, now],
  );
  if (recent && (recent.by_case >= PER_HOUR_PER_CASE || recent.by_address >= PER_HOUR_PER_ADDRESS || (recent.last && now.getTime() - new Date(recent.last).getTime() < MIN_GAP_MS))) {
    throw new AppError('rate_limited');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expires = new Date(now.getTime() + CODE_TTL_MS);
  await pool.query(
    'insert into tracking_codes (org_id, case_number, phone, code_hash, expires_at, address, created_at) values ($1, $2, $3, $4, $5, $6, $7)',
    [orgId, number, tel, hashOf(orgId, number, tel, code), expires, opts.address, now],
  );
  const c = await one<{ id: string }>(pool, 'select id from cases where org_id = $1 and upper(number) = $2 and customer_phone = $3', [orgId, number, tel]);
  if (c) {
    // Sent at once (a code is useless later), not through the outbox: the code itself is never stored.
    const r = await aliyunSms(cfg, sms.secrets.access_key_secret ?? '', () => now).send({ phone: tel, templateCode: cfg.template_codes.tracking_code!, params: { code }, outId: `code-${c.id}` });
    // The provider refused or did not answer: the customer may ask again (the code is not used up by that).
    if (!r.ok) throw new AppError('service_unavailable', undefined, { provider: r.error ?? '', response: r.response ?? '' });
  }
  return { expires_at: expires };
}

/**
 * Checks a tracking code for a case number and phone: true once for the latest unexpired code, which is then used
 * up. Every check counts; after five wrong tries the code is dead.
 * Signature for the portal: verifyTrackingCode(db, orgId, caseNumber, phone, code, now?) → Promise<boolean>.
 */
export async function verifyTrackingCode(db: Db, orgId: string, caseNumber: string, phone: string, code: string | undefined, now: Date = new Date()): Promise<boolean> {
  if (!code || !/^\d{4,10}$/.test(code.trim())) return false;
  const number = caseNumber.trim().toUpperCase();
  const tel = normalisePhone(phone.trim());
  const r = await one<{ ok: boolean }>(
    db,
    `update tracking_codes t set tries = t.tries + 1, used_at = case when t.code_hash = $4 and t.tries < $6 then $5::timestamptz end
      where t.id = (select id from tracking_codes where org_id = $1 and case_number = $2 and phone = $3 and used_at is null and expires_at > $5
                     order by created_at desc limit 1 for update)
      returning t.used_at is not null as ok`,
    [orgId, number, tel, hashOf(orgId, number, tel, code.trim()), now, MAX_TRIES],
  );
  return r?.ok ?? false;
}
