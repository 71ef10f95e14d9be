import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { getCase, presentCases } from '../../app/cases/get-case.ts';
import { listCases, type ExtraFilter } from '../../app/cases/list-cases.ts';
import { registerOnce } from '../../app/cases/register-once.ts';
import { takeAction } from '../../app/cases/take-action.ts';
import type { Actor, Clock } from '../../app/context.ts';
import { parseOrThrow } from '../../app/validate.ts';
import { ListCasesQuery, RegisterCaseRequest } from '../../contract/cases.ts';
import { AppError } from '../../contract/errors.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';

export interface CaseRouteOptions {
  pool: pg.Pool;
  clock: Clock;
  /** Query-string filters contributed by other capabilities (e.g. SLA: overdue=1). */
  listFilters?: (query: Record<string, unknown>, actor: Actor) => { filters: ExtraFilter[]; rest: Record<string, unknown> };
  /** Extra fields attached to a case view (e.g. its SLA clocks). */
  decorate?: (pool: pg.Pool, actor: Actor, ids: string[]) => Promise<Map<string, Record<string, unknown>>>;
}

export async function casesRoutes(app: FastifyInstance, opts: CaseRouteOptions) {
  const { pool, clock } = opts;
  const decorate = async <T extends { id: string }>(actor: Actor, items: T[]) => {
    if (!opts.decorate || items.length === 0) return items;
    const extra = await opts.decorate(pool, actor, items.map((i) => i.id));
    return items.map((i) => ({ ...i, ...(extra.get(i.id) ?? {}) }));
  };

  app.post('/api/v1/cases', async (req, reply) => {
    const actor = requireActor(req);
    const input = parseOrThrow(RegisterCaseRequest, req.body);
    const keyHeader = req.headers['idempotency-key'];
    const key = typeof keyHeader === 'string' ? keyHeader.trim() : undefined;
    if (key !== undefined && (key.length === 0 || key.length > 200)) {
      throw new AppError('validation_failed', [{ path: 'Idempotency-Key', code: 'invalid_format', message: '1..200 characters' }]);
    }
    // Neither a refused request nor a replay uses up a case number (register-once.ts).
    const out = await registerOnce(pool, actor, clock, input, key);
    const [view] = await decorate(actor, await presentCases(pool, actor, [out.case]));
    if (out.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(out.replayed ? 200 : 201).send({ ...view, related_open_cases: out.related_open_cases });
  });

  app.get('/api/v1/cases', async (req) => {
    const actor = requireActor(req);
    const raw = { ...(req.query as Record<string, unknown>) };
    const ext = opts.listFilters?.(raw, actor) ?? { filters: [], rest: raw };
    const q = parseOrThrow(ListCasesQuery, ext.rest);
    const page = await listCases(pool, actor, q, ext.filters);
    return { ...page, items: await decorate(actor, page.items) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/cases/:id', async (req) => {
    const actor = requireActor(req);
    const [view] = await decorate(actor, [await getCase(pool, actor, req.params.id)]);
    return view;
  });

  app.post<{ Params: { id: string; action: string } }>('/api/v1/cases/:id/actions/:action', async (req) => {
    const actor = requireActor(req);
    const out = await withTx(pool, (tx) => takeAction({ tx, actor, clock }, req.params.id, req.params.action, req.body));
    const [view] = await decorate(actor, await presentCases(pool, actor, [out.case]));
    return { ...view, ...(out.result ?? {}) };
  });
}
