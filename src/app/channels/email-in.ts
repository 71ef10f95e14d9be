import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import { many, one, withTx, type Db } from '../../store/db.ts';
import { actorFor, type UserRow } from '../auth/sessions.ts';
import { addAttachment } from '../cases/attachments.ts';
import { registerCase } from '../cases/register-case.ts';
import { takeAction } from '../cases/take-action.ts';
import type { Actor, Clock, Ctx } from '../context.ts';
import { requireAdmin } from '../orgs/admin.ts';
import { assertUnit } from '../refs.ts';

/** The domain of the Message-IDs of the mails we send (outbox, issue 11 Out): a mail from it, or with such a
 * Message-ID, is one of ours coming back (a loop) and never opens a case; a reference to one names its case
 * when it carries the case number, e.g. <QT-20261125-00042.x1y2@qingting.mail>. */
export const OUR_MESSAGE_ID_DOMAIN = 'qingting.mail';
const CASE_NUMBER = /\b([A-Z][A-Z0-9]{0,9}-\d{8}-\d{5})\b/g;

export interface MailboxSettings {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder?: string | undefined;
  unit_id?: string | undefined;
}

export async function saveMailbox(ctx: Ctx, input: MailboxSettings) {
  requireAdmin(ctx.actor);
  if (input.unit_id) await assertUnit(ctx.tx, ctx.actor.orgId, input.unit_id, 'unit_id');
  await ctx.tx.query(
    `insert into mailboxes (org_id, host, port, secure, username, password, folder, unit_id, user_id, updated_at) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
     on conflict (org_id) do update set host = excluded.host, port = excluded.port, secure = excluded.secure, username = excluded.username,
       password = excluded.password, folder = excluded.folder, unit_id = excluded.unit_id, user_id = excluded.user_id, updated_at = excluded.updated_at,
       uid_validity = case when mailboxes.host = excluded.host and mailboxes.username = excluded.username and mailboxes.folder = excluded.folder then mailboxes.uid_validity end,
       last_uid = case when mailboxes.host = excluded.host and mailboxes.username = excluded.username and mailboxes.folder = excluded.folder then mailboxes.last_uid else 0 end`,
    [ctx.actor.orgId, input.host, input.port, input.secure, input.username, input.password, input.folder ?? 'INBOX', input.unit_id ?? null, ctx.actor.userId, ctx.clock.now()],
  );
  return getMailbox(ctx.tx, ctx.actor);
}

/** The mailbox settings without the password. */
export async function getMailbox(db: Db, actor: Actor) {
  requireAdmin(actor);
  const r = await one<Record<string, unknown>>(
    db,
    'select host, port, secure, username, folder, unit_id, last_uid::int, last_error, updated_at, true as configured from mailboxes where org_id = $1',
    [actor.orgId],
  );
  return r ?? { configured: false };
}

/** Whether a mail is an automatic one (RFC 3834 and the common vendor headers) or our own coming back. */
export function isAutomatic(mail: ParsedMail): boolean {
  const h = (name: string) => {
    const v = mail.headers.get(name);
    return v === undefined ? undefined : String(typeof v === 'object' && v !== null && 'value' in v ? (v as { value: unknown }).value : v).trim().toLowerCase();
  };
  const auto = h('auto-submitted');
  if (auto !== undefined && auto !== 'no') return true;
  const precedence = h('precedence');
  if (precedence && ['bulk', 'auto_reply', 'junk', 'list'].includes(precedence)) return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('x-auto-response-suppress')) return true;
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? '';
  if (from.endsWith(`@${OUR_MESSAGE_ID_DOMAIN}`) || /^(mailer-daemon|postmaster)@/.test(from)) return true;
  if ((mail.messageId ?? '').toLowerCase().endsWith(`@${OUR_MESSAGE_ID_DOMAIN}>`)) return true;
  return false;
}

/** The case a reply belongs to: a case number in the subject, or in the references to our own Message-IDs, or a
 * reference to a mail we took in earlier. */
async function caseOfReply(db: Db, orgId: string, mail: ParsedMail): Promise<{ id: string; number: string } | undefined> {
  const refs = [mail.inReplyTo ?? '', ...[mail.references ?? []].flat()].filter(Boolean);
  const numbers = new Set<string>();
  for (const m of (mail.subject ?? '').matchAll(CASE_NUMBER)) numbers.add(m[1]!);
  for (const r of refs) if (r.toLowerCase().endsWith(`@${OUR_MESSAGE_ID_DOMAIN}>`)) for (const m of r.matchAll(CASE_NUMBER)) numbers.add(m[1]!);
  if (numbers.size > 0) {
    const c = await one<{ id: string; number: string }>(db, 'select id, number from cases where org_id = $1 and number = any($2) order by created_at desc limit 1', [orgId, [...numbers]]);
    if (c) return c;
  }
  if (refs.length > 0) {
    const rows = await many<{ id: string; number: string }>(
      db,
      'select c.id, c.number from email_messages m join cases c on c.org_id = m.org_id and c.id = m.case_id where m.org_id = $1 and m.message_id = any($2) limit 1',
      [orgId, refs],
    );
    return rows[0];
  }
  return undefined;
}

export type MailOutcome = { outcome: 'opened' | 'noted'; number: string } | { outcome: 'ignored' | 'duplicate' };

/**
 * One mail taken in, in one transaction with the mailbox's UID mark: a new mail opens a case (channel email) with
 * its attachments, a reply adds a note to its case, an automatic mail is recorded and ignored. The Message-ID is
 * unique per organisation, so a mail seen again (another copy, a reset UID) changes nothing.
 */
export async function takeInMail(pool: pg.Pool, orgId: string, actor: Actor, clock: Clock, dataDir: string, unitId: string | null, raw: Buffer, uid: number): Promise<MailOutcome> {
  const mail = await simpleParser(raw);
  const messageId = mail.messageId ?? `<uid-${uid}-${mail.date?.getTime() ?? 0}@unknown>`;
  return withTx(pool, async (tx) => {
    await tx.query('update mailboxes set last_uid = greatest(last_uid, $2), last_error = null where org_id = $1', [orgId, uid]);
    const claimed = await tx.query(
      `insert into email_messages (org_id, message_id, outcome, created_at) values ($1, $2, 'ignored', $3) on conflict do nothing`,
      [orgId, messageId, clock.now()],
    );
    if (claimed.rowCount === 0) return { outcome: 'duplicate' };
    if (isAutomatic(mail)) return { outcome: 'ignored' };
    const ctx = { tx, actor, clock };
    const text = (mail.text ?? '').trim() || (mail.subject ?? '').trim() || '-';
    const target = await caseOfReply(tx, orgId, mail);
    let caseId = '';
    let number = '';
    let outcome: 'opened' | 'noted' = 'opened';
    if (target) {
      await tx.query('savepoint reply');
      try {
        await takeAction(ctx, target.id, 'comment', { note: text.slice(0, 5000) });
        await tx.query('release savepoint reply');
        ({ id: caseId, number } = target);
        outcome = 'noted';
      } catch (err) {
        // A case that takes no more notes (closed, merged…): the mail opens a new case instead.
        if (!(err instanceof AppError)) throw err;
        await tx.query('rollback to savepoint reply');
      }
    }
    if (outcome !== 'noted') {
      const from = mail.from?.value[0];
      const address = from?.address?.toLowerCase();
      const { case: c } = await registerCase(
        ctx,
        {
          kind: 'complaint',
          channel: 'email',
          subject: (mail.subject ?? '').trim().slice(0, 200) || text.slice(0, 60),
          content: text.slice(0, 20_000),
          customer: { name: (from?.name || address || 'e-mail').slice(0, 100), ...(address && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address) ? { email: address } : {}) },
          ...(unitId ? { unit_id: unitId } : {}),
        },
        undefined,
        undefined,
        { selfService: true },
      );
      caseId = c.id;
      number = c.number;
      outcome = 'opened';
    }
    for (const a of mail.attachments) {
      await tx.query('savepoint att');
      try {
        await addAttachment(ctx, dataDir, caseId, { filename: (a.filename ?? 'attachment').slice(0, 200), mime: a.contentType, data: a.content });
        await tx.query('release savepoint att');
      } catch (err) {
        // A file type we do not keep (or too large) is left in the mailbox, not a reason to lose the mail.
        if (!(err instanceof AppError)) throw err;
        await tx.query('rollback to savepoint att');
      }
    }
    await tx.query('update email_messages set case_id = $3, outcome = $4 where org_id = $1 and message_id = $2', [orgId, messageId, caseId, outcome]);
    return { outcome, number };
  });
}

/**
 * Polls every configured mailbox (or only `orgId`'s) once: new mails (UID above the mark) are taken in one by one and flagged
 * \\Seen. A changed UIDVALIDITY starts over from the first UID (the Message-IDs keep it exactly-once).
 * Returns what each mail became.
 */
export async function pollMailboxes(pool: pg.Pool, clock: Clock, dataDir: string, log?: (msg: string, data?: unknown) => void, orgId?: string): Promise<MailOutcome[]> {
  const boxes = await many<{ org_id: string; host: string; port: number; secure: boolean; username: string; password: string; folder: string; unit_id: string | null; user_id: string; uid_validity: string | number | null; last_uid: string | number }>(
    pool,
    'select * from mailboxes where ($1::uuid is null or org_id = $1)',
    [orgId ?? null],
  );
  const out: MailOutcome[] = [];
  for (const b of boxes) {
    const client = new ImapFlow({ host: b.host, port: b.port, secure: b.secure, auth: { user: b.username, pass: b.password }, logger: false });
    try {
      const user = await one<UserRow>(pool, 'select * from users where org_id = $1 and id = $2 and active', [b.org_id, b.user_id]);
      if (!user) throw new Error('the mailbox’s recording user is disabled');
      const actor = await actorFor(pool, user);
      await client.connect();
      const lock = await client.getMailboxLock(b.folder);
      try {
        const box = client.mailbox;
        const validity = box ? String(box.uidValidity) : null;
        let last = Number(b.last_uid);
        if (validity !== (b.uid_validity === null ? null : String(b.uid_validity))) {
          last = 0;
          await pool.query('update mailboxes set uid_validity = $2, last_uid = 0 where org_id = $1', [b.org_id, validity]);
        }
        const fresh: { uid: number; source: Buffer }[] = [];
        for await (const m of client.fetch(`${last + 1}:*`, { uid: true, source: true }, { uid: true })) {
          if (m.uid > last && m.source) fresh.push({ uid: m.uid, source: m.source });
        }
        for (const m of fresh.sort((x, y) => x.uid - y.uid)) {
          out.push(await takeInMail(pool, b.org_id, actor, clock, dataDir, b.unit_id, m.source, m.uid));
          await client.messageFlagsAdd(String(m.uid), ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
      await client.logout();
    } catch (err) {
      log?.('mailbox poll failed', { org_id: b.org_id, error: (err as Error).message });
      await pool.query('update mailboxes set last_error = $2 where org_id = $1', [b.org_id, (err as Error).message.slice(0, 500)]);
      // Cleanup after the failure recorded above: the connection may already be gone.
      client.close();
    }
  }
  return out;
}
