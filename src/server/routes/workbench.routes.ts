import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { ErrorBody } from '../../contract/api.ts';
import { AppError } from '../../contract/errors.ts';
import { one, withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { Actor, Clock } from '../../app/context.ts';
import { takeAction } from '../../app/cases/take-action.ts';
import { errorMessage, localeOf } from '../errors.ts';

const uuid = z.uuid();
/** Bulk assign or transfer (issue 9): the same target for up to 100 cases, each taken as its own action. */
export const BulkActionRequest = z.strictObject({
  action: z.enum(['assign', 'transfer']),
  case_ids: z.array(uuid).min(1).max(100),
  department_id: uuid,
  handler_id: uuid.optional(),
  /** The transfer's reason (required for a transfer), or the assignment's note. */
  reason: z.string().trim().min(1).max(2000).optional(),
});
const BulkResult = z.object({
  results: z.array(z.object({
    case_id: z.string(),
    ok: z.boolean(),
    number: z.string().optional(),
    code: z.string().optional(),
    message: z.string().optional(),
  })),
  succeeded: z.number().int(),
  failed: z.number().int(),
});


const Snapshot = z.object({
  unacknowledged: z.number().int().meta({ description: 'Notifications still waiting: ordinary notices not read, escalations and supervision not acknowledged' }),
  latest_id: z.string().nullable().meta({ description: 'The newest notification (changes when one arrives)' }),
});
type Snapshot = z.infer<typeof Snapshot>;

async function snapshot(pool: pg.Pool, actor: Actor): Promise<Snapshot> {
  const row = await one<Snapshot>(
    pool,
    `select (select count(*)::int from notifications where org_id = $1 and recipient_id = $2 and read_at is null) as unacknowledged,
            (select id::text from notifications where org_id = $1 and recipient_id = $2 order by created_at desc, id limit 1) as latest_id`,
    [actor.orgId, actor.userId],
  );
  return row ?? { unacknowledged: 0, latest_id: null };
}

/**
 * The staff workbench's live notification count (issue 9). `GET /api/v1/notifications/stream` with
 * `Accept: text/event-stream` (what EventSource sends) holds the response open as server-sent events: a `count`
 * event at once and whenever the unacknowledged count or the newest notification changes, a comment every poll to
 * keep proxies from closing it. Without that Accept header it answers the same snapshot once, as JSON.
 * Open streams end when the server closes.
 */
export async function workbenchRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;

  // Each case is its own action in its own transaction, at its current version: one refused case (moved on,
  // out of sight, wrong state) does not stop the others, and its reason comes back in the caller's language.
  app.post(
    '/api/v1/cases/bulk-actions',
    { schema: { summary: 'Assign or transfer several cases to one department (and handler); per-case results', tags: ['cases'], body: BulkActionRequest, response: { 200: BulkResult, '4XX': ErrorBody } } },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body as z.output<typeof BulkActionRequest>;
      if (b.action === 'transfer' && !b.reason) throw new AppError('validation_failed', [{ path: 'reason', code: 'required', message: 'reason' }]);
      const locale = localeOf(req);
      const results: z.infer<typeof BulkResult>['results'] = [];
      for (const id of [...new Set(b.case_ids)]) {
        try {
          const out = await withTx(pool, async (tx) => {
            const v = await one<{ version: number }>(tx, 'select version from cases where org_id = $1 and id = $2', [actor.orgId, id]);
            if (!v) throw new AppError('not_found');
            const body = {
              version: v.version, department_id: b.department_id, ...(b.handler_id ? { handler_id: b.handler_id } : {}),
              ...(b.action === 'transfer' ? { reason: b.reason } : b.reason ? { note: b.reason } : {}),
            };
            return takeAction({ tx, actor, clock }, id, b.action, body);
          });
          results.push({ case_id: id, ok: true, number: out.case.number });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({ case_id: id, ok: false, code: err.code, message: errorMessage(locale, err) });
        }
      }
      const succeeded = results.filter((r) => r.ok).length;
      return { results, succeeded, failed: results.length - succeeded };
    },
  );
  // How often an open stream looks for news (a short indexed poll; no LISTEN connection held per stream).
  const POLL_MS = Number(process.env.QINGTING_SSE_POLL_MS ?? 5000);
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get(
    '/api/v1/notifications/stream',
    {
      schema: {
        summary: 'The caller’s unacknowledged notification count, live as server-sent events (Accept: text/event-stream) or once as JSON',
        tags: ['sla'],
        response: { 200: Snapshot, '4XX': ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const first = await snapshot(pool, actor);
      if (!String(req.headers.accept ?? '').includes('text/event-stream')) return first;

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let last = '';
      const send = (s: Snapshot) => {
        const data = JSON.stringify(s);
        if (data === last) {
          res.write(': ping\n\n');
          return;
        }
        last = data;
        res.write(`retry: 10000\nevent: count\ndata: ${data}\n\n`);
      };
      send(first);
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        snapshot(pool, actor)
          .then(send)
          .catch((err: unknown) => {
            req.log.warn({ err }, 'notification stream poll failed; closing the stream (the browser reconnects)');
            end();
          })
          .finally(() => {
            busy = false;
          });
      }, POLL_MS);
      const end = () => {
        clearInterval(timer);
        open.delete(end);
        if (!res.writableEnded) res.end();
      };
      open.add(end);
      req.raw.on('close', end);
    },
  );
}
