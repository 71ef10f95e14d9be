import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, List, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, type BulkResult } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { SCROLL_TO_ERROR } from '../../forms.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { departmentOptions, useUnits, useUsers, userOptions } from './reference-data.ts';

interface Values {
  action: 'assign' | 'transfer';
  department_id: string;
  handler_id?: string;
  reason?: string;
}

/** Bulk assign / transfer of the selected cases (issue 9): one target, per-case results shown afterwards. */
export function BulkAssign({ caseIds, unitId, onDone }: { caseIds: string[]; unitId?: string; onDone: () => void }) {
  const { m } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [form] = Form.useForm<Values>();
  const units = useUnits();
  const users = useUsers();
  const department = Form.useWatch('department_id', form);
  const action = Form.useWatch('action', form);
  const run = useMutation({
    mutationFn: (v: Values) => api.bulkAction({ ...v, case_ids: caseIds }),
    onSuccess: (r) => {
      setResult(r);
      void qc.invalidateQueries({ queryKey: ['cases'] });
      if (r.failed === 0) message.success(fmt(m.workbench.bulkDone, { n: r.succeeded }));
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  const close = () => {
    setOpen(false);
    setResult(null);
    form.resetFields();
    if (result) onDone();
  };
  return (
    <>
      <Space>
        <Typography.Text>{fmt(m.workbench.bulkSelected, { n: caseIds.length })}</Typography.Text>
        <Button type="primary" disabled={caseIds.length === 0} onClick={() => setOpen(true)} data-testid="bulk-assign">{m.workbench.bulkAssign}</Button>
      </Space>
      <Modal open={open} title={m.workbench.bulkAssign} onCancel={close} onOk={result ? close : () => form.submit()} okButtonProps={{ loading: run.isPending }}>
        {result ? (
          <>
            <Alert type={result.failed ? 'warning' : 'success'} showIcon message={fmt(m.workbench.bulkResult, { ok: result.succeeded, failed: result.failed })} />
            <List
              size="small"
              dataSource={result.results.filter((r) => !r.ok)}
              renderItem={(r) => <List.Item><Typography.Text type="danger">{r.message ?? r.code}</Typography.Text></List.Item>}
            />
          </>
        ) : (
          <Form<Values> form={form} layout="vertical" initialValues={{ action: 'assign' }} onFinish={(v) => run.mutate(v)} scrollToFirstError={SCROLL_TO_ERROR}>
            <Form.Item name="action" label={m.workbench.bulkKind}>
              <Radio.Group options={[{ value: 'assign', label: m.actions.assign ?? 'assign' }, { value: 'transfer', label: m.actions.transfer ?? 'transfer' }]} />
            </Form.Item>
            <Form.Item name="department_id" label={m.fields.department} rules={[{ required: true, message: m.validation.required }]}>
              <Select showSearch optionFilterProp="label" options={departmentOptions(units.data, unitId)} onChange={() => form.setFieldValue('handler_id', undefined)} />
            </Form.Item>
            <Form.Item name="handler_id" label={m.fields.handler}>
              <Select allowClear showSearch optionFilterProp="label" disabled={!department} options={userOptions(users.data, department)} />
            </Form.Item>
            <Form.Item name="reason" label={action === 'transfer' ? m.fields.reason : m.fields.note} rules={action === 'transfer' ? [{ required: true, whitespace: true, message: m.validation.required }] : []}>
              <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}
