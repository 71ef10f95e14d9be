import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Popconfirm, Space, Switch, Tag, Typography, type FormInstance } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { errorText, fieldErrors } from '../../errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { NotifyChannel } from './notify-api.ts';

/** One setting of a channel: plain text, a number, a switch, a write-only secret, or a code per event. */
export type FieldSpec = { name: string; kind: 'text' | 'number' | 'bool' | 'secret' | 'map'; keys?: readonly string[]; required?: boolean };

const CUSTOMER_EVENTS = ['acknowledged', 'progress', 'result', 'visit_invitation'] as const;

/** The settings of each delivery channel (src/app/notify/transports.ts, channels.ts); secrets are write-only. */
export const CHANNEL_FIELDS: Record<string, FieldSpec[]> = {
  sms: [
    { name: 'access_key_id', kind: 'text', required: true }, { name: 'access_key_secret', kind: 'secret' }, { name: 'sign_name', kind: 'text', required: true },
    { name: 'template_codes', kind: 'map', keys: [...CUSTOMER_EVENTS, 'tracking_code'] }, { name: 'endpoint', kind: 'text' },
  ],
  email: [
    { name: 'host', kind: 'text', required: true }, { name: 'port', kind: 'number', required: true }, { name: 'secure', kind: 'bool' }, { name: 'from', kind: 'text', required: true },
    { name: 'user', kind: 'text' }, { name: 'password', kind: 'secret' }, { name: 'domain', kind: 'text' },
  ],
  wechat: [{ name: 'app_id', kind: 'text', required: true }, { name: 'app_secret', kind: 'secret' }, { name: 'template_ids', kind: 'map', keys: CUSTOMER_EVENTS }],
  dingtalk: [{ name: 'webhook_url', kind: 'text', required: true }, { name: 'secret', kind: 'secret' }],
  wecom: [{ name: 'webhook_url', kind: 'text', required: true }],
};

/** Puts the server's validation issues (`config.app_id`, `port`) on the form's fields; the rest as a message. */
export function useServerErrors(form: FormInstance, prefix?: string) {
  const { m } = useI18n();
  const { message } = App.useApp();
  return (e: unknown) => {
    const { fields, rest } = fieldErrors(e, () => true);
    const named = fields.map((f) => ({ ...f, name: prefix && f.name[0] === prefix ? f.name.slice(1) : f.name })).filter((f) => f.name.length > 0);
    if (named.length) form.setFields(named);
    if (!named.length || rest.length) message.error(rest.length ? rest.join('; ') : errorText(e, m));
  };
}

/**
 * A delivery channel's settings as a card: enable switch and fields. Submits `{ enabled, config }` with the stored
 * settings this form does not show kept as they are, and a secret left empty left out (the server keeps it).
 */
export function ChannelCard({ title, channel, save, extra }: {
  title: string; channel: NotifyChannel; extra?: ReactNode;
  save: (b: { enabled: boolean; config: Record<string, unknown> }) => Promise<unknown>;
}) {
  const { m } = useI18n();
  const t = m.admin.notify.channelsPage;
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const specs = CHANNEL_FIELDS[channel.channel] ?? [];
  const current = channel;
  useEffect(() => {
    const v: Record<string, unknown> = { enabled: current.enabled };
    for (const s of specs) v[s.name] = s.kind === 'secret' ? '' : current.config[s.name] ?? (s.kind === 'map' ? {} : undefined);
    form.setFieldsValue(v);
  }, [current, specs, form]);
  const onError = useServerErrors(form, 'config');
  const mut = useMutation({ mutationFn: save, onSuccess: () => message.success(m.admin.common.saved), onError });
  const submit = (v: Record<string, unknown>) => {
    const config: Record<string, unknown> = { ...current.config };
    for (const s of specs) {
      const x = v[s.name];
      if (s.kind === 'secret') { if (typeof x === 'string' && x) config[s.name] = x; else delete config[s.name]; continue; }
      if (s.kind === 'map') {
        // Keys this form does not show (e.g. `acknowledged.en-US`) are kept; a shown key left empty is removed.
        const map: Record<string, unknown> = { ...((current.config[s.name] ?? {}) as Record<string, unknown>) };
        for (const k of s.keys ?? []) {
          const c = ((x ?? {}) as Record<string, string | undefined>)[k]?.trim();
          if (c) map[k] = c;
          else delete map[k];
        }
        config[s.name] = map;
        continue;
      }
      if (x === undefined || x === null || x === '') delete config[s.name];
      else config[s.name] = typeof x === 'string' ? x.trim() : x;
    }
    mut.mutate({ enabled: Boolean(v.enabled), config });
  };
  const label = (name: string) => t.fields[name] ?? name;
  return (
    <Card size="small" title={title} data-testid={`channel-${channel.channel}`}
      extra={<Space>{current.enabled ? <Tag color="green">{t.enabled}</Tag> : <Tag>{t.disabled}</Tag>}{extra}</Space>}>
      <Form form={form} layout="vertical" onFinish={submit} className="channel-form">
        <Form.Item name="enabled" label={t.enabled} valuePropName="checked"><Switch /></Form.Item>
        {specs.map((s) => {
          if (s.kind === 'bool') return <Form.Item key={s.name} name={s.name} label={label(s.name)} valuePropName="checked"><Switch /></Form.Item>;
          if (s.kind === 'number') return <Form.Item key={s.name} name={s.name} label={label(s.name)} rules={s.required ? [{ required: true, message: label(s.name) }] : []}><InputNumber min={1} max={65535} /></Form.Item>;
          if (s.kind === 'secret') {
            const st = current.secrets[s.name];
            return (
              <Form.Item key={s.name} name={s.name} label={<>{label(s.name)}&nbsp;<Typography.Text type="secondary">({t.writeOnly})</Typography.Text></>} extra={t.secretHint}>
                <Input.Password autoComplete="new-password" visibilityToggle={false} placeholder={st?.set ? `${t.secretSet}${st.hint ? ` ${st.hint}` : ''}` : t.secretUnset} />
              </Form.Item>
            );
          }
          if (s.kind === 'map') {
            return (
              <Form.Item key={s.name} label={label(s.name)}>
                {s.keys!.map((k) => (
                  <Form.Item key={k} name={[s.name, k]} noStyle>
                    <Input addonBefore={<span style={{ display: 'inline-block', minWidth: 130, textAlign: 'left' }}>{m.admin.notify.events[k] ?? k}</span>} style={{ marginBottom: 6 }} maxLength={100} />
                  </Form.Item>
                ))}
              </Form.Item>
            );
          }
          return <Form.Item key={s.name} name={s.name} label={label(s.name)} rules={s.required ? [{ required: true, whitespace: true, message: label(s.name) }] : []}><Input maxLength={s.name === 'webhook_url' ? 500 : 255} /></Form.Item>;
        })}
        <Button type="primary" htmlType="submit" loading={mut.isPending}>{m.admin.common.save}</Button>
      </Form>
    </Card>
  );
}

/** A unit's own group robot: the channel card plus removing it (its messages then go up the tree). */
export function UnitRobotCard({ title, channel, save, remove }: { title: string; channel: NotifyChannel; save: (b: { enabled: boolean; config: Record<string, unknown> }) => Promise<unknown>; remove: () => Promise<unknown> }) {
  const { m } = useI18n();
  const t = m.admin.notify.channelsPage;
  const { message } = App.useApp();
  const del = useMutation({ mutationFn: remove, onSuccess: () => message.success(t.removed), onError: (e) => message.error(errorText(e, m)) });
  const has = Object.keys(channel.config).length > 0;
  return (
    <ChannelCard title={title} channel={channel} save={save}
      extra={has && (
        <Popconfirm title={m.admin.common.confirmDelete} onConfirm={() => del.mutate()} okText={m.admin.common.delete} cancelText={m.admin.common.cancel}>
          <Button size="small" danger loading={del.isPending}>{t.removeRobot}</Button>
        </Popconfirm>
      )} />
  );
}
