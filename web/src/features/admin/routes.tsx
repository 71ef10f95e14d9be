import { lazy, Suspense, type ReactNode } from 'react';
import { Spin } from 'antd';
import { menu } from './menu.ts';

/** The administration pages, each loaded on first visit (split per route). */
const CalendarPage = lazy(() => import('./CalendarPage.tsx').then((x) => ({ default: x.CalendarPage })));
const UsersPage = lazy(() => import('./UsersPage.tsx').then((x) => ({ default: x.UsersPage })));
const UnitsPage = lazy(() => import('./UnitsPage.tsx').then((x) => ({ default: x.UnitsPage })));
const CategoriesPage = lazy(() => import('./CategoriesPage.tsx').then((x) => ({ default: x.CategoriesPage })));
const SlaPage = lazy(() => import('./SlaPage.tsx').then((x) => ({ default: x.SlaPage })));
const SettingsPage = lazy(() => import('./SettingsPage.tsx').then((x) => ({ default: x.SettingsPage })));
const PhrasesPage = lazy(() => import('./PhrasesPage.tsx').then((x) => ({ default: x.PhrasesPage })));
const TemplatesPage = lazy(() => import('./TemplatesPage.tsx').then((x) => ({ default: x.TemplatesPage })));
const OutboxPage = lazy(() => import('./OutboxPage.tsx').then((x) => ({ default: x.OutboxPage })));
const ChannelsPage = lazy(() => import('./ChannelsPage.tsx').then((x) => ({ default: x.ChannelsPage })));
const WebhooksPage = lazy(() => import('./WebhooksPage.tsx').then((x) => ({ default: x.WebhooksPage })));
const AuditPage = lazy(() => import('./AuditPage.tsx').then((x) => ({ default: x.AuditPage })));

const page = (el: ReactNode) => <Suspense fallback={<div className="center-spin"><Spin /></div>}>{el}</Suspense>;

/** Routes to mount inside the signed-in layout, and the menu entries (label keys in m.admin.menu) by ability. */
export const routes: { path: string; element: ReactNode }[] = [
  { path: '/admin/units', element: page(<UnitsPage />) },
  { path: '/admin/users', element: page(<UsersPage />) },
  { path: '/admin/categories', element: page(<CategoriesPage />) },
  { path: '/admin/sla', element: page(<SlaPage />) },
  { path: '/admin/calendar', element: page(<CalendarPage />) },
  { path: '/admin/settings', element: page(<SettingsPage />) },
  { path: '/admin/phrases', element: page(<PhrasesPage />) },
  { path: '/admin/message-templates', element: page(<TemplatesPage />) },
  { path: '/admin/outbox', element: page(<OutboxPage />) },
  { path: '/admin/channels', element: page(<ChannelsPage />) },
  { path: '/admin/webhooks', element: page(<WebhooksPage />) },
  { path: '/admin/audit', element: page(<AuditPage />) },
];

export { menu };
export const adminFeature = { routes, menu };
