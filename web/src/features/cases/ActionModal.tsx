import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio, Rate, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ActionName } from '@contract/cases.ts';
import { api, ApiError, type CaseDetail } from '../../api.ts';
import { errorText, fieldErrors } from '../../errors.ts';
import { focusFirstError, SCROLL_TO_ERROR } from '../../forms.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import type { Messages } from '../../i18n/zh-CN.ts';
import { ACTION_FIELDS, UNVERSIONED, type FieldSpec } from './action-fields.ts';
import { optionsOf } from './labels.tsx';
import { categoryOptions, departmentOptions, useCategories, useUnits, useUsers, userOptions } from './reference-data.ts';

function labelsOf(m: Messages, set: NonNullable<FieldSpec['labels']>): Record<string, string> {
  return set === 'sla.clocks' ? m.sla.clocks : m[set];
}

/** Initial values drawn from the case, so a dispatcher confirms rather than retypes. */
function initialValues(action: string, c: CaseDetail): Record<string, unknown> {
  switch (action) {
    case 'accept':
      return { category_id: c.category_id ?? undefined, severity: c.severity, validity: 'valid', kind: c.kind };
    case 'assign':
    case 'transfer':
      return { department_id: c.department_id ?? undefined, handler_id: c.handler_id ?? undefined };
    case 'visit':
      // Reached is the first answer; resolved is asked, never presumed (the 12345 three questions).
      return { reached: true, method: 'phone' };
    case 'extend':
      return { clock: 'resolve', unit: 'working_days' };
    default:
      return {};
  }
}

/** Drops empty values (the schemas are strict about types) and turns dates into ISO strings. */
function clean(v: unknown): unknown {
  if (v && typeof v === 'object' && 'toISOString' in v && typeof (v as Dayjs).toISOString === 'function') return (v as Dayjs).toISOString();
  if (Array.isArray(v)) return v.length ? v : undefined;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const c = clean(x);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  return v ?? undefined;
}

/** A search box over the cases the caller can see, for picking a merge target; the value is the case id. */
function CasePicker({ value, onChange, exclude }: { value?: string; onChange?: (v: string) => void; exclude: string }) {
  const { m } = useI18n();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['case-picker', q],
    queryFn: () => api.listCases({ q, page: 1, page_size: 10 }),
    enabled: q.trim().length > 0,
  });
  return (
    <Select
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      loading={found.isFetching}
      placeholder={m.list.search}
      options={(found.data?.items ?? []).filter((c) => c.id !== exclude).map((c) => ({ value: c.id, label: `${c.number} ${c.subject}` }))}
    />
  );
}

interface FieldInputProps {
  spec: FieldSpec;
  form: ReturnType<typeof Form.useForm>[0];
  caseId: string;
  /** value/onChange/checked/id, injected by the surrounding Form.Item and passed on to the control. */
  [control: string]: unknown;
}

function FieldInput({ spec, form, caseId, caseUnitId, ...control }: FieldInputProps & { caseUnitId?: string }) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const c = control as any;
  const { m, locale } = useI18n();
  const units = useUnits();
  const categories = useCategories();
  const users = useUsers();
  const department = Form.useWatch('department_id', form) as string | undefined;
  switch (spec.kind) {
    case 'textarea':
      return <Input.TextArea {...c} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />;
    case 'enum':
      // Pickers search their labels in the UI language (typing 道歉 finds the apology remedy).
      return <Select {...c} showSearch optionFilterProp="label" options={optionsOf(spec.values ?? [], labelsOf(m, spec.labels!))} allowClear={!spec.required} />;
    case 'enumMulti':
      return <Select {...c} mode="multiple" showSearch optionFilterProp="label" options={optionsOf(spec.values ?? [], labelsOf(m, spec.labels!))} />;
    case 'category':
      return <Select {...c} showSearch optionFilterProp="label" loading={categories.isPending} options={categoryOptions(categories.data, locale)} />;
    case 'department':
      return (
        <Select
          {...c}
          showSearch
          optionFilterProp="label"
          loading={units.isPending}
          options={departmentOptions(units.data, caseUnitId)}
          onChange={(v: string) => {
            c.onChange?.(v);
            form.setFieldValue('handler_id', undefined);
          }}
        />
      );
    case 'handler':
      return (
        <Select
          {...c}
          showSearch
          allowClear
          optionFilterProp="label"
          disabled={!department}
          placeholder={department ? undefined : m.action.pickDepartmentFirst}
          loading={users.isPending}
          options={userOptions(users.data, department, ['handler', 'department_head'])}
        />
      );
    case 'user':
      return <Select {...c} showSearch allowClear={!spec.required} optionFilterProp="label" loading={users.isPending} options={userOptions(users.data, undefined, spec.roles)} />;
    case 'number':
      return <InputNumber {...c} min={0} style={{ width: '100%' }} />;
    case 'rate':
      return <Rate {...c} />;
    case 'boolean':
      return <Switch {...c} />;
    case 'yesno':
      return <Radio.Group {...c} options={[{ label: m.detail.yes, value: true }, { label: m.detail.no, value: false }]} />;
    case 'datetime':
      return <DatePicker {...c} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />;
    case 'case':
      return <CasePicker {...c} exclude={caseId} />;
  }
}

/**
 * The modal for one action: its fields from ACTION_FIELDS, the case's `version`, server errors on their fields.
 * A 409 version_conflict shows the message and reloads the case.
 */
export function ActionModal({ action, caseView, onClose }: { action: string | null; caseView: CaseDetail; onClose: () => void }) {
  const { m } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [formError, setFormError] = useState<string | null>(null);
  const specs = action ? (ACTION_FIELDS[action as ActionName] ?? []) : [];
  const label = action ? (m.actions[action] ?? action) : '';

  const mutation = useMutation({
    mutationFn: (values: Record<string, unknown>) => {
      const body = (clean(values) ?? {}) as Record<string, unknown>;
      if (!UNVERSIONED.has(action!)) body.version = caseView.version;
      return api.act(caseView.id, action as ActionName, body as never);
    },
    onSuccess: async () => {
      onClose();
      void qc.invalidateQueries({ queryKey: ['cases'] });
      // An action can take the case out of the caller's sight (退单 returns it to dispatch, a merge, a transfer):
      // then leave the page with a message instead of showing a stale case.
      try {
        await qc.fetchQuery({ queryKey: ['case', caseView.id], queryFn: () => api.getCase(caseView.id), staleTime: 0 });
        message.success(fmt(m.action.done, { action: label }));
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
          qc.removeQueries({ queryKey: ['case', caseView.id] });
          message.info(fmt(m.workbench.leftCase, { action: label }));
          navigate('/queues', { replace: true });
        } else message.success(fmt(m.action.done, { action: label }));
      }
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'version_conflict') {
        onClose();
        void qc.invalidateQueries({ queryKey: ['case', caseView.id] });
        modal.warning({ title: e.message, content: m.action.conflictReloaded });
        return;
      }
      const { fields, rest } = fieldErrors(e, (name) => specs.some((s) => s.name.join('.') === name.join('.')));
      form.setFields(fields);
      setFormError([errorText(e, m), ...rest].join(' '));
      focusFirstError(form);
    },
  });

  return (
    <Modal
      open={action !== null}
      title={label}
      okText={m.action.submit}
      cancelText={m.action.cancel}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (open) return;
        setFormError(null);
        mutation.reset();
      }}
      width={560}
      data-testid={`action-modal-${action}`}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        scrollToFirstError={SCROLL_TO_ERROR}
        initialValues={action ? initialValues(action, caseView) : {}}
        onFinish={(v: Record<string, unknown>) => {
          setFormError(null);
          mutation.mutate(v);
        }}
      >
        {specs.map((spec) => {
          const item = (
            <Form.Item
              key={spec.name.join('.')}
              name={spec.name}
              label={m.fields[spec.label]}
              valuePropName={spec.kind === 'boolean' ? 'checked' : 'value'}
              rules={spec.required ? [{ required: true, message: m.validation.required }] : []}
              data-testid={`field-${spec.name.join('.')}`}
            >
              <FieldInput spec={spec} form={form} caseId={caseView.id} caseUnitId={caseView.unit_id} />
            </Form.Item>
          );
          if (!spec.when) return item;
          const when = spec.when;
          return (
            <Form.Item key={spec.name.join('.')} noStyle dependencies={[when.field]}>
              {({ getFieldValue }) => (when.is.includes(getFieldValue(when.field)) ? item : null)}
            </Form.Item>
          );
        })}
        {formError && <Alert type="error" showIcon message={formError} />}
      </Form>
    </Modal>
  );
}
