import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Tag, Tree } from 'antd';
import { useMemo, useState } from 'react';
import { errorText } from '../../errors.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { adminApi, type AdminUnit } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';

type Node = { key: string; title: React.ReactNode; children: Node[] };

/** Builds a tree of `rows` by parent_id (roots: no parent or a parent not in the list). */
export function treeOf<T extends { id: string; parent_id: string | null }>(rows: T[], title: (r: T) => React.ReactNode): Node[] {
  const ids = new Set(rows.map((r) => r.id));
  const nodes = new Map(rows.map((r) => [r.id, { key: r.id, title: title(r), children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const r of rows) {
    const n = nodes.get(r.id)!;
    if (r.parent_id && ids.has(r.parent_id)) nodes.get(r.parent_id)!.children.push(n);
    else roots.push(n);
  }
  return roots;
}

/** The unit tree (company › regions › projects › departments): view it and add units under a parent. */
export function UnitsPage() {
  const { m } = useI18n();
  const t = m.admin.units;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const units = useQuery({ queryKey: ['admin', 'units'], queryFn: adminApi.units });
  const [parent, setParent] = useState<AdminUnit | null>(null);
  const [form] = Form.useForm();
  const [renaming, setRenaming] = useState<AdminUnit | null>(null);
  const [renameForm] = Form.useForm();
  const tree = useMemo(
    () => treeOf(units.data?.items ?? [], (u) => (
      <span>
        {u.name} <Tag>{t.kinds[u.kind as keyof typeof t.kinds] ?? u.kind}</Tag>{u.is_complaint_center && <Tag color="blue">{t.center}</Tag>}
        <Button size="small" type="link" onClick={(e) => { e.stopPropagation(); setRenaming(u); renameForm.setFieldsValue({ name: u.name, code: u.code ?? '' }); }}>{t.rename}</Button>
        {u.kind !== 'department' && <Button size="small" type="link" onClick={(e) => { e.stopPropagation(); setParent(u); }}>{t.addChild}</Button>}
      </span>
    )),
    [units.data, t, renameForm],
  );
  const create = useMutation({
    mutationFn: adminApi.createUnit,
    onSuccess: () => { setParent(null); form.resetFields(); void qc.invalidateQueries({ queryKey: ['admin', 'units'] }); void qc.invalidateQueries({ queryKey: ['units'] }); message.success(m.admin.common.saved); },
    onError: (e) => message.error(errorText(e, m)),
  });
  const rename = useMutation({
    mutationFn: (v: { name: string; code: string }) => adminApi.updateUnit(renaming!.id, { name: v.name, code: v.code || null }),
    onSuccess: () => { setRenaming(null); void qc.invalidateQueries({ queryKey: ['admin', 'units'] }); void qc.invalidateQueries({ queryKey: ['units'] }); message.success(m.admin.common.saved); },
    onError: (e) => message.error(errorText(e, m)),
  });
  return (
    <AdminShell title={t.title}>
      <Alert type="info" showIcon message={t.note} style={{ marginBottom: 12 }} />
      <Card size="small">{tree.length > 0 && <Tree treeData={tree} defaultExpandAll blockNode selectable={false} />}</Card>
      <Modal open={!!parent} title={parent ? `${parent.name} › ${t.addChild}` : ''} onCancel={() => setParent(null)} onOk={() => form.submit()} confirmLoading={create.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => parent && create.mutate({ parent_id: parent.id, ...v })}>
          <Form.Item name="name" label={m.admin.common.name} rules={[{ required: true, message: fmt(m.admin.common.required, { field: m.admin.common.name }) }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="kind" label={m.admin.common.kind} rules={[{ required: true, message: fmt(m.admin.common.required, { field: m.admin.common.kind }) }]}>
            <Select options={(['region', 'project', 'department'] as const).map((k) => ({ value: k, label: t.kinds[k] }))} />
          </Form.Item>
          <Form.Item name="code" label={m.admin.common.code}><Input maxLength={50} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!renaming} title={renaming ? `${renaming.name} · ${t.rename}` : ''} onCancel={() => setRenaming(null)} onOk={() => renameForm.submit()} confirmLoading={rename.isPending}>
        <Form form={renameForm} layout="vertical" onFinish={(v) => rename.mutate(v)}>
          <Form.Item name="name" label={m.admin.common.name} rules={[{ required: true, whitespace: true, message: fmt(m.admin.common.required, { field: m.admin.common.name }) }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="code" label={m.admin.common.code}><Input maxLength={50} /></Form.Item>
        </Form>
      </Modal>
    </AdminShell>
  );
}
