import { Alert, Card, Empty, List, Pagination, Table, type PaginationProps, type TableProps } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { CaseSummary, Page } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import type { Messages } from '../../i18n/zh-CN.ts';
import { SeverityTag, StatusTag } from './labels.tsx';

/** What the queues and the case list share: the phone cards, the pager and the columns both tables show. */

/** "共 n 条", or above the server's counting cap its estimate, said as such. */
export function totalText(data: Page<CaseSummary> | undefined, m: Messages) {
  return (n: number) =>
    data?.total_exact === false
      ? fmt(m.list.totalEstimated, { cap: (data.total_capped_at ?? 0).toLocaleString(), n: n.toLocaleString() })
      : fmt(m.list.total, { n });
}

/** One case as a card on a phone: number and status, subject, optional deadline, then who and where. */
function CaseCard({ c, deadline }: { c: CaseSummary; deadline?: (c: CaseSummary) => ReactNode }) {
  const { m } = useI18n();
  const navigate = useNavigate();
  return (
    <Card size="small" className="case-card" onClick={() => navigate(`/cases/${c.id}`)} data-testid="case-card">
      <div className="case-card-top">
        <Link to={`/cases/${c.id}`} onClick={(e) => e.stopPropagation()}>{c.number}</Link>
        <StatusTag status={c.status} />
      </div>
      <div className="case-card-subject">{c.subject}</div>
      {deadline?.(c)}
      <div className="case-card-meta">
        <span>{m.kinds[c.kind] ?? c.kind}</span>
        <SeverityTag severity={c.severity} />
        <span>{c.customer_name}</span>
      </div>
      <div className="case-card-meta">
        <span className="case-card-unit">{[c.unit_name, c.department_name].filter(Boolean).join(' · ')}</span>
        {c.handler_name && <span>{c.handler_name}</span>}
      </div>
      <div className="case-card-time">{formatDateTime(c.created_at)}</div>
    </Card>
  );
}

/** The narrow-screen list: cards, then the pager below them. */
function CaseCardList({ data, loading, pagination, deadline }: {
  data: Page<CaseSummary> | undefined; loading: boolean; pagination: PaginationProps; deadline?: (c: CaseSummary) => ReactNode;
}) {
  const { m } = useI18n();
  return (
    <>
      <List
        className="case-cards"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description={m.list.empty} /> }}
        renderItem={(c) => <CaseCard c={c} deadline={deadline} />}
      />
      <div className="case-cards-pager">
        <Pagination {...pagination} />
      </div>
    </>
  );
}

/** Rows carry their number for tests and for screen readers' row names. */
const rowProps = (c: CaseSummary) => ({ 'data-testid': 'case-row', 'data-number': c.number }) as HTMLAttributes<HTMLElement>;

/**
 * The table columns: number, subject, then `middle` (the queue's deadline, or the list's kind), status, severity,
 * customer, unit and department, handler, created (`created` lets the list make it sortable).
 */
export function useCaseColumns(middle: ColumnsType<CaseSummary>, created: Partial<ColumnsType<CaseSummary>[number]> = {}, deps: unknown[] = []) {
  const { m } = useI18n();
  return useMemo<ColumnsType<CaseSummary>>(
    () => [
      { title: m.fields.number, dataIndex: 'number', width: 170, render: (n: string, c) => <Link to={`/cases/${c.id}`}>{n}</Link> },
      { title: m.fields.subject, dataIndex: 'subject', ellipsis: true },
      ...middle,
      { title: m.fields.status, dataIndex: 'status', width: 104, render: (s: CaseSummary['status']) => <StatusTag status={s} /> },
      { title: m.fields.severity, dataIndex: 'severity', width: 96, render: (s: CaseSummary['severity']) => <SeverityTag severity={s} /> },
      { title: m.fields.customer, dataIndex: 'customer_name', width: 100, ellipsis: true },
      { title: `${m.fields.unit} / ${m.fields.department}`, key: 'unit', width: 200, ellipsis: true, render: (_: unknown, c) => [c.unit_name, c.department_name].filter(Boolean).join(' · ') },
      { title: m.fields.handler, dataIndex: 'handler_name', width: 120, ellipsis: true, render: (h: string | null) => h ?? '—' },
      { title: m.fields.created_at, dataIndex: 'created_at', key: 'created_at', width: 150, render: (d: string) => formatDateTime(d), ...created } as ColumnsType<CaseSummary>[number],
    ],
    [m, ...deps],
  );
}

/** The results of a list query: its error, then cards on a phone or the table (with `table`'s extra props) elsewhere. */
export function CaseResults({ narrow, query, columns, pagination, scrollX, deadline, table = {} }: {
  narrow: boolean; query: { data: Page<CaseSummary> | undefined; isFetching: boolean; error: unknown }; columns: ColumnsType<CaseSummary>;
  pagination: PaginationProps; scrollX: number; deadline?: (c: CaseSummary) => ReactNode; table?: Partial<TableProps<CaseSummary>>;
}) {
  const { m } = useI18n();
  const { data, isFetching: loading, error } = query;
  return (
    <>
      {!!error && <Alert type="error" showIcon message={errorText(error, m)} style={{ marginBottom: 12 }} />}
      {narrow ? (
        <CaseCardList data={data} loading={loading} pagination={pagination} deadline={deadline} />
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          scroll={{ x: scrollX }}
          locale={{ emptyText: <Empty description={m.list.empty} /> }}
          pagination={pagination}
          onRow={rowProps}
          {...table}
        />
      )}
    </>
  );
}
