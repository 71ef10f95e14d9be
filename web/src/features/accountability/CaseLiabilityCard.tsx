import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatMoney } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { userOptions, useUnits, useUsers } from '../cases/reference-data.ts';
import { accApi, type Fine, type Liability, type Reconciled } from './acc-api.ts';

const PEOPLE: Record<Liability['party'], string[]> = { store: [], agent: ['agent', 'store_head'], staff: ['staff', 'shift_leader', 'supervisor'], none: [] };

/** The case's fines, each with its state, amount and any flag for refund or review. */
export function CaseFines({ fines }: { fines: Fine[] }) {
  const { m } = useI18n();
  const a = m.accountability;
  if (fines.length === 0) return <Typography.Text type="secondary">{a.noFines}</Typography.Text>;
  return (
    <Table<Fine>
      size="small" rowKey="id" pagination={false} dataSource={fines} scroll={{ x: true }}
      columns={[
        { title: a.rule, dataIndex: 'rule_code', render: (c: string) => a.rules[c] ?? c },
        { title: a.amount, dataIndex: 'amount_fen', align: 'right', render: (v: number) => formatMoney(v / 100) },
        {
          title: a.state, dataIndex: 'state',
          render: (s: string, f) => <Space size={4} wrap><Tag color={s === 'withdrawn' ? 'default' : s === 'paid' ? 'green' : 'blue'}>{a.states[s] ?? s}</Tag>{f.review && <Tag color="orange">{a.reviewFlags[f.review.reason] ?? f.review.reason}</Tag>}</Space>,
        },
      ]}
    />
  );
}

/**
 * Who the case holds accountable (003 第一篇 一): the store, an agent with the store head, or (restaurant) the server
 * with the shift leader and supervisor; whether the store was at fault; a confirmed newspaper or TV report. Saving
 * re-assesses the fines: those in notice that no longer apply are withdrawn, paid ones flagged for refund.
 */
export function CaseLiabilityCard({ c }: { c: CaseDetail }) {
  const { m } = useI18n();
  const a = m.accountability;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const units = useUnits();
  const users = useUsers();
  const view = useQuery({ queryKey: ['case-accountability', c.id], queryFn: () => accApi.caseView(c.id) });
  const [form] = Form.useForm<Liability>();
  const party = Form.useWatch('party', form) ?? 'none';
  const [validityOpen, setValidityOpen] = useState(false);
  const [validity, setValidity] = useState<{ validity: string; reason: string }>({ validity: 'invalid', reason: '' });
  const [last, setLast] = useState<Reconciled | null>(null);
  const done = (r: Reconciled) => {
    setLast(r);
    message.success(a.saved);
    void qc.invalidateQueries({ queryKey: ['case-accountability', c.id] });
    void qc.invalidateQueries({ queryKey: ['case', c.id] });
    void qc.invalidateQueries({ queryKey: ['fines'] });
  };
  const save = useMutation({
    mutationFn: (v: Liability) => accApi.setLiability(c.id, {
      party: v.party, store_unit_id: v.store_unit_id || null, at_fault: v.at_fault ?? true, media: v.media ?? [],
      people: Object.fromEntries(Object.entries(v.people ?? {}).filter(([k, id]) => id && PEOPLE[v.party].includes(k))),
    }),
    onSuccess: done,
    onError: (e) => message.error(errorText(e, m)),
  });
  const revalidate = useMutation({
    mutationFn: () => accApi.setValidity(c.id, { validity: validity.validity, reason: validity.reason.trim() }),
    onSuccess: (r) => { setValidityOpen(false); done(r); },
    onError: (e) => message.error(errorText(e, m)),
  });
  const v = view.data;
  const stores = (units.data ?? []).filter((u) => u.kind === 'store' || u.kind === 'project').map((u) => ({ value: u.id, label: u.name }));
  return (
    <Card size="small" title={a.liabilityTitle} loading={view.isLoading} data-testid="liability-card"
      extra={v && v.validity !== 'pending' && <Button size="small" onClick={() => setValidityOpen(true)}>{a.redetermine}</Button>}>
      {view.error && <Alert type="error" showIcon message={errorText(view.error, m)} />}
      {v && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap size={4}>
            <Tag>{m.fields.validity}: {m.validities[v.validity] ?? v.validity}</Tag>
            {v.taken_over && <Tag color="purple">{a.takenOver}</Tag>}
            {v.media_confirmed && <Tag color="red">{a.mediaConfirmed}</Tag>}
          </Space>
          {v.validity === 'pending' && <Alert type="info" showIcon message={a.pendingValidity} />}
          <Form<Liability>
            form={form}
            layout="vertical"
            onFinish={(x) => save.mutate(x)}
            initialValues={{ party: v.liability?.party ?? 'store', store_unit_id: v.liability?.store_unit_id ?? undefined, people: v.liability?.people ?? {}, at_fault: v.liability?.at_fault ?? true, media: v.liability?.media ?? [] }}
          >
            <Form.Item name="party" label={a.against}>
              <Radio.Group optionType="button" options={(['store', 'agent', 'staff', 'none'] as const).map((p) => ({ value: p, label: a.parties[p] }))} />
            </Form.Item>
            {party !== 'none' && (
              <Form.Item name="store_unit_id" label={a.store} extra={a.storeHint}>
                <Select allowClear showSearch optionFilterProp="label" options={stores} placeholder={stores.find((x) => x.value === v.store_unit_id)?.label} />
              </Form.Item>
            )}
            {PEOPLE[party].map((role) => (
              <Form.Item key={role} name={['people', role]} label={a.roles[role] ?? role} extra={role === 'store_head' ? a.storeHeadHint : undefined}>
                <Select allowClear showSearch optionFilterProp="label" options={userOptions(users.data)} />
              </Form.Item>
            ))}
            <Form.Item name="at_fault" label={a.atFault} valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="media" label={a.media} extra={a.mediaHint}>
              <Checkbox.Group options={[{ value: 'newspaper', label: a.newspaper }, { value: 'tv', label: a.tv }]} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>{a.saveLiability}</Button>
          </Form>
          {last && (last.withdrawn.length > 0 || last.flagged.length > 0 || last.issued.length > 0) && (
            <Alert type={last.flagged.length > 0 ? 'warning' : 'success'} showIcon
              message={fmt(a.reconciled, { issued: last.issued.length, withdrawn: last.withdrawn.length, flagged: last.flagged.length })} />
          )}
          {(last?.gaps ?? v.gaps).map((g) => <Alert key={g.rule_code} type="warning" showIcon message={fmt(a.gap, { rule: a.rules[g.rule_code] ?? g.rule_code, missing: g.missing.map((r) => a.roles[r] ?? r).join('、') })} />)}
          <Typography.Text strong>{a.caseFines}</Typography.Text>
          <CaseFines fines={v.fines} />
        </Space>
      )}
      <Modal open={validityOpen} title={a.redetermine} onCancel={() => setValidityOpen(false)} onOk={() => revalidate.mutate()} okButtonProps={{ disabled: !validity.reason.trim(), loading: revalidate.isPending }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{a.redetermineHint}</Typography.Paragraph>
          <Radio.Group value={validity.validity} onChange={(e) => setValidity({ ...validity, validity: e.target.value as string })}
            options={['valid', 'invalid', 'malicious'].map((x) => ({ value: x, label: m.validities[x] ?? x }))} />
          <Input.TextArea aria-label={a.reasonLabel} placeholder={a.reasonLabel} value={validity.reason} maxLength={2000} onChange={(e) => setValidity({ ...validity, reason: e.target.value })} />
        </Space>
      </Modal>
    </Card>
  );
}
