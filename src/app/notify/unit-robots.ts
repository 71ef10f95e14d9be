import { AppError } from '../../contract/errors.ts';
import { many, one, type Db } from '../../store/db.ts';
import { splitSecrets, viewOf, type ChannelRow, type ChannelView } from './channels.ts';

/**
 * Staff group robots per unit (a department's or a project's own DingTalk/WeCom group). A breach, warning or
 * supervision notice goes to the robot of the nearest unit up the tree from the case's department (else its unit)
 * that has one enabled, falling back to the organisation's robot (notify_channels); see bridgeNotifications.
 */
export const ROBOT_CHANNELS = ['dingtalk', 'wecom'] as const;
export type RobotChannel = (typeof ROBOT_CHANNELS)[number];
export const isRobotChannel = (s: string): s is RobotChannel => (ROBOT_CHANNELS as readonly string[]).includes(s);

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** @throws not_found (no such unit in the organisation) */
async function assertUnitOf(db: Db, orgId: string, unitId: string): Promise<void> {
  if (!isUuid(unitId) || !(await one(db, 'select 1 from units where org_id = $1 and id = $2', [orgId, unitId]))) throw new AppError('not_found');
}

/** The unit's robots as the API shows them (tokens masked, secrets never). */
export async function listUnitRobots(db: Db, orgId: string, unitId: string): Promise<ChannelView[]> {
  await assertUnitOf(db, orgId, unitId);
  const rows = await many<ChannelRow>(db, 'select channel, enabled, config, secrets from unit_robots where org_id = $1 and unit_id = $2 order by channel', [orgId, unitId]);
  return rows.map(viewOf);
}

/** Sets a unit's robot; a secret left out keeps the stored one, a masked URL sent back unchanged keeps the real one.
 * @throws not_found, validation_failed (no webhook URL) */
export async function saveUnitRobot(db: Db, orgId: string, unitId: string, channel: string, input: { enabled: boolean; config: Record<string, unknown> }): Promise<ChannelView> {
  if (!isRobotChannel(channel)) throw new AppError('not_found');
  await assertUnitOf(db, orgId, unitId);
  const { config, secrets } = splitSecrets(channel, input.config);
  const prior = await one<{ config: Record<string, unknown> }>(db, 'select config from unit_robots where org_id = $1 and unit_id = $2 and channel = $3', [orgId, unitId, channel]);
  if (typeof config.webhook_url === 'string' && config.webhook_url.includes('****') && typeof prior?.config.webhook_url === 'string') config.webhook_url = prior.config.webhook_url;
  if (typeof config.webhook_url !== 'string' || !/^https?:\/\/\S+$/.test(config.webhook_url)) {
    throw new AppError('validation_failed', [{ path: 'config.webhook_url', code: 'invalid_url', message: 'webhook_url' }]);
  }
  const row = await one<ChannelRow>(
    db,
    `insert into unit_robots (org_id, unit_id, channel, enabled, config, secrets) values ($1, $2, $3, $4, $5, $6)
     on conflict (org_id, unit_id, channel) do update set enabled = excluded.enabled, config = excluded.config,
       secrets = unit_robots.secrets || excluded.secrets, updated_at = now()
     returning channel, enabled, config, secrets`,
    [orgId, unitId, channel, input.enabled, JSON.stringify(config), JSON.stringify(secrets)],
  );
  return viewOf(row!);
}

/** Removes a unit's robot (its messages then go to the next unit up, or the organisation's). @throws not_found */
export async function deleteUnitRobot(db: Db, orgId: string, unitId: string, channel: string): Promise<void> {
  if (!isRobotChannel(channel) || !isUuid(unitId)) throw new AppError('not_found');
  const r = await db.query('delete from unit_robots where org_id = $1 and unit_id = $2 and channel = $3', [orgId, unitId, channel]);
  if (r.rowCount === 0) throw new AppError('not_found');
}

/** The robot a group message was addressed to, for the dispatcher. */
export async function loadUnitRobot(db: Db, orgId: string, unitId: string, channel: string): Promise<ChannelRow | undefined> {
  return one<ChannelRow>(db, 'select channel, enabled, config, secrets from unit_robots where org_id = $1 and unit_id = $2 and channel = $3', [orgId, unitId, channel]);
}
