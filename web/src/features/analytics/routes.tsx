import { lazy, Suspense } from 'react';

// Loaded lazily: the dashboard and its ECharts never weigh on the other pages' bundle.
const DashboardPage = lazy(() => import('./DashboardPage.tsx').then((x) => ({ default: x.DashboardPage })));
const ReportPage = lazy(() => import('./ReportPage.tsx').then((x) => ({ default: x.ReportPage })));

const wrap = (el: React.ReactNode) => <Suspense fallback={null}>{el}</Suspense>;

/** The analytics pages and their menu entries (the lead wires the menu into the layout). */
export const routes = [
  { path: '/analytics', element: wrap(<DashboardPage />) },
  { path: '/analytics/report', element: wrap(<ReportPage />) },
];
export const menu = [
  { key: 'analytics', path: '/analytics', labelKey: 'analytics.dashboard', ability: 'analyse' },
  { key: 'analytics-report', path: '/analytics/report', labelKey: 'analytics.monthlyReport', ability: 'analyse' },
];
export default { routes, menu };
