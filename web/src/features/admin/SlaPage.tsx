import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Descriptions, Select, Space, Table, Tag, Typography } from 'antd';
import { errorText } from '../../errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { adminApi, type Ladder, type Policy, type Target } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';

/** The preset family of time limits (chosen here), the policies in force and the escalation ladders. */
export function SlaPage() {
  const { m } = useI18n();
  const t = m.admin.sla;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const family = useQuery({ queryKey: ['admin', 'sla-family'], queryFn: adminApi.slaFamily });
  const policies = useQuery({ queryKey: ['admin', 'sla-policies'], queryFn: adminApi.policies });
  const ladders = useQuery({ queryKey: ['admin', 'ladders'], queryFn: adminApi.ladders });
  const settings = useQuery({ queryKey: ['admin', 'sla-settings'], queryFn: adminApi.slaSettings });
  const choose = useMutation({
    mutationFn: adminApi.putSlaFamily,
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['admin'] }); message.success(m.admin.common.saved); },
    onError: (e) => message.error(errorText(e, m)),
  });
  const target = (x: Target) => `${x.unit === 'end_of_working_day' ? '' : x.amount} ${m.slaUnits[x.unit as keyof typeof m.slaUnits] ?? x.unit}`;
  const inFamily = (p: Policy) => !p.family || p.family === family.data?.family;
  return (
    <AdminShell title={t.title}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t.family}>
          <Space wrap>
            <Select
              style={{ minWidth: 220 }}
              aria-label={t.family}
              value={family.data?.family}
              loading={family.isPending || choose.isPending}
              options={Object.entries(t.families).map(([value, label]) => ({ value, label }))}
              onChange={(v: string) => choose.mutate(v)}
            />
            {family.data && <Tag>{family.data.chosen ? t.chosen : t.byTrade}</Tag>}
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t.familyHint}</Typography.Paragraph>
        </Card>
        <Card size="small" title={t.settings}>
          <Descriptions size="small" column={1} items={[
            { key: 'w', label: t.thresholds, children: (settings.data?.warn_thresholds ?? []).map((x) => `${Math.round(x * 100)}%`).join(' / ') },
            { key: 'z', label: t.timeZone, children: settings.data?.time_zone },
          ]} />
        </Card>
        <Card size="small" title={t.policies}>
          <Table<Policy>
            rowKey="id" size="small" loading={policies.isPending} scroll={{ x: 720 }} pagination={{ pageSize: 15, hideOnSinglePage: true }}
            dataSource={(policies.data?.items ?? []).filter(inFamily)}
            columns={[
              { title: m.admin.common.name, dataIndex: 'name', width: 200 },
              { title: t.match, key: 'match', render: (_, p) => [p.kind && (m.kinds[p.kind] ?? p.kind), p.severity && (m.severities[p.severity] ?? p.severity), p.channel, p.unit_kind].filter(Boolean).map((x) => <Tag key={String(x)}>{String(x)}</Tag>) },
              { title: t.targets, dataIndex: 'targets', render: (ts: Record<string, Target>) => Object.entries(ts ?? {}).map(([k, x]) => <div key={k}>{t.clocks[k as keyof typeof t.clocks] ?? k}: {target(x)}</div>) },
              { title: t.source, dataIndex: 'source', width: 140 },
            ]}
          />
        </Card>
        <Card size="small" title={t.ladders}>
          <Table<Ladder>
            rowKey="id" size="small" loading={ladders.isPending} pagination={false} scroll={{ x: 500 }}
            dataSource={ladders.data?.items}
            columns={[
              { title: m.admin.common.name, dataIndex: 'name', width: 160 },
              { title: t.levels, dataIndex: 'levels', render: (ls: Ladder['levels']) => ls.map((l, i) => <Tag key={i}>{i + 1}. {m.roles[l.target as keyof typeof m.roles] ?? l.target} · {target(l.delay)}</Tag>) },
            ]}
          />
        </Card>
      </Space>
    </AdminShell>
  );
}
