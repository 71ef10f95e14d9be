import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { categoryOptions, useCategories, useUnits, userOptions, useUsers } from '../cases/reference-data.ts';
import { accApi } from './acc-api.ts';

interface Values { title: string; case_ids: string[]; category_id?: string; unit_id?: string; root_cause: string; plan: string; owner_id: string; due: Dayjs; check_after_days: number }

/**
 * Opens a corrective action 整改 (issue 12) from one or many cases, or from a category at a place (a hot issue or a
 * surge): title, root cause, plan, owner, deadline and the days after completion when its effectiveness is checked.
 * `initial` pre-fills the cases (from a case page) or the category and place (from analytics).
 */
export function CorrectiveForm({ open, onClose, initial }: {
  open: boolean; onClose: () => void;
  initial?: { case_ids?: { id: string; number: string }[]; category_id?: string | null; unit_id?: string | null; title?: string };
}) {
  const { m, locale } = useI18n();
  const a = m.accountability;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [q, setQ] = useState('');
  const users = useUsers();
  const units = useUnits();
  const cats = useCategories();
  // Cases are found by number, subject or phone, as in the case list.
  const found = useQuery({ queryKey: ['corrective-case-search', q], queryFn: () => api.listCases({ q, page: 1, page_size: 20 }), enabled: open && q.trim().length > 1 });
  const caseOptions = [
    ...(initial?.case_ids ?? []).map((c) => ({ value: c.id, label: c.number })),
    ...(found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} ${c.subject}` })),
  ];
  const create = useMutation({
    mutationFn: (v: Values) => accApi.createCorrective({
      title: v.title.trim(), case_ids: v.case_ids ?? [], category_id: v.category_id ?? null, unit_id: v.unit_id ?? null, root_cause: v.root_cause.trim(),
      plan: v.plan.trim(), owner_id: v.owner_id, due_at: v.due.endOf('day').toISOString(), check_after_days: v.check_after_days,
    }),
    onSuccess: (c) => {
      message.success(a.correctiveCreated);
      void qc.invalidateQueries({ queryKey: ['corrective'] });
      onClose();
      form.resetFields();
      navigate(`/accountability/corrective-actions/${c.id}`);
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  const places = (units.data ?? []).filter((u) => u.kind !== 'department').map((u) => ({ value: u.id, label: u.name }));
  return (
    <Modal open={open} title={a.newCorrective} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: create.isPending }} destroyOnHidden width={640}>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => create.mutate(v)}
        initialValues={{
          title: initial?.title, case_ids: (initial?.case_ids ?? []).map((c) => c.id), category_id: initial?.category_id ?? undefined, unit_id: initial?.unit_id ?? undefined,
          check_after_days: 30, due: dayjs().add(14, 'day'),
        }}
      >
        <Form.Item name="title" label={a.title} rules={[{ required: true, whitespace: true, message: a.required }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="case_ids" label={a.fromCases} extra={a.fromCasesHint}>
          <Select mode="multiple" showSearch filterOption={false} onSearch={setQ} options={caseOptions} loading={found.isFetching} placeholder={a.searchCases} />
        </Form.Item>
        <Form.Item name="category_id" label={a.category} extra={a.categoryHint}><Select allowClear showSearch optionFilterProp="label" options={categoryOptions(cats.data, locale)} /></Form.Item>
        <Form.Item name="unit_id" label={a.place}><Select allowClear showSearch optionFilterProp="label" options={places} /></Form.Item>
        <Form.Item name="root_cause" label={a.rootCause} rules={[{ required: true, whitespace: true, message: a.required }]}><Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} /></Form.Item>
        <Form.Item name="plan" label={a.plan} rules={[{ required: true, whitespace: true, message: a.required }]}><Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} /></Form.Item>
        <Form.Item name="owner_id" label={a.owner} rules={[{ required: true, message: a.required }]}><Select showSearch optionFilterProp="label" options={userOptions(users.data)} /></Form.Item>
        <Form.Item name="due" label={a.deadline} rules={[{ required: true, message: a.required }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="check_after_days" label={a.checkAfterDays} extra={a.checkAfterHint}><InputNumber min={1} max={365} /></Form.Item>
      </Form>
    </Modal>
  );
}
