import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Modal, Rate, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { accApi } from './acc-api.ts';
import { CorrectiveForm } from './CorrectiveForm.tsx';

/**
 * The customer-service manager's check of how well the case was handled, with a score 1–5 (004), and reviews 检讨 of
 * the case; with `account`, buttons to record one, to open a corrective action from the case, and to put its
 * customer on the difficult-customer record (001 六) with a reason.
 */
export function CaseReviewCard({ c, canWrite }: { c: CaseDetail; canWrite: boolean }) {
  const { m } = useI18n();
  const a = m.accountability;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const reviews = useQuery({ queryKey: ['reviews', c.id], queryFn: () => accApi.reviews(c.id) });
  const [open, setOpen] = useState(false);
  const [corrective, setCorrective] = useState(false);
  const [difficult, setDifficult] = useState(false);
  const [reason, setReason] = useState('');
  const [form] = Form.useForm<{ score: number; findings: string; actions?: string; retrospective?: boolean }>();
  const create = useMutation({
    mutationFn: (v: { score: number; findings: string; actions?: string }) =>
      accApi.createReview({ kind: 'handling', case_id: c.id, score: v.score, findings: v.findings.trim(), ...(v.actions?.trim() ? { actions: v.actions.trim() } : {}) }),
    onSuccess: () => {
      message.success(a.saved);
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['reviews', c.id] });
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  const mark = useMutation({
    mutationFn: () => accApi.markDifficult(c.customer_id!, reason.trim()),
    onSuccess: () => {
      message.success(a.saved);
      setDifficult(false);
      void qc.invalidateQueries({ queryKey: ['difficult'] });
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  return (
    <Card size="small" title={a.reviewTitle} data-testid="review-card"
      extra={canWrite && <Button size="small" type="primary" onClick={() => setOpen(true)}>{a.addReview}</Button>}>
      <List
        size="small"
        loading={reviews.isLoading}
        locale={{ emptyText: a.noReviews }}
        dataSource={reviews.data?.items ?? []}
        renderItem={(r) => (
          <List.Item>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <Tag>{a.reviewKinds[r.kind] ?? r.kind}</Tag>
                {r.score !== null && <Rate disabled value={r.score} style={{ fontSize: 14 }} />}
                <Typography.Text type="secondary">{formatDateTime(r.created_at)}</Typography.Text>
              </Space>
              <span className="pre-wrap">{r.findings}</span>
              {r.actions && <Typography.Text type="secondary" className="pre-wrap">{a.reviewActions}: {r.actions}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      {canWrite && (
        <Space wrap style={{ marginTop: 8 }}>
          <Button size="small" onClick={() => setCorrective(true)}>{a.newCorrective}</Button>
          {c.customer_id && <Button size="small" danger onClick={() => setDifficult(true)}>{a.markDifficult}</Button>}
        </Space>
      )}
      <Modal open={open} title={a.addReview} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ loading: create.isPending }} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="score" label={a.score} rules={[{ required: true, message: a.required }]}><Rate /></Form.Item>
          <Form.Item name="findings" label={a.findings} rules={[{ required: true, whitespace: true, message: a.required }]}><Input.TextArea autoSize={{ minRows: 3 }} maxLength={8000} /></Form.Item>
          <Form.Item name="actions" label={a.reviewActions}><Input.TextArea autoSize={{ minRows: 2 }} maxLength={8000} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={difficult} title={a.markDifficult} onCancel={() => setDifficult(false)} onOk={() => mark.mutate()} okButtonProps={{ disabled: !reason.trim(), loading: mark.isPending }}>
        <Typography.Paragraph type="secondary">{a.difficultHint}</Typography.Paragraph>
        <Input.TextArea aria-label={a.reasonLabel} placeholder={a.reasonLabel} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
      </Modal>
      {corrective && <CorrectiveForm open onClose={() => setCorrective(false)} initial={{ case_ids: [{ id: c.id, number: c.number }], category_id: c.category_id, unit_id: c.unit_id, title: c.subject }} />}
    </Card>
  );
}
