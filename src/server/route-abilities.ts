import type { FastifyInstance, FastifyRequest } from 'fastify';
import { abilityFor } from '../app/cases/case.policy.ts';
import { AppError } from '../contract/errors.ts';
import { rolesMay, type Ability } from '../domain/roles.ts';

/** What a route needs: nothing (`public`), a session (`signed_in`), or an ability of the roles table. */
export type RouteNeed = 'public' | 'signed_in' | Ability | 'act_or_reveal';

/**
 * Every API route and the ability it needs, read by the guard below (before the body is parsed or
 * validated, so a caller without the right learns nothing of a route's fields) and by the generated
 * test over every route × role (test/permissions-routes.test.ts), which fails for a route missing here.
 * Keys are `METHOD url` as Fastify registers them. Scope (which cases, which units) is checked by the use cases.
 */
export const ROUTE_NEEDS: Record<string, RouteNeed> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'signed_in',
  'GET /api/v1/auth/me': 'signed_in',
  'GET /api/v1/abilities': 'signed_in',
  'GET /api/v1/auth/config': 'public',
  'POST /api/v1/auth/logout-all': 'signed_in',
  'POST /api/v1/auth/password': 'signed_in',
  'POST /api/v1/admin/users/:id/password': 'administer',
  'POST /api/v1/admin/users/:id/unlock': 'administer',
  'GET /api/v1/admin/auth-log': 'audit',
  'GET /api/v1/admin/auth-settings': 'administer',
  'PUT /api/v1/admin/auth-settings': 'administer',

  'POST /api/v1/cases': 'register',
  'GET /api/v1/cases': 'read',
  'GET /api/v1/cases/:id': 'read',
  // `reveal_*` actions need `reveal`, every other action `act` (see abilityFor).
  'POST /api/v1/cases/:id/actions/:action': 'act_or_reveal',
  'POST /api/v1/cases/:id/attachments': 'act',
  'GET /api/v1/cases/:id/attachments/:attachmentId': 'read',

  'GET /api/v1/units': 'read',
  'GET /api/v1/categories': 'read',
  'GET /api/v1/users': 'read',
  'GET /api/v1/customers': 'read',
  'GET /api/v1/customers/:id': 'read',
  // Issue 11: the customer's contact preferences; scope (customers the caller may see) checked by the use case.
  'GET /api/v1/customers/:id/contact-preferences': 'read',
  'PUT /api/v1/customers/:id/contact-preferences': 'act',

  'GET /api/v1/admin/users': 'administer',
  'POST /api/v1/admin/units': 'administer',
  'POST /api/v1/admin/units/:id/move': 'administer',
  'POST /api/v1/admin/users': 'administer',
  'POST /api/v1/admin/categories': 'administer',
  'GET /api/v1/admin/calendar-days': 'administer',
  'POST /api/v1/admin/calendar-days': 'administer',
  'PATCH /api/v1/admin/calendar-days/:id': 'administer',
  'DELETE /api/v1/admin/calendar-days/:id': 'administer',
  'GET /api/v1/admin/calendar-recompute': 'administer',
  'GET /api/v1/admin/business-hours': 'administer',
  'PUT /api/v1/admin/business-hours': 'administer',
  'DELETE /api/v1/admin/business-hours/:id': 'administer',
  'GET /api/v1/admin/sla-policies': 'administer',
  'POST /api/v1/admin/sla-policies': 'administer',
  'PUT /api/v1/admin/sla-policies/:id': 'administer',
  'DELETE /api/v1/admin/sla-policies/:id': 'administer',
  'GET /api/v1/admin/escalation-ladders': 'administer',
  'POST /api/v1/admin/escalation-ladders': 'administer',
  'PUT /api/v1/admin/escalation-ladders/:id': 'administer',
  'GET /api/v1/admin/sla-settings': 'administer',
  'PUT /api/v1/admin/sla-settings': 'administer',
  // Channels in (issue 11): the transfer route authenticates the organisation's API token itself.
  'GET /api/v1/admin/api-tokens': 'administer',
  'POST /api/v1/admin/api-tokens': 'administer',
  'DELETE /api/v1/admin/api-tokens/:id': 'administer',
  'POST /api/v1/channels/transfers': 'public',
  'GET /api/v1/admin/channels/wechat': 'administer',
  'PUT /api/v1/admin/channels/wechat': 'administer',
  'GET /api/v1/channels/wechat/:org': 'public',
  'POST /api/v1/channels/wechat/:org': 'public',
  'GET /api/v1/admin/channels/email': 'administer',
  'PUT /api/v1/admin/channels/email': 'administer',
  'GET /api/v1/admin/sla-family': 'administer',
  'GET /api/v1/admin/process-settings': 'administer',
  'PUT /api/v1/admin/process-settings': 'administer',
  'GET /api/v1/registration-rules': 'read',
  'PUT /api/v1/admin/sla-family': 'administer',

  'GET /api/v1/notifications': 'read',
  'POST /api/v1/notifications/:id/acknowledge': 'act',
  'POST /api/v1/notifications/:id/read': 'act',
  // The staff workbench (issue 9): the bell's live count; bulk assign/transfer (each case checked as its own action).
  'GET /api/v1/notifications/stream': 'read',
  'POST /api/v1/cases/bulk-actions': 'act',

  'GET /api/v1/audit': 'audit',

  // The customer portal (issue 9): public routes that check their own rights (a case only with its portal token,
  // handed out on submission or after tracking by number + phone); staff write notes meant for the customer.
  'GET /api/v1/portal/orgs/:slug': 'public',
  'POST /api/v1/portal/orgs/:slug/cases': 'public',
  'POST /api/v1/portal/orgs/:slug/track': 'public',
  'GET /api/v1/portal/case': 'public',
  'POST /api/v1/portal/case/notes': 'public',
  'POST /api/v1/portal/case/visit': 'public',
  'POST /api/v1/portal/case/photos': 'public',
  'GET /api/v1/portal/case/contact-preferences': 'public',
  'PUT /api/v1/portal/case/contact-preferences': 'public',
  // Notifications out (issue 11): templates, channels, outbox dead letters, webhooks.
  'GET /api/v1/admin/message-templates': 'administer',
  'PUT /api/v1/admin/message-templates/:event/:locale': 'administer',
  'POST /api/v1/admin/message-templates/:event/:locale/preview': 'administer',
  'GET /api/v1/admin/notify-channels': 'administer',
  'PUT /api/v1/admin/notify-channels/:channel': 'administer',
  'GET /api/v1/admin/notify-settings': 'administer',
  'PUT /api/v1/admin/notify-settings': 'administer',
  'GET /api/v1/admin/units/:id/robots': 'administer',
  'PUT /api/v1/admin/units/:id/robots/:channel': 'administer',
  'DELETE /api/v1/admin/units/:id/robots/:channel': 'administer',
  'GET /api/v1/admin/outbox': 'administer',
  'GET /api/v1/admin/outbox/:id/attempts': 'administer',
  'POST /api/v1/admin/outbox/:id/retry': 'administer',
  'GET /api/v1/admin/webhooks': 'administer',
  'POST /api/v1/admin/webhooks': 'administer',
  'DELETE /api/v1/admin/webhooks/:id': 'administer',
  'POST /api/v1/portal/tracking-codes': 'public',
  'POST /api/v1/cases/:id/customer-replies': 'act',
  // Accountability, corrective action, reviews, retention (issue 12). Every write needs `account` (or `act` for the
  // owner completing a corrective action, `administer` for settings and retention); reading needs `account` or `analyse`.
  'GET /api/v1/admin/accountability-settings': 'administer',
  'PUT /api/v1/admin/accountability-settings': 'administer',
  'GET /api/v1/accountability/cases/:id': 'account',
  'PUT /api/v1/accountability/cases/:id/validity': 'account',
  'PUT /api/v1/accountability/cases/:id/liability': 'account',
  'POST /api/v1/accountability/cases/:id/assess': 'account',
  'POST /api/v1/accountability/cases/:id/malicious-appeal': 'account',
  'POST /api/v1/accountability/cases/:id/malicious-appeal/decision': 'account',
  'PUT /api/v1/accountability/cases/:id/legal-hold': 'account',
  'GET /api/v1/accountability/fines': 'account',
  'POST /api/v1/accountability/fines/:id/pay': 'account',
  'POST /api/v1/accountability/fines/:id/waive': 'account',
  'POST /api/v1/accountability/fines/:id/appeal': 'account',
  'POST /api/v1/accountability/fines/:id/uphold': 'account',
  'POST /api/v1/accountability/fines/:id/overturn': 'account',
  'GET /api/v1/accountability/statements': 'account',
  'POST /api/v1/accountability/year-end': 'account',
  'GET /api/v1/accountability/year-end/:runId': 'account',
  'POST /api/v1/accountability/year-end/:runId/post': 'account',
  'GET /api/v1/corrective-actions': 'analyse',
  'POST /api/v1/corrective-actions': 'account',
  'GET /api/v1/corrective-actions/:actionId': 'analyse',
  'POST /api/v1/corrective-actions/:actionId/complete': 'act',
  'POST /api/v1/corrective-actions/:actionId/check': 'account',
  'GET /api/v1/reviews': 'analyse',
  'POST /api/v1/reviews': 'account',
  'GET /api/v1/review-pack': 'analyse',
  'GET /api/v1/difficult-customers': 'analyse',
  'PUT /api/v1/difficult-customers/:id': 'account',
  'DELETE /api/v1/difficult-customers/:id': 'account',
  'POST /api/v1/admin/retention/run': 'administer',
  // Issue 9 administration: standard phrases (服务用语) and phrases never to use.
  'PATCH /api/v1/admin/users/:id': 'administer',
  'PATCH /api/v1/admin/units/:id': 'administer',
  'GET /api/v1/phrases': 'read',
  'GET /api/v1/phrases/check': 'read',
  'POST /api/v1/admin/phrases': 'administer',
  'PATCH /api/v1/admin/phrases/:id': 'administer',
  'DELETE /api/v1/admin/phrases/:id': 'administer',
  // Issue 9 workbench: a user's own saved list filters, for every role that lists cases (the auditor too: a view
  // is the user's own preference, not the organisation's data).
  'GET /api/v1/saved-views': 'read',
  'GET /api/v1/saved-views/:id': 'read',
  'POST /api/v1/saved-views': 'read',
  'DELETE /api/v1/saved-views/:id': 'read',

  'GET /api/v1/openapi.json': 'public',
  // The interactive API reference (@fastify/swagger-ui), all of it served from here.
  'GET /api/docs': 'public',
  'GET /api/docs/static/index.html': 'public',
  'GET /api/docs/static/swagger-initializer.js': 'public',
  'GET /api/docs/json': 'public',
  'GET /api/docs/yaml': 'public',
  'GET /api/docs/static/*': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  // Loopback only, or a token of its own (src/server/metrics.ts).
  'GET /metrics': 'public',
  'GET /api/v1/lifecycle': 'public',
  // The web app (its files and its pages); unknown /api paths under it answer 404.
  'GET /*': 'public',

  // Analytics and exports (issue 10).
  'GET /api/v1/analytics/rates': 'analyse',
  'GET /api/v1/analytics/breakdown': 'analyse',
  'GET /api/v1/analytics/hot-issues': 'analyse',
  'GET /api/v1/analytics/surges': 'analyse',
  'GET /api/v1/analytics/similar': 'analyse',
  'GET /api/v1/exports/cases.csv': 'export',
  'GET /api/v1/exports/cases.xlsx': 'export',
};

/** The need of a route, or undefined when the table has no entry (HEAD routes share their GET's entry). */
export function needOf(method: string, url: string): RouteNeed | undefined {
  // Each lifecycle action has a route of its own (its own request schema); they share one entry.
  const key = method === 'POST' && ACTION_ROUTE.test(url) ? 'POST /api/v1/cases/:id/actions/:action' : `${method === 'HEAD' ? 'GET' : method} ${url}`;
  return ROUTE_NEEDS[key];
}

const ACTION_ROUTE = /^\/api\/v1\/cases\/:id\/actions\/[a-z_:]+$/;

/** The action a request names: the `:action` parameter, or the last segment of a per-action route. */
function actionOf(params: unknown, url: string): string {
  return (params as { action?: string }).action ?? url.slice(url.lastIndexOf('/') + 1);
}

const registered = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Every route registered on `app` after the guard (HEAD twins left out), for the generated permission test. */
export function registeredRoutes(app: FastifyInstance): { method: string; url: string }[] {
  return [...(registered.get(app) ?? [])];
}

/**
 * The route guard: checks the caller's roles against ROUTE_NEEDS on every request, before the body is
 * parsed. An API route without an entry is refused (fail closed) until it gets one.
 * @throws unauthenticated, forbidden_action
 */
export function registerRouteGuard(app: FastifyInstance): void {
  const routes: { method: string; url: string }[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  app.addHook('onRequest', async (req) => checkRouteAccess(req));
}

/** Whether the request's actor may call its route (ROUTE_NEEDS). @throws unauthenticated, forbidden_action */
export function checkRouteAccess(req: FastifyRequest): void {
  const url = req.routeOptions.url;
  if (url === undefined) return; // no route: the not-found handler answers
  const need = needOf(req.method, url);
  if (need === 'public') return;
  if (need === undefined && !url.startsWith('/api/')) return;
  if (!req.actor) throw new AppError('unauthenticated');
  if (need === undefined) {
    req.log.error({ route: `${req.method} ${url}` }, 'route has no entry in ROUTE_NEEDS; refused');
    throw new AppError('forbidden_action', undefined, { action: 'route' });
  }
  if (need === 'signed_in') return;
  const action = actionOf(req.params, url);
  const ability: Ability = need === 'act_or_reveal' ? abilityFor(action) : need;
  if (!rolesMay(req.actor.roles, ability)) throw new AppError('forbidden_action', undefined, { action: need === 'act_or_reveal' ? action : ability });
}
