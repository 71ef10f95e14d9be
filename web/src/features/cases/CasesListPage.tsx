import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Grid, Input, List, Pagination, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useMemo, type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { CASE_KINDS, CASE_STATUSES, CHANNELS, SEVERITIES } from '@contract/enums.ts';
import { api, type CaseSummary, type ListParams } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { optionsOf, SeverityTag, StatusTag } from './labels.tsx';

const FILTERS = ['status', 'kind', 'severity', 'channel'] as const;
/** Filters an analytics drill-through brings in the URL; kept as they are while the list is refined. */
const SCOPE = ['category_id', 'unit_id', 'handler_id', 'created_from', 'created_to'] as const;
const PAGE_SIZES = [20, 50, 100];

/** The list's state lives in the URL, so links, reloads and the back button keep the filters and page. */
function useListParams(): [ListParams, (patch: Partial<ListParams>) => void] {
  const [search, setSearch] = useSearchParams();
  const params: ListParams = {
    q: search.get('q') ?? '',
    status: search.get('status')?.split(',').filter(Boolean) ?? [],
    kind: search.get('kind')?.split(',').filter(Boolean) ?? [],
    severity: search.get('severity')?.split(',').filter(Boolean) ?? [],
    channel: search.get('channel')?.split(',').filter(Boolean) ?? [],
    sort: search.get('sort') ?? '-created_at',
    page: Math.max(1, Number(search.get('page')) || 1),
    page_size: PAGE_SIZES.includes(Number(search.get('page_size'))) ? Number(search.get('page_size')) : 20,
    scope: Object.fromEntries(SCOPE.flatMap((k) => (search.get(k) ? [[k, search.get(k)!]] : []))),
  };
  const update = (patch: Partial<ListParams>) => {
    const next = { ...params, ...patch };
    // Any change but paging starts again at page 1.
    if (!('page' in patch)) next.page = 1;
    const s = new URLSearchParams();
    if (next.q) s.set('q', next.q);
    for (const [k, v] of Object.entries(next.scope ?? {})) s.set(k, v);
    for (const k of FILTERS) if (next[k]?.length) s.set(k, next[k]!.join(','));
    if (next.sort && next.sort !== '-created_at') s.set('sort', next.sort);
    if (next.page > 1) s.set('page', String(next.page));
    if (next.page_size !== 20) s.set('page_size', String(next.page_size));
    setSearch(s);
  };
  return [params, update];
}

export function CasesListPage() {
  const { m } = useI18n();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const navigate = useNavigate();
  const [params, update] = useListParams();
  const cases = useQuery({ queryKey: ['cases', params], queryFn: () => api.listCases(params), placeholderData: keepPreviousData });

  const columns = useMemo<ColumnsType<CaseSummary>>(
    () => [
      { title: m.fields.number, dataIndex: 'number', width: 170, render: (n: string, c) => <Link to={`/cases/${c.id}`}>{n}</Link> },
      { title: m.fields.subject, dataIndex: 'subject', ellipsis: true },
      { title: m.fields.kind, dataIndex: 'kind', width: 130, render: (k: string) => m.kinds[k] ?? k },
      { title: m.fields.status, dataIndex: 'status', width: 104, render: (s: CaseSummary['status']) => <StatusTag status={s} /> },
      { title: m.fields.severity, dataIndex: 'severity', width: 96, render: (s: CaseSummary['severity']) => <SeverityTag severity={s} /> },
      { title: m.fields.customer, dataIndex: 'customer_name', width: 100, ellipsis: true },
      {
        title: `${m.fields.unit} / ${m.fields.department}`,
        key: 'unit',
        width: 220,
        ellipsis: true,
        render: (_: unknown, c) => [c.unit_name, c.department_name].filter(Boolean).join(' · '),
      },
      { title: m.fields.handler, dataIndex: 'handler_name', width: 130, ellipsis: true, render: (h: string | null) => h ?? '—' },
      {
        title: m.fields.created_at,
        dataIndex: 'created_at',
        key: 'created_at',
        width: 150,
        sorter: true,
        sortOrder: params.sort === 'created_at' ? 'ascend' : params.sort === '-created_at' ? 'descend' : null,
        sortDirections: ['descend', 'ascend'],
        render: (d: string) => formatDateTime(d),
      },
    ],
    [m, params.sort],
  );

  const filterSelect = (key: (typeof FILTERS)[number], values: readonly string[], labels: Record<string, string>) => (
    <Select
      key={key}
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      placeholder={m.list[key]}
      aria-label={m.list[key]}
      data-testid={`filter-${key}`}
      className="list-filter"
      value={params[key]}
      onChange={(v: string[]) => update({ [key]: v })}
      options={optionsOf(values, labels)}
    />
  );

  const data = cases.data;
  const pagination = {
    current: params.page,
    pageSize: params.page_size,
    total: data?.total ?? 0,
    showSizeChanger: !narrow,
    pageSizeOptions: PAGE_SIZES,
    // Above the cap the server counts no further and `total` is the planner's estimate: say so.
    showTotal: (n: number) =>
      data?.total_exact === false
        ? fmt(m.list.totalEstimated, { cap: (data.total_capped_at ?? 0).toLocaleString(), n: n.toLocaleString() })
        : fmt(m.list.total, { n }),
    simple: narrow,
    onChange: (page: number, page_size: number) => update({ page, page_size }),
  };

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">{m.list.title}</Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => cases.refetch()} aria-label={m.list.refresh} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')}>{m.app.register}</Button>
        </Space>
      </div>
      <div className="list-toolbar">
        <Input.Search
          key={params.q}
          className="list-search"
          allowClear
          defaultValue={params.q}
          placeholder={m.list.search}
          aria-label={m.list.search}
          enterButton
          onSearch={(q) => update({ q })}
        />
        {filterSelect('status', CASE_STATUSES, m.statuses)}
        {filterSelect('kind', CASE_KINDS, m.kinds)}
        {filterSelect('severity', SEVERITIES, m.severities)}
        {filterSelect('channel', CHANNELS, m.channels)}
        {(params.q || FILTERS.some((k) => params[k]?.length)) && (
          <Button type="link" onClick={() => update({ q: '', status: [], kind: [], severity: [], channel: [], scope: {} })}>{m.list.reset}</Button>
        )}
      </div>
      {cases.error && <Alert type="error" showIcon message={errorText(cases.error, m)} style={{ marginBottom: 12 }} />}
      {narrow ? (
        <>
          <List
            className="case-cards"
            loading={cases.isFetching}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty description={m.list.empty} /> }}
            renderItem={(c) => (
              <Card size="small" className="case-card" onClick={() => navigate(`/cases/${c.id}`)} data-testid="case-card">
                <div className="case-card-top">
                  <Link to={`/cases/${c.id}`} onClick={(e) => e.stopPropagation()}>{c.number}</Link>
                  <StatusTag status={c.status} />
                </div>
                <div className="case-card-subject">{c.subject}</div>
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
            )}
          />
          <div className="case-cards-pager">
            <Pagination {...pagination} />
          </div>
        </>
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={cases.isFetching}
          scroll={{ x: 1310 }}
          locale={{ emptyText: <Empty description={m.list.empty} /> }}
          pagination={pagination}
          onChange={(_p, _f, sorter) => {
            const s = sorter as SorterResult<CaseSummary>;
            if (s.columnKey !== 'created_at') return;
            const sort = s.order === 'ascend' ? 'created_at' : '-created_at';
            if (sort !== params.sort) update({ sort });
          }}
          onRow={(c) => ({ 'data-testid': 'case-row', 'data-number': c.number } as HTMLAttributes<HTMLElement>)}
        />
      )}
    </div>
  );
}
