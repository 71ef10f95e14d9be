import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** Security headers on every response (API, web app, errors). The CSP fits the built SPA: Vite emits module
 * scripts and stylesheets from /assets (no inline script), antd injects its CSS-in-JS as inline styles. */
function helmetOptions(https: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'same-origin' as const },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
  };
}

/**
 * The headers helmet sets for `helmetOptions`, worked out once: they depend on the configuration only, never on the
 * request, and building helmet's middleware on every request (as @fastify/helmet does) cost a registration more
 * than its own validation (issue 8).
 */
export function securityHeaderSet(https: boolean): [string, string][] {
  const set: [string, string][] = [];
  const res = {
    setHeader: (name: string, value: string | number | string[]) => set.push([name, String(value)]),
    removeHeader: () => undefined, // X-Powered-By: never sent by Fastify in the first place
  };
  helmet(helmetOptions(https))({} as never, res as never, (err?: unknown) => {
    if (err) throw err;
  });
  return set;
}

/** Security headers on every response (API, web app, errors, streams), set on the raw response first thing. */
export function registerSecurityHeaders(app: FastifyInstance, https: boolean): void {
  const headers = securityHeaderSet(https);
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
