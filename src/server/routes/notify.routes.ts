import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../../app/context.ts';
import { listChannels, saveChannel } from '../../app/notify/channels.ts';
import { attemptsOf, listOutbox, retryDead } from '../../app/notify/outbox.ts';
import { getNotifySettings, saveNotifySettings } from '../../app/notify/notify-settings.ts';
import { deleteUnitRobot, listUnitRobots, saveUnitRobot } from '../../app/notify/unit-robots.ts';
import { CODE_TTL_MS, issueTrackingCode } from '../../app/notify/one-time-codes.ts';
import { findPortalOrg } from '../../app/portal/portal-actor.ts';
import { listTemplates, previewTemplate, saveTemplate } from '../../app/notify/templates.ts';
import { requireAdmin } from '../../app/orgs/admin.ts';
import { AppError } from '../../contract/errors.ts';
import { ErrorBody, IdParams, Items, NoContent } from '../../contract/api.ts';
import { many, one } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const doc = (summary: string, response: Record<number, unknown>, parts: Record<string, unknown> = {}) => ({
  schema: { summary, tags: ['notify'], ...parts, response: { ...response, '4XX': ErrorBody } },
});

const TemplateParams = z.strictObject({ event: z.string().max(40), locale: z.string().max(10) });
const TemplateView = z.object({ event: z.string(), locale: z.string(), subject: z.string(), body: z.string(), customised: z.boolean(), variables: z.array(z.string()) });
const TemplateRequest = z.strictObject({ subject: z.string().min(1).max(200), body: z.string().min(1).max(2000) }).nullable();
const PreviewRequest = z.strictObject({
  subject: z.string().max(200).optional(),
  body: z.string().max(2000).optional(),
  variables: z.record(z.string().max(40), z.string().max(500)).optional(),
});
const Preview = z.object({ subject: z.string(), body: z.string() });

const ChannelParams = z.strictObject({ channel: z.string().max(20) });
const ChannelView = z.object({
  channel: z.string(),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.object({ set: z.boolean(), hint: z.string().nullable() })),
});
const ChannelRequest = z.strictObject({ enabled: z.boolean(), config: z.record(z.string().max(40), z.unknown()) });

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const NotifySettingsView = z.object({ quiet_hours: z.object({ start: z.string(), end: z.string() }), portal_base_url: z.string().nullable() });
const NotifySettingsRequest = z.strictObject({
  quiet_hours: z.strictObject({ start: HourMinute, end: HourMinute }).meta({ description: 'Local times; start = end means no quiet hours' }),
  portal_base_url: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
});

const OutboxQuery = z.strictObject({ status: z.enum(['pending', 'sending', 'sent', 'dead']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const OutboxView = z.looseObject({ id: z.uuid(), channel: z.string(), event: z.string(), status: z.string(), attempts: z.number().int() });
const AttemptView = z.looseObject({ attempt: z.number().int(), ok: z.boolean() });

const WEBHOOK_EVENTS = ['*', 'case.registered', 'case.progress', 'case.resolved', 'case.visit_invitation',
  'notification.sla_warning', 'notification.escalation', 'notification.top_level', 'notification.supervision',
  'notification.fine_due', 'notification.fine_overdue', 'notification.corrective_overdue'] as const;
const WebhookRequest = z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(500), events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(20) });
const WebhookView = z.looseObject({ id: z.uuid(), url: z.string(), events: z.array(z.string()), active: z.boolean() });
const WebhookCreated = WebhookView.extend({ secret: z.string().meta({ description: 'Shown once: the key that signs the bodies' }) });

const TrackingCodeRequest = z.strictObject({ org: z.string().trim().min(1).max(60), number: z.string().trim().min(1).max(40), phone: z.string().trim().min(3).max(30) });
const TrackingCodeSent = z.object({ sent: z.literal(true), expires_in_seconds: z.number().int() });

/** Issue 11 "Out": message templates, channel settings, the outbox (dead letters, retry, delivery log), webhooks. */
export async function notifyRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  const r = app.withTypeProvider<ZodInputs>();
  const admin = (req: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(req);
    requireAdmin(actor);
    return actor;
  };

  r.get('/api/v1/admin/message-templates', doc('Message templates per event and language (the organisation’s own or the default)', { 200: Items(TemplateView) }), async (req) => ({ items: await listTemplates(pool, admin(req).orgId) }));
  r.put('/api/v1/admin/message-templates/:event/:locale', doc('Save a message template (null: back to the default)', { 200: TemplateView }, { params: TemplateParams, body: TemplateRequest }), async (req) => {
    const p = req.params as z.output<typeof TemplateParams>;
    return saveTemplate(pool, admin(req).orgId, p.event, p.locale, req.body as z.output<typeof TemplateRequest>);
  });
  r.post('/api/v1/admin/message-templates/:event/:locale/preview', doc('Render a template with sample variables', { 200: Preview }, { params: TemplateParams, body: PreviewRequest }), async (req) => {
    const p = req.params as z.output<typeof TemplateParams>;
    return previewTemplate(pool, admin(req).orgId, p.event, p.locale, req.body as z.output<typeof PreviewRequest>);
  });

  r.get('/api/v1/admin/notify-channels', doc('Delivery channels (SMTP, SMS, DingTalk, WeCom); secrets are never shown', { 200: Items(ChannelView) }), async (req) => ({ items: await listChannels(pool, admin(req).orgId) }));
  r.put('/api/v1/admin/notify-channels/:channel', doc('Configure a delivery channel (a secret left out keeps the stored one)', { 200: ChannelView }, { params: ChannelParams, body: ChannelRequest }), async (req) => {
    const p = req.params as z.output<typeof ChannelParams>;
    return saveChannel(pool, admin(req).orgId, p.channel, req.body as z.output<typeof ChannelRequest>);
  });

  // Quiet hours for customer SMS and the portal base URL of message links (organisations.settings.notify).
  r.get('/api/v1/admin/notify-settings', doc('Quiet hours for customer SMS and the portal base URL of links', { 200: NotifySettingsView }), async (req) => getNotifySettings(pool, admin(req).orgId));
  r.put('/api/v1/admin/notify-settings', doc('Set the quiet hours (and the portal base URL)', { 200: NotifySettingsView }, { body: NotifySettingsRequest }), async (req) =>
    saveNotifySettings(pool, admin(req).orgId, req.body as z.output<typeof NotifySettingsRequest>));

  // Staff group robots of a unit (department, project): the nearest one up the tree gets the unit's breaches.
  const UnitRobotParams = z.strictObject({ id: z.uuid(), channel: z.string().max(20) });
  r.get('/api/v1/admin/units/:id/robots', doc('A unit’s own DingTalk/WeCom group robots (tokens masked, secrets never shown)', { 200: Items(ChannelView) }, { params: IdParams }), async (req) => ({
    items: await listUnitRobots(pool, admin(req).orgId, (req.params as z.output<typeof IdParams>).id),
  }));
  r.put('/api/v1/admin/units/:id/robots/:channel', doc('Configure a unit’s group robot (dingtalk: webhook_url, secret; wecom: webhook_url)', { 200: ChannelView }, { params: UnitRobotParams, body: ChannelRequest }), async (req) => {
    const p = req.params as z.output<typeof UnitRobotParams>;
    return saveUnitRobot(pool, admin(req).orgId, p.id, p.channel, req.body as z.output<typeof ChannelRequest>);
  });
  r.delete('/api/v1/admin/units/:id/robots/:channel', doc('Remove a unit’s group robot (its messages go to the next unit up, else the organisation’s)', { 204: NoContent }, { params: UnitRobotParams }), async (req, reply) => {
    const p = req.params as z.output<typeof UnitRobotParams>;
    await deleteUnitRobot(pool, admin(req).orgId, p.id, p.channel);
    return reply.code(204).send();
  });

  r.get('/api/v1/admin/outbox', doc('Outgoing messages by status (dead letters: status=dead)', { 200: Items(OutboxView) }, { querystring: OutboxQuery }), async (req) => ({ items: await listOutbox(pool, admin(req).orgId, req.query as z.output<typeof OutboxQuery>) }));
  // An id that is no message of the organisation has an empty log.
  r.get('/api/v1/admin/outbox/:id/attempts', doc('The delivery log of one message', { 200: Items(AttemptView) }, { params: IdParams }), async (req) => ({
    items: await attemptsOf(pool, admin(req).orgId, (req.params as z.output<typeof IdParams>).id),
  }));
  r.post('/api/v1/admin/outbox/:id/retry', doc('Send a dead letter again', { 200: z.object({ retried: z.boolean() }) }, { params: IdParams }), async (req) => {
    const ok = await retryDead(pool, admin(req).orgId, (req.params as z.output<typeof IdParams>).id, clock.now());
    if (!ok) throw new AppError('not_found');
    return { retried: true };
  });

  // The portal's tracking page asks for a one-time code by SMS; the same answer whether or not the case matches.
  r.post('/api/v1/portal/tracking-codes', doc('Portal: send a one-time tracking code by SMS to the phone a case was registered with (throttled)', { 202: TrackingCodeSent }, { body: TrackingCodeRequest }), async (req, reply) => {
    const body = req.body as z.output<typeof TrackingCodeRequest>;
    const org = await findPortalOrg(pool, body.org);
    await issueTrackingCode(pool, org.id, body.number, body.phone, { address: req.ip, now: clock.now() });
    reply.code(202);
    return { sent: true as const, expires_in_seconds: CODE_TTL_MS / 1000 };
  });

  r.get('/api/v1/admin/webhooks', doc('Webhook subscriptions', { 200: Items(WebhookView) }), async (req) => ({
    items: await many(pool, 'select id, url, events, active, created_at from webhook_subscriptions where org_id = $1 order by created_at', [admin(req).orgId]),
  }));
  r.post('/api/v1/admin/webhooks', doc('Subscribe a URL to events; answers with the signing secret once', { 201: WebhookCreated }, { body: WebhookRequest }), async (req, reply) => {
    const orgId = admin(req).orgId;
    const body = req.body as z.output<typeof WebhookRequest>;
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const row = await one<z.output<typeof WebhookView>>(
      pool,
      'insert into webhook_subscriptions (org_id, id, url, events, secret) values ($1, $2, $3, $4, $5) returning id, url, events, active, created_at',
      [orgId, randomUUID(), body.url, body.events, secret],
    );
    reply.code(201);
    return { ...row!, secret };
  });
  r.delete('/api/v1/admin/webhooks/:id', doc('Stop a webhook subscription', { 200: z.object({ active: z.boolean() }) }, { params: IdParams }), async (req) => {
    const res = await pool.query('update webhook_subscriptions set active = false where org_id = $1 and id = $2', [admin(req).orgId, (req.params as z.output<typeof IdParams>).id]);
    if (res.rowCount === 0) throw new AppError('not_found');
    return { active: false };
  });
}
