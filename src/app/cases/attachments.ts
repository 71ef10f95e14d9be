import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import { one } from '../../store/db.ts';
import type { Actor, Ctx } from '../context.ts';
import { assertMayAddEvidence } from './case.policy.ts';
import { loadVisibleCase, writeEvent } from './case-row.ts';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

const ascii = (b: Buffer, from: number, to: number) => b.subarray(from, to).toString('latin1');

/** An MP3 starts with an ID3v2 tag or an MPEG audio frame header (11 sync bits, a valid version and layer). */
const isMp3 = (b: Buffer) =>
  ascii(b, 0, 3) === 'ID3' || (b.length >= 4 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0 && (b[1]! & 0x18) !== 0x08 && (b[1]! & 0x06) !== 0 && (b[2]! & 0xf0) !== 0xf0);

/** An Office Open XML file is a zip holding `[Content_Types].xml` and the part its type names (names are stored as
 * plain text in the zip's headers). */
const isOoxml = (part: string) => (b: Buffer) =>
  ascii(b, 0, 4) === 'PK\x03\x04' && b.includes('[Content_Types].xml', 0, 'latin1') && b.includes(part, 0, 'latin1');

/** Plain text is UTF-8 (a BOM allowed) with no NUL: what the timeline and a browser can show as it is. */
const utf8 = new TextDecoder('utf-8', { fatal: true });
const isText = (b: Buffer) => {
  if (b.includes(0)) return false;
  try {
    utf8.decode(b);
    return true;
  } catch {
    return false;
  }
};

/** Evidence people bring (DOMAIN.md §2): photos, scans, letters, invoices, voice and video recordings. Every type is
 * checked against the file's first bytes, so a file is what it says it is. */
const ALLOWED: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/gif': (b) => ascii(b, 0, 4) === 'GIF8',
  'image/webp': (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP',
  'application/pdf': (b) => ascii(b, 0, 5) === '%PDF-',
  'audio/mpeg': isMp3,
  'audio/amr': (b) => ascii(b, 0, 5) === '#!AMR',
  'video/mp4': (b) => ascii(b, 4, 8) === 'ftyp',
  'text/plain': isText,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': isOoxml('word/'),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': isOoxml('xl/'),
};
export const ALLOWED_ATTACHMENT_TYPES = Object.keys(ALLOWED);

/** Stores an evidence file on disk under the data dir and records it on the case's timeline.
 * @throws attachment_type_not_allowed (also when the bytes do not match the declared type), attachment_too_large */
export async function addAttachment(ctx: Ctx, dataDir: string, caseId: string, file: { filename: string; mime: string; data: Buffer }) {
  const c = await loadVisibleCase(ctx.tx, ctx.actor, caseId, true);
  assertMayAddEvidence(ctx.actor, c);
  const mime = file.mime.split(';')[0]!.trim().toLowerCase();
  if (file.data.length === 0) throw new AppError('validation_failed', [{ path: 'body', code: 'too_small', message: 'empty file' }]);
  if (!Object.hasOwn(ALLOWED, mime)) throw new AppError('attachment_type_not_allowed', { allowed: ALLOWED_ATTACHMENT_TYPES }, { type: mime || '?' });
  if (!ALLOWED[mime]!(file.data)) throw new AppError('attachment_type_not_allowed', { reason: 'content_does_not_match_type' }, { type: mime });
  if (file.data.length > ATTACHMENT_MAX_BYTES) throw new AppError('attachment_too_large', { max_bytes: ATTACHMENT_MAX_BYTES }, { limit: '10 MB' });
  const filename = path.basename(file.filename).replace(/\p{Cc}/gu, '').slice(0, 200) || 'file';

  const id = randomUUID();
  const rel = path.join('attachments', c.org_id, c.id, id);
  const abs = path.join(dataDir, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, file.data);
  try {
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    await ctx.tx.query(
      'insert into attachments (org_id, id, case_id, filename, mime, size, sha256, storage_path, uploaded_by) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
      [c.org_id, id, c.id, filename, mime, file.data.length, sha256, rel, ctx.actor.userId],
    );
    await writeEvent(ctx, c.id, { action: 'attach', note: filename, data: { attachment_id: id, mime, size: file.data.length } });
    return { id, filename, mime, size: file.data.length, sha256 };
  } catch (err) {
    await rm(abs, { force: true });
    throw err;
  }
}

/** The stored file of an attachment on a case the actor may see. @throws not_found */
export async function findAttachment(pool: pg.Pool, actor: Actor, dataDir: string, caseId: string, attachmentId: string) {
  await loadVisibleCase(pool, actor, caseId);
  if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) throw new AppError('not_found');
  const a = await one<{ filename: string; mime: string; size: number; storage_path: string }>(
    pool,
    // A file purged by retention is gone.
    'select filename, mime, size, storage_path from attachments where org_id = $1 and case_id = $2 and id = $3 and purged_at is null',
    [actor.orgId, caseId, attachmentId],
  );
  if (!a) throw new AppError('not_found');
  return { ...a, absPath: path.join(dataDir, a.storage_path) };
}
