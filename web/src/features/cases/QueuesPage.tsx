import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Empty, Grid, List, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { Role } from '@contract/enums.ts';
import { api, type CaseSummary, type ListParams, type Me } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { useMe } from '../auth/session.ts';
import { BulkAssign } from './BulkAssign.tsx';
import { Deadline } from './Deadline.tsx';
import { SeverityTag, StatusTag } from './labels.tsx';

const OPEN = ['registered', 'accepted', 'assigned', 'in_progress', 'suspended'];
export const QUEUES = ['mine', 'department', 'unassigned', 'overdue', 'due_soon', 'visit', 'supervised', 'all'] as const;
type Queue = (typeof QUEUES)[number];

/** Each queue as a case-list filter (server-side: handler, unit, status, SLA state, supervision). */
function queueParams(q: Queue, me: Me): Omit<ListParams, 'page' | 'page_size'> {
  switch (q) {
    case 'mine': return { handler_id: me.id, status: OPEN };
    case 'department': return { unit_id: me.unit_id, status: OPEN };
    case 'unassigned': return { status: ['registered', 'accepted'] };
    case 'overdue': return { overdue: '1' };
    case 'due_soon': return { due_within_hours: 24 };
    case 'visit': return { status: ['resolved'] };
    case 'supervised': return { supervised: '1', status: [...OPEN, 'resolved'] };
    default: return {};
  }
}

/** The queue a role lands on. */
function landingQueue(roles: Role[]): Queue {
  if (roles.includes('handler')) return 'mine';
  if (roles.includes('department_head')) return 'department';
  if (roles.includes('unit_manager')) return 'overdue';
  if (roles.includes('agent') || roles.includes('complaint_center')) return 'unassigned';
  return 'all';
}

/** The workbench's landing page: the queues with their counts, and the chosen queue's cases with their deadlines. */
export function QueuesPage() {
  const { m } = useI18n();
  const me = useMe().data!;
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  const [search, setSearch] = useSearchParams();
  const queue = (QUEUES as readonly string[]).includes(search.get('queue') ?? '') ? (search.get('queue') as Queue) : landingQueue(me.roles);
  const page = Math.max(1, Number(search.get('page')) || 1);
  const params: ListParams = { ...queueParams(queue, me), page, page_size: 20 };
  const [selected, setSelected] = useState<string[]>([]);
  const abilities = useQuery({ queryKey: ['abilities', me.id], queryFn: api.abilities, staleTime: 5 * 60_000 });
  // Dispatchers (front desk, complaint center, department heads, managers) may assign; handlers only work their own.
  const canBulk = !!abilities.data?.abilities.includes('act') && me.roles.some((r) => r !== 'handler' && r !== 'auditor');
  const cases = useQuery({ queryKey: ['cases', params], queryFn: () => api.listCases(params), placeholderData: keepPreviousData });
  // Counts: one row per queue; the server counts up to its cap and estimates beyond.
  const counts = useQueries({
    queries: QUEUES.map((q) => {
      const p: ListParams = { ...queueParams(q, me), page: 1, page_size: 1 };
      return { queryKey: ['cases', 'count', p], queryFn: () => api.listCases(p), staleTime: 30_000 };
    }),
  });
  const countOf = (i: number) => {
    const d = counts[i]?.data;
    if (!d) return null;
    return d.total_exact === false ? `${(d.total_capped_at ?? 1000).toLocaleString()}+` : d.total;
  };

  const columns = useMemo<ColumnsType<CaseSummary>>(
    () => [
      { title: m.fields.number, dataIndex: 'number', width: 170, render: (n: string, c) => <Link to={`/cases/${c.id}`}>{n}</Link> },
      { title: m.fields.subject, dataIndex: 'subject', ellipsis: true },
      { title: m.workbench.deadline, key: 'deadline', width: 250, render: (_: unknown, c) => <Deadline c={c} supervised={queue === 'supervised'} /> },
      { title: m.fields.status, dataIndex: 'status', width: 100, render: (s: CaseSummary['status']) => <StatusTag status={s} /> },
      { title: m.fields.severity, dataIndex: 'severity', width: 90, render: (s: CaseSummary['severity']) => <SeverityTag severity={s} /> },
      { title: m.fields.customer, dataIndex: 'customer_name', width: 100, ellipsis: true },
      { title: m.fields.department, key: 'unit', width: 180, ellipsis: true, render: (_: unknown, c) => [c.unit_name, c.department_name].filter(Boolean).join(' · ') },
      { title: m.fields.handler, dataIndex: 'handler_name', width: 110, ellipsis: true, render: (h: string | null) => h ?? '—' },
      { title: m.fields.created_at, dataIndex: 'created_at', width: 140, render: (d: string) => formatDateTime(d) },
    ],
    [m, queue],
  );

  const data = cases.data;
  const pagination = {
    current: page,
    pageSize: 20,
    total: data?.total ?? 0,
    showSizeChanger: false,
    simple: narrow,
    showTotal: (n: number) => (data?.total_exact === false ? fmt(m.list.totalEstimated, { cap: (data.total_capped_at ?? 0).toLocaleString(), n: n.toLocaleString() }) : fmt(m.list.total, { n })),
    onChange: (p: number) => setSearch({ queue, ...(p > 1 ? { page: String(p) } : {}) }),
  };

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">{m.workbench.menuQueues}</Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => { void cases.refetch(); counts.forEach((c) => void c.refetch()); }} aria-label={m.list.refresh} />
      </div>
      <Tabs
        activeKey={queue}
        onChange={(k) => {
          setSelected([]);
          setSearch({ queue: k });
        }}
        data-testid="queues"
        items={QUEUES.map((q, i) => ({
          key: q,
          label: (
            <span data-testid={`queue-${q}`}>
              {m.workbench.queues[q]} <Badge count={countOf(i) ?? 0} showZero overflowCount={100000} color={q === 'overdue' ? '#cf1322' : '#595959'} />
            </span>
          ),
        }))}
      />
      {canBulk && !narrow && (
        <div className="list-toolbar"><BulkAssign caseIds={selected} unitId={me.unit_id} onDone={() => setSelected([])} /></div>
      )}
      {cases.error && <Alert type="error" showIcon message={errorText(cases.error, m)} style={{ marginBottom: 12 }} />}
      {narrow ? (
        <List
          className="case-cards"
          loading={cases.isFetching}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={m.list.empty} /> }}
          pagination={pagination}
          renderItem={(c) => (
            <Card size="small" className="case-card" onClick={() => navigate(`/cases/${c.id}`)} data-testid="case-card">
              <div className="case-card-top">
                <Link to={`/cases/${c.id}`} onClick={(e) => e.stopPropagation()}>{c.number}</Link>
                <StatusTag status={c.status} />
              </div>
              <div className="case-card-subject">{c.subject}</div>
              <Deadline c={c} supervised={queue === 'supervised'} />
              <div className="case-card-meta">
                <SeverityTag severity={c.severity} />
                <span>{c.customer_name}</span>
                <span className="case-card-unit">{[c.unit_name, c.department_name].filter(Boolean).join(' · ')}</span>
              </div>
            </Card>
          )}
        />
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={cases.isFetching}
          scroll={{ x: 1200 }}
          locale={{ emptyText: <Empty description={m.list.empty} /> }}
          pagination={pagination}
          {...(canBulk ? { rowSelection: { selectedRowKeys: selected, onChange: (keys: React.Key[]) => setSelected(keys.map(String)) } } : {})}
          onRow={(c) => ({ 'data-testid': 'case-row', 'data-number': c.number } as HTMLAttributes<HTMLElement>)}
        />
      )}
    </div>
  );
}
