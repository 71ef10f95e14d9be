import type { adminNotifyZhCN } from './admin-notify.zh-CN.ts';

/** Administration of notifications and channels (issues 9 and 11): `admin.notify` in the en-US catalogue. */
export const adminNotifyEnUS: typeof adminNotifyZhCN = {
  events: {
    acknowledged: 'Acknowledgement', progress: 'Progress', result: 'Result', visit_invitation: 'Return-visit invitation', escalation: 'Escalation', warning: 'Deadline warning',
    supervision: 'Supervision', surge_alert: 'Complaint surge', fine_due: 'Fine due', fine_overdue: 'Fine overdue', corrective_overdue: 'Corrective action overdue', tracking_code: 'Tracking code',
  },
  locales: { 'zh-CN': 'Chinese', 'en-US': 'English' },
  channels: { email: 'E-mail', sms: 'SMS', dingtalk: 'DingTalk robot', wecom: 'WeCom robot', wechat: 'WeChat Official Account', webhook: 'Webhook' },
  templates: {
    title: 'Message templates', event: 'Event', locale: 'Language', subject: 'Subject', body: 'Body', customised: 'Customised', standard: 'Default', variables: 'Variables',
    variablesHint: 'Click a variable to insert it in the body; the preview fills in sample data.', preview: 'Preview', previewTitle: 'Preview (sample data)', reset: 'Back to default', resetDone: 'Back to the default wording',
    editTitle: 'Edit template: {event} ({locale})', hint: 'Messages to customers and staff use these templates by event and language; a template not customised uses the default wording.',
  },
  outbox: {
    title: 'Delivery', status: 'Status', channel: 'Channel', event: 'Event', recipient: 'Recipient', address: 'Address', attempts: 'Attempts', lastError: 'Last error',
    createdAt: 'Created', sentAt: 'Sent', nextAt: 'Next attempt', all: 'All', statuses: { pending: 'Pending', sending: 'Sending', sent: 'Sent', dead: 'Dead letter' },
    recipients: { customer: 'Customer', user: 'Staff member', group: 'Staff group', subscriber: 'Subscriber' }, log: 'Delivery log', logTitle: 'Delivery log', retry: 'Retry', retried: 'Queued to be sent again',
    attempt: 'Attempt', at: 'At', ok: 'Outcome', success: 'Delivered', failure: 'Failed', error: 'Error', response: 'Response', duration: 'Duration (ms)',
    hint: 'A dead letter is not retried by itself: read its log, correct the channel settings, then retry it. Addresses are masked.', refresh: 'Refresh',
  },
  channelsPage: {
    title: 'Channels', enabled: 'Enabled', disabled: 'Disabled', secretSet: 'Set', secretUnset: 'Not set', secretHint: 'Leave empty to keep the stored value; stored secrets are never shown.',
    organisation: 'Whole organisation', robotsOrg: 'Organisation group robots', robotsUnit: 'Group robots of a unit', unit: 'Unit', unitHint: 'A unit without its own robot passes its messages to its parent unit’s, finally to the organisation’s.', removeRobot: 'Remove this unit’s robot', removed: 'Removed',
    sms: 'SMS (Aliyun)', email: 'E-mail out (SMTP)', emailIn: 'E-mail in (IMAP)', wechatOut: 'Official Account template messages', wechatIn: 'Official Account messages in', dingtalk: 'DingTalk group robot', wecom: 'WeCom group robot',
    fields: {
      access_key_id: 'AccessKey ID', access_key_secret: 'AccessKey secret', sign_name: 'SMS signature', template_codes: 'SMS template codes (per event)', endpoint: 'Endpoint (optional)',
      host: 'Server', port: 'Port', secure: 'TLS', from: 'Sender', user: 'User name', password: 'Password', domain: 'Message-ID domain (optional)',
      username: 'User name', folder: 'Folder', app_id: 'AppID', app_secret: 'AppSecret', template_ids: 'Template ids (per event)', token: 'Server configuration token',
      webhook_url: 'Webhook URL', secret: 'Signing secret', unit_id: 'Unit new cases go to',
    },
    configured: 'Configured', notConfigured: 'Not configured', lastError: 'Last error', writeOnly: 'write-only, never shown', tokenHint: 'The token set in the Official Account’s server configuration; enter it again on every save.',
    quiet: 'Quiet hours', quietHint: 'SMS to customers in this window (local time) waits until it ends; a crisis is sent at once. Same start and end: no quiet hours.', quietStart: 'From', quietEnd: 'To', portalBase: 'Portal address (links in messages)', timeFormat: 'Use HH:MM',
    passwordRequired: 'Enter the password again on every save.',
  },
  hooks: {
    title: 'Webhooks and API tokens', webhooks: 'Webhook subscriptions', url: 'URL', events: 'Events', active: 'Status', activeOn: 'Active', activeOff: 'Stopped', stop: 'Stop', stopConfirm: 'Stop this subscription?',
    created: 'Created', secretOnce: 'Signing secret (shown only this once; store it now):', copy: 'Copy', addWebhook: 'Add subscription', allEvents: 'All events',
    deliveries: 'Deliveries are listed under Delivery, channel Webhook.',
    tokens: 'API tokens (12345 hotline transfers)', tokenName: 'Name', reportUrl: 'Result report URL', tokenUnit: 'Unit transfers go to', createdAt: 'Created', revokedAt: 'Revoked', revoke: 'Revoke',
    revokeConfirm: 'Revoke this token? The system using it can no longer transfer cases.', revoked: 'Revoked', addToken: 'New token', tokenOnce: 'Token (shown only this once; give it to the other system now):', valid: 'Valid',
  },
};
