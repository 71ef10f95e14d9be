import { Button, Result } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Link, Navigate, Route, Routes } from 'react-router-dom';
import { routes as adminRoutes } from './features/admin/routes.tsx';
import { routes as analyticsRoutes } from './features/analytics/routes.tsx';
import { useI18n } from './i18n/index.tsx';
import { AppLayout } from './layout/AppLayout.tsx';

// Each page is its own chunk: the first load brings the shell, the page opened brings only its own parts.
const LoginPage = lazy(() => import('./features/auth/LoginPage.tsx').then((x) => ({ default: x.LoginPage })));
const ChangePasswordPage = lazy(() => import('./features/auth/ChangePasswordPage.tsx').then((x) => ({ default: x.ChangePasswordPage })));
const QueuesPage = lazy(() => import('./features/cases/QueuesPage.tsx').then((x) => ({ default: x.QueuesPage })));
const CasesListPage = lazy(() => import('./features/cases/CasesListPage.tsx').then((x) => ({ default: x.CasesListPage })));
const RegisterCasePage = lazy(() => import('./features/cases/RegisterCasePage.tsx').then((x) => ({ default: x.RegisterCasePage })));
const CaseDetailPage = lazy(() => import('./features/cases/CaseDetailPage.tsx').then((x) => ({ default: x.CaseDetailPage })));
// Fines, corrective actions, the review pack, difficult customers (issue 12): one chunk for all of /accountability/*.
const AccountabilityPages = lazy(() => import('./features/accountability/AccountabilityPages.tsx'));

/**
 * Where features register their pages: each `web/src/features/<x>/routes.tsx` exports `{ routes, menu }`; add its
 * `routes` here and its `menu` in layout/menu.tsx (admin and analytics come this way).
 */
const FEATURE_ROUTES: { path: string; element: ReactNode }[] = [...adminRoutes, ...analyticsRoutes];

function NotFound() {
  const { m } = useI18n();
  return <Result status="404" title={m.app.notFound} extra={<Link to="/queues"><Button type="primary">{m.app.backHome}</Button></Link>} />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/password" element={<ChangePasswordPage />} />
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/queues" replace />} />
        <Route path="/queues" element={<QueuesPage />} />
        <Route path="/cases" element={<CasesListPage />} />
        <Route path="/cases/new" element={<RegisterCasePage />} />
        <Route path="/cases/:id" element={<CaseDetailPage />} />
        <Route path="/accountability/*" element={<Suspense fallback={null}><AccountabilityPages /></Suspense>} />
        {FEATURE_ROUTES.map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
