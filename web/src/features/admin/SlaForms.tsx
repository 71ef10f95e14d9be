import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, InputNumber, Input, Modal, Select, Space, Switch, Typography, type FormInstance } from 'antd';
import { CASE_KINDS, CHANNELS, ESCALATION_TARGETS, SEVERITIES, UNIT_KINDS } from '@contract/enums.ts';
import { useEffect, useState } from 'react';
import { errorText, fieldErrors } from '../../errors.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { adminApi, CLOCK_KINDS, SLA_UNITS, type Ladder, type LadderInput, type Policy, type PolicyInput, type Target } from './admin-api.ts';

type Maybe<T> = T | null | undefined;
interface TargetField { amount?: Maybe<number>; unit?: Maybe<string> }
interface PolicyValues {
  name: string; priority: number; family?: Maybe<string>; kind?: Maybe<string>; severity?: Maybe<string>; channel?: Maybe<string>; unit_kind?: Maybe<string>;
  targets?: Record<string, TargetField>; max_extension?: TargetField; ladder_id?: Maybe<string>; active: boolean;
}

const targetOf = (f: TargetField | undefined): Target | null =>
  f?.unit && (f.unit === 'end_of_working_day' || (f.amount !== null && f.amount !== undefined)) ? { amount: f.unit === 'end_of_working_day' ? 0 : f.amount!, unit: f.unit } : null;

/** Puts the server's validation issues on the form's fields; what matches no field shows above the form. */
function useServerErrors(form: FormInstance) {
  const [rest, setRest] = useState<string[]>([]);
  const { m } = useI18n();
  return {
    rest,
    clear: () => setRest([]),
    show: (e: unknown) => {
      const known = (name: (string | number)[]) => form.getFieldInstance(name) !== undefined || name[0] === 'levels' || name[0] === 'targets';
      const { fields, rest: others } = fieldErrors(e, known);
      form.setFields(fields);
      setRest(fields.length || others.length ? others : [errorText(e, m)]);
    },
  };
}

function TargetInput({ name, label, testId }: { name: (string | number)[]; label: string; testId: string }) {
  const { m } = useI18n();
  const t = m.admin.sla;
  return (
    <Form.Item label={label} style={{ marginBottom: 8 }}>
      <Space.Compact>
        <Form.Item name={[...name, 'amount']} noStyle>
          <InputNumber min={0} max={10000} aria-label={`${label} · ${t.amount}`} style={{ width: 110 }} data-testid={`${testId}-amount`} />
        </Form.Item>
        <Form.Item name={[...name, 'unit']} noStyle>
          <Select allowClear aria-label={`${label} · ${t.unit}`} style={{ width: 150 }} placeholder={t.unit}
            options={SLA_UNITS.map((u) => ({ value: u, label: m.slaUnits[u] ?? u }))} />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

/** Creates or edits an SLA policy: what it applies to, its time limits, extension and ladder. */
export function PolicyModal({ policy, open, ladders, onClose }: { policy: Policy | null; open: boolean; ladders: Ladder[]; onClose: () => void }) {
  const { m } = useI18n();
  const t = m.admin.sla;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<PolicyValues>();
  const errors = useServerErrors(form);
  useEffect(() => {
    if (!open) return;
    errors.clear();
    form.resetFields();
    if (policy) {
      form.setFieldsValue({
        name: policy.name, priority: policy.priority, family: policy.family, kind: policy.kind, severity: policy.severity, channel: policy.channel,
        unit_kind: policy.unit_kind, targets: policy.targets, max_extension: policy.max_extension ?? {}, ladder_id: policy.ladder_id, active: policy.active,
      });
    } else form.setFieldsValue({ priority: 0, active: true });
  }, [open, policy]);
  const save = useMutation({
    mutationFn: (b: PolicyInput) => (policy ? adminApi.updatePolicy(policy.id, b) : adminApi.createPolicy(b)),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['admin', 'sla-policies'] });
      message.success(m.admin.common.saved);
      onClose();
    },
    onError: (e) => errors.show(e),
  });
  const submit = (v: PolicyValues) => {
    const targets = Object.fromEntries(CLOCK_KINDS.map((k) => [k, targetOf(v.targets?.[k])]).filter(([, x]) => x)) as Record<string, Target>;
    if (Object.keys(targets).length === 0) {
      form.setFields([{ name: ['targets', 'resolve', 'amount'], errors: [t.atLeastOneTarget] }]);
      return;
    }
    save.mutate({
      name: v.name.trim(), priority: v.priority ?? 0, family: v.family ?? null, kind: v.kind ?? null, severity: v.severity ?? null, channel: v.channel ?? null,
      unit_kind: v.unit_kind ?? null, targets, max_extension: targetOf(v.max_extension), ladder_id: v.ladder_id ?? null, active: v.active,
    });
  };
  const any = (values: readonly string[], labels: Record<string, string>) => values.map((x) => ({ value: x, label: labels[x] ?? x }));
  return (
    <Modal open={open} width={640} title={policy ? fmt(t.editPolicy, { name: policy.name }) : t.addPolicy} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      {errors.rest.length > 0 && <Alert type="error" showIcon message={errors.rest.join('; ')} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError={{ block: 'center' }} data-testid="policy-form">
        <Space wrap align="start">
          <Form.Item name="name" label={t.policyName} rules={[{ required: true, pattern: /^[a-z0-9_.-]{1,60}$/i, message: t.policyNameInvalid }]}><Input style={{ width: 260 }} /></Form.Item>
          <Form.Item name="priority" label={t.priority}><InputNumber min={-1000} max={1000} /></Form.Item>
          <Form.Item name="active" label={t.activePolicy} valuePropName="checked"><Switch /></Form.Item>
        </Space>
        <Typography.Text strong>{t.match}</Typography.Text>
        <Space wrap align="start" style={{ marginTop: 8 }}>
          <Form.Item name="family" label={t.inFamily}><Select allowClear placeholder={t.anyFamily} style={{ width: 170 }} options={Object.entries(t.families).map(([value, label]) => ({ value, label }))} /></Form.Item>
          <Form.Item name="kind" label={t.kind}><Select allowClear placeholder={t.any} style={{ width: 130 }} options={any(CASE_KINDS, m.kinds)} /></Form.Item>
          <Form.Item name="severity" label={t.severity}><Select allowClear placeholder={t.any} style={{ width: 130 }} options={any(SEVERITIES, m.severities)} /></Form.Item>
          <Form.Item name="channel" label={t.channel}><Select allowClear placeholder={t.any} style={{ width: 150 }} options={any(CHANNELS, m.channels)} /></Form.Item>
          <Form.Item name="unit_kind" label={t.unitKind}><Select allowClear placeholder={t.any} style={{ width: 130 }} options={any(UNIT_KINDS, t.unitKinds)} /></Form.Item>
        </Space>
        <Typography.Text strong>{t.targets}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t.targetsHint}</Typography.Paragraph>
        {CLOCK_KINDS.map((k) => <TargetInput key={k} name={['targets', k]} label={t.clocks[k] ?? k} testId={`target-${k}`} />)}
        <TargetInput name={['max_extension']} label={t.maxExtension} testId="max-extension" />
        <Form.Item name="ladder_id" label={t.ladder}><Select allowClear placeholder={t.defaultLadder} options={ladders.map((l) => ({ value: l.id, label: l.name }))} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** Creates or edits an escalation ladder: levels climbing to the complaint center, each after a delay. */
export function LadderModal({ ladder, open, onClose }: { ladder: Ladder | null; open: boolean; onClose: () => void }) {
  const { m } = useI18n();
  const t = m.admin.sla;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<LadderInput>();
  const errors = useServerErrors(form);
  useEffect(() => {
    if (!open) return;
    errors.clear();
    form.resetFields();
    form.setFieldsValue(ladder ? { name: ladder.name, is_default: ladder.is_default, levels: ladder.levels } : { name: '', is_default: false, levels: [{ target: 'complaint_center', delay: { amount: 1, unit: 'working_days' } }] });
  }, [open, ladder]);
  const save = useMutation({
    mutationFn: (b: LadderInput) => (ladder ? adminApi.updateLadder(ladder.id, b) : adminApi.createLadder(b)),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['admin', 'ladders'] });
      message.success(m.admin.common.saved);
      onClose();
    },
    onError: (e) => errors.show(e),
  });
  return (
    <Modal open={open} width={600} title={ladder ? fmt(t.editLadder, { name: ladder.name }) : t.addLadder} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      {errors.rest.length > 0 && <Alert type="error" showIcon message={errors.rest.join('; ')} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate({ ...v, name: v.name.trim(), levels: v.levels ?? [] })} data-testid="ladder-form">
        <Form.Item name="name" label={m.admin.common.name} rules={[{ required: true, whitespace: true, message: fmt(m.admin.common.required, { field: m.admin.common.name }) }]}><Input maxLength={60} /></Form.Item>
        <Form.Item name="is_default" label={t.isDefault} valuePropName="checked"><Switch /></Form.Item>
        <Typography.Paragraph type="secondary">{t.levelsHint}</Typography.Paragraph>
        <Form.List name="levels">
          {(fields, { add, remove }, { errors: listErrors }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap data-testid="ladder-level">
                  <Typography.Text>{fmt(t.level, { n: i + 1 })}</Typography.Text>
                  <Form.Item name={[f.name, 'target']} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.target }) }]}>
                    <Select aria-label={`${fmt(t.level, { n: i + 1 })} · ${t.target}`} style={{ width: 150 }} options={ESCALATION_TARGETS.map((x) => ({ value: x, label: m.roles[x] ?? x }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'delay', 'amount']} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.delay }) }]}>
                    <InputNumber aria-label={`${fmt(t.level, { n: i + 1 })} · ${t.delay}`} min={0} max={10000} step={0.5} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'delay', 'unit']} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.unit }) }]}>
                    <Select aria-label={`${fmt(t.level, { n: i + 1 })} · ${t.unit}`} style={{ width: 130 }} options={SLA_UNITS.filter((u) => u !== 'end_of_working_day').map((u) => ({ value: u, label: m.slaUnits[u] ?? u }))} />
                  </Form.Item>
                  <Button type="text" aria-label={m.admin.common.delete} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Form.ErrorList errors={listErrors} />
              <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= 10} onClick={() => add({ target: 'complaint_center', delay: { amount: 1, unit: 'working_days' } })}>{t.addLevel}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
