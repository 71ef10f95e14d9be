import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Grid, Input, Select, Space, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { CASE_KINDS, CASE_STATUSES, CHANNELS, SEVERITIES } from '@contract/enums.ts';
import { api, type CaseSummary, type ListParams } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CaseResults, totalText, useCaseColumns } from './CaseListParts.tsx';
import { optionsOf } from './labels.tsx';
import { SavedViewsBar, SaveViewButton } from './SavedViews.tsx';

const FILTERS = ['status', 'kind', 'severity', 'channel'] as const;
/** Filters an analytics drill-through brings in the URL; kept as they are while the list is refined. */
const SCOPE = ['category_id', 'unit_id', 'handler_id', 'created_from', 'created_to'] as const;
const PAGE_SIZES = [20, 50, 100];

/** The list's state lives in the URL, so links, reloads and the back button keep the filters and page. */
function useListParams(): [ListParams, (patch: Partial<ListParams>) => void, URLSearchParams] {
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
  return [params, update, search];
}

export function CasesListPage() {
  const { m } = useI18n();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const navigate = useNavigate();
  const [params, update, search] = useListParams();
  const cases = useQuery({ queryKey: ['cases', params], queryFn: () => api.listCases(params), placeholderData: keepPreviousData });

  const columns = useCaseColumns(
    [{ title: m.fields.kind, dataIndex: 'kind', width: 130, render: (k: string) => m.kinds[k] ?? k }],
    {
      sorter: true,
      sortOrder: params.sort === 'created_at' ? 'ascend' : params.sort === '-created_at' ? 'descend' : null,
      sortDirections: ['descend', 'ascend'],
    },
    [params.sort],
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
    showTotal: totalText(data, m),
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
        {[...search.keys()].some((k) => k !== 'page') && <SaveViewButton search={search} />}
      </div>
      <SavedViewsBar />
      <CaseResults
        narrow={narrow}
        query={cases}
        columns={columns}
        pagination={pagination}
        scrollX={1310}
        table={{
          onChange: (_p, _f, sorter) => {
            const s = sorter as SorterResult<CaseSummary>;
            if (s.columnKey !== 'created_at') return;
            const sort = s.order === 'ascend' ? 'created_at' : '-created_at';
            if (sort !== params.sort) update({ sort });
          },
        }}
      />
    </div>
  );
}
