import { AppError } from '../../contract/errors.ts';
import { many, one, type Db } from '../../store/db.ts';

export const CHANNELS = ['email', 'sms', 'dingtalk', 'wecom', 'wechat'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** Which settings are secrets, per channel: stored apart, never returned by the API (only whether set, and a hint). */
const SECRET_FIELDS: Record<ChannelName, string[]> = {
  email: ['password'],
  sms: ['access_key_secret'],
  dingtalk: ['secret'],
  wecom: [],
  wechat: ['app_secret'],
};

export interface ChannelRow {
  channel: ChannelName;
  enabled: boolean;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

export interface ChannelView {
  channel: ChannelName;
  enabled: boolean;
  config: Record<string, unknown>;
  /** Per secret: set or not, and its last two characters at most. */
  secrets: Record<string, { set: boolean; hint: string | null }>;
}

export const isChannel = (s: string): s is ChannelName => (CHANNELS as readonly string[]).includes(s);

/** A robot webhook URL carries its access token in the query: shown up to the token only. */
export function maskConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  if (typeof out.webhook_url === 'string') out.webhook_url = out.webhook_url.replace(/([?&](access_token|key)=)[^&]*/g, '$1****');
  return out;
}

/** Splits submitted settings into config and secrets: a secret left out (or empty) is not in `secrets`. */
export function splitSecrets(channel: ChannelName, input: Record<string, unknown>): { config: Record<string, unknown>; secrets: Record<string, string> } {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) {
    if (SECRET_FIELDS[channel].includes(k)) {
      if (typeof v === 'string' && v.length > 0) secrets[k] = v;
    } else config[k] = v;
  }
  return { config, secrets };
}

export function viewOf(row: ChannelRow): ChannelView {
  const secrets: ChannelView['secrets'] = {};
  for (const f of SECRET_FIELDS[row.channel]) {
    const v = row.secrets[f];
    secrets[f] = { set: typeof v === 'string' && v.length > 0, hint: typeof v === 'string' && v.length >= 8 ? `…${v.slice(-2)}` : null };
  }
  // A WeCom robot's key is its URL: the URL is its secret.
  return { channel: row.channel, enabled: row.enabled, config: maskConfig(row.config), secrets };
}

export async function loadChannels(db: Db, orgId: string): Promise<Map<ChannelName, ChannelRow>> {
  const rows = await many<ChannelRow>(db, 'select channel, enabled, config, secrets from notify_channels where org_id = $1', [orgId]);
  return new Map(rows.map((r) => [r.channel, r]));
}

export async function listChannels(db: Db, orgId: string): Promise<ChannelView[]> {
  const have = await loadChannels(db, orgId);
  return CHANNELS.map((c) => viewOf(have.get(c) ?? { channel: c, enabled: false, config: {}, secrets: {} }));
}

/**
 * Saves a channel's settings. Secret fields given in `config` are moved to the secrets; a secret left out (or
 * empty) keeps the one stored, so an administrator edits a host without retyping a password.
 */
export async function saveChannel(db: Db, orgId: string, channel: string, input: { enabled: boolean; config: Record<string, unknown> }): Promise<ChannelView> {
  if (!isChannel(channel)) throw new AppError('not_found');
  const { config, secrets } = splitSecrets(channel, input.config);
  if (channel === 'wechat') checkWechatConfig(config);
  const prior = await one<{ config: Record<string, unknown> }>(db, 'select config from notify_channels where org_id = $1 and channel = $2', [orgId, channel]);
  // A masked URL sent back unchanged keeps the stored one.
  if (typeof config.webhook_url === 'string' && config.webhook_url.includes('****') && typeof prior?.config.webhook_url === 'string') config.webhook_url = prior.config.webhook_url;
  const row = await one<ChannelRow>(
    db,
    `insert into notify_channels (org_id, channel, enabled, config, secrets) values ($1, $2, $3, $4, $5)
     on conflict (org_id, channel) do update set enabled = excluded.enabled, config = excluded.config,
       secrets = notify_channels.secrets || excluded.secrets, updated_at = now()
     returning channel, enabled, config, secrets`,
    [orgId, channel, input.enabled, JSON.stringify(config), JSON.stringify(secrets)],
  );
  return viewOf(row!);
}

/** A WeChat channel needs the account's AppID and a template id per event it is used for (strings).
 * @throws validation_failed */
function checkWechatConfig(config: Record<string, unknown>): void {
  const bad = (path: string) => new AppError('validation_failed', [{ path: `config.${path}`, code: 'invalid_value', message: path }]);
  if (typeof config.app_id !== 'string' || !/^wx[0-9a-zA-Z]{6,30}$/.test(config.app_id)) throw bad('app_id');
  const ids = config.template_ids;
  if (typeof ids !== 'object' || ids === null || Array.isArray(ids)) throw bad('template_ids');
  for (const [k, v] of Object.entries(ids)) if (typeof v !== 'string' || v.length > 100) throw bad(`template_ids.${k}`);
  const fields = config.fields;
  if (fields !== undefined) {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw bad('fields');
    for (const [event, map] of Object.entries(fields)) {
      if (typeof map !== 'object' || map === null || Array.isArray(map)) throw bad(`fields.${event}`);
      for (const [k, v] of Object.entries(map)) if (!/^[A-Za-z][A-Za-z0-9_.]{0,40}$/.test(k) || typeof v !== 'string' || v.length > 200) throw bad(`fields.${event}.${k}`);
    }
  }
  if (config.api_base !== undefined && (typeof config.api_base !== 'string' || !/^https?:\/\//.test(config.api_base))) throw bad('api_base');
}
