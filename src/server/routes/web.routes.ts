import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../contract/errors.ts';

const NOT_BUILT = [
  'The Qingting web UI has not been built yet.',
  '',
  'Build it with:   npm run build:web',
  '(`npm start` does this by itself when web/dist is missing or older than web/src.)',
  '',
  'The API is up meanwhile: /api/v1 (OpenAPI at /api/v1/openapi.json).',
  '',
].join('\n');

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The customer portal's pages: /portal and /portal/<organisation>/… get its own entry, not the staff workbench. */
const isPortalPage = (url: string) => url === '/portal' || url.startsWith('/portal/');

/**
 * Serves the web UI built into `distDir` (web/dist): its files, portal.html for the customer portal's pages
 * (/portal/…), and index.html (the staff workbench) for every other GET that is not under /api, so client-side
 * routes (/cases/…) survive a reload. Without a build it answers 503 with how to make one. Files are looked up per
 * request, so a build made while the server runs is served at once. The build writes a brotli and a gzip copy of
 * each text file (web/vite.config.ts): the one the browser accepts is sent (`preCompressed`), else the file itself.
 */
export async function webRoutes(app: FastifyInstance, opts: { distDir: string }) {
  const root = path.resolve(opts.distDir);
  const index = path.join(root, 'index.html');
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true });

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    // Unknown API paths keep the API's JSON 404 (known ones are routed before this wildcard).
    if (url === '/api' || url.startsWith('/api/')) throw new AppError('not_found');
    if (!existsSync(index)) {
      return reply.status(503).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url).replace(/^\/+/, '');
    } catch {
      throw new AppError('not_found');
    }
    const file = path.resolve(root, rel);
    if (rel && file.startsWith(root + path.sep) && isFile(file)) {
      // Vite names assets by content hash: cache them for good; everything else is revalidated.
      const hashed = rel.startsWith('assets/');
      // The body depends on Accept-Encoding (a precompressed copy may be sent): shared caches must keep them apart.
      reply.header('vary', 'accept-encoding');
      return reply.sendFile(rel, root, hashed ? { maxAge: '365d', immutable: true } : { maxAge: 0 });
    }
    // A missing file (it has an extension) is a 404; anything else is a page of the single-page app.
    if (/\.[a-z0-9]+$/i.test(rel)) throw new AppError('not_found');
    reply.header('vary', 'accept-encoding');
    const page = isPortalPage(url) && isFile(path.join(root, 'portal.html')) ? 'portal.html' : 'index.html';
    return reply.header('cache-control', 'no-cache').sendFile(page, root, { maxAge: 0, cacheControl: false });
  });
}
