import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { ErrorBody } from '../../contract/api.ts';
import { one } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { Actor } from '../../app/context.ts';


const Snapshot = z.object({
  unacknowledged: z.number().int().meta({ description: 'Notifications the caller has not acknowledged' }),
  latest_id: z.string().nullable().meta({ description: 'The newest notification (changes when one arrives)' }),
});
type Snapshot = z.infer<typeof Snapshot>;

async function snapshot(pool: pg.Pool, actor: Actor): Promise<Snapshot> {
  const row = await one<Snapshot>(
    pool,
    `select (select count(*)::int from notifications where org_id = $1 and recipient_id = $2 and acknowledged_at is null) as unacknowledged,
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
export async function workbenchRoutes(app: FastifyInstance, opts: { pool: pg.Pool }) {
  const { pool } = opts;
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
