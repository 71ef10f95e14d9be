import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import type { ListCasesQuery } from '../../contract/cases.ts';
import { catalogues } from '../../contract/i18n/index.ts';
import { many, readPool } from '../../store/db.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { systemClock, type Actor, type Clock } from '../context.ts';
import { CASE_COLUMNS, type CaseRow } from '../cases/case-row.ts';
import { presentCases } from '../cases/get-case.ts';
import { casesWhere } from '../cases/list-cases.ts';

/** Rows read per batch: memory stays at one batch whatever the size of the list (keyset paging, no OFFSET). */
export const EXPORT_BATCH = 1000;

export const EXPORT_COLUMNS = ['number', 'created_at', 'status', 'kind', 'channel', 'severity', 'validity', 'category', 'unit', 'department', 'handler', 'customer_name', 'customer_phone', 'subject', 'resolved_at', 'visit_satisfaction'] as const;

type Filters = Omit<ListCasesQuery, 'sort' | 'page' | 'page_size'>;
type Presented = Awaited<ReturnType<typeof presentCases>>[number];

function cell(r: Presented, col: (typeof EXPORT_COLUMNS)[number], actor: Actor): string {
  const cat = catalogues[actor.locale];
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d ? String(d) : '');
  switch (col) {
    case 'created_at': return iso(r.created_at);
    case 'resolved_at': return iso(r.resolved_at);
    case 'status': return cat.statuses[r.status] ?? r.status;
    case 'category': return r.category_name ?? '';
    case 'unit': return r.unit_name ?? '';
    case 'department': return r.department_name ?? '';
    case 'handler': return r.handler_name ?? '';
    // The phone as the list shows it to this role (masked unless the role sees contact details).
    default: { const v = (r as unknown as Record<string, unknown>)[col]; return v === null || v === undefined ? '' : String(v); }
  }
}

/**
 * The cases of a list filter in batches of EXPORT_BATCH, newest first, by keyset (created_at, id) on the read
 * replica, each batch presented (masked) exactly as the case list presents it to the actor.
 */
export async function* caseBatches(db: pg.Pool, actor: Actor, q: Filters, clock: Clock = systemClock): AsyncGenerator<Presented[]> {
  const reader = readPool(db);
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [];
    let whereSql = await casesWhere(db, actor, q, params, [], clock);
    if (after) {
      params.push(after.at, after.id);
      whereSql += ` and (c.created_at, c.id) < ($${params.length - 1}, $${params.length})`;
    }
    params.push(EXPORT_BATCH);
    const rows = await many<CaseRow>(reader, `select ${CASE_COLUMNS} from cases c where ${whereSql} order by c.created_at desc, c.id desc limit $${params.length}`, params);
    if (!rows.length) return;
    yield await presentCases(reader, actor, rows);
    if (rows.length < EXPORT_BATCH) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.created_at as unknown as Date, id: last.id };
  }
}

/** CSV field quoting (RFC 4180); a leading = + - @ is prefixed with ' so Excel does not run it as a formula. */
export function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Records the export in the audit log (who exported which filter, as which format). */
export async function auditExport(db: pg.Pool, actor: Actor, clock: Clock, format: 'csv' | 'xlsx', q: Filters) {
  await recordAudit(db, actor, clock.now(), { action: 'export_cases', data: { format, filter: q } });
}

/** The CSV export as a stream: a UTF-8 BOM (so Excel reads the Chinese), the localised heading, then batch after batch. */
export function casesCsv(db: pg.Pool, actor: Actor, q: Filters, clock: Clock = systemClock): Readable {
  const heads = catalogues[actor.locale].export_columns;
  async function* lines() {
    yield '\ufeff' + EXPORT_COLUMNS.map((c) => csvField(heads[c] ?? c)).join(',') + '\r\n';
    for await (const batch of caseBatches(db, actor, q, clock)) {
      yield batch.map((r) => EXPORT_COLUMNS.map((c) => csvField(cell(r, c, actor))).join(',')).join('\r\n') + '\r\n';
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

/** The Excel export, written by exceljs's streaming WorkbookWriter row by row (each row committed, so not kept);
 * its zip output is piped into a PassThrough, whose back-pressure holds the writer when the client reads slowly. */
export function casesXlsx(db: pg.Pool, actor: Actor, q: Filters, clock: Clock = systemClock): Readable {
  const heads = catalogues[actor.locale].export_columns;
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('cases');
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: heads[c] ?? c, key: c, width: c === 'subject' ? 40 : 16 }));
  (async () => {
    for await (const batch of caseBatches(db, actor, q, clock)) {
      for (const r of batch) ws.addRow(EXPORT_COLUMNS.map((c) => cell(r, c, actor))).commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
