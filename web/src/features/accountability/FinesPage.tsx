import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Grid, Input, List, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorText } from '../../errors.ts';
import { formatDateTime, formatMoney } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useUnits, useUsers } from '../cases/reference-data.ts';
import { accApi, type Fine } from './acc-api.ts';
import { ruleName as ruleOf } from './rule-name.ts';
import { statementPath } from './StatementPage.tsx';
import { YearEndCard } from './YearEndCard.tsx';

type Move = 'pay' | 'waive' | 'appeal' | 'uphold' | 'overturn';
const MOVES: Record<string, Move[]> = { notice: ['pay', 'appeal', 'waive'], appealed: ['uphold', 'overturn'], upheld: ['pay', 'waive'] };
const FILTERS = ['all', 'notice', 'appealed', 'upheld', 'paid', 'waived', 'overturned', 'withdrawn'] as const;

/**
 * The fines ledger (issue 12): every fine with its case, rule, parties and shares, amount, state and deadline, any
 * flag for refund or review, and the moves it allows: pay, waive, appeal (with a reason and evidence), and a
 * reviewer's decision on an appeal (uphold or overturn, with a note).
 */
export function FinesPage() {
  const { m } = useI18n();
  const a = m.accountability;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');
  const [pending, setPending] = useState<{ fine: Fine; move: Move } | null>(null);
  const [text, setText] = useState({ reason: '', evidence: '', note: '' });
  const fines = useQuery({ queryKey: ['fines', filter], queryFn: () => accApi.fines(filter === 'all' ? {} : { state: filter }) });
  const units = useUnits();
  const users = useUsers();
  const move = useMutation({
    mutationFn: (v: { id: string; move: Move }) => accApi.moveFine(v.id, v.move, v.move === 'appeal'
      ? { reason: text.reason.trim(), ...(text.evidence.trim() ? { evidence: text.evidence.trim() } : {}) }
      : text.note.trim() ? { note: text.note.trim() } : {}),
    onSuccess: () => {
      message.success(a.done);
      setPending(null);
      setText({ reason: '', evidence: '', note: '' });
      void qc.invalidateQueries({ queryKey: ['fines'] });
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  const ruleName = (code: string) => ruleOf(a, code);
  const partyName = (s: Fine['shares'][number]) => (s.party_kind === 'unit' ? units.data?.find((u) => u.id === s.party_id)?.name : users.data?.find((u) => u.id === s.party_id)?.display_name) ?? s.party_id.slice(0, 8);
  /** The party's name, linking to its statement for the year of the notice. */
  const party = (s: Fine['shares'][number], f: Fine) => (
    <Link to={statementPath(s.party_kind === 'unit' ? 'unit' : 'user', s.party_id, new Date(f.noticed_at).getFullYear())} title={a.openStatement}>{partyName(s)}</Link>
  );
  const narrow = !Grid.useBreakpoint().md;
  const stateTags = (f: Fine) => (
    <Space size={4} wrap>
      <Tag>{a.states[f.state] ?? f.state}</Tag>
      {f.overdue && <Tag color="red">{a.overdue}</Tag>}
      {f.review && <Tag color="orange">{a.reviewFlags[f.review.reason] ?? f.review.reason}</Tag>}
      {f.appeal?.reason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.reason}: {f.appeal.reason}</Typography.Text>}
    </Space>
  );
  const moves = (f: Fine) => (
    <Space wrap size={4}>
      {(MOVES[f.state] ?? []).map((mv) => <Button key={mv} size="small" danger={mv === 'waive'} onClick={() => ask(f, mv)} loading={move.isPending && move.variables?.id === f.id && move.variables.move === mv}>{a[mv]}</Button>)}
    </Space>
  );
  const sharesOf = (f: Fine) => f.shares.map((s) => <div key={`${s.party_id}-${s.role}`}>{party(s, f)} · {a.roles[s.role] ?? s.role} · {formatMoney(s.amount_fen / 100)}</div>);
  const ask = (fine: Fine, mv: Move) => (mv === 'pay' ? move.mutate({ id: fine.id, move: mv }) : setPending({ fine, move: mv }));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <YearEndCard />
      <Card title={a.finesTitle}>
        {narrow
          ? <Select aria-label={a.state} style={{ marginBottom: 12, minWidth: 200 }} value={filter} onChange={setFilter} options={FILTERS.map((f) => ({ value: f, label: f === 'all' ? a.all : (a.states[f] ?? f) }))} />
          : <Segmented style={{ marginBottom: 12 }} value={filter} onChange={(v) => setFilter(v as typeof filter)} options={FILTERS.map((f) => ({ value: f, label: f === 'all' ? a.all : (a.states[f] ?? f) }))} />}
        {narrow ? (
          <List<Fine>
            loading={fines.isLoading}
            dataSource={fines.data?.items ?? []}
            renderItem={(f) => (
              <List.Item>
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                    {f.case_id ? <Link to={`/cases/${f.case_id}`}>{f.case_number}</Link> : <span />}
                    <Typography.Text strong>{formatMoney(f.amount_fen / 100)}</Typography.Text>
                  </Space>
                  <span>{ruleName(f.rule_code)}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{sharesOf(f)}</Typography.Text>
                  {stateTags(f)}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.due}: {formatDateTime(f.due_at)}</Typography.Text>
                  {moves(f)}
                </Space>
              </List.Item>
            )}
          />
        ) : (
        <Table<Fine>
          rowKey="id"
          size="small"
          loading={fines.isLoading}
          dataSource={fines.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          columns={[
            { title: a.case, dataIndex: 'case_number', render: (n: string | null, f) => (f.case_id ? <Link to={`/cases/${f.case_id}`}>{n}</Link> : '') },
            { title: a.rule, dataIndex: 'rule_code', render: ruleName },
            { title: a.shares, key: 'shares', render: (_: unknown, f) => sharesOf(f) },
            { title: a.amount, dataIndex: 'amount_fen', align: 'right', render: (v: number) => formatMoney(v / 100) },
            { title: a.state, dataIndex: 'state', render: (_: string, f) => stateTags(f) },
            { title: a.due, dataIndex: 'due_at', render: (d: string) => formatDateTime(d) },
            { title: '', key: 'moves', render: (_: unknown, f) => moves(f) },
          ]}
        />
        )}
      </Card>
      <Modal
        open={!!pending}
        title={pending ? `${a[pending.move]} · ${ruleName(pending.fine.rule_code)} · ${formatMoney(pending.fine.amount_fen / 100)}` : ''}
        onCancel={() => setPending(null)}
        onOk={() => pending && move.mutate({ id: pending.fine.id, move: pending.move })}
        okButtonProps={{ disabled: pending?.move === 'appeal' && !text.reason.trim(), loading: move.isPending }}
      >
        {pending?.move === 'appeal' ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea aria-label={a.reason} placeholder={a.reason} value={text.reason} maxLength={2000} onChange={(e) => setText({ ...text, reason: e.target.value })} />
            <Input.TextArea aria-label={a.evidence} placeholder={a.evidence} value={text.evidence} maxLength={4000} onChange={(e) => setText({ ...text, evidence: e.target.value })} />
          </Space>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            {pending?.fine.appeal?.reason && <Typography.Paragraph>{a.reason}: {pending.fine.appeal.reason}{pending.fine.appeal.evidence ? ` · ${a.evidence}: ${pending.fine.appeal.evidence}` : ''}</Typography.Paragraph>}
            {(pending?.move === 'uphold' || pending?.move === 'overturn') && <Typography.Text type="secondary">{a.decideHint}</Typography.Text>}
            <Input.TextArea aria-label={a.note} placeholder={a.note} value={text.note} maxLength={2000} onChange={(e) => setText({ ...text, note: e.target.value })} />
          </Space>
        )}
      </Modal>
    </Space>
  );
}
