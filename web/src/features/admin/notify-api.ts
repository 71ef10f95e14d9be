/** The notification and channel administration API (issues 9 and 11), on the shared client in ../../api.ts. */
import { request } from '../../api.ts';

export interface MessageTemplate { event: string; locale: string; subject: string; body: string; customised: boolean; variables: string[] }
export interface OutboxRow {
  id: string; channel: string; event: string; recipient: string; address: string | null; case_id: string | null; status: string;
  attempts: number; last_error: string | null; next_attempt_at: string; created_at: string; sent_at: string | null;
}
export interface Attempt { attempt: number; at: string; ok: boolean; error: string | null; response: string | null; duration_ms: number }
export interface NotifyChannel { channel: string; enabled: boolean; config: Record<string, unknown>; secrets: Record<string, { set: boolean; hint: string | null }> }
export interface Webhook { id: string; url: string; events: string[]; active: boolean; created_at: string }
export interface ApiToken { id: string; name: string; report_url: string | null; unit_id: string | null; created_at: string; revoked_at: string | null }
export interface WechatAccount { configured: boolean; app_id: string | null; unit_id: string | null; updated_at?: string }
export interface NotifySettings { quiet_hours: { start: string; end: string }; portal_base_url: string | null }
export interface Mailbox { configured: boolean; host?: string; port?: number; secure?: boolean; username?: string; folder?: string; unit_id?: string | null; last_error?: string | null }

/** The server's lists (src/server/routes/notify.routes.ts), repeated so the admin chunk needs no server code. */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
export const WEBHOOK_EVENTS = ['*', 'case.registered', 'case.progress', 'case.resolved', 'case.visit_invitation',
  'notification.sla_warning', 'notification.escalation', 'notification.top_level', 'notification.supervision',
  'notification.fine_due', 'notification.fine_overdue', 'notification.corrective_overdue'] as const;

const enc = encodeURIComponent;

export const notifyApi = {
  templates: () => request<{ items: MessageTemplate[] }>('GET', '/admin/message-templates'),
  saveTemplate: (event: string, locale: string, b: { subject: string; body: string } | null) => request<MessageTemplate>('PUT', `/admin/message-templates/${enc(event)}/${enc(locale)}`, b),
  previewTemplate: (event: string, locale: string, b: { subject?: string; body?: string }) => request<{ subject: string; body: string }>('POST', `/admin/message-templates/${enc(event)}/${enc(locale)}/preview`, b),
  outbox: (status?: string) => request<{ items: OutboxRow[] }>('GET', `/admin/outbox?${new URLSearchParams({ limit: '200', ...(status ? { status } : {}) }).toString()}`),
  attempts: (id: string) => request<{ items: Attempt[] }>('GET', `/admin/outbox/${id}/attempts`),
  retry: (id: string) => request<{ retried: boolean }>('POST', `/admin/outbox/${id}/retry`, {}),
  channels: () => request<{ items: NotifyChannel[] }>('GET', '/admin/notify-channels'),
  saveChannel: (channel: string, b: { enabled: boolean; config: Record<string, unknown> }) => request<NotifyChannel>('PUT', `/admin/notify-channels/${enc(channel)}`, b),
  unitRobots: (unitId: string) => request<{ items: NotifyChannel[] }>('GET', `/admin/units/${unitId}/robots`),
  saveUnitRobot: (unitId: string, channel: string, b: { enabled: boolean; config: Record<string, unknown> }) => request<NotifyChannel>('PUT', `/admin/units/${unitId}/robots/${enc(channel)}`, b),
  deleteUnitRobot: (unitId: string, channel: string) => request<void>('DELETE', `/admin/units/${unitId}/robots/${enc(channel)}`),
  wechatAccount: () => request<WechatAccount>('GET', '/admin/channels/wechat'),
  saveWechatAccount: (b: { token: string; app_id?: string; unit_id?: string }) => request<WechatAccount>('PUT', '/admin/channels/wechat', b),
  mailbox: () => request<Mailbox>('GET', '/admin/channels/email'),
  saveMailbox: (b: { host: string; port: number; secure: boolean; username: string; password: string; folder?: string; unit_id?: string }) => request<Mailbox>('PUT', '/admin/channels/email', b),
  notifySettings: () => request<NotifySettings>('GET', '/admin/notify-settings'),
  saveNotifySettings: (b: { quiet_hours: { start: string; end: string }; portal_base_url?: string | null }) => request<NotifySettings>('PUT', '/admin/notify-settings', b),
  webhooks: () => request<{ items: Webhook[] }>('GET', '/admin/webhooks'),
  createWebhook: (b: { url: string; events: string[] }) => request<Webhook & { secret: string }>('POST', '/admin/webhooks', b),
  stopWebhook: (id: string) => request<{ active: boolean }>('DELETE', `/admin/webhooks/${id}`),
  apiTokens: () => request<{ items: ApiToken[] }>('GET', '/admin/api-tokens'),
  createApiToken: (b: { name: string; report_url?: string; unit_id?: string }) => request<ApiToken & { token: string }>('POST', '/admin/api-tokens', b),
  revokeApiToken: (id: string) => request<ApiToken>('DELETE', `/admin/api-tokens/${id}`),
};
