import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../../app/context.ts';
import {
  BusinessHoursRequest, CalendarDayPatch, CalendarDayRequest, CalendarDaysQuery, LadderRequest, NotificationsQuery,
  SlaFamilyRequest, SlaPolicyRequest, SlaSettingsRequest,
} from '../../contract/sla.ts';
import { acknowledgeNotification, listNotifications, markNotificationRead } from '../../app/sla/notifications.ts';
import {
  deleteBusinessHours, deleteCalendarDay, deletePolicy, getRecomputeStatus, getSlaFamily, getSlaSettings, putSlaFamily, listBusinessHours, listCalendarDays, listLadders,
  listPolicies, patchCalendarDay, putBusinessHours, putCalendarDay, putSlaSettings, saveLadder, savePolicy,
} from '../../app/sla/sla-admin.ts';
import { ErrorBody, IdParams, Items, NoContent, Row } from '../../contract/api.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';

const SlaFamily = z.object({
  family: z.string().meta({ description: 'The preset family in force' }),
  trade: z.string(),
  chosen: z.boolean().meta({ description: 'An administrator chose it (otherwise the trade decides)' }),
});

const doc = (summary: string, response: Record<number, unknown>, parts: Record<string, unknown> = {}) => ({
  schema: { summary, tags: ['sla'], ...parts, response: { ...response, '4XX': ErrorBody } },
});
const Settings = z.looseObject({ warn_thresholds: z.array(z.number()), time_zone: z.string() });

/** SLA administration (calendars, business hours, policies, ladders, settings) and the caller's notifications. */
export async function slaRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  const id = (req: { params: unknown }) => (req.params as z.output<typeof IdParams>).id;
  const tx = <T>(req: Parameters<typeof requireActor>[0], fn: (ctx: { tx: pg.PoolClient; actor: ReturnType<typeof requireActor>; clock: Clock }) => Promise<T>) => {
    const actor = requireActor(req);
    return withTx(pool, (t) => fn({ tx: t, actor, clock }));
  };

  app.get('/api/v1/admin/calendar-days', doc('Calendar days (official holidays, make-up workdays, local days)', { 200: z.looseObject({ items: z.array(Row) }) }, { querystring: CalendarDaysQuery }), async (req) => listCalendarDays(pool, requireActor(req), req.query as z.output<typeof CalendarDaysQuery>, clock.now()));
  app.post('/api/v1/admin/calendar-days', doc('Add or replace a calendar day', { 201: Row }, { body: CalendarDayRequest }), async (req, reply) => {
    const input = req.body as z.output<typeof CalendarDayRequest>;
    return reply.status(201).send(await tx(req, (ctx) => putCalendarDay(ctx, input)));
  });
  app.patch('/api/v1/admin/calendar-days/:id', doc('Change a calendar day', { 200: Row }, { params: IdParams, body: CalendarDayPatch }), async (req) => {
    const input = req.body as z.output<typeof CalendarDayPatch>;
    return tx(req, (ctx) => patchCalendarDay(ctx, id(req), input));
  });
  app.delete('/api/v1/admin/calendar-days/:id', doc('Remove a calendar day', { 204: NoContent }, { params: IdParams }), async (req, reply) => {
    await tx(req, (ctx) => deleteCalendarDay(ctx, id(req)));
    return reply.status(204).send();
  });

  // Issue 9: the open deadlines are recomputed by a job after a calendar change; the calendar page polls this.
  app.get('/api/v1/admin/calendar-recompute', doc('Whether open deadlines are still being recomputed after a calendar change', {
    200: z.object({ pending: z.boolean(), since: z.string().nullable().meta({ description: 'When the oldest change still waiting was made' }) }),
  }), async (req) => getRecomputeStatus(pool, requireActor(req)));

  app.get('/api/v1/admin/business-hours', doc('Business hours of the organisation and of units', { 200: Items(Row) }), async (req) => listBusinessHours(pool, requireActor(req)));
  app.put('/api/v1/admin/business-hours', doc('Set business hours', { 200: Row }, { body: BusinessHoursRequest }), async (req) => {
    const input = req.body as z.output<typeof BusinessHoursRequest>;
    return tx(req, (ctx) => putBusinessHours(ctx, input));
  });
  app.delete('/api/v1/admin/business-hours/:id', doc('Remove a unit’s business hours', { 204: NoContent }, { params: IdParams }), async (req, reply) => {
    await tx(req, (ctx) => deleteBusinessHours(ctx, id(req)));
    return reply.status(204).send();
  });

  app.get('/api/v1/admin/sla-policies', doc('SLA policies', { 200: Items(Row) }), async (req) => listPolicies(pool, requireActor(req)));
  app.post('/api/v1/admin/sla-policies', doc('Create an SLA policy', { 201: Row }, { body: SlaPolicyRequest }), async (req, reply) => {
    const input = req.body as SlaPolicyRequest;
    return reply.status(201).send(await tx(req, (ctx) => savePolicy(ctx, null, input)));
  });
  app.put('/api/v1/admin/sla-policies/:id', doc('Replace an SLA policy', { 200: Row }, { params: IdParams, body: SlaPolicyRequest }), async (req) => {
    const input = req.body as SlaPolicyRequest;
    return tx(req, (ctx) => savePolicy(ctx, id(req), input));
  });
  app.delete('/api/v1/admin/sla-policies/:id', doc('Remove an SLA policy', { 204: NoContent }, { params: IdParams }), async (req, reply) => {
    await tx(req, (ctx) => deletePolicy(ctx, id(req)));
    return reply.status(204).send();
  });

  app.get('/api/v1/admin/escalation-ladders', doc('Escalation ladders', { 200: Items(Row) }), async (req) => listLadders(pool, requireActor(req)));
  app.post('/api/v1/admin/escalation-ladders', doc('Create an escalation ladder', { 201: Row }, { body: LadderRequest }), async (req, reply) => {
    const input = req.body as LadderRequest;
    return reply.status(201).send(await tx(req, (ctx) => saveLadder(ctx, null, input)));
  });
  app.put('/api/v1/admin/escalation-ladders/:id', doc('Replace an escalation ladder', { 200: Row }, { params: IdParams, body: LadderRequest }), async (req) => {
    const input = req.body as LadderRequest;
    return tx(req, (ctx) => saveLadder(ctx, id(req), input));
  });

  app.get('/api/v1/admin/sla-settings', doc('SLA settings (warning thresholds, time zone)', { 200: Settings }), async (req) => getSlaSettings(pool, requireActor(req)));
  app.put('/api/v1/admin/sla-settings', doc('Change SLA settings', { 200: Settings }, { body: SlaSettingsRequest }), async (req) => {
    const input = req.body as z.output<typeof SlaSettingsRequest>;
    return tx(req, (ctx) => putSlaSettings(ctx, input));
  });

  // The organisation's preset family of time limits (DOMAIN.md §3): chosen from its trade, changeable here.
  app.get('/api/v1/admin/sla-family', doc('The organisation’s preset family of time limits', { 200: SlaFamily }), async (req) => getSlaFamily(pool, requireActor(req)));
  app.put('/api/v1/admin/sla-family', doc('Choose the preset family of time limits', { 200: SlaFamily }, { body: SlaFamilyRequest }), async (req) => {
    const input = req.body as z.output<typeof SlaFamilyRequest>;
    return tx(req, (ctx) => putSlaFamily(ctx, input));
  });

  app.get('/api/v1/notifications', doc('The caller’s notifications (deadline warnings, escalations)', { 200: z.looseObject({ items: z.array(Row), unacknowledged: z.number().int() }) }, { querystring: NotificationsQuery }), async (req) => {
    const q = req.query as z.output<typeof NotificationsQuery>;
    return listNotifications(pool, requireActor(req), { limit: q.limit, ...(q.unacknowledged === undefined ? {} : { unacknowledged: q.unacknowledged }) });
  });
  app.post('/api/v1/notifications/:id/acknowledge', doc('Acknowledge a notification (escalations and supervision: recorded on the case)', { 200: Row }, { params: IdParams }), async (req) => tx(req, (ctx) => acknowledgeNotification(ctx, id(req))));
  app.post('/api/v1/notifications/:id/read', doc('Mark an ordinary notice read (escalations and supervision are acknowledged instead)', { 200: Row }, { params: IdParams }), async (req) => tx(req, (ctx) => markNotificationRead(ctx, id(req))));
}
