import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { request } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime, formatMoney } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { YearEndCard } from './YearEndCard.tsx';

interface Fine {
  id: string; case_id: string | null; case_number: string | null; rule_code: string; amount_fen: number; state: string; due_at: string; overdue: boolean;
  shares: { party_kind: string; party_id: string; role: string; amount_fen: number }[];
}

const MOVES: Record<string, ('pay' | 'waive' | 'appeal' | 'uphold' | 'overturn')[]> = { notice: ['pay', 'appeal', 'waive'], appealed: ['uphold', 'overturn'], upheld: ['pay', 'waive'] };

/** The fines ledger (issue 12): every fine with its case, rule, amount, state and deadline, and the moves it allows. */
export function FinesPage() {
  const { m } = useI18n();
  const a = m.accountability;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const fines = useQuery({ queryKey: ['fines'], queryFn: () => request<{ items: Fine[] }>('GET', '/accountability/fines') });
  const move = useMutation({
    mutationFn: (v: { id: string; move: string }) => request<Fine>('POST', `/accountability/fines/${v.id}/${v.move}`, v.move === 'appeal' ? { reason } : {}),
    onSuccess: () => {
      message.success(a.done);
      setReason('');
      void qc.invalidateQueries({ queryKey: ['fines'] });
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  const ruleName = (code: string) => a.rules[code as keyof typeof a.rules] ?? (code.startsWith('year_end_rank_') ? fmt(a.yearEndRule, { rank: code.slice(14) }) : code);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <YearEndCard />
      <Card title={a.finesTitle}>
        <Table<Fine>
          rowKey="id"
          loading={fines.isLoading}
          dataSource={fines.data?.items ?? []}
          pagination={{ pageSize: 50 }}
          columns={[
            { title: a.case, dataIndex: 'case_number', render: (n: string | null, f) => (f.case_id ? <Link to={`/cases/${f.case_id}`}>{n}</Link> : '') },
            { title: a.rule, dataIndex: 'rule_code', render: ruleName },
            { title: a.amount, dataIndex: 'amount_fen', align: 'right', render: (v: number) => formatMoney(v / 100) },
            { title: a.state, dataIndex: 'state', render: (s: string, f) => <Space><Tag>{a.states[s as keyof typeof a.states] ?? s}</Tag>{f.overdue && <Tag color="red">{a.overdue}</Tag>}</Space> },
            { title: a.due, dataIndex: 'due_at', render: (d: string) => formatDateTime(d) },
            {
              title: '',
              key: 'moves',
              render: (_: unknown, f) => (
                <Space wrap>
                  {(MOVES[f.state] ?? []).map((mv) => (mv === 'appeal'
                    ? (
                      <Popconfirm key={mv} title={a.reason} description={<Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} />} onConfirm={() => move.mutate({ id: f.id, move: mv })}>
                        <Button size="small">{a[mv]}</Button>
                      </Popconfirm>
                    )
                    : <Button key={mv} size="small" onClick={() => move.mutate({ id: f.id, move: mv })}>{a[mv]}</Button>))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
