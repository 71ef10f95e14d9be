import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../../errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { adminApi, type Ladder, type Policy, type Target } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';
import { LadderModal, PolicyModal } from './SlaForms.tsx';

/** The preset family of time limits (chosen here), the policies in force and the escalation ladders, all editable. */
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
  const [policy, setPolicy] = useState<Policy | 'new' | null>(null);
  const [ladder, setLadder] = useState<Ladder | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: adminApi.deletePolicy,
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['admin', 'sla-policies'] }); message.success(m.admin.common.deleted); },
    onError: (e) => message.error(errorText(e, m)),
  });
  const ladderName = new Map((ladders.data?.items ?? []).map((l) => [l.id, l.name]));
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
        <Card size="small" title={t.policies} extra={<Button type="primary" size="small" data-testid="add-policy" onClick={() => setPolicy('new')}>{t.addPolicy}</Button>}>
          <Table<Policy>
            rowKey="id" size="small" loading={policies.isPending} scroll={{ x: 1000 }} pagination={{ pageSize: 15, hideOnSinglePage: true }}
            dataSource={(policies.data?.items ?? []).filter(inFamily)}
            columns={[
              { title: m.admin.common.name, dataIndex: 'name', width: 200 },
              { title: t.match, key: 'match', render: (_, p) => [p.kind && (m.kinds[p.kind] ?? p.kind), p.severity && (m.severities[p.severity] ?? p.severity), p.channel, p.unit_kind].filter(Boolean).map((x) => <Tag key={String(x)}>{String(x)}</Tag>) },
              { title: t.targets, dataIndex: 'targets', render: (ts: Record<string, Target>) => Object.entries(ts ?? {}).map(([k, x]) => <div key={k}>{t.clocks[k as keyof typeof t.clocks] ?? k}: {target(x)}</div>) },
              { title: t.ladder, dataIndex: 'ladder_id', width: 120, render: (id: string | null) => (id ? ladderName.get(id) ?? '' : t.defaultLadder) },
              { title: m.admin.common.active, dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{t.policyActive}</Tag> : <Tag>{t.policyInactive}</Tag>) },
              { title: t.source, dataIndex: 'source', width: 140 },
              {
                title: m.admin.common.actions, key: 'actions', width: 130, fixed: 'right', render: (_, p) => (
                  <Space size={0}>
                    <Button size="small" type="link" data-testid="edit-policy" onClick={() => setPolicy(p)}>{m.admin.common.edit}</Button>
                    <Popconfirm title={m.admin.common.confirmDelete} onConfirm={() => remove.mutate(p.id)}>
                      <Button size="small" type="link" danger>{m.admin.common.delete}</Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
        <Card size="small" title={t.ladders} extra={<Button size="small" data-testid="add-ladder" onClick={() => setLadder('new')}>{t.addLadder}</Button>}>
          <Table<Ladder>
            rowKey="id" size="small" loading={ladders.isPending} pagination={false} scroll={{ x: 500 }}
            dataSource={ladders.data?.items}
            columns={[
              { title: m.admin.common.name, dataIndex: 'name', width: 160, render: (n: string, l) => <>{n} {l.is_default && <Tag color="blue">{t.defaultLadder}</Tag>}</> },
              { title: t.levels, dataIndex: 'levels', render: (ls: Ladder['levels']) => ls.map((l, i) => <Tag key={i}>{i + 1}. {m.roles[l.target as keyof typeof m.roles] ?? l.target} · {target(l.delay)}</Tag>) },
              { title: m.admin.common.actions, key: 'actions', width: 80, render: (_, l) => <Button size="small" type="link" data-testid="edit-ladder" onClick={() => setLadder(l)}>{m.admin.common.edit}</Button> },
            ]}
          />
        </Card>
      </Space>
      <PolicyModal open={policy !== null} policy={policy === 'new' ? null : policy} ladders={ladders.data?.items ?? []} onClose={() => setPolicy(null)} />
      <LadderModal open={ladder !== null} ladder={ladder === 'new' ? null : ladder} onClose={() => setLadder(null)} />
    </AdminShell>
  );
}
