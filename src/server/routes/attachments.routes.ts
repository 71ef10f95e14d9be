import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { addAttachment, ATTACHMENT_MAX_BYTES, findAttachment } from '../../app/cases/attachments.ts';
import type { Clock } from '../../app/context.ts';
import { AppError } from '../../contract/errors.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';

/** Evidence upload: the file is the raw request body (`curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg'`),
 * its name in `?filename=`. Registered in its own plugin so only here does any content type arrive as bytes. */
export async function attachmentsRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock; dataDir: string }) {
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES + 1 }, (_req, body, done) => done(null, body));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES + 1 }, (_req, body, done) => done(null, body));

  app.post<{ Params: { id: string }; Querystring: { filename?: string } }>(
    '/api/v1/cases/:id/attachments',
    { bodyLimit: ATTACHMENT_MAX_BYTES + 1 },
    async (req, reply) => {
      const actor = requireActor(req);
      const data = req.body;
      if (!Buffer.isBuffer(data)) throw new AppError('validation_failed', [{ path: 'body', code: 'required', message: 'file bytes' }]);
      const filename = req.query.filename ?? String(req.headers['x-filename'] ?? '');
      if (!filename) throw new AppError('validation_failed', [{ path: 'filename', code: 'required', message: 'filename' }]);
      const out = await withTx(opts.pool, (tx) =>
        addAttachment({ tx, actor, clock: opts.clock }, opts.dataDir, req.params.id, { filename, mime: String(req.headers['content-type'] ?? ''), data }),
      );
      return reply.status(201).send(out);
    },
  );

  app.get<{ Params: { id: string; attachmentId: string } }>('/api/v1/cases/:id/attachments/:attachmentId', async (req, reply) => {
    const actor = requireActor(req);
    const a = await findAttachment(opts.pool, actor, opts.dataDir, req.params.id, req.params.attachmentId);
    reply.header('content-type', a.mime);
    reply.header('content-length', a.size);
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    return reply.send(createReadStream(a.absPath));
  });
}
