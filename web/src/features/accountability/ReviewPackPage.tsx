import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Descriptions, List, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, request } from '../../api.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import '../analytics/print.css';
import { PeriodReviewButton } from './PeriodReviewButton.tsx';

interface Pack {
  period: { from: string; to: string };
  figures: { cases: number; complaints: number; rates: Record<string, number | null> };
  trend: Record<string, { current: number; previous: number; change: number }>;
  top_causes: { category_id: string | null; name_zh: string | null; name_en: string | null; complaints: number }[];
  corrective_actions: { open: number; overdue: number; items: { id: string; title: string; state: string; due_at: string; overdue: boolean }[] };
  fines: { count: number; charged_fen: number; paid_fen: number; owed_fen: number };
  since_last_review: { last_review_to: string | null };
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/** The management review pack (ISO 10002 §8.6) of a period, printable from the browser. */
export function ReviewPackPage() {
  const { m, locale } = useI18n();
  const a = m.accountability;
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month').subtract(1, 'month'), dayjs().startOf('month')]);
  const pack = useQuery({
    queryKey: ['review-pack', range[0].toISOString(), range[1].toISOString()],
    queryFn: () => request<Pack>('GET', `/review-pack?from=${encodeURIComponent(range[0].toISOString())}&to=${encodeURIComponent(range[1].toISOString())}`),
  });
  const rights = useQuery({ queryKey: ['abilities', 'accountability'], queryFn: api.abilities, staleTime: 5 * 60_000 });
  const canWrite = rights.data?.abilities.includes('account') ?? false;
  const p = pack.data;
  return (
    <Card title={a.packTitle} loading={pack.isLoading} className="report-page">
      <Space wrap className="no-print" style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <Button onClick={() => window.print()}>{a.print}</Button>
        {canWrite && <PeriodReviewButton from={range[0]} to={range[1]} />}
      </Space>
      {p && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }} title={`${a.period}: ${formatDate(p.period.from)} – ${formatDate(p.period.to)}`}>
            <Descriptions.Item label={a.cases}>{p.figures.cases}</Descriptions.Item>
            <Descriptions.Item label={a.complaints}>{p.figures.complaints}</Descriptions.Item>
            <Descriptions.Item label={a.validityRate}>{pct(p.figures.rates.validity_rate)}</Descriptions.Item>
            <Descriptions.Item label={a.closureRate}>{pct(p.figures.rates.closure_rate)}</Descriptions.Item>
            <Descriptions.Item label={a.inTimeRate}>{pct(p.figures.rates.resolved_in_time_rate)}</Descriptions.Item>
            <Descriptions.Item label={a.satisfactionRate}>{pct(p.figures.rates.satisfaction_rate)}</Descriptions.Item>
            <Descriptions.Item label={a.lastReview}>{p.since_last_review.last_review_to ?? a.none}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            pagination={false}
            rowKey="k"
            dataSource={Object.entries(p.trend).map(([k, v]) => ({ k, ...v }))}
            columns={[
              { title: a.figures, dataIndex: 'k', render: (k: string) => a.trendKeys[k] ?? k },
              { title: a.period, dataIndex: 'current' },
              { title: a.previous, dataIndex: 'previous' },
              { title: a.change, dataIndex: 'change' },
            ]}
          />
          <List size="small" header={a.topCauses} dataSource={p.top_causes} renderItem={(c) => <List.Item>{(locale === 'en-US' ? c.name_en : c.name_zh) ?? a.none}: {c.complaints}</List.Item>} />
          <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={a.openActions}>{p.corrective_actions.open}</Descriptions.Item>
            <Descriptions.Item label={a.overdueActions}>{p.corrective_actions.overdue}</Descriptions.Item>
            <Descriptions.Item label={a.charged}>{formatMoney(p.fines.charged_fen / 100)}</Descriptions.Item>
            <Descriptions.Item label={a.paid}>{formatMoney(p.fines.paid_fen / 100)}</Descriptions.Item>
            <Descriptions.Item label={a.owed}>{formatMoney(p.fines.owed_fen / 100)}</Descriptions.Item>
          </Descriptions>
          <List size="small" header={a.openActions} dataSource={p.corrective_actions.items} locale={{ emptyText: a.none }}
            renderItem={(c) => (
              <List.Item>
                <Link to={`/accountability/corrective-actions/${c.id}`}>{c.title}</Link>
                <Space size={4}><Tag>{a.correctiveStates[c.state] ?? c.state}</Tag>{c.overdue && <Tag color="red">{a.overdue}</Tag>}{formatDate(c.due_at)}</Space>
              </List.Item>
            )} />
        </Space>
      )}
    </Card>
  );
}
