import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tabs } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { adminApi } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';

type Entry = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The audit log (reveals of personal data, searches by full phone number) and the sign-in log. */
export function AuditPage() {
  const { m } = useI18n();
  const t = m.admin.audit;
  const [page, setPage] = useState(1);
  const audit = useQuery({ queryKey: ['admin', 'audit', page], queryFn: () => adminApi.audit(page) });
  const auth = useQuery({ queryKey: ['admin', 'auth-log'], queryFn: adminApi.authLog });
  const at = (v: unknown) => (v ? formatDateTime(String(v)) : '');
  return (
    <AdminShell title={t.title}>
      <Card size="small">
        <Tabs items={[
          {
            key: 'audit', label: t.auditLog,
            children: (
              <Table<Entry>
                rowKey={(r) => str(r.id)} size="small" loading={audit.isPending} dataSource={audit.data?.items} scroll={{ x: 720 }}
                pagination={{ current: page, pageSize: 50, total: audit.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
                columns={[
                  { title: t.at, key: 'at', width: 170, render: (_, r) => at(r.at ?? r.created_at) },
                  { title: t.user, key: 'user', width: 120, render: (_, r) => str((r.actor as { display_name?: string } | undefined)?.display_name) },
                  { title: t.action, dataIndex: 'action', width: 140 },
                  { title: t.case, key: 'case', width: 150, render: (_, r) => str(r.case_number ?? r.case_id) },
                  { title: t.reason, key: 'reason', render: (_, r) => str(r.reason ?? r.detail) },
                ]}
              />
            ),
          },
          {
            key: 'auth', label: t.authLog,
            children: (
              <Table<Entry>
                rowKey={(r) => str(r.id)} size="small" loading={auth.isPending} dataSource={auth.data?.items} scroll={{ x: 600 }} pagination={{ pageSize: 50, hideOnSinglePage: true }}
                columns={[
                  { title: t.at, key: 'at', width: 170, render: (_, r) => at(r.at ?? r.created_at) },
                  { title: t.user, dataIndex: 'username', width: 120 },
                  { title: t.event, dataIndex: 'event', width: 140 },
                  { title: t.address, dataIndex: 'address', width: 140 },
                ]}
              />
            ),
          },
        ]} />
      </Card>
    </AdminShell>
  );
}
