import { useQuery } from '@tanstack/react-query';
import { Card, Col, List, Row, Segmented, Space, Statistic, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { analyticsApi, drillHref, type BreakdownItem } from './analytics-api.ts';
import { Chart } from './Chart.tsx';
import { DrillLink, ExportButtons, HotIssuesTable, pct, signedPct, spanOf, SurgesList, UnitTable, type PeriodChoice } from './shared.tsx';
import './print.css';

const CARDS = ['response', 'resolution', 'satisfaction', 'composite', 'direct_answer', 'reopen', 'repeat', 'invalid_share'] as const;

/** The managers' dashboard (issue 10): every figure drills through to the case list that produced it. */
export function DashboardPage() {
  const { m } = useI18n();
  const navigate = useNavigate();
  const [period, setPeriod] = useState<PeriodChoice>('month');
  const span = useMemo(() => spanOf(period), [period]);
  const rates = useQuery({ queryKey: ['analytics', 'rates', span], queryFn: () => analyticsApi.rates(span) });
  const trend = useQuery({ queryKey: ['analytics', 'trend', span], queryFn: () => analyticsApi.breakdown(span, 'period', period === 'year' ? 'month' : 'day') });
  const cats = useQuery({ queryKey: ['analytics', 'category', span], queryFn: () => analyticsApi.breakdown(span, 'category') });
  const channels = useQuery({ queryKey: ['analytics', 'channel', span], queryFn: () => analyticsApi.breakdown(span, 'channel') });
  const units = useQuery({ queryKey: ['analytics', 'unit', span], queryFn: () => analyticsApi.breakdown(span, 'unit') });
  const hot = useQuery({ queryKey: ['analytics', 'hot', span], queryFn: () => analyticsApi.hotIssues(span) });
  const similar = useQuery({ queryKey: ['analytics', 'similar', span], queryFn: () => analyticsApi.similar(span) });
  const surges = useQuery({ queryKey: ['analytics', 'surges'], queryFn: () => analyticsApi.surges() });

  const go = useCallback((items: BreakdownItem[] | undefined) => (i: number) => {
    const href = drillHref(items?.[i]?.drill ?? null);
    if (href) void navigate(href);
  }, [navigate]);

  const trendItems = trend.data?.items;
  const trendOption = useMemo<EChartsOption>(() => ({
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: (trendItems ?? []).map((i) => i.key ?? '') },
    yAxis: { type: 'value' },
    series: [{ type: 'line', name: m.analytics.counts.registered, data: (trendItems ?? []).map((i) => i.counts.registered ?? 0), smooth: true }],
  }), [trendItems, m]);
  const catItems = useMemo(() => (cats.data?.items ?? []).filter((i) => (i.counts.valid ?? 0) > 0), [cats.data]);
  const paretoOption = useMemo<EChartsOption>(() => {
    const total = catItems.reduce((s, i) => s + (i.counts.valid ?? 0), 0) || 1;
    let run = 0;
    return {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: catItems.map((i) => i.label?.split(' / ')[0] ?? '—'), axisLabel: { rotate: 30 } },
      yAxis: [{ type: 'value' }, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }],
      series: [
        { type: 'bar', name: m.analytics.counts.valid, data: catItems.map((i) => i.counts.valid ?? 0) },
        { type: 'line', name: m.analytics.cumulative, yAxisIndex: 1, data: catItems.map((i) => Math.round((1000 * (run += i.counts.valid ?? 0)) / total) / 10) },
      ],
    };
  }, [catItems, m]);
  const channelItems = channels.data?.items;
  const channelOption = useMemo<EChartsOption>(() => ({
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: (channelItems ?? []).map((i) => ({ name: m.channels[i.key ?? ''] ?? i.key ?? '—', value: i.counts.registered ?? 0 })) }],
  }), [channelItems, m]);

  const r = rates.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{m.analytics.dashboard}</Typography.Title>
        <Space wrap>
          <Segmented<PeriodChoice> value={period} onChange={setPeriod} options={[{ value: 'last30', label: m.analytics.last30 }, { value: 'month', label: m.analytics.month }, { value: 'year', label: m.analytics.year }]} />
          <Link to={`/analytics/report?period=${period === 'year' ? 'year' : 'month'}`}>{period === 'year' ? m.analytics.yearReport : m.analytics.monthlyReport}</Link>
          <ExportButtons filter={{ created_from: span.from, created_to: span.to }} />
        </Space>
      </Space>
      <Row gutter={[12, 12]}>
        {CARDS.map((k) => (
          <Col key={k} xs={12} md={6} xl={3}>
            <Card size="small" loading={rates.isLoading}>
              <DrillLink drill={r?.drill ?? null}>
                <Statistic title={m.analytics.rates[k]} value={pct(r?.rates[k])} />
              </DrillLink>
              <Typography.Text type="secondary">{m.analytics.previousValue} {pct(r?.previous.rates[k])}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        {(['registered', 'valid', 'merged', 'withdrawn', 'invalid', 'malicious'] as const).map((k) => (
          <Col key={k} xs={8} md={4}><Card size="small"><Statistic title={m.analytics.counts[k]} value={r?.counts[k] ?? 0} /></Card></Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}><Card size="small" title={m.analytics.trend} extra={r ? `${m.analytics.vsLastYear} ${signedPct((r as unknown as { change: { registered_vs_last_year: number | null } }).change.registered_vs_last_year)}` : null}><Chart option={trendOption} onClick={go(trendItems)} /></Card></Col>
        <Col xs={24} lg={8}><Card size="small" title={m.analytics.channels}><Chart option={channelOption} onClick={go(channelItems)} /></Card></Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}><Card size="small" title={m.analytics.pareto}><Chart option={paretoOption} onClick={go(catItems)} height={320} /></Card></Col>
        <Col xs={24} lg={10}><Card size="small" title={m.analytics.hotIssues}><HotIssuesTable items={hot.data?.items ?? []} /></Card></Col>
      </Row>
      <Card size="small" title={m.analytics.surges}><SurgesList items={surges.data?.items ?? []} alpha={surges.data?.method.alpha ?? 0.001} min={surges.data?.method.min_count ?? 5} /></Card>
      <Card size="small" title={m.analytics.similar}>
        <List size="small" dataSource={similar.data?.items ?? []} locale={{ emptyText: m.analytics.noData }}
          renderItem={(g) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{fmt(m.analytics.similarGroup, { n: g.size, customers: g.customers, units: g.units.join('、'), categories: g.categories.join('、') })}</Typography.Text>
                <Typography.Text type="secondary">{g.words.join(' · ')} — {g.sample}</Typography.Text>
                <Space wrap size={4}>{g.cases.slice(0, 12).map((c) => <Link key={c.id} to={`/cases/${c.id}`}>{c.number}</Link>)}</Space>
              </Space>
            </List.Item>
          )} />
      </Card>
      <Card size="small" title={m.analytics.units}><UnitTable items={units.data?.items ?? []} /></Card>
    </Space>
  );
}
