import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../../errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { adminApi } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';

const FIELDS = ['customer.name', 'customer.phone', 'customer.room', 'customer.address', 'customer.email', 'occurred_at', 'occurred_place', 'complained_party', 'desired_outcome', 'category_id', 'external_ref'] as const;

/** Required registration fields (checkboxes), the other process rules and the sign-in rules (as JSON). */
export function SettingsPage() {
  const { m } = useI18n();
  const t = m.admin.settings;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const process = useQuery({ queryKey: ['admin', 'process'], queryFn: adminApi.processSettings });
  const auth = useQuery({ queryKey: ['admin', 'auth-settings'], queryFn: adminApi.authSettings });
  const [fields, setFields] = useState<string[] | null>(null);
  const [processJson, setProcessJson] = useState<string | null>(null);
  const [authJson, setAuthJson] = useState<string | null>(null);
  const ok = () => { void qc.invalidateQueries({ queryKey: ['admin'] }); setFields(null); setProcessJson(null); setAuthJson(null); message.success(m.admin.common.saved); };
  const onError = (e: unknown) => message.error(errorText(e, m));
  const saveProcess = useMutation({ mutationFn: adminApi.putProcessSettings, onSuccess: ok, onError });
  const saveAuth = useMutation({ mutationFn: adminApi.putAuthSettings, onSuccess: ok, onError });
  const parse = (s: string) => {
    try {
      return JSON.parse(s) as Record<string, unknown>;
    } catch {
      message.error(t.invalidJson);
      return null;
    }
  };
  const { trade, ...rules } = process.data ?? { trade: '' };
  const shownFields = fields ?? process.data?.required_fields ?? [];
  const pretty = (o: unknown) => JSON.stringify(o, null, 2);
  return (
    <AdminShell title={t.title}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t.requiredFields} extra={trade && <Tag>{t.trade}: {m.admin.sla.families[trade as keyof typeof m.admin.sla.families] ?? trade}</Tag>}>
          <Checkbox.Group value={shownFields} onChange={(v) => setFields(v as string[])} options={FIELDS.map((f) => ({ value: f, label: t.fields[f] }))} />
          <div style={{ marginTop: 12 }}>
            <Button type="primary" disabled={!fields} loading={saveProcess.isPending} onClick={() => saveProcess.mutate({ ...rules, required_fields: shownFields })}>{m.admin.common.save}</Button>
          </div>
        </Card>
        <Card size="small" title={t.process}>
          <Typography.Paragraph type="secondary">{t.json}</Typography.Paragraph>
          <Input.TextArea aria-label={t.process} autoSize={{ minRows: 6, maxRows: 20 }} value={processJson ?? pretty(rules)} onChange={(e) => setProcessJson(e.target.value)} className="mono" />
          <Button style={{ marginTop: 8 }} type="primary" disabled={processJson === null} loading={saveProcess.isPending} onClick={() => { const v = parse(processJson!); if (v) saveProcess.mutate(v); }}>{m.admin.common.save}</Button>
        </Card>
        <Card size="small" title={t.auth}>
          <Input.TextArea aria-label={t.auth} autoSize={{ minRows: 6, maxRows: 20 }} value={authJson ?? pretty(auth.data ?? {})} onChange={(e) => setAuthJson(e.target.value)} className="mono" />
          <Button style={{ marginTop: 8 }} type="primary" disabled={authJson === null} loading={saveAuth.isPending} onClick={() => { const v = parse(authJson!); if (v) saveAuth.mutate(v); }}>{m.admin.common.save}</Button>
        </Card>
      </Space>
    </AdminShell>
  );
}
