import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateCategoryRequest, CreateUnitRequest, CreateUserRequest } from '../../contract/admin.ts';
import { ActionRequests, ListCasesQuery, LoginRequest, RegisterCaseRequest } from '../../contract/cases.ts';
import { ERROR_CODES } from '../../contract/errors.ts';
import { LIFECYCLE } from '../../domain/lifecycle.ts';
import { STATUS } from '../errors.ts';

const json = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: json(s) } } });
const errorRef = { $ref: '#/components/schemas/Error' };
const responses = { '200': { description: 'OK' }, '4XX': { description: 'Error', content: { 'application/json': { schema: errorRef } } } };

/** The OpenAPI document, generated from the same zod schemas the server validates with. */
function openapi() {
  const paths: Record<string, unknown> = {
    '/api/v1/auth/login': { post: { summary: 'Sign in; sets a session cookie and returns a bearer token', requestBody: body(LoginRequest), responses } },
    '/api/v1/auth/logout': { post: { summary: 'Sign out', responses } },
    '/api/v1/cases': {
      post: {
        summary: 'Register a case (honours Idempotency-Key)',
        parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }],
        requestBody: body(RegisterCaseRequest),
        responses,
      },
      get: { summary: 'List and search cases', parameters: Object.keys(ListCasesQuery.shape).map((name) => ({ name, in: 'query', schema: { type: 'string' } })), responses },
    },
    '/api/v1/cases/{id}': { get: { summary: 'One case with timeline and abilities', responses } },
    '/api/v1/cases/{id}/attachments': { post: { summary: 'Upload evidence (raw body, ?filename=)', responses } },
    '/api/v1/admin/units': { post: { requestBody: body(CreateUnitRequest), responses } },
    '/api/v1/admin/users': { post: { requestBody: body(CreateUserRequest), responses } },
    '/api/v1/admin/categories': { post: { requestBody: body(CreateCategoryRequest), responses } },
  };
  for (const [action, schema] of Object.entries(ActionRequests)) {
    const rule = LIFECYCLE.find((r) => r.action === action);
    paths[`/api/v1/cases/{id}/actions/${action}`] = {
      post: { summary: `${action}: ${rule?.from.join('|')} → ${rule?.to ?? 'unchanged'} (roles: ${rule?.roles.join(', ')})`, requestBody: body(schema), responses },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Qingting API', version: '1' },
    paths,
    components: {
      schemas: {
        Error: {
          type: 'object',
          properties: { error: { type: 'object', properties: { code: { enum: [...ERROR_CODES] }, message: { type: 'string' }, details: {} }, required: ['code', 'message'] } },
        },
      },
    },
  };
}

export async function metaRoutes(app: FastifyInstance) {
  const doc = openapi();
  app.get('/api/v1/openapi.json', async () => doc);
  app.get('/api/v1/lifecycle', async () => ({ actions: LIFECYCLE, error_statuses: STATUS }));
}
