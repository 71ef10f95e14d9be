import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Calendar, Card, Input, Modal, Space, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { SyncOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { adminApi, type CalendarDay, type Period } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';

/** The organisation's calendar as a month view: official holidays and make-up days, local days an administrator adds. */
export function CalendarPage() {
  const { m } = useI18n();
  const t = m.admin.calendar;
  // ?month=YYYY-MM opens that month (a link to a given month, e.g. from a deadline warning).
  const [params] = useSearchParams();
  const [month, setMonth] = useState<Dayjs>(() => {
    const asked = params.get('month');
    return asked && /^\d{4}-\d{2}$/.test(asked) ? dayjs(`${asked}-01`) : dayjs();
  });
  const [picked, setPicked] = useState<Dayjs | null>(null);
  const [name, setName] = useState('');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const year = month.year();
  const days = useQuery({ queryKey: ['admin', 'calendar', year], queryFn: () => adminApi.calendarDays(year) });
  // January and December views show a few days of the neighbouring year.
  const edgeYear = month.month() === 0 ? year - 1 : month.month() === 11 ? year + 1 : null;
  const edge = useQuery({ queryKey: ['admin', 'calendar', edgeYear], queryFn: () => adminApi.calendarDays(edgeYear!), enabled: edgeYear !== null });
  const byDate = new Map<string, CalendarDay[]>();
  for (const d of [...(days.data?.items ?? []), ...(edgeYear !== null ? (edge.data?.items ?? []) : [])]) byDate.set(d.date, [...(byDate.get(d.date) ?? []), d]);
  const orgDay = (date: string) => byDate.get(date)?.find((d) => d.source === 'org');

  const done = () => {
    setPicked(null);
    setName('');
    void qc.invalidateQueries({ queryKey: ['admin', 'calendar'] });
    void qc.invalidateQueries({ queryKey: ['case'] });
    void qc.invalidateQueries({ queryKey: ['cases'] });
    void qc.invalidateQueries({ queryKey: RECOMPUTE_KEY });
    message.success(m.admin.common.saved);
  };
  const put = useMutation({ mutationFn: adminApi.putCalendarDay, onSuccess: done, onError: (e) => message.error(errorText(e, m)) });
  const remove = useMutation({ mutationFn: adminApi.deleteCalendarDay, onSuccess: done, onError: (e) => message.error(errorText(e, m)) });

  const tagOf = (d: CalendarDay) => {
    if (d.source === 'official') return d.kind === 'closed' ? <Tag color="red" key={d.id}>{d.name ? (t.holidays[d.name] ?? d.name) : t.holiday}</Tag> : <Tag color="blue" key={d.id}>{t.makeup}</Tag>;
    return d.kind === 'closed' ? <Tag color="volcano" key={d.id}>{d.name || t.localClosed}</Tag> : <Tag color="green" key={d.id}>{d.name || t.localWorking}</Tag>;
  };

  const pickedKey = picked?.format('YYYY-MM-DD') ?? '';
  const existing = picked ? orgDay(pickedKey) : undefined;
  return (
    <AdminShell title={t.title}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <RecomputeNotice />
        {(days.data?.years_without_official_data.length ?? 0) > 0 && <Alert type="warning" showIcon message={fmt(t.noOfficial, { years: days.data!.years_without_official_data.join('、') })} />}
        <Space wrap aria-label={t.legend}>
          <Tag color="red">{t.holiday}</Tag><Tag color="blue">{t.makeup}</Tag><Tag color="volcano">{t.localClosed}</Tag><Tag color="green">{t.localWorking}</Tag>
        </Space>
        <Card size="small" className="admin-calendar">
          <Calendar
            value={month}
            onPanelChange={(d) => setMonth(d)}
            onSelect={(d, info) => {
              setMonth(d);
              if (info.source === 'date') setPicked(d);
            }}
            cellRender={(d, info) => {
              if (info.type !== 'date') return info.originNode;
              const list = byDate.get(d.format('YYYY-MM-DD')) ?? [];
              return <div className="calendar-cell" data-date={d.format('YYYY-MM-DD')}>{list.map(tagOf)}</div>;
            }}
          />
        </Card>
        <BusinessHoursCard />
      </Space>
      <Modal
        open={!!picked}
        title={fmt(t.dayTitle, { date: pickedKey })}
        onCancel={() => setPicked(null)}
        footer={
          <Space wrap>
            {existing && <Button danger loading={remove.isPending} onClick={() => remove.mutate(existing.id)}>{t.remove}</Button>}
            <Button onClick={() => put.mutate({ date: pickedKey, kind: 'working', ...(name ? { name } : {}) })} loading={put.isPending}>{t.markWorking}</Button>
            <Button type="primary" onClick={() => put.mutate({ date: pickedKey, kind: 'closed', ...(name ? { name } : {}) })} loading={put.isPending}>{t.markClosed}</Button>
          </Space>
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>{(byDate.get(pickedKey) ?? []).map(tagOf)}</div>
          <Input aria-label={t.dayName} placeholder={t.dayName} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </Space>
      </Modal>
    </AdminShell>
  );
}

const RECOMPUTE_KEY = ['admin', 'calendar-recompute'];

/**
 * After a change the open deadlines are recomputed by a background job: while it runs the page says so (polling
 * every 2 s), then that they follow the new calendar; before any change, what a change will do.
 */
function RecomputeNotice() {
  const { m } = useI18n();
  const t = m.admin.calendar;
  const qc = useQueryClient();
  const [seenPending, setSeenPending] = useState(false);
  const status = useQuery({
    queryKey: RECOMPUTE_KEY,
    queryFn: adminApi.recomputeStatus,
    refetchInterval: (q) => (q.state.data?.pending ? 2_000 : false),
  });
  const pending = status.data?.pending ?? false;
  useEffect(() => {
    if (pending) setSeenPending(true);
    else if (seenPending) {
      // Done: the deadlines shown elsewhere are stale until read again.
      void qc.invalidateQueries({ queryKey: ['case'] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
    }
  }, [pending, seenPending, qc]);
  if (pending) {
    return <Alert type="warning" showIcon icon={<SyncOutlined spin />} data-testid="recomputing" message={fmt(t.recomputing, { since: status.data?.since ? formatDateTime(status.data.since) : '' })} />;
  }
  return <Alert type={seenPending ? 'success' : 'info'} showIcon data-testid={seenPending ? 'recomputed' : undefined} message={seenPending ? t.recomputed : t.changedNote} />;
}

function BusinessHoursCard() {
  const { m } = useI18n();
  const t = m.admin.calendar;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const hours = useQuery({ queryKey: ['admin', 'hours'], queryFn: adminApi.businessHours });
  const orgRow = hours.data?.items.find((h) => h.unit_id === null);
  const [draft, setDraft] = useState<Period[] | null>(null);
  const periods = draft ?? orgRow?.periods ?? [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }];
  const save = useMutation({
    mutationFn: () => adminApi.putBusinessHours(periods),
    onSuccess: () => {
      setDraft(null);
      void qc.invalidateQueries({ queryKey: ['admin', 'hours'] });
      void qc.invalidateQueries({ queryKey: RECOMPUTE_KEY });
      message.success(m.admin.common.saved);
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  const set = (i: number, p: Period | null) => setDraft(p ? periods.map((x, j) => (j === i ? p : x)) : periods.filter((_, j) => j !== i));
  return (
    <Card size="small" title={t.hours}>
      <Typography.Paragraph type="secondary">{t.hoursHint}</Typography.Paragraph>
      <Space direction="vertical">
        {periods.map((p, i) => (
          <Space key={i} wrap>
            <TimePicker.RangePicker
              format="HH:mm"
              minuteStep={5}
              aria-label={`${t.start}–${t.end}`}
              value={[dayjs(p.start, 'HH:mm'), dayjs(p.end, 'HH:mm')]}
              onChange={(v) => v?.[0] && v[1] && set(i, { start: v[0].format('HH:mm'), end: v[1].format('HH:mm') })}
            />
            <Button onClick={() => set(i, null)}>{m.admin.common.delete}</Button>
          </Space>
        ))}
        <Space>
          <Button onClick={() => setDraft([...periods, { start: '19:00', end: '20:00' }])}>{t.addPeriod}</Button>
          <Button type="primary" disabled={!draft} loading={save.isPending} onClick={() => save.mutate()}>{m.admin.common.save}</Button>
        </Space>
      </Space>
    </Card>
  );
}
