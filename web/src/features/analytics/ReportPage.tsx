import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { analyticsApi, type BreakdownItem, type Drill } from './analytics-api.ts';
import { DrillLink, HotIssuesTable, pct, signedPct, spanOf, UnitTable } from './shared.tsx';
import './print.css';

const RATES = ['response', 'resolution', 'satisfaction', 'composite', 'direct_answer', 'return_visit', 'reopen', 'escalation', 'extension', 'repeat', 'invalid_share', 'malicious_share', 'withdrawn_share'] as const;

/** The mean to one decimal; the median and p90 at their precision (2 significant figures, e.g. 0.73, 120). */
function hoursText(k: 'mean' | 'median' | 'p90', v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return k === 'mean' ? v.toFixed(1) : String(Number(v.toPrecision(2)));
}

/**
 * The case list behind a count, where a list filter selects exactly its cases: every case registered in the period,
 * or those merged / withdrawn (a status). The others (valid, invalid, resolved, visited) have no exact list filter.
 */
function countDrill(drill: Drill, k: string): Drill {
  if (!drill) return null;
  if (k === 'registered') return drill;
  if (k === 'merged' || k === 'withdrawn') return { ...drill, status: k };
  return null;
}

/** The monthly report and the year-end special analysis (年终专题分析): one printable page (print CSS). */
export function ReportPage() {
  const { m } = useI18n();
  const [search] = useSearchParams();
  const year = search.get('period') === 'year';
  const span = useMemo(() => spanOf(year ? 'year' : 'month'), [year]);
  const rates = useQuery({ queryKey: ['analytics', 'rates', span], queryFn: () => analyticsApi.rates(span) });
  const trend = useQuery({ queryKey: ['analytics', 'trend-report', span], queryFn: () => analyticsApi.breakdown(span, 'period', year ? 'month' : 'week') });
  const cats = useQuery({ queryKey: ['analytics', 'category', span], queryFn: () => analyticsApi.breakdown(span, 'category') });
  const units = useQuery({ queryKey: ['analytics', 'unit', span], queryFn: () => analyticsApi.breakdown(span, 'unit') });
  const hot = useQuery({ queryKey: ['analytics', 'hot', span], queryFn: () => analyticsApi.hotIssues(span) });
  const r = rates.data;
  const league = [...(units.data?.items ?? [])].sort((a, b) => (b.counts.valid ?? 0) - (a.counts.valid ?? 0));
  const open = r ? (r.counts.valid ?? 0) - (r.counts.resolved ?? 0) - (r.counts.direct_answer ?? 0) : 0;
  const simple = (title: string) => [
    { title, dataIndex: 'label', render: (v: string | null, i: BreakdownItem) => <DrillLink drill={i.drill}>{v ?? i.key ?? '—'}</DrillLink> },
    { title: m.analytics.counts.registered, align: 'right' as const, render: (_: unknown, i: BreakdownItem) => i.counts.registered },
    { title: m.analytics.counts.valid, align: 'right' as const, render: (_: unknown, i: BreakdownItem) => i.counts.valid },
    { title: m.analytics.vsPrevious, align: 'right' as const, render: (_: unknown, i: BreakdownItem) => signedPct(i.change_vs_previous) },
    { title: m.analytics.vsLastYear, align: 'right' as const, render: (_: unknown, i: BreakdownItem) => signedPct(i.change_vs_last_year) },
  ];
  return (
    <div className="report-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2}>{year ? m.analytics.yearReport : m.analytics.monthlyReport} · {dayjs(span.from).format(year ? 'YYYY' : 'YYYY-MM')}</Typography.Title>
        <Button className="no-print" onClick={() => window.print()}>{m.analytics.print}</Button>
      </Space>
      <Typography.Text type="secondary">{fmt(m.analytics.generatedAt, { at: dayjs().format('YYYY-MM-DD HH:mm') })}</Typography.Text>
      <section>
        <h2>{m.analytics.period}</h2>
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 3 }} items={(['registered', 'valid', 'merged', 'withdrawn', 'invalid', 'malicious', 'resolved', 'visited'] as const).map((k): { key: string; label: string | undefined; children: ReactNode } => ({ key: k, label: m.analytics.counts[k], children: <DrillLink drill={countDrill(r?.drill ?? null, k)}>{r?.counts[k] ?? 0}</DrillLink> })).concat([{ key: 'open', label: m.analytics.openCases, children: open }])} />
      </section>
      <section>
        <h2>{m.analytics.rates.composite}</h2>
        <Table size="small" pagination={false} rowKey="k" dataSource={RATES.map((k) => ({ k }))}
          columns={[
            { title: '', dataIndex: 'k', render: (k: string) => m.analytics.rates[k] },
            { title: m.analytics.period, align: 'right', render: (_: unknown, x: { k: string }) => pct(r?.rates[x.k]) },
            { title: m.analytics.previousValue, align: 'right', render: (_: unknown, x: { k: string }) => pct(r?.previous.rates[x.k]) },
            { title: m.analytics.lastYearValue, align: 'right', render: (_: unknown, x: { k: string }) => pct(r?.last_year.rates[x.k]) },
          ]} />
        <Descriptions size="small" style={{ marginTop: 8 }} title={m.analytics.handling} column={3}
          items={(['mean', 'median', 'p90'] as const).map((k) => ({ key: k, label: m.analytics[k], children: hoursText(k, r?.handling_hours[k]) }))} />
      </section>
      <section><h2>{m.analytics.trend}</h2><Table size="small" pagination={false} rowKey={(i) => i.key ?? '-'} dataSource={trend.data?.items ?? []} columns={simple(m.analytics.period).map((c, i) => (i === 0 ? { ...c, render: (_: unknown, x: BreakdownItem) => <DrillLink drill={x.drill}>{x.key}</DrillLink> } : c)).slice(0, 3)} /></section>
      <section><h2>{m.analytics.topCauses}</h2><Table size="small" pagination={false} rowKey={(i) => i.key ?? '-'} dataSource={(cats.data?.items ?? []).slice(0, 10)} columns={simple(m.analytics.category)} /></section>
      <section><h2>{m.analytics.hotIssues}</h2><HotIssuesTable items={hot.data?.items ?? []} /></section>
      <section><h2>{m.analytics.league}</h2><UnitTable items={league} /></section>
    </div>
  );
}
