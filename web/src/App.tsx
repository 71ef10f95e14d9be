import { Button, Result } from 'antd';
import { Link, Navigate, Route, Routes } from 'react-router-dom';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { CaseDetailPage } from './features/cases/CaseDetailPage.tsx';
import { CasesListPage } from './features/cases/CasesListPage.tsx';
import { RegisterCasePage } from './features/cases/RegisterCasePage.tsx';
import { routes as accountabilityRoutes } from './features/accountability/routes.tsx';
// Issue 9 administration pages (the lead wires their menu into the layout).
import { routes as adminRoutes } from './features/admin/routes.tsx';
import { routes as analyticsRoutes } from './features/analytics/routes.tsx';
import { useI18n } from './i18n/index.tsx';
import { AppLayout } from './layout/AppLayout.tsx';

function NotFound() {
  const { m } = useI18n();
  return <Result status="404" title={m.app.notFound} extra={<Link to="/cases"><Button type="primary">{m.app.backHome}</Button></Link>} />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/password" element={<ChangePasswordPage />} />
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/cases" replace />} />
        <Route path="/cases" element={<CasesListPage />} />
        <Route path="/cases/new" element={<RegisterCasePage />} />
        <Route path="/cases/:id" element={<CaseDetailPage />} />
        {accountabilityRoutes.map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
        {adminRoutes.map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
        {analyticsRoutes.map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
