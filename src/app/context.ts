import type { Role } from '../contract/enums.ts';
import type { Tx } from '../store/db.ts';
import type { OrgConfig } from './orgs/org-config.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** The signed-in user, with the unit ids their role lets them see (their scope subtree). */
export interface Actor {
  orgId: string;
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: string;
  /** Units whose cases this actor sees: the subtree under their scope root. */
  scopeUnitIds: string[];
  locale: 'zh-CN' | 'en-US';
  /** The version of the organisation's configuration read with the session (org-config.ts), when it was. */
  configVersion?: number;
}

export interface Ctx {
  tx: Tx;
  actor: Actor;
  clock: Clock;
  log?: (msg: string, data?: unknown) => void;
  /** The organisation's configuration as read for this request (org-config.ts), when the caller has it. */
  config?: OrgConfig;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
