import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { request } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatMoney } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';

interface Ranked { store_unit_id: string; store_name: string | null; complaints: number; rank: number; amount_fen: number; tied: boolean }
interface Run { id: string; year: number; state: string; ranking: Ranked[]; source: string }

/** The year-end ranking (003 第一篇 三(二)) as a draft to review, then posted as fines. */
export function YearEndCard() {
  const { m } = useI18n();
  const a = m.accountability;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [year, setYear] = useState(new Date().getFullYear());
  const [run, setRun] = useState<Run | null>(null);
  const draft = useMutation({ mutationFn: () => request<Run>('POST', '/accountability/year-end', { year }), onSuccess: setRun, onError: (e) => message.error(errorText(e, m)) });
  const post = useMutation({
    mutationFn: (id: string) => request<Run>('POST', `/accountability/year-end/${id}/post`, {}),
    onSuccess: (r) => {
      setRun(r);
      message.success(a.posted);
      void qc.invalidateQueries({ queryKey: ['fines'] });
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  return (
    <Card title={a.yearEnd} size="small" extra={
      <Space>
        <InputNumber aria-label={a.year} min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        <Button onClick={() => draft.mutate()} loading={draft.isPending}>{a.draft}</Button>
        {run?.state === 'draft' && <Button type="primary" onClick={() => post.mutate(run.id)} loading={post.isPending}>{a.post}</Button>}
      </Space>
    }>
      {run && (
        <>
          <Typography.Paragraph type="secondary">{a.seedText}：{run.source}</Typography.Paragraph>
          <Table<Ranked>
            size="small"
            rowKey="store_unit_id"
            pagination={false}
            dataSource={run.ranking}
            columns={[
              { title: a.rank, dataIndex: 'rank', render: (r: number, x) => <>{r}{x.tied && <Tag style={{ marginLeft: 8 }}>{a.tied}</Tag>}</> },
              { title: a.store, dataIndex: 'store_name' },
              { title: a.complaintCount, dataIndex: 'complaints' },
              { title: a.amount, dataIndex: 'amount_fen', align: 'right', render: (v: number) => formatMoney(v / 100) },
            ]}
          />
        </>
      )}
    </Card>
  );
}
