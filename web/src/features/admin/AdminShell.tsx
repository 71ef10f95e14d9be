import { useQuery } from '@tanstack/react-query';
import { Menu, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { menu } from './menu.ts';

/** An administration page: a compact section menu (until the workbench layout carries it) over the page body. */
export function AdminShell({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  const { m } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // Only the sections the caller's roles may open (the auditor sees the audit log alone).
  const rights = useQuery({ queryKey: ['admin', 'abilities'], queryFn: api.abilities, staleTime: 5 * 60_000 });
  const items = menu.filter((i) => rights.data?.abilities.includes(i.ability));
  return (
    <div className="admin-page">
      <Menu
        mode="horizontal"
        className="admin-menu"
        selectedKeys={items.filter((i) => pathname.startsWith(i.path)).map((i) => i.key)}
        items={items.map((i) => ({ key: i.key, label: m.admin.menu[i.labelKey.split('.').pop() as keyof typeof m.admin.menu] }))}
        onClick={({ key }) => navigate(menu.find((i) => i.key === key)!.path)}
      />
      <div className="admin-head">
        <Typography.Title level={3} style={{ margin: 0 }}>{title}</Typography.Title>
        {extra}
      </div>
      {children}
    </div>
  );
}
