import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Tag, Tree, Typography } from 'antd';
import { useState } from 'react';
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

/** The units `id` may move under: not itself nor anything under it, no department, no deactivated unit. */
export function parentChoices(units: AdminUnit[], id: string): AdminUnit[] {
  const below = new Set([id]);
  // Parents come before children in the list (ordered by depth), so one pass collects the subtree.
  for (const u of units) if (u.parent_id && below.has(u.parent_id)) below.add(u.id);
  return units.filter((u) => !below.has(u.id) && u.kind !== 'department' && u.active);
}

/** The unit tree (company › regions › projects › departments): add, rename, move and deactivate units. */
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
  const [moving, setMoving] = useState<AdminUnit | null>(null);
  const [moveForm] = Form.useForm();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['admin', 'units'] });
    void qc.invalidateQueries({ queryKey: ['units'] });
  };
  const toggle = useMutation({
    mutationFn: (u: AdminUnit) => adminApi.updateUnit(u.id, { active: !u.active }),
    onSuccess: (u) => { refresh(); message.success(u.active ? t.activated : t.deactivated); },
    onError: (e) => message.error(errorText(e, m)),
  });
  // A few dozen units: built on each render, so the buttons never hold a stale mutation.
  const tree = treeOf(units.data?.items ?? [], (u) => (
      <span className={u.active ? undefined : 'unit-inactive'} data-testid="unit" data-unit={u.name}>
        {u.active ? u.name : <Typography.Text type="secondary" delete>{u.name}</Typography.Text>}{' '}
        <Tag>{t.kinds[u.kind as keyof typeof t.kinds] ?? u.kind}</Tag>{u.is_complaint_center && <Tag color="blue">{t.center}</Tag>}{!u.active && <Tag>{t.inactiveTag}</Tag>}
        <Button size="small" type="link" onClick={(e) => { e.stopPropagation(); setRenaming(u); renameForm.setFieldsValue({ name: u.name, code: u.code ?? '' }); }}>{t.rename}</Button>
        {u.kind !== 'department' && u.active && <Button size="small" type="link" onClick={(e) => { e.stopPropagation(); setParent(u); }}>{t.addChild}</Button>}
        {u.parent_id && <Button size="small" type="link" data-testid="unit-move" onClick={(e) => { e.stopPropagation(); setMoving(u); moveForm.resetFields(); }}>{t.move}</Button>}
        {u.parent_id && (u.active ? (
          <Popconfirm title={fmt(t.deactivateConfirm, { name: u.name })} onConfirm={() => toggle.mutate(u)}>
            <Button size="small" type="link" danger data-testid="unit-deactivate" onClick={(e) => e.stopPropagation()}>{t.deactivate}</Button>
          </Popconfirm>
        ) : <Button size="small" type="link" onClick={(e) => { e.stopPropagation(); toggle.mutate(u); }}>{t.activate}</Button>)}
      </span>
  ));
  const move = useMutation({
    mutationFn: (v: { parent_id: string }) => adminApi.moveUnit(moving!.id, v.parent_id),
    onSuccess: () => { setMoving(null); refresh(); message.success(m.admin.common.saved); },
    onError: (e) => message.error(errorText(e, m)),
  });
  const all = units.data?.items ?? [];
  const byId = new Map(all.map((u) => [u.id, u]));
  const pathOf = (u: AdminUnit) => {
    const names: string[] = [];
    for (let x: AdminUnit | undefined = u; x && names.length < 12; x = x.parent_id ? byId.get(x.parent_id) : undefined) names.unshift(x.name);
    return names.join(' › ');
  };
  const create = useMutation({
    mutationFn: adminApi.createUnit,
    onSuccess: () => { setParent(null); form.resetFields(); refresh(); message.success(m.admin.common.saved); },
    onError: (e) => message.error(errorText(e, m)),
  });
  const rename = useMutation({
    mutationFn: (v: { name: string; code: string }) => adminApi.updateUnit(renaming!.id, { name: v.name, code: v.code || null }),
    onSuccess: () => { setRenaming(null); refresh(); message.success(m.admin.common.saved); },
    onError: (e) => message.error(errorText(e, m)),
  });
  return (
    <AdminShell title={t.title}>
      <Alert type="info" showIcon message={t.note} style={{ marginBottom: 12 }} />
      <Card size="small" className="unit-tree">{tree.length > 0 && <Tree treeData={tree} defaultExpandAll blockNode selectable={false} />}</Card>
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
      <Modal open={!!moving} title={moving ? fmt(t.moveTitle, { name: moving.name }) : ''} onCancel={() => setMoving(null)} onOk={() => moveForm.submit()} confirmLoading={move.isPending}>
        <Typography.Paragraph type="secondary">{t.moveHint}</Typography.Paragraph>
        <Form form={moveForm} layout="vertical" onFinish={(v: { parent_id: string }) => move.mutate(v)}>
          <Form.Item name="parent_id" label={t.newParent} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.newParent }) }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={moving ? parentChoices(all, moving.id).filter((u) => u.id !== moving.parent_id).map((u) => ({ value: u.id, label: pathOf(u) })) : []}
            />
          </Form.Item>
        </Form>
      </Modal>
    </AdminShell>
  );
}
