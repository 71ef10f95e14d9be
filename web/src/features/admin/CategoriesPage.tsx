import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { errorText } from '../../errors.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { adminApi, type AdminCategory } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';

type Row = AdminCategory & { children?: Row[] };

/** Complaint categories as a tree, with their Chinese and English names; add one (top level or under a parent). */
export function CategoriesPage() {
  const { m } = useI18n();
  const t = m.admin.categories;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const cats = useQuery({ queryKey: ['admin', 'categories'], queryFn: adminApi.categories });
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const rows: Row[] = [];
  const byId = new Map<string, Row>((cats.data?.items ?? []).map((c) => [c.id, { ...c }]));
  for (const c of byId.values()) {
    const p = c.parent_id ? byId.get(c.parent_id) : undefined;
    if (p) (p.children ??= []).push(c);
    else rows.push(c);
  }
  const create = useMutation({
    mutationFn: adminApi.createCategory,
    onSuccess: () => { setAdding(false); form.resetFields(); void qc.invalidateQueries({ queryKey: ['admin', 'categories'] }); void qc.invalidateQueries({ queryKey: ['categories'] }); message.success(m.admin.common.saved); },
    onError: (e) => message.error(errorText(e, m)),
  });
  const req = (field: string) => [{ required: true, message: fmt(m.admin.common.required, { field }) }];
  return (
    <AdminShell title={t.title} extra={<Button type="primary" onClick={() => setAdding(true)}>{m.admin.common.add}</Button>}>
      <Table<Row>
        rowKey="id" size="middle" loading={cats.isPending} dataSource={rows} pagination={false} scroll={{ x: 600 }}
        columns={[
          { title: t.nameZh, dataIndex: 'name_zh' },
          { title: t.nameEn, dataIndex: 'name_en' },
          { title: m.admin.common.code, dataIndex: 'code', width: 150 },
          { title: m.admin.common.active, dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{m.admin.common.yes}</Tag> : <Tag>{m.admin.common.no}</Tag>) },
        ]}
      />
      <Modal open={adding} title={m.admin.common.add} onCancel={() => setAdding(false)} onOk={() => form.submit()} confirmLoading={create.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="parent_id" label={t.parent}>
            <Select allowClear showSearch optionFilterProp="label" options={(cats.data?.items ?? []).filter((c) => !c.parent_id).map((c) => ({ value: c.id, label: `${c.name_zh} / ${c.name_en}` }))} />
          </Form.Item>
          <Form.Item name="code" label={m.admin.common.code} rules={[...req(m.admin.common.code), { pattern: /^[a-z0-9_]{1,50}$/, message: fmt(m.admin.common.required, { field: m.admin.common.code }) }]}><Input /></Form.Item>
          <Form.Item name="name_zh" label={t.nameZh} rules={req(t.nameZh)}><Input maxLength={50} /></Form.Item>
          <Form.Item name="name_en" label={t.nameEn} rules={req(t.nameEn)}><Input maxLength={80} /></Form.Item>
          <Form.Item name="sort" label={t.sort}><InputNumber /></Form.Item>
        </Form>
      </Modal>
    </AdminShell>
  );
}
