import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { Badge, Button, Grid, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Role } from '@contract/enums.ts';
import { api, type CaseSummary, type ListParams, type Me } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../auth/session.ts';
import { BulkAssign } from './BulkAssign.tsx';
import { CaseResults, totalText, useCaseColumns } from './CaseListParts.tsx';
import { Deadline } from './Deadline.tsx';
import { SavedViewsBar } from './SavedViews.tsx';

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

  const columns = useCaseColumns(
    [{ title: m.workbench.deadline, key: 'deadline', width: 250, render: (_: unknown, c: CaseSummary) => <Deadline c={c} supervised={queue === 'supervised'} /> }],
    {},
    [queue],
  );

  const data = cases.data;
  const pagination = {
    current: page,
    pageSize: 20,
    total: data?.total ?? 0,
    showSizeChanger: false,
    simple: narrow,
    showTotal: totalText(data, m),
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
      <SavedViewsBar empty />
      {canBulk && !narrow && (
        <div className="list-toolbar"><BulkAssign caseIds={selected} unitId={me.unit_id} onDone={() => setSelected([])} /></div>
      )}
      <CaseResults
        narrow={narrow}
        query={cases}
        columns={columns}
        pagination={pagination}
        scrollX={1200}
        deadline={(c) => <Deadline c={c} supervised={queue === 'supervised'} />}
        table={canBulk ? { rowSelection: { selectedRowKeys: selected, onChange: (keys: React.Key[]) => setSelected(keys.map(String)) } } : {}}
      />
    </div>
  );
}
