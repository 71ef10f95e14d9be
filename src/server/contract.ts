import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badTextPath, isBadText, issuesOf } from '../app/validate.ts';
import { ErrorBody } from '../contract/api.ts';
import { AppError } from '../contract/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers without a signed-in caller (sign-in, the API document). Every other /api route needs one. */
    public?: boolean;
  }
}

/**
 * Types a route's request parts from its zod schemas (`req.body` is the parsed value). Replies are not typed from
 * the response schemas: handlers return rows with `Date`s that JSON renders as ISO strings, as the schemas say;
 * test/openapi-contract.test.ts checks real answers against them instead.
 */
export interface ZodInputs extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: unknown;
}

/** Where the OpenAPI document and its interactive reference are served. */
export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PREFIX = '/api/docs';

/** Headers read as text by some route: checked for NUL bytes and lone surrogates like any other text. */
const TEXT_HEADERS = ['idempotency-key', 'x-filename'];

/**
 * Validates each request part with the zod schema its route declares (`schema: { params, querystring, body,
 * headers }`), so the document generated from those schemas is what the server enforces. Every issue is listed;
 * a path parameter that does not parse (a malformed id) names nothing, so it is a 404.
 */
const zodValidator: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => (data) => {
  const r = schema.safeParse(data);
  // Headers are validated, never replaced (the request keeps every header it came with).
  if (r.success) return httpPart === 'headers' ? {} : { value: r.data };
  if (httpPart === 'params') return { error: new AppError('not_found') };
  return { error: new AppError('validation_failed', issuesOf(r.error, data)) };
};

/** Text PostgreSQL cannot store (NUL) or that is not Unicode (a lone surrogate) is refused with invalid_text. */
function checkText(req: FastifyRequest) {
  const parts: [string, unknown][] = [['params', req.params], ['query', req.query], ['body', req.body]];
  for (const [part, value] of parts) {
    const p = badTextPath(value);
    if (p !== undefined) throw invalidText(p === '' ? part : `${part}.${p}`);
  }
  for (const h of TEXT_HEADERS) {
    const v = req.headers[h];
    if (typeof v === 'string' && isBadText(v)) throw invalidText(`header.${h}`);
  }
}
const invalidText = (where: string) => new AppError('invalid_text', [{ path: where, code: 'invalid_text', message: where }], { where });

/** A route as registered, with the schema it declared (tests compare these with the document). */
export interface RegisteredRoute {
  method: string;
  url: string;
  schema: Record<string, unknown> | undefined;
}
const routeTables = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered on an app built with `registerContract`, HEAD routes Fastify adds by itself excluded. */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  return routeTables.get(app) ?? [];
}

/** Request validation from zod, auth before validation, text checks, and the OpenAPI document with its reference UI. */
export async function registerContract(app: FastifyInstance) {
  const table: RegisteredRoute[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, schema: route.schema as Record<string, unknown> | undefined });
    }
  });
  app.setValidatorCompiler(zodValidator);
  // Response schemas document the answer; responses are sent as they are (capabilities add fields to them).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.addHook('preValidation', async (req) => {
    // Sign-in and roles were checked before the body was read, by the route guard (route-abilities.ts).
    // An empty request body is an empty object (curl -X POST without data), as the JSON parser does.
    if (req.body === undefined && req.routeOptions.schema?.body !== undefined) req.body = {};
    checkText(req);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Qingting API',
        version: '1',
        description: 'Complaint handling (倾听). Errors: `{ "error": { "code", "message", "details" } }`; messages follow Accept-Language.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'The token from POST /api/v1/auth/login' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'qt_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: (doc) => {
      // Every operation can answer with the one error shape; routes list it or get it here.
      const response = { '4XX': ErrorBody, ...(doc.schema?.response as object | undefined) };
      const out = jsonSchemaTransform({ ...doc, schema: { ...doc.schema, response } });
      const s = out.schema as Record<string, unknown>;
      if (s.hide) return out;
      s.operationId ??= operationId(doc.route.method, doc.url);
      // A raw upload declares the types it takes (`consumes`); its body is the file's bytes.
      if (Array.isArray(s.consumes) && s.body === undefined) s.body = { type: 'string', format: 'binary' };
      if (doc.route.config?.public) s.security = [];
      return out;
    },
    transformObject: (doc) => withoutUnusedSchemas(jsonSchemaTransformObject(doc) as OpenApiDoc) as ReturnType<typeof jsonSchemaTransformObject>,
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // The reference loads only its own files (shipped in the package): no CDN, no online validator badge, and a CSP
    // of its own with the hashes of its inline script, served over plain HTTP as well as HTTPS.
    staticCSP: true,
    transformStaticCSP: (h) => h.replace(' validator.swagger.io', '').replace(' upgrade-insecure-requests;', '').replaceAll(' https:', ''),
    uiConfig: { validatorUrl: null },
  });
  app.get(OPENAPI_PATH, { config: { public: true }, schema: { summary: 'This document (OpenAPI 3.1)', tags: ['meta'], response: { 200: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }) } } }, async () => app.swagger());
}

/** `POST /api/v1/cases/:id/actions/accept` → `postCasesByIdActionsAccept`: stable, unique, derived from the route. */
function operationId(method: string | string[], url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '')
    .split(/[/_-]+/)
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `by_${w.slice(1)}` : w))
    .flatMap((w) => w.split('_'));
  const m = (Array.isArray(method) ? method[0]! : method).toLowerCase();
  return m + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

interface OpenApiDoc {
  paths?: unknown;
  components?: { schemas?: Record<string, unknown> };
}

/** Drops component schemas nothing refers to (zod's registry yields an input and an output variant of each). */
function withoutUnusedSchemas(doc: OpenApiDoc): OpenApiDoc {
  const all = doc.components?.schemas ?? {};
  const used = new Set<string>();
  let frontier = JSON.stringify(doc.paths ?? {});
  for (;;) {
    const found = [...frontier.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!).filter((n) => !used.has(n));
    if (found.length === 0) break;
    for (const n of found) used.add(n);
    frontier = JSON.stringify(found.map((n) => all[n]));
  }
  return { ...doc, components: { ...doc.components, schemas: Object.fromEntries(Object.entries(all).filter(([n]) => used.has(n))) } };
}
