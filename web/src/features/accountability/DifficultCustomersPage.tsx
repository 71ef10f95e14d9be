import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Table, Typography } from 'antd';
import { api } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useUsers } from '../cases/reference-data.ts';
import { accApi, type Difficult } from './acc-api.ts';

/**
 * The record of difficult customers 难缠客户 (001 六.2 "记录备案以便在适当时候作重点跟进"): name and reason only (no
 * contact details), for the roles that analyse; those with `account` take a customer off it. A customer is put on
 * it from a case page, with the reason.
 */
export function DifficultCustomersPage() {
  const { m } = useI18n();
  const a = m.accountability;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['difficult'], queryFn: () => accApi.difficult() });
  const rights = useQuery({ queryKey: ['abilities', 'accountability'], queryFn: api.abilities, staleTime: 5 * 60_000 });
  const users = useUsers();
  const remove = useMutation({
    mutationFn: (id: string) => accApi.unmarkDifficult(id),
    onSuccess: () => { message.success(a.saved); void qc.invalidateQueries({ queryKey: ['difficult'] }); },
    onError: (e) => message.error(errorText(e, m)),
  });
  const canWrite = rights.data?.abilities.includes('account') ?? false;
  return (
    <Card title={a.difficultTitle}>
      <Typography.Paragraph type="secondary">{a.difficultIntro}</Typography.Paragraph>
      <Table<Difficult>
        rowKey="customer_id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: a.customer, dataIndex: 'name' },
          { title: a.reasonLabel, dataIndex: 'reason', render: (r: string) => <span className="pre-wrap">{r}</span> },
          { title: a.recordedBy, dataIndex: 'created_by', render: (id: string, d) => <>{users.data?.find((u) => u.id === id)?.display_name}<br /><Typography.Text type="secondary">{formatDateTime(d.created_at)}</Typography.Text></>, responsive: ['sm'] },
          ...(canWrite ? [{
            title: '', key: 'x',
            render: (_: unknown, d: Difficult) => (
              <Popconfirm title={a.unmarkConfirm} onConfirm={() => remove.mutate(d.customer_id)}><Button size="small">{a.unmark}</Button></Popconfirm>
            ),
          }] : []),
        ]}
      />
    </Card>
  );
}
