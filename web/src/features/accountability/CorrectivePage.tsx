import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Table, Tag } from 'antd';
import { request } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';

interface Check { before: { complaints: number }; after: { complaints: number }; effective: boolean }
interface Corrective { id: string; title: string; state: string; due_at: string; overdue: boolean; check_due_at: string | null; checks: Check[] }

/** Corrective actions 整改 (issue 12): state, deadline, and the effectiveness check comparing complaints before and after. */
export function CorrectivePage() {
  const { m } = useI18n();
  const a = m.accountability;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['corrective'], queryFn: () => request<{ items: Corrective[] }>('GET', '/corrective-actions') });
  const check = useMutation({
    mutationFn: (id: string) => request<Corrective>('POST', `/corrective-actions/${id}/check`, {}),
    onSuccess: (c) => {
      message.info(c.state === 'closed' ? a.effective : a.notEffective);
      void qc.invalidateQueries({ queryKey: ['corrective'] });
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  return (
    <Card title={a.correctiveTitle}>
      <Table<Corrective>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: a.title, dataIndex: 'title' },
          { title: a.state, dataIndex: 'state', render: (s: string, c) => <>{<Tag>{a.correctiveStates[s as keyof typeof a.correctiveStates] ?? s}</Tag>}{c.overdue && <Tag color="red">{a.overdue}</Tag>}</> },
          { title: a.deadline, dataIndex: 'due_at', render: (d: string) => formatDate(d) },
          { title: a.checkDue, dataIndex: 'check_due_at', render: (d: string | null) => formatDate(d) },
          {
            title: `${a.before} → ${a.after}`,
            key: 'cmp',
            render: (_: unknown, c) => {
              const last = c.checks.at(-1);
              return last ? <Tag color={last.effective ? 'green' : 'orange'}>{last.before.complaints} → {last.after.complaints}</Tag> : '';
            },
          },
          { title: '', key: 'act', render: (_: unknown, c) => (c.state === 'done' ? <Button size="small" onClick={() => check.mutate(c.id)}>{a.check}</Button> : null) },
        ]}
      />
    </Card>
  );
}
