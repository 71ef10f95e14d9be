import { randomUUID } from 'node:crypto';
import type { CategoryPreset, Role, Trade, UnitKind } from '../../contract/enums.ts';
import type { Tx } from '../../store/db.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ensureSlaSeeded } from '../sla/seed.ts';
import { flattenPreset } from './category-presets.ts';

export interface UnitSpec {
  key: string;
  kind: UnitKind;
  name: string;
  parent?: string;
  is_complaint_center?: boolean;
}
export interface UserSpec {
  username: string;
  display_name: string;
  roles: Role[];
  unit: string;
  password: string;
  phone?: string;
  locale?: 'zh-CN' | 'en-US';
}
export interface OrgSpec {
  slug: string;
  name: string;
  preset: CategoryPreset;
  /** The trade whose presets (time limits, required fields, approvals) it adopts; property when not given. */
  trade?: Trade;
  units: UnitSpec[];
  users: UserSpec[];
  time_zone?: string;
}

export interface CreatedOrg {
  orgId: string;
  units: Map<string, string>;
  users: Map<string, string>;
  categories: Map<string, string>;
}

/** Creates an organisation with its unit tree (parents listed before children), users and a category preset. */
export async function createOrganisation(tx: Tx, spec: OrgSpec): Promise<CreatedOrg> {
  const orgId = randomUUID();
  await tx.query('insert into organisations (id, slug, name, time_zone, trade) values ($1, $2, $3, $4, $5)', [orgId, spec.slug, spec.name, spec.time_zone ?? 'Asia/Shanghai', spec.trade ?? 'property']);
  const units = new Map<string, string>();
  const paths = new Map<string, string[]>();
  for (const u of spec.units) {
    const id = randomUUID();
    const parentId = u.parent ? units.get(u.parent) : undefined;
    if (u.parent && !parentId) throw new Error(`unit ${u.key}: parent ${u.parent} must be listed first`);
    const path = [...(u.parent ? paths.get(u.parent)! : []), id];
    await tx.query(
      'insert into units (org_id, id, parent_id, kind, name, code, is_complaint_center, path) values ($1,$2,$3,$4,$5,$6,$7,$8)',
      [orgId, id, parentId ?? null, u.kind, u.name, u.key, u.is_complaint_center ?? false, path],
    );
    units.set(u.key, id);
    paths.set(u.key, path);
  }
  const users = new Map<string, string>();
  const hashes = new Map<string, string>();
  for (const u of spec.users) {
    const id = randomUUID();
    const hash = hashes.get(u.password) ?? (await hashPassword(u.password));
    hashes.set(u.password, hash);
    await tx.query(
      'insert into users (org_id, id, username, display_name, password_hash, roles, unit_id, phone, locale) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
      [orgId, id, u.username, u.display_name, hash, u.roles, units.get(u.unit), u.phone ?? null, u.locale ?? 'zh-CN'],
    );
    users.set(u.username, id);
  }
  const categories = new Map<string, string>();
  for (const c of flattenPreset(spec.preset)) {
    const id = randomUUID();
    await tx.query(
      'insert into categories (org_id, id, parent_id, code, name_zh, name_en, sort) values ($1,$2,$3,$4,$5,$6,$7)',
      [orgId, id, c.parent_code ? categories.get(c.parent_code) : null, c.code, c.name_zh, c.name_en, c.sort],
    );
    categories.set(c.code, id);
  }
  // Official holidays, the default escalation ladder and the SLA presets (DOMAIN.md §3).
  await ensureSlaSeeded(tx, orgId);
  return { orgId, units, users, categories };
}
