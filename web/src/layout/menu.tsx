import { AlertOutlined, AuditOutlined, BarChartOutlined, FileAddOutlined, InboxOutlined, SettingOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { menu as accountabilityMenu } from '../features/accountability/routes.tsx';
import { menu as adminMenu } from '../features/admin/menu.ts';
import { menu as analyticsMenu } from '../features/analytics/routes.tsx';
import type { Messages } from '../i18n/zh-CN.ts';

/**
 * One entry of the side menu. Features plug theirs in below (each feature's `routes.tsx` exports `{ routes, menu }`);
 * an entry shows only to users whose abilities (`GET /api/v1/abilities`) include `ability`.
 * `label` reads the entry's text from the catalogue, so other features keep their keys in their own catalogue block.
 */
export interface MenuEntry {
  key: string;
  path: string;
  label: (m: Messages) => string;
  icon?: ReactNode;
  ability: string;
  /** The group (a submenu) the entry belongs to; none for a top-level entry. */
  group?: { key: string; label: (m: Messages) => string; icon?: ReactNode };
}

/** `section.key` of a feature's catalogue block (e.g. `admin.menu.users`, `analytics.dashboard`). */
const byKey = (labelKey: string) => (m: Messages) => {
  let v: unknown = m;
  for (const part of labelKey.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  return typeof v === 'string' ? v : labelKey;
};
const analyticsGroup = { key: 'analytics', label: byKey('analytics.menu'), icon: <BarChartOutlined /> };
const adminGroup = { key: 'admin', label: (m: Messages) => m.workbench.menuAdmin, icon: <SettingOutlined /> };
const accountabilityGroup = { key: 'accountability', label: (m: Messages) => m.workbench.menuAccountability, icon: <AuditOutlined /> };

/** The workbench's own entries, then each feature's. Add a feature's menu here (admin, analytics: see README of issue 9). */
export const MENU: MenuEntry[] = [
  { key: 'queues', path: '/queues', label: (m) => m.workbench.menuQueues, icon: <InboxOutlined />, ability: 'read' },
  { key: 'cases', path: '/cases', label: (m) => m.workbench.menuCases, icon: <UnorderedListOutlined />, ability: 'read' },
  { key: 'register', path: '/cases/new', label: (m) => m.workbench.menuRegister, icon: <FileAddOutlined />, ability: 'register' },
  ...accountabilityMenu.map((e) => ({
    key: e.key, path: e.path, label: (m: Messages) => m.accountability[e.labelKey], icon: <AlertOutlined />, ability: e.ability, group: accountabilityGroup,
  })),
  ...analyticsMenu.map((e) => ({ key: e.key, path: e.path, label: byKey(e.labelKey), ability: e.ability, group: analyticsGroup })),
  ...adminMenu.map((e) => ({ key: e.key, path: e.path, label: byKey(e.labelKey), ability: e.ability, group: adminGroup })),
];

/** The entries a user with these abilities may open. */
export function menuFor(abilities: readonly string[]): MenuEntry[] {
  return MENU.filter((e) => abilities.includes(e.ability));
}

/** The entry a path belongs to (the longest matching path), for the selected menu item and the breadcrumb. */
export function entryOf(pathname: string): MenuEntry | undefined {
  return [...MENU].sort((a, b) => b.path.length - a.path.length).find((e) => pathname === e.path || pathname.startsWith(`${e.path}/`));
}
