import { Button, Space, Table, Tag, Typography, message } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { downloadExport, drillHref, type BreakdownItem, type Drill, type HotIssue, type Span, type Surge } from './analytics-api.ts';

export type PeriodChoice = 'last30' | 'month' | 'year';

/** The span of a period choice, in the browser's time zone (the organisation's in practice). */
export function spanOf(p: PeriodChoice, now = dayjs()): Span {
  if (p === 'month') return { from: now.startOf('month').toISOString(), to: now.startOf('month').add(1, 'month').toISOString() };
  if (p === 'year') return { from: now.startOf('year').toISOString(), to: now.startOf('year').add(1, 'year').toISOString() };
  return { from: now.subtract(30, 'day').toISOString(), to: now.toISOString() };
}

export const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '—');
export const signedPct = (v: number | null | undefined) => (typeof v === 'number' ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%` : '—');

/** A figure that links to the case list behind it. */
export function DrillLink({ drill, children }: { drill: Drill; children: React.ReactNode }) {
  const href = drillHref(drill);
  return href ? <Link to={href}>{children}</Link> : <>{children}</>;
}

/** Export buttons: the stream's received bytes are shown while a large export downloads. */
export function ExportButtons({ filter }: { filter: Record<string, string> }) {
  const { m, locale } = useI18n();
  const [progress, setProgress] = useState<number | null>(null);
  const run = async (format: 'csv' | 'xlsx') => {
    setProgress(0);
    try {
      await downloadExport(format, filter, setProgress, locale);
      void message.success(m.analytics.exported);
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setProgress(null);
    }
  };
  return (
    <Space className="no-print">
      <Button onClick={() => void run('xlsx')} disabled={progress !== null}>{m.analytics.exportXlsx}</Button>
      <Button onClick={() => void run('csv')} disabled={progress !== null}>{m.analytics.exportCsv}</Button>
      {progress !== null && <Typography.Text type="secondary">{fmt(m.analytics.exporting, { n: Math.round(progress / 1024) })}</Typography.Text>}
    </Space>
  );
}

/** Opens a corrective action 整改 for a category at a place (issue 12); the form is on the corrective actions page. */
function CorrectLink({ categoryId, unitId, title }: { categoryId: string | null; unitId: string; title: string }) {
  const { m } = useI18n();
  const q = new URLSearchParams({ new: '1', unit_id: unitId, title, ...(categoryId ? { category_id: categoryId } : {}) });
  return <Link className="no-print" to={`/accountability/corrective-actions?${q.toString()}`}>{m.accountability.correctHere}</Link>;
}

export function HotIssuesTable({ items }: { items: HotIssue[] }) {
  const { m } = useI18n();
  return (
    <Table<HotIssue> size="small" pagination={false} rowKey={(r) => `${r.category_id}-${r.unit_id}-${r.building}`} dataSource={items} locale={{ emptyText: m.analytics.noData }}
      columns={[
        { title: m.analytics.category, dataIndex: 'category', render: (v: string | null) => v ?? '—' },
        { title: m.analytics.place, render: (_: unknown, r) => `${r.unit}${r.building ? ` · ${r.building}` : ''}` },
        { title: m.analytics.count, dataIndex: 'n', align: 'right', render: (n: number, r) => <DrillLink drill={r.drill}>{n}</DrillLink> },
        { title: '', key: 'correct', className: 'no-print', render: (_: unknown, r) => <CorrectLink categoryId={r.category_id} unitId={r.unit_id} title={`${r.category ?? ''} · ${r.unit}`} /> },
      ]} />
  );
}

export function SurgesList({ items, alpha, min }: { items: Surge[]; alpha: number; min: number }) {
  const { m } = useI18n();
  return (
    <>
      <Typography.Paragraph type="secondary">{fmt(m.analytics.surgeMethod, { alpha, min })}</Typography.Paragraph>
      <Table<Surge> size="small" pagination={false} rowKey={(r) => `${r.category_id}-${r.unit_id}`} dataSource={items} locale={{ emptyText: m.analytics.noData }}
        columns={[
          { title: m.analytics.category, dataIndex: 'category', render: (v: string) => <Tag color="red">{v}</Tag> },
          { title: m.analytics.unit, dataIndex: 'unit' },
          { title: m.analytics.observed, dataIndex: 'observed', align: 'right', render: (n: number, r) => <DrillLink drill={r.drill}>{n}</DrillLink> },
          { title: m.analytics.expected, dataIndex: 'expected', align: 'right', render: (v: number) => v.toFixed(1) },
          { title: 'p', dataIndex: 'p_value', align: 'right', render: (v: number) => v.toExponential(1) },
          { title: '', key: 'correct', className: 'no-print', render: (_: unknown, r) => <CorrectLink categoryId={r.category_id} unitId={r.unit_id} title={`${r.category} · ${r.unit}`} /> },
        ]} />
    </>
  );
}

/** Units by complaints: the heat of a cell follows its share of the largest count. */
export function UnitTable({ items }: { items: BreakdownItem[] }) {
  const { m } = useI18n();
  const max = Math.max(1, ...items.map((i) => i.counts.valid ?? 0));
  const heat = (n: number) => ({ style: { background: `rgba(245, 34, 45, ${(0.08 + 0.5 * (n / max)).toFixed(2)})` } });
  return (
    <Table<BreakdownItem> size="small" pagination={false} scroll={{ x: 'max-content' }} rowKey={(r) => r.key ?? '-'} dataSource={items} locale={{ emptyText: m.analytics.noData }}
      columns={[
        { title: m.analytics.unit, dataIndex: 'label', render: (v: string | null, r) => <DrillLink drill={r.drill}>{v ?? '—'}</DrillLink> },
        { title: m.analytics.counts.valid, align: 'right', onCell: (r) => heat(r.counts.valid ?? 0), render: (_: unknown, r) => r.counts.valid },
        { title: m.analytics.counts.invalid, align: 'right', render: (_: unknown, r) => r.counts.invalid },
        { title: m.analytics.per100, align: 'right', render: (_: unknown, r) => (typeof r.per_100_households === 'number' ? r.per_100_households.toFixed(2) : '—') },
        { title: m.analytics.vsPrevious, align: 'right', render: (_: unknown, r) => signedPct(r.change_vs_previous) },
        { title: m.analytics.rates.resolution, align: 'right', render: (_: unknown, r) => pct(r.rates.resolution) },
        { title: m.analytics.rates.satisfaction, align: 'right', render: (_: unknown, r) => pct(r.rates.satisfaction) },
        { title: m.analytics.rates.composite, align: 'right', render: (_: unknown, r) => pct(r.rates.composite) },
      ]} />
  );
}
