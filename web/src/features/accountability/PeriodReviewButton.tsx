import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorText } from '../../errors.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { accApi } from './acc-api.ts';

/**
 * Records the manager-led review 检讨 of the period the pack shows (004; ISO 10002 §8.6): findings and decided
 * actions. The next period's pack reads "what changed since the last review" from it.
 */
export function PeriodReviewButton({ from, to }: { from: Dayjs; to: Dayjs }) {
  const { m } = useI18n();
  const a = m.accountability;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ findings: string; actions?: string }>();
  // The pack's end is exclusive; the review covers the days up to the day before it.
  const period = { period_from: from.format('YYYY-MM-DD'), period_to: to.subtract(1, 'day').format('YYYY-MM-DD') };
  const save = useMutation({
    mutationFn: (v: { findings: string; actions?: string }) =>
      accApi.createReview({ kind: 'retrospective', ...period, findings: v.findings.trim(), ...(v.actions?.trim() ? { actions: v.actions.trim() } : {}) }),
    onSuccess: () => {
      message.success(a.saved);
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['review-pack'] });
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>{a.recordPeriodReview}</Button>
      <Modal open={open} title={a.recordPeriodReview} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ loading: save.isPending }} destroyOnHidden>
        <Typography.Paragraph type="secondary">{fmt(a.periodReviewHint, { from: period.period_from, to: period.period_to })}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="findings" label={a.findings} rules={[{ required: true, whitespace: true, message: a.required }]}><Input.TextArea autoSize={{ minRows: 3 }} maxLength={8000} /></Form.Item>
          <Form.Item name="actions" label={a.reviewActions}><Input.TextArea autoSize={{ minRows: 2 }} maxLength={8000} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
