import type { FastifyInstance } from 'fastify';
import type { ZodInputs } from '../contract.ts';
import type pg from 'pg';
import type { CaseKind, Severity } from '../../contract/enums.ts';
import { z } from 'zod';
import { getCase, presentCases, presentWith, registeredNames } from '../../app/cases/get-case.ts';
import type { CaseRow } from '../../app/cases/case-row.ts';
import type { RegisterWritten } from '../../app/cases/register-case.ts';
import { listCases, type ExtraFilter } from '../../app/cases/list-cases.ts';
import { registerOnce } from '../../app/cases/register-once.ts';
import { takeAction } from '../../app/cases/take-action.ts';
import type { Actor, Clock } from '../../app/context.ts';
import { CaseDetail, CaseView, ErrorBody, IdParams, Page, RegisterCaseQuery, RegisteredCase } from '../../contract/api.ts';
import { ActionRequests, ListCasesQuery, RegisterCaseRequest } from '../../contract/cases.ts';
import { LIFECYCLE } from '../../domain/lifecycle.ts';
import { withTx } from '../../store/db.ts';
import { refreshSession, requireActor } from '../auth.ts';

/** What the capabilities that withhold actions read of each case, already in the case view. */
export interface CaseFacts {
  id: string;
  kind: CaseKind;
  severity: Severity;
}

export interface CaseRouteOptions {
  pool: pg.Pool;
  clock: Clock;
  /** Query-string filters contributed by other capabilities (e.g. SLA: overdue=1). */
  listFilters?: (query: Record<string, unknown>, actor: Actor) => { filters: ExtraFilter[]; rest: Record<string, unknown> };
  /** The query parameters those filters read, for validation and the API document (each is optional). */
  listQuery?: Record<string, z.ZodOptional>;
  /** Extra fields attached to a case view (e.g. its SLA clocks). */
  decorate?: (pool: pg.Pool, actor: Actor, ids: string[]) => Promise<Map<string, Record<string, unknown>>>;
  /** Actions the lifecycle table allows but another capability's facts refuse (e.g. `extend` where the SLA policy
   * allows no extension), removed from `abilities` so the UI never offers an action that would be refused. */
  withheldActions?: (pool: pg.Pool, actor: Actor, cases: CaseFacts[]) => Promise<Map<string, string[]>>;
  /** `decorate` and `withheldActions` for a case just registered, from what the registration wrote (issue 8: the
   * answer is built without reading the case back). */
  decorateRegistered?: (actor: Actor, c: CaseRow, written: RegisterWritten) => Promise<{ extra: Record<string, unknown>; withheld: string[] }>;
}

const errors = { '4XX': ErrorBody };
const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(1).max(200).optional().meta({ description: 'Retries with the same key answer the first result (200, Idempotent-Replayed: true)' }),
});

export async function casesRoutes(app: FastifyInstance, opts: CaseRouteOptions) {
  const { pool, clock } = opts;
  const r = app.withTypeProvider<ZodInputs>();
  const decorate = async <T extends CaseFacts & { abilities?: string[] }>(actor: Actor, items: T[]) => {
    if ((!opts.decorate && !opts.withheldActions) || items.length === 0) return items;
    // Both read by key for this page of cases, independently: in parallel.
    const [extra, withheld] = await Promise.all([
      opts.decorate ? opts.decorate(pool, actor, items.map((i) => i.id)) : new Map<string, Record<string, unknown>>(),
      opts.withheldActions ? opts.withheldActions(pool, actor, items) : new Map<string, string[]>(),
    ]);
    return items.map((i) => {
      const out = { ...i, ...(extra.get(i.id) ?? {}) };
      const w = withheld.get(i.id);
      return w && i.abilities ? { ...out, abilities: i.abilities.filter((a) => !w.includes(a)) } : out;
    });
  };

  // A case just registered, from what the registration wrote and the organisation's cached configuration.
  const presentRegistered = async (actor: Actor, c: CaseRow, written: RegisterWritten) => {
    const [view] = presentWith(actor, [c], registeredNames(written.config, actor));
    if (!opts.decorateRegistered) return [view!];
    const { extra, withheld } = await opts.decorateRegistered(actor, c, written);
    return [{ ...view!, ...extra, abilities: view!.abilities.filter((a) => !withheld.includes(a)) }];
  };

  r.post(
    '/api/v1/cases',
    {
      schema: { summary: 'Register a case', tags: ['cases'], headers: IdempotencyHeaders, querystring: RegisterCaseQuery, body: RegisterCaseRequest, response: { 200: RegisteredCase, 201: RegisteredCase, ...errors } },
      // The registration's statement checks the session itself (issue 8): one statement for the whole request.
      config: { speculativeSession: true },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key']?.trim();
      const guard = req.sessionGuard;
      // Neither a refused request nor a replay uses up a case number (register-once.ts).
      const related = (req.query as { related?: boolean }).related === true;
      const out = await registerOnce(pool, requireActor(req), clock, req.body, key, guard ? { guard, refresh: () => refreshSession(req, pool) } : undefined, { related });
      // The actor as the registration found it (read again when the session had changed).
      const actor = requireActor(req);
      // The customer's language, when given, is kept on the customer after the registration committed (issue 11):
      // the dispatcher reads it when it renders the acknowledgement.
      if (req.body.customer.locale && !out.replayed && out.case.customer_id) {
        await pool.query('update customers set locale = $3 where org_id = $1 and id = $2', [actor.orgId, out.case.customer_id, req.body.customer.locale]);
      }
      const [view] = out.written && (opts.decorateRegistered || (!opts.decorate && !opts.withheldActions))
        ? await presentRegistered(actor, out.case, out.written)
        : await decorate(actor, await presentCases(pool, actor, [out.case]));
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(out.replayed ? 200 : 201).send(related ? { ...view, related_open_cases: out.related_open_cases } : view);
    },
  );

  r.get(
    '/api/v1/cases',
    { schema: { summary: 'List and search the cases the caller may see', tags: ['cases'], querystring: ListCasesQuery.extend(opts.listQuery ?? {}), response: { 200: Page(CaseView).extend({ next_cursor: z.string().nullable() }), ...errors } } },
    async (req) => {
      const actor = requireActor(req);
      const query = req.query as Record<string, unknown>;
      const ext = opts.listFilters?.(query, actor) ?? { filters: [], rest: query };
      const page = await listCases(pool, actor, ext.rest as ListCasesQuery, ext.filters);
      return { ...page, items: await decorate(actor, page.items) };
    },
  );

  r.get(
    '/api/v1/cases/:id',
    { schema: { summary: 'One case with its timeline, attachments and the caller’s abilities', tags: ['cases'], params: IdParams, response: { 200: CaseDetail, ...errors } } },
    async (req) => {
      const actor = requireActor(req);
      const [view] = await decorate(actor, [await getCase(pool, actor, req.params.id)]);
      return view;
    },
  );

  // One route per lifecycle action, each with its own request schema; any other action name is unknown_action.
  const act = async (actor: Actor, id: string, action: string, body: unknown) => {
    const out = await withTx(pool, (tx) => takeAction({ tx, actor, clock }, id, action, body));
    const [view] = await decorate(actor, await presentCases(pool, actor, [out.case]));
    return { ...view, ...(out.result ?? {}) };
  };
  for (const [action, body] of Object.entries(ActionRequests)) {
    const rule = LIFECYCLE.find((l) => l.action === action);
    const summary = rule ? `${action}: ${rule.from.join(' | ')} → ${rule.to ?? 'unchanged'} (roles: ${rule.roles.join(', ')})` : action;
    r.post(
      `/api/v1/cases/:id/actions/${action}`,
      { schema: { summary, tags: ['case actions'], params: IdParams, body, response: { 200: CaseView, ...errors } } },
      async (req) => act(requireActor(req), req.params.id, action, req.body),
    );
  }
  r.post(
    '/api/v1/cases/:id/actions/:action',
    { schema: { hide: true, params: IdParams.extend({ action: z.string() }) } },
    async (req) => act(requireActor(req), req.params.id, req.params.action, req.body),
  );
}
