import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { errorText } from '../../errors.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { adminApi, type Phrase } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';

/** Standard phrases (服务用语) to insert and phrases never to use: the trade's preset, edited by the administrator. */
export function PhrasesPage() {
  const { m } = useI18n();
  const t = m.admin.phrases;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const phrases = useQuery({ queryKey: ['phrases'], queryFn: adminApi.phrases });
  const [editing, setEditing] = useState<Phrase | 'new' | null>(null);
  const [form] = Form.useForm();
  const done = () => { setEditing(null); form.resetFields(); void qc.invalidateQueries({ queryKey: ['phrases'] }); message.success(m.admin.common.saved); };
  const onError = (e: unknown) => message.error(errorText(e, m));
  const save = useMutation({
    mutationFn: (v: { text: string; kind: string; scene?: string }) => (editing && editing !== 'new' ? adminApi.updatePhrase(editing.id, { ...v, scene: v.scene ?? null }) : adminApi.createPhrase(v)),
    onSuccess: done, onError,
  });
  const remove = useMutation({ mutationFn: adminApi.deletePhrase, onSuccess: done, onError });
  const kind = Form.useWatch('kind', form) as string | undefined;
  const open = (p: Phrase | 'new') => { setEditing(p); form.setFieldsValue(p === 'new' ? { kind: 'standard', text: '', scene: undefined } : p); };
  return (
    <AdminShell title={t.title} extra={<Button type="primary" onClick={() => open('new')}>{m.admin.common.add}</Button>}>
      <Alert type="info" showIcon message={t.hint} style={{ marginBottom: 12 }} />
      <Table<Phrase>
        rowKey="id" size="middle" loading={phrases.isPending} dataSource={phrases.data?.items} pagination={false} scroll={{ x: 560 }}
        columns={[
          { title: t.text, dataIndex: 'text' },
          { title: t.kind, dataIndex: 'kind', width: 110, render: (k: string) => (k === 'forbidden' ? <Tag color="red">{t.forbidden}</Tag> : <Tag color="green">{t.standard}</Tag>) },
          { title: t.scene, dataIndex: 'scene', width: 90, render: (s?: string) => (s ? t.scenes[s as keyof typeof t.scenes] ?? s : '') },
          {
            title: m.admin.common.actions, key: 'a', width: 140,
            render: (_, p) => (
              <Space size={4}>
                <Button size="small" onClick={() => open(p)}>{m.admin.common.edit}</Button>
                <Popconfirm title={m.admin.common.confirmDelete} onConfirm={() => remove.mutate(p.id)} okText={m.admin.common.delete} cancelText={m.admin.common.cancel}>
                  <Button size="small" danger>{m.admin.common.delete}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!editing} title={editing === 'new' ? m.admin.common.add : m.admin.common.edit} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={save.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="kind" label={t.kind}><Select options={[{ value: 'standard', label: t.standard }, { value: 'forbidden', label: t.forbidden }]} /></Form.Item>
          <Form.Item name="text" label={t.text} rules={[{ required: true, whitespace: true, message: fmt(m.admin.common.required, { field: t.text }) }]}><Input.TextArea autoSize maxLength={500} /></Form.Item>
          {kind !== 'forbidden' && (
            <Form.Item name="scene" label={t.scene}><Select allowClear options={Object.entries(t.scenes).map(([value, label]) => ({ value, label }))} /></Form.Item>
          )}
        </Form>
      </Modal>
    </AdminShell>
  );
}
