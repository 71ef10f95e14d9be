import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useUsers } from '../cases/reference-data.ts';
import { accApi, type Corrective } from './acc-api.ts';
import { CorrectiveForm } from './CorrectiveForm.tsx';

/**
 * Corrective actions 整改 (issue 12): state, owner, deadline and the last effectiveness check; a new one from cases
 * or (opened with `?category_id=&unit_id=` from a hot issue or a surge) from a category at a place.
 */
export function CorrectivePage() {
  const { m } = useI18n();
  const a = m.accountability;
  const [params, setParams] = useSearchParams();
  const fromAnalytics = params.get('new') === '1';
  const [open, setOpen] = useState(fromAnalytics);
  const [state, setState] = useState<string>('all');
  const list = useQuery({ queryKey: ['corrective'], queryFn: () => accApi.correctiveList() });
  const users = useUsers();
  const name = (id: string) => users.data?.find((u) => u.id === id)?.display_name ?? '';
  const rows = (list.data?.items ?? []).filter((c) => state === 'all' || (state === 'overdue' ? c.overdue : c.state === state));
  return (
    <Card title={a.correctiveTitle} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>{a.newCorrective}</Button>}>
      <Segmented
        style={{ marginBottom: 12 }}
        value={state}
        onChange={(v) => setState(String(v))}
        options={[{ value: 'all', label: a.all }, ...['open', 'done', 'closed'].map((s) => ({ value: s, label: a.correctiveStates[s] ?? s })), { value: 'overdue', label: a.overdue }]}
      />
      <Table<Corrective>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: a.title, dataIndex: 'title', render: (t: string, c) => <Link to={`/accountability/corrective-actions/${c.id}`}>{t}</Link> },
          { title: a.state, dataIndex: 'state', render: (s: string, c) => <>{<Tag>{a.correctiveStates[s] ?? s}</Tag>}{c.overdue && <Tag color="red">{a.overdue}</Tag>}</> },
          { title: a.owner, dataIndex: 'owner_id', render: name, responsive: ['sm'] },
          { title: a.deadline, dataIndex: 'due_at', render: (d: string) => formatDate(d) },
          { title: a.checkDue, dataIndex: 'check_due_at', render: (d: string | null) => formatDate(d), responsive: ['md'] },
          {
            title: `${a.before} → ${a.after}`,
            key: 'cmp',
            render: (_: unknown, c) => {
              const last = c.checks.at(-1);
              return last ? <Tag color={last.effective ? 'green' : 'orange'}>{last.before.complaints} → {last.after.complaints}</Tag> : '';
            },
          },
        ]}
      />
      {open && (
        <CorrectiveForm
          open
          onClose={() => { setOpen(false); if (fromAnalytics) setParams({}, { replace: true }); }}
          initial={fromAnalytics ? { category_id: params.get('category_id'), unit_id: params.get('unit_id'), title: params.get('title') ?? undefined } : undefined}
        />
      )}
    </Card>
  );
}
