import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { AdminShell } from './AdminShell.tsx';
import { notifyApi, OUTBOX_STATUSES, type Attempt, type OutboxRow } from './notify-api.ts';

const STATUS_COLOR: Record<string, string> = { pending: 'blue', sending: 'processing', sent: 'green', dead: 'red' };

/**
 * Outgoing messages (issue 11): filter by status, channel and event; a dead letter shows its delivery log and can be
 * sent again. Addresses are shown as the API returns them: masked.
 */
export function OutboxPage() {
  const { m } = useI18n();
  const t = m.admin.notify.outbox;
  const n = m.admin.notify;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | undefined>();
  const [channel, setChannel] = useState<string | undefined>();
  const [event, setEvent] = useState<string | undefined>();
  const [logOf, setLogOf] = useState<OutboxRow | null>(null);
  const list = useQuery({ queryKey: ['admin', 'outbox', status], queryFn: () => notifyApi.outbox(status) });
  const log = useQuery({ queryKey: ['admin', 'outbox-attempts', logOf?.id], queryFn: () => notifyApi.attempts(logOf!.id), enabled: !!logOf });
  const retry = useMutation({
    mutationFn: notifyApi.retry,
    onSuccess: () => { message.success(t.retried); setLogOf(null); void qc.invalidateQueries({ queryKey: ['admin', 'outbox'] }); },
    onError: (e) => message.error(errorText(e, m)),
  });
  const items = (list.data?.items ?? []).filter((r) => (!channel || r.channel === channel) && (!event || r.event === event));
  const distinct = (k: 'channel' | 'event') => [...new Set((list.data?.items ?? []).map((r) => r[k]))].sort();
  const eventLabel = (e: string) => n.events[e] ?? e;
  const retryButton = (r: OutboxRow) => (
    <Button size="small" danger onClick={() => retry.mutate(r.id)} loading={retry.isPending && retry.variables === r.id}>{t.retry}</Button>
  );
  return (
    <AdminShell title={t.title} extra={<Button onClick={() => void list.refetch()} loading={list.isFetching}>{t.refresh}</Button>}>
      <Alert type="info" showIcon message={t.hint} style={{ marginBottom: 12 }} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select aria-label={t.status} style={{ width: 150 }} allowClear placeholder={t.status} value={status} onChange={setStatus}
          options={OUTBOX_STATUSES.map((s) => ({ value: s, label: t.statuses[s] ?? s }))} />
        <Select aria-label={t.channel} style={{ width: 170 }} allowClear placeholder={t.channel} value={channel} onChange={setChannel}
          options={distinct('channel').map((c) => ({ value: c, label: n.channels[c] ?? c }))} />
        <Select aria-label={t.event} style={{ width: 190 }} allowClear placeholder={t.event} value={event} onChange={setEvent}
          options={distinct('event').map((e) => ({ value: e, label: eventLabel(e) }))} />
      </Space>
      <Table<OutboxRow>
        rowKey="id" size="middle" loading={list.isPending} dataSource={items} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 980 }}
        columns={[
          { title: t.createdAt, dataIndex: 'created_at', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t.status, dataIndex: 'status', width: 100, render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t.statuses[s] ?? s}</Tag> },
          { title: t.channel, dataIndex: 'channel', width: 130, render: (c: string) => n.channels[c] ?? c },
          { title: t.event, dataIndex: 'event', width: 130, render: eventLabel },
          { title: t.recipient, dataIndex: 'recipient', width: 80, render: (r: string) => t.recipients[r] ?? r },
          { title: t.address, dataIndex: 'address', width: 160, render: (a: string | null) => <span className="mono">{a ?? ''}</span> },
          { title: t.attempts, dataIndex: 'attempts', width: 70, align: 'right' },
          { title: t.lastError, dataIndex: 'last_error', ellipsis: true },
          {
            title: m.admin.common.actions, key: 'a', width: 150, fixed: 'right',
            render: (_, r) => (
              <Space size={4}>
                <Button size="small" onClick={() => setLogOf(r)}>{t.log}</Button>
                {r.status === 'dead' && retryButton(r)}
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={!!logOf} onClose={() => setLogOf(null)} title={t.logTitle} size={Math.min(720, window.innerWidth)} extra={logOf?.status === 'dead' && retryButton(logOf)}>
        {logOf && (
          <Typography.Paragraph type="secondary">
            {n.channels[logOf.channel] ?? logOf.channel} · {eventLabel(logOf.event)} · <span className="mono">{logOf.address ?? ''}</span> · {t.statuses[logOf.status] ?? logOf.status}
          </Typography.Paragraph>
        )}
        <Table<Attempt>
          rowKey="attempt" size="small" loading={log.isPending} dataSource={log.data?.items} pagination={false} scroll={{ x: 520 }}
          columns={[
            { title: t.attempt, dataIndex: 'attempt', width: 60 },
            { title: t.at, dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
            { title: t.ok, dataIndex: 'ok', width: 80, render: (ok: boolean) => (ok ? <Tag color="green">{t.success}</Tag> : <Tag color="red">{t.failure}</Tag>) },
            { title: t.error, key: 'e', render: (_, a) => <span style={{ wordBreak: 'break-word' }}>{a.error ?? a.response ?? ''}</span> },
            { title: t.duration, dataIndex: 'duration_ms', width: 90, align: 'right' },
          ]}
        />
      </Drawer>
    </AdminShell>
  );
}
