import { KeyOutlined, LogoutOutlined, PlusOutlined, UnorderedListOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Layout, Space, Spin, Tooltip, Typography } from 'antd';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api.ts';
import { useLogout, useMe } from '../features/auth/session.ts';
import { useI18n } from '../i18n/index.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The signed-in shell: top bar (product, navigation, user, language, sign out) over the page. */
export function AppLayout() {
  const { m } = useI18n();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  // What the roles table lets this user do (the auditor, for one, registers nothing).
  const rights = useQuery({ queryKey: ['abilities', me.data?.id], queryFn: api.abilities, enabled: !!me.data, staleTime: 5 * 60_000 });

  if (me.isPending) return <div className="center-spin"><Spin size="large" /></div>;
  // An expired session returns to the same page after signing in again; signing out starts afresh.
  if (!me.data) return <Navigate to="/login" replace state={logout.isIdle ? { from: location.pathname + location.search } : undefined} />;

  // A temporary password must be replaced before anything else (the API refuses everything else meanwhile).
  if (me.data.must_change_password) return <Navigate to="/password" replace />;

  const roles = me.data.roles.map((r) => m.roles[r] ?? r).join('、');
  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <Link to="/cases" className="brand" aria-label={m.app.name}>
          <span className="brand-mark">倾听</span>
          <span className="brand-sub">{m.app.tagline}</span>
        </Link>
        <nav className="app-nav">
          <NavLink to="/cases" end className="nav-link"><UnorderedListOutlined /> <span className="nav-text">{m.app.cases}</span></NavLink>
          {rights.data?.abilities.includes('register') && (
            <NavLink to="/cases/new" className="nav-link"><PlusOutlined /> <span className="nav-text">{m.app.register}</span></NavLink>
          )}
        </nav>
        <Space className="app-user" size="middle">
          <Tooltip title={roles}>
            <Typography.Text className="user-name" data-testid="user-name"><UserOutlined /> <span className="user-name-text">{me.data.display_name}</span></Typography.Text>
          </Tooltip>
          <LanguageSwitch />
          <Tooltip title={m.password.title}>
            <Link to="/password" aria-label={m.password.title}><Button type="text" className="header-button" icon={<KeyOutlined />} aria-label={m.password.title} /></Link>
          </Tooltip>
          <Tooltip title={m.app.logout}>
            <Button
              type="text"
              className="header-button"
              icon={<LogoutOutlined />}
              aria-label={m.app.logout}
              loading={logout.isPending}
              onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
            />
          </Tooltip>
        </Space>
      </Layout.Header>
      <Layout.Content className="app-content">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
