import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { addAttachment, ALLOWED_ATTACHMENT_TYPES, ATTACHMENT_MAX_BYTES, findAttachment } from '../../app/cases/attachments.ts';
import type { Clock } from '../../app/context.ts';
import { AttachmentView, ErrorBody, IdParams } from '../../contract/api.ts';
import { AppError } from '../../contract/errors.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const UploadQuery = z.strictObject({
  filename: z.string().trim().min(1).max(255).optional().meta({ description: 'The file’s name (or send it URL-encoded in X-Filename)' }),
});

/** `Content-Disposition: attachment` with an ASCII fallback name and the real one per RFC 5987/6266 (Chinese names). */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Evidence upload: the file is the raw request body (`curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg'`),
 * its name in `?filename=`. Registered in its own plugin so only here does any content type arrive as bytes. */
export async function attachmentsRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock; dataDir: string }) {
  // Every type (text/plain and application/json included) arrives as the file's bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES + 1 }, (_req, body, done) => done(null, body));
  const r = app.withTypeProvider<ZodInputs>();

  r.post(
    '/api/v1/cases/:id/attachments',
    {
      bodyLimit: ATTACHMENT_MAX_BYTES + 1,
      schema: {
        summary: 'Upload evidence: the raw body is the file; its bytes must match the declared Content-Type',
        tags: ['cases'],
        params: IdParams,
        querystring: UploadQuery,
        consumes: ALLOWED_ATTACHMENT_TYPES,
        response: { 201: AttachmentView, '4XX': ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const data = req.body;
      if (!Buffer.isBuffer(data)) throw new AppError('validation_failed', [{ path: 'body', code: 'required', message: 'file bytes' }]);
      const filename = req.query.filename ?? headerFilename(req.headers['x-filename']);
      if (!filename) throw new AppError('validation_failed', [{ path: 'filename', code: 'required', message: 'filename' }]);
      const out = await withTx(opts.pool, (tx) =>
        addAttachment({ tx, actor, clock: opts.clock }, opts.dataDir, req.params.id, { filename, mime: String(req.headers['content-type'] ?? ''), data }),
      );
      return reply.status(201).send(out);
    },
  );

  r.get(
    '/api/v1/cases/:id/attachments/:attachmentId',
    {
      schema: {
        summary: 'Download an attachment (Content-Disposition: attachment; X-Content-Type-Options: nosniff)',
        tags: ['cases'],
        params: IdParams.extend({ attachmentId: z.uuid() }),
        produces: ALLOWED_ATTACHMENT_TYPES,
        response: { 200: z.string().meta({ format: 'binary', description: 'The stored bytes' }), '4XX': ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const a = await findAttachment(opts.pool, actor, opts.dataDir, req.params.id, req.params.attachmentId);
      reply.header('content-type', a.mime === 'text/plain' ? 'text/plain; charset=utf-8' : a.mime);
      reply.header('content-length', a.size);
      reply.header('content-disposition', contentDisposition(a.filename));
      reply.header('x-content-type-options', 'nosniff');
      // Opened directly, a stored file runs nothing and loads nothing.
      reply.header('content-security-policy', "default-src 'none'; sandbox");
      return reply.send(createReadStream(a.absPath));
    },
  );
}

/** X-Filename carries a URL-encoded name (HTTP headers are Latin-1); a name that does not decode is taken as sent. */
function headerFilename(h: string | string[] | undefined): string {
  const v = typeof h === 'string' ? h.trim() : '';
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
