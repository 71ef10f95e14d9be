import { KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Drawer, Grid, Layout, Menu, Space, Spin, Tooltip, Typography, type MenuProps } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api.ts';
import { useLogout, useMe } from '../features/auth/session.ts';
import { useI18n } from '../i18n/index.tsx';
import type { Messages } from '../i18n/zh-CN.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { entryOf, menuFor, type MenuEntry } from './menu.tsx';
import { NotificationBell } from './NotificationBell.tsx';

type Item = Required<MenuProps>['items'][number];

/** The menu entries as antd items: grouped entries under their submenu, in the config's order. */
function menuItems(entries: MenuEntry[], m: Messages): Item[] {
  const out: Item[] = [];
  const groups = new Map<string, { key: string; icon?: React.ReactNode; label: string; children: Item[] }>();
  for (const e of entries) {
    const item = { key: e.path, icon: e.icon, label: <Link to={e.path}>{e.label(m)}</Link> };
    if (!e.group) {
      out.push(item);
      continue;
    }
    let g = groups.get(e.group.key);
    if (!g) {
      g = { key: `group:${e.group.key}`, icon: e.group.icon, label: e.group.label(m), children: [] };
      groups.set(e.group.key, g);
      out.push(g);
    }
    g.children.push(item);
  }
  return out;
}

/** The signed-in shell (Ant Design Pro conventions): side menu by role (a drawer on phones), header with the bell,
 * user, language and sign out, a breadcrumb over the page. */
export function AppLayout() {
  const { m, locale } = useI18n();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [drawer, setDrawer] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  // What the roles table lets this user do (the auditor, for one, registers nothing).
  const rights = useQuery({ queryKey: ['abilities', me.data?.id], queryFn: api.abilities, enabled: !!me.data, staleTime: 5 * 60_000 });
  const entries = useMemo(() => menuFor(rights.data?.abilities ?? []), [rights.data]);
  const items = useMemo(() => menuItems(entries, m), [entries, m]);

  if (me.isPending) return <div className="center-spin"><Spin size="large" /></div>;
  // An expired session returns to the same page after signing in again; signing out starts afresh.
  if (!me.data) return <Navigate to="/login" replace state={logout.isIdle ? { from: location.pathname + location.search } : undefined} />;

  // A temporary password must be replaced before anything else (the API refuses everything else meanwhile).
  if (me.data.must_change_password) return <Navigate to="/password" replace />;

  const current = entryOf(location.pathname);
  const selected = current ? [current.path] : [];
  const openKeys = current?.group ? [`group:${current.group.key}`] : [];
  const crumbs = [
    { title: <Link to="/queues">{m.workbench.home}</Link> },
    ...(current?.group ? [{ title: current.group.label(m) }] : []),
    ...(current && current.path !== '/queues' ? [{ title: location.pathname === current.path ? current.label(m) : <Link to={current.path}>{current.label(m)}</Link> }] : []),
    ...(current && location.pathname !== current.path ? [{ title: decodeURIComponent(location.pathname.slice(current.path.length + 1)).slice(0, 24) }] : []),
  ];
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected}
      defaultOpenKeys={openKeys}
      items={items}
      onClick={() => setDrawer(false)}
      data-testid="side-menu"
    />
  );
  const roles = me.data.roles.map((r) => m.roles[r] ?? r).join('、');
  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        {phone && <Button type="text" className="header-button" icon={<MenuOutlined />} aria-label={m.workbench.openMenu} onClick={() => setDrawer(true)} data-testid="menu-button" />}
        <Link to="/queues" className="brand" aria-label={m.app.name}>
          <span className="brand-mark">倾听</span>
          <span className="brand-sub">{m.app.tagline}</span>
        </Link>
        <div className="app-nav" />
        <Space className="app-user" size="small">
          <NotificationBell />
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
      <Layout>
        {phone ? (
          <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} size="default" styles={{ body: { padding: 0 } }} title={m.app.name}>
            {menu}
          </Drawer>
        ) : (
          // English menu labels are longer ("Management review pack"): a wider side menu keeps them whole.
          <Layout.Sider className="app-sider" theme="light" width={locale === 'en-US' ? 248 : 208} collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg">
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content className="app-content">
          <Breadcrumb className="app-breadcrumb" items={crumbs} />
          <Suspense fallback={<div className="center-spin"><Spin size="large" /></div>}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
