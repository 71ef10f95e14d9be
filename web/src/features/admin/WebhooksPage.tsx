import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { adminApi } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';
import { useServerErrors } from './ChannelForms.tsx';
import { notifyApi, WEBHOOK_EVENTS, type ApiToken, type Webhook } from './notify-api.ts';

/** A secret the server shows once (a webhook's signing key, an API token), in a modal to copy from. */
function ShownOnce({ title, text, value, onClose }: { title: string; text: string; value: string | null; onClose: () => void }) {
  const { m } = useI18n();
  return (
    <Modal open={value !== null} title={title} onCancel={onClose} footer={<Button type="primary" onClick={onClose}>{m.admin.common.close}</Button>}>
      <Alert type="warning" showIcon message={text} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable className="mono" data-testid="shown-once" style={{ wordBreak: 'break-all' }}>{value}</Typography.Paragraph>
    </Modal>
  );
}

/** Webhook subscriptions (secret shown once) and API tokens for the 12345 transfer endpoint (token shown once, revoke). */
export function WebhooksPage() {
  const { m } = useI18n();
  const t = m.admin.notify.hooks;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const hooks = useQuery({ queryKey: ['admin', 'webhooks'], queryFn: notifyApi.webhooks });
  const tokens = useQuery({ queryKey: ['admin', 'api-tokens'], queryFn: notifyApi.apiTokens });
  const units = useQuery({ queryKey: ['admin', 'units'], queryFn: adminApi.units });
  const unitName = new Map((units.data?.items ?? []).map((u) => [u.id, u.name]));
  const [adding, setAdding] = useState<'webhook' | 'token' | null>(null);
  const [shown, setShown] = useState<{ title: string; text: string; value: string } | null>(null);
  const [hookForm] = Form.useForm();
  const [tokenForm] = Form.useForm();
  const onError = (e: unknown) => message.error(errorText(e, m));
  const refresh = () => void qc.invalidateQueries({ queryKey: ['admin'] });
  const createHook = useMutation({
    mutationFn: notifyApi.createWebhook,
    onSuccess: (r) => { setAdding(null); hookForm.resetFields(); refresh(); setShown({ title: t.created, text: t.secretOnce, value: r.secret }); },
    onError: useServerErrors(hookForm),
  });
  const stopHook = useMutation({ mutationFn: notifyApi.stopWebhook, onSuccess: refresh, onError });
  const createToken = useMutation({
    mutationFn: notifyApi.createApiToken,
    onSuccess: (r) => { setAdding(null); tokenForm.resetFields(); refresh(); setShown({ title: t.created, text: t.tokenOnce, value: r.token }); },
    onError: useServerErrors(tokenForm),
  });
  const revoke = useMutation({ mutationFn: notifyApi.revokeApiToken, onSuccess: () => { message.success(t.revoked); refresh(); }, onError });
  const eventLabel = (e: string) => (e === '*' ? t.allEvents : e);
  const trimmed = (v: Record<string, string | undefined>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x?.trim()]).filter(([, x]) => x));
  return (
    <AdminShell title={t.title}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t.webhooks} extra={<Button type="primary" size="small" onClick={() => setAdding('webhook')}>{t.addWebhook}</Button>}>
          <Typography.Paragraph type="secondary">{t.deliveries}</Typography.Paragraph>
          <Table<Webhook>
            rowKey="id" size="small" loading={hooks.isPending} dataSource={hooks.data?.items} pagination={false} scroll={{ x: 640 }}
            columns={[
              { title: t.url, dataIndex: 'url', render: (u: string) => <span className="mono" style={{ wordBreak: 'break-all' }}>{u}</span> },
              { title: t.events, dataIndex: 'events', render: (es: string[]) => es.map((e) => <Tag key={e}>{eventLabel(e)}</Tag>) },
              { title: t.active, dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{t.activeOn}</Tag> : <Tag>{t.activeOff}</Tag>) },
              {
                title: m.admin.common.actions, key: 'a', width: 90,
                render: (_, h) => h.active && (
                  <Popconfirm title={t.stopConfirm} onConfirm={() => stopHook.mutate(h.id)} okText={t.stop} cancelText={m.admin.common.cancel}>
                    <Button size="small" danger>{t.stop}</Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        </Card>
        <Card size="small" title={t.tokens} extra={<Button type="primary" size="small" onClick={() => setAdding('token')}>{t.addToken}</Button>}>
          <Table<ApiToken>
            rowKey="id" size="small" loading={tokens.isPending} dataSource={tokens.data?.items} pagination={false} scroll={{ x: 640 }}
            columns={[
              { title: t.tokenName, dataIndex: 'name' },
              { title: t.reportUrl, dataIndex: 'report_url', render: (u: string | null) => <span className="mono" style={{ wordBreak: 'break-all' }}>{u ?? ''}</span> },
              { title: t.tokenUnit, dataIndex: 'unit_id', render: (id: string | null) => (id ? unitName.get(id) ?? '' : '') },
              { title: t.createdAt, dataIndex: 'created_at', width: 150, render: (v: string) => formatDateTime(v) },
              { title: t.active, dataIndex: 'revoked_at', width: 150, render: (v: string | null) => (v ? <Tag>{t.revokedAt} {formatDateTime(v)}</Tag> : <Tag color="green">{t.valid}</Tag>) },
              {
                title: m.admin.common.actions, key: 'a', width: 90,
                render: (_, k) => !k.revoked_at && (
                  <Popconfirm title={t.revokeConfirm} onConfirm={() => revoke.mutate(k.id)} okText={t.revoke} cancelText={m.admin.common.cancel}>
                    <Button size="small" danger>{t.revoke}</Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        </Card>
      </Space>
      <Modal open={adding === 'webhook'} title={t.addWebhook} onCancel={() => setAdding(null)} onOk={() => hookForm.submit()} confirmLoading={createHook.isPending} forceRender>
        <Form form={hookForm} layout="vertical" onFinish={(v: { url: string; events: string[] }) => createHook.mutate({ url: v.url.trim(), events: v.events })}>
          <Form.Item name="url" label={t.url} rules={[{ required: true, whitespace: true, message: fmt(m.admin.common.required, { field: t.url }) }]}><Input maxLength={500} placeholder="https://" /></Form.Item>
          <Form.Item name="events" label={t.events} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.events }) }]}>
            <Select mode="multiple" options={WEBHOOK_EVENTS.map((e) => ({ value: e, label: eventLabel(e) }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={adding === 'token'} title={t.addToken} onCancel={() => setAdding(null)} onOk={() => tokenForm.submit()} confirmLoading={createToken.isPending} forceRender>
        <Form form={tokenForm} layout="vertical" onFinish={(v: Record<string, string | undefined>) => createToken.mutate(trimmed(v) as { name: string })}>
          <Form.Item name="name" label={t.tokenName} rules={[{ required: true, whitespace: true, message: fmt(m.admin.common.required, { field: t.tokenName }) }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="report_url" label={t.reportUrl}><Input maxLength={2000} placeholder="https://" /></Form.Item>
          <Form.Item name="unit_id" label={t.tokenUnit}>
            <Select allowClear showSearch optionFilterProp="label" options={(units.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        </Form>
      </Modal>
      <ShownOnce title={shown?.title ?? ''} text={shown?.text ?? ''} value={shown?.value ?? null} onClose={() => setShown(null)} />
    </AdminShell>
  );
}
