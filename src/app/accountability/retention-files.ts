import { rm } from 'node:fs/promises';
import path from 'node:path';
import { many, type Db } from '../../store/db.ts';

/**
 * Retention and the evidence files of a case (issue 12). Photos, scans, recordings and letters are personal data
 * as a whole (a face, a voice, an ID card, a handwritten address) that no text scrub can reach, so an expired case's
 * stored files are deleted, not edited; their names (which often carry the customer's name or flat) become `***`.
 * The export before the purge lists each file (name, type, size, SHA-256) but does not copy its bytes: the export is
 * the record of what was purged, not a second archive. The attachment row stays with its type, size and time, so
 * counts of evidence per case, kind or period do not change.
 */

export interface StoredFile { id: string; case_id: string; filename: string; mime: string; size: number; sha256: string; storage_path: string; created_at: Date }

/** The not-yet-purged attachments of the given cases. */
export async function attachmentsOf(db: Db, orgId: string, caseIds: string[]): Promise<StoredFile[]> {
  return many<StoredFile>(
    db,
    'select id, case_id, filename, mime, size, sha256, storage_path, created_at from attachments where org_id = $1 and case_id = any($2::uuid[]) and purged_at is null order by case_id, created_at, id',
    [orgId, caseIds],
  );
}

/** Marks the attachments purged and forgets their names, fingerprints and where they were stored; the timeline's
 * `attach` events lose the file name too. The files themselves go with `deleteStoredFiles` once this commits. */
export async function anonymiseAttachments(db: Db, orgId: string, files: StoredFile[], caseIds: string[], now: Date, mask: string): Promise<void> {
  if (files.length > 0) {
    await db.query(
      `update attachments set filename = $3, sha256 = '', storage_path = '', purged_at = $4 where org_id = $1 and id = any($2::uuid[])`,
      [orgId, files.map((f) => f.id), mask, now],
    );
  }
  await db.query(`update case_events set note = $3 where org_id = $1 and case_id = any($2::uuid[]) and action = 'attach' and note is not null`, [orgId, caseIds, mask]);
}

/**
 * Deletes the stored files, after the purge has committed (a rolled-back purge must not have lost them). A file
 * already gone is fine; any other failure is thrown, naming the file, for the operator to clear by hand.
 */
export async function deleteStoredFiles(dataDir: string, files: StoredFile[]): Promise<number> {
  const root = path.resolve(dataDir, 'attachments');
  for (const f of files) {
    const abs = path.resolve(dataDir, f.storage_path);
    if (!abs.startsWith(root + path.sep)) throw new Error(`retention: attachment ${f.id} is stored outside ${root}: ${f.storage_path}`);
    await rm(abs, { force: true });
  }
  return files.length;
}
