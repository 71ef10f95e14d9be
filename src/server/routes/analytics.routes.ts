import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { auditExport, casesCsv, casesXlsx } from '../../app/analytics/export-cases.ts';
import { hotIssues, surgesFor } from '../../app/analytics/hot-issues.ts';
import { breakdown, scopeRates } from '../../app/analytics/rates-query.ts';
import { similarComplaints } from '../../app/analytics/similar.ts';
import type { Clock } from '../../app/context.ts';
import { ErrorBody } from '../../contract/api.ts';
import { AnalyticsScopeQuery, BreakdownQuery, ExportCasesQuery, HotIssuesQuery, withSpan } from '../../contract/analytics.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const Loose = z.looseObject({});
const Items = z.looseObject({ items: z.array(z.looseObject({})) });
/** Per breakdown group the handling time is its count and exact mean; median and p90 are the scope total's (…/rates). */
const BreakdownItems = z.looseObject({
  items: z.array(z.looseObject({
    handling_hours: z.strictObject({ n: z.number().int(), mean: z.number().nullable() })
      .describe('Handling time (working hours) of the group: how many cases and the exact mean; no median or p90 per group'),
  })),
});
const SurgeQuery = z.strictObject({ at: z.iso.datetime({ offset: true }).optional() });

/** Analytics for managers (issue 10): rates, breakdowns, hot issues, surges, and the case exports. */
export async function analyticsRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const r = app.withTypeProvider<ZodInputs>();
  const { pool } = opts;

  r.get(
    '/api/v1/analytics/rates',
    { schema: { summary: 'The rates of a scope and period, with the previous period and the same period last year, and the handling time (exact mean; median and p90 at 2 significant figures; formulas: docs/analytics.md)', tags: ['analytics'], querystring: AnalyticsScopeQuery, response: { 200: Loose, '4XX': ErrorBody } } },
    async (req) => scopeRates(pool, requireActor(req), withSpan(req.query as z.output<typeof AnalyticsScopeQuery>, opts.clock.now())),
  );

  r.get(
    '/api/v1/analytics/breakdown',
    { schema: { summary: 'Counts, rates and handling time (count and mean) by kind, category (tree drill), channel, unit (rolled up), department, handler, severity or period', tags: ['analytics'], querystring: BreakdownQuery, response: { 200: BreakdownItems, '4XX': ErrorBody } } },
    async (req) => breakdown(pool, requireActor(req), withSpan(req.query as z.output<typeof BreakdownQuery>, opts.clock.now())),
  );

  r.get(
    '/api/v1/analytics/hot-issues',
    { schema: { summary: 'Hot issues: category × place in the period, most cases first', tags: ['analytics'], querystring: HotIssuesQuery, response: { 200: Items, '4XX': ErrorBody } } },
    async (req) => hotIssues(pool, requireActor(req), withSpan(req.query as z.output<typeof HotIssuesQuery>, opts.clock.now())),
  );

  r.get(
    '/api/v1/analytics/surges',
    { schema: { summary: 'Surges: a category at a place well above its trailing baseline (one-sided Poisson test; the method is returned)', tags: ['analytics'], querystring: SurgeQuery, response: { 200: Items, '4XX': ErrorBody } } },
    async (req) => surgesFor(pool, requireActor(req), req.query.at ? new Date(req.query.at) : opts.clock.now()),
  );

  r.get(
    '/api/v1/analytics/similar',
    { schema: { summary: 'Similar complaints across customers and categories (jieba words, MinHash/LSH, Jaccard ≥ 0.5)', tags: ['analytics'], querystring: HotIssuesQuery, response: { 200: Items, '4XX': ErrorBody } } },
    async (req) => similarComplaints(pool, requireActor(req), withSpan(req.query as z.output<typeof HotIssuesQuery>, opts.clock.now())),
  );

  const binary = z.string().meta({ format: 'binary', description: 'The streamed file' });
  r.get(
    '/api/v1/exports/cases.csv',
    { schema: { summary: 'Export a case list (the list filters) as CSV with a BOM, streamed, masked as the caller sees it, audited', tags: ['analytics'], querystring: ExportCasesQuery, produces: ['text/csv'], response: { 200: binary, '4XX': ErrorBody } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const q = req.query as z.output<typeof ExportCasesQuery>;
      await auditExport(pool, actor, opts.clock, 'csv', q);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="cases-${opts.clock.now().toISOString().slice(0, 10)}.csv"`);
      return reply.send(casesCsv(pool, actor, q, opts.clock));
    },
  );

  r.get(
    '/api/v1/exports/cases.xlsx',
    { schema: { summary: 'Export a case list (the list filters) as Excel, streamed by exceljs, masked as the caller sees it, audited', tags: ['analytics'], querystring: ExportCasesQuery, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], response: { 200: binary, '4XX': ErrorBody } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const q = req.query as z.output<typeof ExportCasesQuery>;
      await auditExport(pool, actor, opts.clock, 'xlsx', q);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="cases-${opts.clock.now().toISOString().slice(0, 10)}.xlsx"`);
      return reply.send(casesXlsx(pool, actor, q, opts.clock));
    },
  );
}
