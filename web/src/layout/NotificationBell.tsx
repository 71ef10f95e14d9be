import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Drawer, Empty, List, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Notification } from '../api.ts';
import { errorText } from '../errors.ts';
import { formatDateTime } from '../format.ts';
import { fmt, useI18n } from '../i18n/index.tsx';

const NOTIFICATIONS_KEY = ['notifications'];

/**
 * The bell: the count of notifications still waiting, kept live by the server's event stream
 * (`/notifications/stream`, the session cookie authenticates it; EventSource reconnects by itself), and a drawer
 * where escalations and supervision notices are acknowledged (确认, recorded on the case) and ordinary notices are
 * marked read.
 */
export function NotificationBell() {
  const { m } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [count, setCount] = useState<number | null>(null);
  const list = useQuery({ queryKey: NOTIFICATIONS_KEY, queryFn: () => api.notifications(), staleTime: 30_000 });

  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    const es = new EventSource('/api/v1/notifications/stream');
    es.addEventListener('count', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { unacknowledged: number };
      setCount(data.unacknowledged);
      void qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    });
    return () => es.close();
  }, [qc]);

  const ack = useMutation({
    mutationFn: (id: string) => api.acknowledge(id),
    onSuccess: () => {
      void message.success(m.workbench.acknowledged);
      void qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    },
    onError: (e) => void message.error(errorText(e, m)),
  });
  const read = useMutation({
    mutationFn: (id: string) => api.markRead(id),
    onSuccess: () => {
      void message.success(m.workbench.markedRead);
      void qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    },
    onError: (e) => void message.error(errorText(e, m)),
  });
  const actionOf = (n: Notification) => {
    if (n.needs_acknowledgement) {
      return n.acknowledged_at ? <Typography.Text type="secondary" key="done">{m.workbench.acknowledged}</Typography.Text> : (
        <Button key="ack" size="small" type="primary" data-testid="acknowledge" loading={ack.isPending && ack.variables === n.id} onClick={() => ack.mutate(n.id)}>{m.workbench.acknowledge}</Button>
      );
    }
    return n.read_at ? <Typography.Text type="secondary" key="done">{m.workbench.read}</Typography.Text> : (
      <Button key="read" size="small" data-testid="mark-read" loading={read.isPending && read.variables === n.id} onClick={() => read.mutate(n.id)}>{m.workbench.markRead}</Button>
    );
  };

  const unread = count ?? list.data?.unacknowledged ?? 0;
  return (
    <>
      <Tooltip title={m.workbench.bell}>
        <Badge count={unread} size="small" offset={[-4, 4]}>
          <Button type="text" className="header-button" icon={<BellOutlined />} aria-label={`${m.workbench.bell} ${fmt(m.workbench.unread, { n: unread })}`} data-testid="bell" onClick={() => setOpen(true)} />
        </Badge>
      </Tooltip>
      <Drawer title={`${m.workbench.notifications} · ${fmt(m.workbench.unread, { n: unread })}`} open={open} onClose={() => setOpen(false)} size="default" data-testid="notifications">
        <List
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={m.workbench.noNotifications} /> }}
          renderItem={(n) => {
            const p = n.payload as { note?: string; reason?: string; case_number?: string; subject?: string };
            return (
              <List.Item data-testid="notification" data-kind={n.kind} data-waiting={n.read_at ? undefined : 'true'} actions={[actionOf(n)]}>
                <Space direction="vertical" size={2}>
                  <Space size={6} wrap>
                    <Tag color={n.needs_acknowledgement ? 'red' : 'gold'}>{m.workbench.kinds[n.kind] ?? n.kind}{n.level ? ` · L${n.level}` : ''}</Tag>
                    {n.needs_acknowledgement && !n.acknowledged_at && <Tag>{m.workbench.mustAcknowledge}</Tag>}
                    <Typography.Text type="secondary">{formatDateTime(n.created_at)}</Typography.Text>
                  </Space>
                  {(p.note || p.reason || p.subject) && <Typography.Text>{p.note ?? p.reason ?? p.subject}</Typography.Text>}
                  {n.case_id && <Link to={`/cases/${n.case_id}`} onClick={() => setOpen(false)}>{p.case_number ?? m.workbench.openCase}</Link>}
                </Space>
              </List.Item>
            );
          }}
        />
      </Drawer>
    </>
  );
}
