import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { errorText, fieldErrors } from '../../errors.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { AdminShell } from './AdminShell.tsx';
import { notifyApi, type MessageTemplate } from './notify-api.ts';

type Wording = { subject: string; body: string };

/** Message templates per event × language (issue 11): edit with the variables listed, preview with sample data, save. */
export function TemplatesPage() {
  const { m } = useI18n();
  const t = m.admin.notify.templates;
  const n = m.admin.notify;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['admin', 'message-templates'], queryFn: notifyApi.templates });
  const [editing, setEditing] = useState<MessageTemplate | null>(null);
  const [preview, setPreview] = useState<Wording | null>(null);
  const [form] = Form.useForm();
  // Preview and save both submit the form (so its rules show on the fields); this says which one asked.
  const action = useRef<'save' | 'preview'>('save');
  const onFieldError = (e: unknown) => {
    const { fields, rest } = fieldErrors(e, (p) => p.length === 1 && (p[0] === 'subject' || p[0] === 'body'));
    if (fields.length) form.setFields(fields);
    if (!fields.length || rest.length) message.error(rest.length ? rest.join('; ') : errorText(e, m));
  };
  const close = () => { setEditing(null); setPreview(null); form.resetFields(); };
  const save = useMutation({
    mutationFn: (b: Wording | null) => notifyApi.saveTemplate(editing!.event, editing!.locale, b),
    onSuccess: (_r, b) => { message.success(b ? m.admin.common.saved : t.resetDone); close(); void qc.invalidateQueries({ queryKey: ['admin', 'message-templates'] }); },
    onError: onFieldError,
  });
  const render = useMutation({
    mutationFn: (b: Wording) => notifyApi.previewTemplate(editing!.event, editing!.locale, b),
    onSuccess: setPreview,
    onError: onFieldError,
  });
  const open = (tpl: MessageTemplate) => { setEditing(tpl); setPreview(null); form.setFieldsValue({ subject: tpl.subject, body: tpl.body }); };
  const insert = (v: string) => form.setFieldValue('body', `${(form.getFieldValue('body') as string | undefined) ?? ''}{{${v}}}`);
  const label = (e: string) => n.events[e] ?? e;
  return (
    <AdminShell title={t.title}>
      <Alert type="info" showIcon message={t.hint} style={{ marginBottom: 12 }} />
      <Table<MessageTemplate>
        rowKey={(r) => `${r.event}|${r.locale}`} size="middle" loading={list.isPending} dataSource={list.data?.items} pagination={false} scroll={{ x: 640 }} onRow={(r) => ({ onDoubleClick: () => open(r) })}
        columns={[
          { title: t.event, dataIndex: 'event', width: 120, render: (e: string) => label(e) },
          { title: t.locale, dataIndex: 'locale', width: 70, render: (l: string) => n.locales[l] ?? l },
          { title: t.subject, dataIndex: 'subject', ellipsis: true },
          { title: '', dataIndex: 'customised', width: 90, render: (c: boolean) => (c ? <Tag color="blue">{t.customised}</Tag> : <Tag>{t.standard}</Tag>) },
          { title: m.admin.common.actions, key: 'a', width: 80, fixed: 'right', render: (_, r) => <Button size="small" onClick={() => open(r)}>{m.admin.common.edit}</Button> },
        ]}
      />
      <Modal
        open={!!editing} width={720} onCancel={close} forceRender
        title={editing ? fmt(t.editTitle, { event: label(editing.event), locale: n.locales[editing.locale] ?? editing.locale }) : ''}
        footer={
          <Space wrap>
            {editing?.customised && <Button onClick={() => save.mutate(null)} loading={save.isPending && save.variables === null}>{t.reset}</Button>}
            <Button onClick={() => { action.current = 'preview'; form.submit(); }} loading={render.isPending}>{t.preview}</Button>
            <Button onClick={close}>{m.admin.common.cancel}</Button>
            <Button type="primary" onClick={() => { action.current = 'save'; form.submit(); }} loading={save.isPending && save.variables !== null}>{m.admin.common.save}</Button>
          </Space>
        }
      >
        <Form form={form} layout="vertical" onFinish={(v: Wording) => (action.current === 'preview' ? render.mutate(v) : save.mutate(v))} onValuesChange={() => setPreview(null)}>
          <Form.Item name="subject" label={t.subject} rules={[{ required: true, whitespace: true, message: fmt(m.admin.common.required, { field: t.subject }) }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="body" label={t.body} rules={[{ required: true, whitespace: true, message: fmt(m.admin.common.required, { field: t.body }) }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={2000} showCount />
          </Form.Item>
        </Form>
        <div style={{ marginBottom: 12 }}>
          <Typography.Text strong>{t.variables}</Typography.Text> <Typography.Text type="secondary">{t.variablesHint}</Typography.Text>
          <div style={{ marginTop: 6 }}>
            {editing?.variables.map((v) => <Tag key={v} className="mono" style={{ cursor: 'pointer', marginBottom: 4 }} onClick={() => insert(v)}>{`{{${v}}}`}</Tag>)}
          </div>
        </div>
        {preview && (
          <Card size="small" title={t.previewTitle} data-testid="template-preview">
            <Typography.Paragraph strong style={{ marginBottom: 6 }}>{preview.subject}</Typography.Paragraph>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{preview.body}</Typography.Paragraph>
          </Card>
        )}
      </Modal>
    </AdminShell>
  );
}
