import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { adminApi } from './admin-api.ts';
import { useServerErrors } from './ChannelForms.tsx';
import { notifyApi } from './notify-api.ts';

function useUnitOptions() {
  const units = useQuery({ queryKey: ['admin', 'units'], queryFn: adminApi.units });
  return (units.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
}

/** The organisation's mailbox polled over IMAP (e-mail in): the password is sent on every save and never shown. */
export function MailboxCard() {
  const { m } = useI18n();
  const t = m.admin.notify.channelsPage;
  const f = t.fields;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const box = useQuery({ queryKey: ['admin', 'mailbox'], queryFn: notifyApi.mailbox });
  const unitOptions = useUnitOptions();
  useEffect(() => {
    if (box.data) form.setFieldsValue({ host: box.data.host, port: box.data.port ?? 993, secure: box.data.secure ?? true, username: box.data.username, folder: box.data.folder ?? 'INBOX', unit_id: box.data.unit_id ?? undefined, password: '' });
  }, [box.data, form]);
  const onError = useServerErrors(form);
  const save = useMutation({
    mutationFn: notifyApi.saveMailbox,
    onSuccess: () => { message.success(m.admin.common.saved); void qc.invalidateQueries({ queryKey: ['admin', 'mailbox'] }); },
    onError,
  });
  const req = (name: string) => [{ required: true, message: f[name] ?? name }];
  return (
    <Card size="small" title={t.emailIn} data-testid="channel-email-in" extra={box.data?.configured ? <Tag color="green">{t.configured}</Tag> : <Tag>{t.notConfigured}</Tag>}>
      {box.data?.last_error && <Typography.Paragraph type="danger">{t.lastError}: {box.data.last_error}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(v: Record<string, unknown>) => save.mutate({ ...(v as Parameters<typeof notifyApi.saveMailbox>[0]), host: String(v.host).trim(), username: String(v.username).trim(), ...(v.folder ? {} : { folder: undefined }) })}>
        <Form.Item name="host" label={f.host} rules={req('host')}><Input maxLength={255} /></Form.Item>
        <Form.Item name="port" label={f.port} rules={req('port')}><InputNumber min={1} max={65535} /></Form.Item>
        <Form.Item name="secure" label={f.secure} valuePropName="checked"><Switch /></Form.Item>
        <Form.Item name="username" label={f.username} rules={req('username')}><Input maxLength={255} /></Form.Item>
        <Form.Item name="password" label={<>{f.password}&nbsp;<Typography.Text type="secondary">({t.writeOnly})</Typography.Text></>} extra={t.passwordRequired} rules={req('password')}>
          <Input.Password autoComplete="new-password" visibilityToggle={false} />
        </Form.Item>
        <Form.Item name="folder" label={f.folder}><Input maxLength={100} /></Form.Item>
        <Form.Item name="unit_id" label={f.unit_id}><Select allowClear showSearch optionFilterProp="label" options={unitOptions} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{m.admin.common.save}</Button>
      </Form>
    </Card>
  );
}

/** The Official Account's message callback (WeChat in): its server-configuration token, sent on every save. */
export function WechatInCard() {
  const { m } = useI18n();
  const t = m.admin.notify.channelsPage;
  const f = t.fields;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const acct = useQuery({ queryKey: ['admin', 'wechat-account'], queryFn: notifyApi.wechatAccount });
  const unitOptions = useUnitOptions();
  useEffect(() => {
    if (acct.data) form.setFieldsValue({ app_id: acct.data.app_id ?? undefined, unit_id: acct.data.unit_id ?? undefined, token: '' });
  }, [acct.data, form]);
  const onError = useServerErrors(form);
  const save = useMutation({
    mutationFn: notifyApi.saveWechatAccount,
    onSuccess: () => { message.success(m.admin.common.saved); void qc.invalidateQueries({ queryKey: ['admin', 'wechat-account'] }); },
    onError,
  });
  return (
    <Card size="small" title={t.wechatIn} data-testid="channel-wechat-in" extra={acct.data?.configured ? <Tag color="green">{t.configured}</Tag> : <Tag>{t.notConfigured}</Tag>}>
      <Form form={form} layout="vertical" onFinish={(v: { token: string; app_id?: string; unit_id?: string }) => save.mutate({ token: v.token, ...(v.app_id?.trim() ? { app_id: v.app_id.trim() } : {}), ...(v.unit_id ? { unit_id: v.unit_id } : {}) })}>
        <Form.Item name="token" label={<>{f.token}&nbsp;<Typography.Text type="secondary">({t.writeOnly})</Typography.Text></>} extra={t.tokenHint} rules={[{ required: true, message: f.token }]}>
          <Input.Password autoComplete="new-password" visibilityToggle={false} maxLength={32} />
        </Form.Item>
        <Form.Item name="app_id" label={f.app_id}><Input maxLength={64} /></Form.Item>
        <Form.Item name="unit_id" label={f.unit_id}><Select allowClear showSearch optionFilterProp="label" options={unitOptions} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{m.admin.common.save}</Button>
      </Form>
    </Card>
  );
}

/** Quiet hours for customer SMS and the portal address of message links (organisations.settings.notify). */
export function QuietHoursCard() {
  const { m } = useI18n();
  const t = m.admin.notify.channelsPage;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const settings = useQuery({ queryKey: ['admin', 'notify-settings'], queryFn: notifyApi.notifySettings });
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ ...settings.data.quiet_hours, portal_base_url: settings.data.portal_base_url ?? '' });
  }, [settings.data, form]);
  // The server names `quiet_hours.start`; the form's fields are `start` and `end`.
  const onError = useServerErrors(form, 'quiet_hours');
  const save = useMutation({
    mutationFn: notifyApi.saveNotifySettings,
    onSuccess: () => { message.success(m.admin.common.saved); void qc.invalidateQueries({ queryKey: ['admin', 'notify-settings'] }); },
    onError,
  });
  const hm = [{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t.timeFormat }];
  return (
    <Card size="small" title={t.quiet} data-testid="quiet-hours">
      <Typography.Paragraph type="secondary">{t.quietHint}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v: { start: string; end: string; portal_base_url?: string }) => save.mutate({ quiet_hours: { start: v.start, end: v.end }, portal_base_url: v.portal_base_url?.trim() || null })}>
        <Space wrap>
          <Form.Item name="start" label={t.quietStart} rules={hm}><Input style={{ width: 100 }} maxLength={5} placeholder="22:00" /></Form.Item>
          <Form.Item name="end" label={t.quietEnd} rules={hm}><Input style={{ width: 100 }} maxLength={5} placeholder="08:00" /></Form.Item>
        </Space>
        <Form.Item name="portal_base_url" label={t.portalBase}><Input maxLength={500} placeholder="https://" /></Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{m.admin.common.save}</Button>
      </Form>
    </Card>
  );
}
