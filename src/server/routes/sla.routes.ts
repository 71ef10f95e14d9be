import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Clock } from '../../app/context.ts';
import {
  BusinessHoursRequest, CalendarDayPatch, CalendarDayRequest, CalendarDaysQuery, LadderRequest, NotificationsQuery,
  SlaFamilyRequest, SlaPolicyRequest, SlaSettingsRequest,
} from '../../contract/sla.ts';
import { acknowledgeNotification, listNotifications } from '../../app/sla/notifications.ts';
import {
  deleteBusinessHours, deleteCalendarDay, deletePolicy, getSlaFamily, getSlaSettings, putSlaFamily, listBusinessHours, listCalendarDays, listLadders,
  listPolicies, patchCalendarDay, putBusinessHours, putCalendarDay, putSlaSettings, saveLadder, savePolicy,
} from '../../app/sla/sla-admin.ts';
import { parseOrThrow } from '../../app/validate.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import { requireAdmin } from '../../app/orgs/admin.ts';

type Id = { Params: { id: string } };

/** SLA administration (calendars, business hours, policies, ladders, settings) and the caller's notifications. */
export async function slaRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  // Every route here needs a signed-in caller, and the admin routes an administrator: both checked before the body
  // is read, so a non-administrator learns nothing about what the body should hold.
  app.addHook('preHandler', async (req) => {
    const actor = requireActor(req);
    if (req.url.startsWith('/api/v1/admin/')) requireAdmin(actor);
  });
  const tx = <T>(req: Parameters<typeof requireActor>[0], fn: (ctx: { tx: pg.PoolClient; actor: ReturnType<typeof requireActor>; clock: Clock }) => Promise<T>) => {
    const actor = requireActor(req);
    return withTx(pool, (t) => fn({ tx: t, actor, clock }));
  };

  app.get('/api/v1/admin/calendar-days', async (req) => listCalendarDays(pool, requireActor(req), parseOrThrow(CalendarDaysQuery, req.query), clock.now()));
  app.post('/api/v1/admin/calendar-days', async (req, reply) => {
    const input = parseOrThrow(CalendarDayRequest, req.body);
    return reply.status(201).send(await tx(req, (ctx) => putCalendarDay(ctx, input)));
  });
  app.patch<Id>('/api/v1/admin/calendar-days/:id', async (req) => {
    const input = parseOrThrow(CalendarDayPatch, req.body);
    return tx(req, (ctx) => patchCalendarDay(ctx, req.params.id, input));
  });
  app.delete<Id>('/api/v1/admin/calendar-days/:id', async (req, reply) => {
    await tx(req, (ctx) => deleteCalendarDay(ctx, req.params.id));
    return reply.status(204).send();
  });

  app.get('/api/v1/admin/business-hours', async (req) => listBusinessHours(pool, requireActor(req)));
  app.put('/api/v1/admin/business-hours', async (req) => {
    const input = parseOrThrow(BusinessHoursRequest, req.body);
    return tx(req, (ctx) => putBusinessHours(ctx, input));
  });
  app.delete<Id>('/api/v1/admin/business-hours/:id', async (req, reply) => {
    await tx(req, (ctx) => deleteBusinessHours(ctx, req.params.id));
    return reply.status(204).send();
  });

  app.get('/api/v1/admin/sla-policies', async (req) => listPolicies(pool, requireActor(req)));
  app.post('/api/v1/admin/sla-policies', async (req, reply) => {
    const input = parseOrThrow(SlaPolicyRequest, req.body);
    return reply.status(201).send(await tx(req, (ctx) => savePolicy(ctx, null, input)));
  });
  app.put<Id>('/api/v1/admin/sla-policies/:id', async (req) => {
    const input = parseOrThrow(SlaPolicyRequest, req.body);
    return tx(req, (ctx) => savePolicy(ctx, req.params.id, input));
  });
  app.delete<Id>('/api/v1/admin/sla-policies/:id', async (req, reply) => {
    await tx(req, (ctx) => deletePolicy(ctx, req.params.id));
    return reply.status(204).send();
  });

  app.get('/api/v1/admin/escalation-ladders', async (req) => listLadders(pool, requireActor(req)));
  app.post('/api/v1/admin/escalation-ladders', async (req, reply) => {
    const input = parseOrThrow(LadderRequest, req.body);
    return reply.status(201).send(await tx(req, (ctx) => saveLadder(ctx, null, input)));
  });
  app.put<Id>('/api/v1/admin/escalation-ladders/:id', async (req) => {
    const input = parseOrThrow(LadderRequest, req.body);
    return tx(req, (ctx) => saveLadder(ctx, req.params.id, input));
  });

  app.get('/api/v1/admin/sla-settings', async (req) => getSlaSettings(pool, requireActor(req)));
  app.put('/api/v1/admin/sla-settings', async (req) => {
    const input = parseOrThrow(SlaSettingsRequest, req.body);
    return tx(req, (ctx) => putSlaSettings(ctx, input));
  });

  // The organisation's preset family of time limits (DOMAIN.md §3): chosen from its trade, changeable here.
  app.get('/api/v1/admin/sla-family', async (req) => getSlaFamily(pool, requireActor(req)));
  app.put('/api/v1/admin/sla-family', async (req) => {
    const input = parseOrThrow(SlaFamilyRequest, req.body);
    return tx(req, (ctx) => putSlaFamily(ctx, input));
  });

  app.get('/api/v1/notifications', async (req) => {
    const q = parseOrThrow(NotificationsQuery, req.query);
    return listNotifications(pool, requireActor(req), { limit: q.limit, ...(q.unacknowledged === undefined ? {} : { unacknowledged: q.unacknowledged }) });
  });
  app.post<Id>('/api/v1/notifications/:id/acknowledge', async (req) => tx(req, (ctx) => acknowledgeNotification(ctx, req.params.id)));
}
