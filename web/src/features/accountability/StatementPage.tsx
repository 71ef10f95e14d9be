import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Grid, List, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { errorText } from '../../errors.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import '../analytics/print.css';
import { userOptions, useUnits, useUsers } from '../cases/reference-data.ts';
import { accApi, type StatementLine, type StatementTotals } from './acc-api.ts';
import { ruleName } from './rule-name.ts';

const TOTALS: { key: keyof StatementTotals; label: 'charged' | 'owed' | 'paid' | 'waived' | 'withdrawn' | 'disputed' | 'received' }[] = [
  { key: 'charged_fen', label: 'charged' }, { key: 'owed_fen', label: 'owed' }, { key: 'paid_fen', label: 'paid' }, { key: 'waived_fen', label: 'waived' },
  { key: 'withdrawn_fen', label: 'withdrawn' }, { key: 'disputed_fen', label: 'disputed' }, { key: 'received_fen', label: 'received' },
];

/** Where a party's statement lives: the fines ledger links each share's party here. */
export const statementPath = (kind: 'unit' | 'user', id: string, year?: number) => `/accountability/statements?${kind}=${encodeURIComponent(id)}${year ? `&year=${year}` : ''}`;

/**
 * 对账单 (issue 12): one store's (unit's) or one person's fines in a year, each line with its case, rule, state, due date
 * and the party's own amount, and the totals charged, owed, paid, waived, withdrawn, under appeal, and (for a store) received
 * from the redistribution of other stores' fines. The choice lives in the address (`?unit=` / `?user=`, `&year=`), so
 * the ledger can link here and the page prints as it shows.
 */
export function StatementPage() {
  const { m } = useI18n();
  const a = m.accountability;
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year')) || thisYear;
  const unitId = params.get('unit') ?? undefined;
  const userId = unitId ? undefined : (params.get('user') ?? undefined);
  const kind: 'unit' | 'user' = userId || params.get('kind') === 'user' ? 'user' : 'unit';
  const units = useUnits();
  const users = useUsers();
  const narrow = !Grid.useBreakpoint().md;
  const partyId = unitId ?? userId;
  const st = useQuery({
    queryKey: ['statement', unitId, userId, year],
    queryFn: () => accApi.statement({ ...(unitId ? { unit_id: unitId } : { user_id: userId }), year }),
    enabled: !!partyId,
  });
  const set = (next: { kind?: 'unit' | 'user'; id?: string | undefined; year?: number }) => {
    const k = next.kind ?? kind;
    const id = 'id' in next ? next.id : partyId;
    const p = new URLSearchParams();
    if (id) p.set(k, id);
    else p.set('kind', k);
    p.set('year', String(next.year ?? year));
    setParams(p, { replace: true });
  };
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const partyName = unitId ? units.data?.find((u) => u.id === unitId)?.name : users.data?.find((u) => u.id === userId)?.display_name;
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  const caseLink = (l: StatementLine) => (l.case_id ? <Link to={`/cases/${l.case_id}`}>{l.case_number}</Link> : (l.case_number ?? '—'));
  const stateTags = (l: StatementLine) => (
    <Space size={4} wrap><Tag>{a.states[l.state] ?? l.state}</Tag>{l.overdue && <Tag color="red">{a.overdue}</Tag>}</Space>
  );
  const s = st.data;
  return (
    <Card title={partyId && partyName ? fmt(a.statementOf, { party: partyName, year }) : a.statementTitle} className="report-page" data-testid="statement">
      <Space wrap className="no-print" style={{ marginBottom: 16 }}>
        <Segmented aria-label={a.partyKind} value={kind} onChange={(v) => set({ kind: v as 'unit' | 'user', id: undefined })}
          options={[{ value: 'unit', label: a.byUnit }, { value: 'user', label: a.byPerson }]} />
        {kind === 'unit'
          ? <Select aria-label={a.pickUnit} placeholder={a.pickUnit} style={{ minWidth: 220 }} showSearch optionFilterProp="label" options={unitOptions} value={unitId} onChange={(id: string) => set({ id })} />
          : <Select aria-label={a.pickPerson} placeholder={a.pickPerson} style={{ minWidth: 220 }} showSearch optionFilterProp="label" options={userOptions(users.data)} value={userId} onChange={(id: string) => set({ id })} />}
        <Select aria-label={a.year} style={{ width: 100 }} value={year} onChange={(y: number) => set({ year: y })} options={years.map((y) => ({ value: y, label: String(y) }))} />
        <Button onClick={() => window.print()} disabled={!s}>{a.print}</Button>
      </Space>
      {!partyId && <Empty description={a.pickParty} />}
      {st.isError && <Alert type="error" showIcon message={errorText(st.error, m)} />}
      {partyId && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions bordered size="small" title={a.totals} column={{ xs: 1, sm: 2, md: 4 }} data-testid="statement-totals">
            {TOTALS.filter((t) => t.key !== 'received_fen' || !userId).map((t) => (
              <Descriptions.Item key={t.key} label={a[t.label]}>{s ? formatMoney(s.totals[t.key] / 100) : '…'}</Descriptions.Item>
            ))}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 8 }}>{a.statementLines}</Typography.Title>
          {narrow ? (
            <List<StatementLine>
              loading={st.isLoading}
              dataSource={s?.lines ?? []}
              locale={{ emptyText: a.noFines }}
              renderItem={(l) => (
                <List.Item>
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                      {caseLink(l)}
                      <Typography.Text strong>{formatMoney(l.amount_fen / 100)}</Typography.Text>
                    </Space>
                    <span>{ruleName(a, l.rule_code)}</span>
                    {stateTags(l)}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.due}: {formatDate(l.due_at)}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          ) : (
            <Table<StatementLine>
              rowKey="fine_id"
              size="small"
              loading={st.isLoading}
              dataSource={s?.lines ?? []}
              pagination={false}
              locale={{ emptyText: a.noFines }}
              columns={[
                { title: a.case, dataIndex: 'case_number', render: (_: unknown, l) => caseLink(l) },
                { title: a.rule, dataIndex: 'rule_code', render: (c: string) => ruleName(a, c) },
                { title: a.state, dataIndex: 'state', render: (_: string, l) => stateTags(l) },
                { title: a.due, dataIndex: 'due_at', render: (d: string) => formatDate(d) },
                { title: a.amount, dataIndex: 'amount_fen', align: 'right', render: (v: number) => formatMoney(v / 100) },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
